//! A reviewer's corrections to what claimdesk read in a claim (its speaker) and their short
//! wording of it (its summary), as sent, and the rules they must meet.

use serde::{Deserialize, Deserializer};

use super::validation::{Errors, FieldError, optional_text, required_text};

pub const MAX_SPEAKER_CHARS: usize = 200;
/// ClaimReview's `claimReviewed` is best kept under 75 characters; 280 leaves room.
pub const MAX_SUMMARY_CHARS: usize = 280;

/// `PATCH /api/v1/claims/{id}`: a field left out is not touched; `null` clears it.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimEditInput {
    /// `{"speaker": "…"}`: who made the claim; `null`: nobody, the article states it itself.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<AttributionInput>)]
    pub attribution: Option<Option<AttributionInput>>,
    /// A short wording of the claim (at most 280 characters); `null` or `""` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub summary: Option<Option<String>>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributionInput {
    /// The speaker as the article names them, or as the reviewer knows them.
    pub speaker: String,
}

/// A field that is present (even as `null`) becomes `Some`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Corrections that meet every rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimCorrection {
    /// `Some(None)` clears the speaker.
    pub speaker: Option<Option<String>>,
    /// `Some(None)` clears the summary.
    pub summary: Option<Option<String>>,
}

impl ClaimCorrection {
    pub fn parse(input: ClaimEditInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        if input.attribution.is_none() && input.summary.is_none() {
            errors.add(
                "attribution",
                "nothing to change: send attribution ({\"speaker\": \"…\"} or null) or summary",
            );
        }
        let speaker = input.attribution.map(|a| {
            a.map(|a| {
                required_text(
                    &mut errors,
                    "attribution.speaker",
                    &a.speaker,
                    MAX_SPEAKER_CHARS,
                )
            })
        });
        let summary = input
            .summary
            .map(|s| optional_text(&mut errors, "summary", s.as_deref(), MAX_SUMMARY_CHARS));
        errors.finish(ClaimCorrection { speaker, summary })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<ClaimCorrection, Vec<FieldError>> {
        ClaimCorrection::parse(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn absent_null_and_values_differ() {
        assert_eq!(
            parse(r#"{"attribution": {"speaker": "  Gov. Ellen Marsh "}}"#).unwrap(),
            ClaimCorrection {
                speaker: Some(Some("Gov. Ellen Marsh".into())),
                summary: None
            }
        );
        assert_eq!(
            parse(r#"{"attribution": null, "summary": ""}"#).unwrap(),
            ClaimCorrection {
                speaker: Some(None),
                summary: Some(None)
            }
        );
    }

    #[test]
    fn every_broken_rule_is_reported() {
        let long = "x".repeat(MAX_SUMMARY_CHARS + 1);
        let errors = parse(&format!(
            r#"{{"attribution": {{"speaker": " "}}, "summary": "{long}"}}"#
        ))
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["attribution.speaker", "summary"]);
        assert_eq!(parse("{}").unwrap_err()[0].field, "attribution");
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<ClaimEditInput>(r#"{"speaker": "x"}"#).is_err());
    }
}
