//! A reviewer's verdict on a claim, as submitted, and the rules it must meet.

use serde::{Deserialize, Serialize};

use super::status::ClaimStatus;
use super::validation::{Errors, FieldError, optional_text, web_url};

pub const MAX_SOURCES: usize = 50;
pub const MAX_CITATION_CHARS: usize = 2_000;
pub const MAX_NOTE_CHARS: usize = 10_000;

/// What backs (or refutes) a verdict: a link, a citation, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Source {
    pub url: Option<String>,
    pub citation: Option<String>,
}

/// An annotation as a client sends it, before any rule is checked.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct AnnotationInput {
    /// `sourced`, `unsourced` or `contradicted`; `dismissed` (with a `note` saying why it is
    /// no checkable claim: an opinion, a question, a prediction) takes the claim out of
    /// queues, progress and ClaimReview; `unreviewed` (editors, with a `note`) reopens it.
    #[serde(default)]
    #[schema(value_type = ClaimStatus)]
    pub status: Option<String>,
    #[serde(default)]
    pub sources: Option<Vec<SourceInput>>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SourceInput {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub citation: Option<String>,
}

/// An annotation that meets every rule, ready to be recorded: a verdict, a dismissal, or
/// (`unreviewed`) a reopening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnnotation {
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
}

impl NewAnnotation {
    /// Checks every field and reports all broken rules at once.
    pub fn parse(input: AnnotationInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();

        let status = input.status.as_deref().unwrap_or_default();
        let choices = "sourced, unsourced, contradicted, dismissed (with a note), or unreviewed \
                       (editors, with a note: reopens the claim)";
        let parsed = match status.parse::<ClaimStatus>() {
            Ok(parsed) => Some(parsed),
            Err(_) if input.status.is_none() => {
                errors.add("status", format!("is required: {choices}"));
                None
            }
            Err(_) => {
                errors.add(
                    "status",
                    format!("'{status}' is not a status; use {choices}"),
                );
                None
            }
        };
        let verdict = parsed.and_then(ClaimStatus::verdict);

        let raw_sources = input.sources.unwrap_or_default();
        if raw_sources.len() > MAX_SOURCES {
            errors.add(
                "sources",
                format!(
                    "has {} entries; at most {MAX_SOURCES} are allowed",
                    raw_sources.len()
                ),
            );
        }
        let mut sources = Vec::with_capacity(raw_sources.len());
        for (i, raw) in raw_sources.iter().enumerate() {
            let url = web_url(
                &mut errors,
                &format!("sources[{i}].url"),
                raw.url.as_deref(),
            );
            let citation = optional_text(
                &mut errors,
                &format!("sources[{i}].citation"),
                raw.citation.as_deref(),
                MAX_CITATION_CHARS,
            );
            let blank = raw.url.as_deref().is_none_or(|u| u.trim().is_empty())
                && raw.citation.as_deref().is_none_or(|c| c.trim().is_empty());
            if blank {
                errors.add(format!("sources[{i}]"), "needs a url, a citation, or both");
            } else if url.is_some() || citation.is_some() {
                sources.push(Source { url, citation });
            }
        }

        if let Some(verdict) = verdict
            && verdict.requires_source()
            && raw_sources.is_empty()
        {
            errors.add(
                "sources",
                format!(
                    "a '{}' verdict needs at least one source (a url and/or a citation)",
                    verdict.as_str()
                ),
            );
        }

        let note = optional_text(&mut errors, "note", input.note.as_deref(), MAX_NOTE_CHARS);
        match parsed {
            Some(ClaimStatus::Dismissed) if note.is_none() => errors.add(
                "note",
                "a dismissal needs a note saying why this is no checkable claim (an opinion, a \
                 question, a prediction, …)",
            ),
            Some(ClaimStatus::Unreviewed) if note.is_none() => errors.add(
                "note",
                "reopening a claim needs a note saying why it needs another review",
            ),
            _ => {}
        }

        match parsed {
            Some(status) => errors.finish(NewAnnotation {
                status,
                sources,
                note,
            }),
            None => Err(errors.finish(()).expect_err("a missing status is an error")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(status: &str, sources: Vec<(Option<&str>, Option<&str>)>) -> AnnotationInput {
        AnnotationInput {
            status: Some(status.to_owned()),
            sources: Some(
                sources
                    .into_iter()
                    .map(|(url, citation)| SourceInput {
                        url: url.map(str::to_owned),
                        citation: citation.map(str::to_owned),
                    })
                    .collect(),
            ),
            note: None,
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn sourced_needs_a_source() {
        let err = NewAnnotation::parse(input("sourced", vec![])).unwrap_err();
        assert_eq!(fields(err), ["sources"]);
        let ok = NewAnnotation::parse(input("sourced", vec![(None, Some("AP, 3 May"))])).unwrap();
        assert_eq!(ok.status, ClaimStatus::Sourced);
        assert_eq!(ok.sources[0].citation.as_deref(), Some("AP, 3 May"));
    }

    #[test]
    fn contradicted_needs_a_source_but_unsourced_does_not() {
        assert!(NewAnnotation::parse(input("contradicted", vec![])).is_err());
        let ok = NewAnnotation::parse(input("unsourced", vec![])).unwrap();
        assert!(ok.sources.is_empty());
        let none = AnnotationInput {
            status: Some("unsourced".into()),
            ..Default::default()
        };
        assert!(NewAnnotation::parse(none).is_ok());
    }

    #[test]
    fn unknown_statuses_are_refused() {
        for status in ["true", "", "false"] {
            let err = NewAnnotation::parse(input(status, vec![])).unwrap_err();
            assert_eq!(fields(err), ["status"], "{status}");
        }
    }

    #[test]
    fn dismissing_and_reopening_need_a_note() {
        for status in ["dismissed", "unreviewed"] {
            let err = NewAnnotation::parse(input(status, vec![])).unwrap_err();
            assert_eq!(fields(err), ["note"], "{status}");
            let mut raw = input(status, vec![]);
            raw.note = Some("an opinion, not a fact".into());
            assert_eq!(NewAnnotation::parse(raw).unwrap().status.as_str(), status);
        }
    }

    #[test]
    fn every_bad_source_is_named() {
        let err = NewAnnotation::parse(input(
            "sourced",
            vec![
                (Some("ftp://x.org/a"), None),
                (None, None),
                (Some("https://ok.org"), None),
            ],
        ))
        .unwrap_err();
        assert_eq!(fields(err), ["sources[0].url", "sources[1]"]);
    }

    #[test]
    fn note_is_trimmed_and_blank_note_is_absent() {
        let mut raw = input("unsourced", vec![]);
        raw.note = Some("  checked the archive  ".into());
        assert_eq!(
            NewAnnotation::parse(raw).unwrap().note.as_deref(),
            Some("checked the archive")
        );
        let mut raw = input("unsourced", vec![]);
        raw.note = Some("   ".into());
        assert_eq!(NewAnnotation::parse(raw).unwrap().note, None);
    }
}
