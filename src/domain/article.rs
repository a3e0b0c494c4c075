//! An article as submitted for import, and the rules it must meet.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;

use super::validation::{Errors, FieldError, required_text, web_url};
use crate::clock::{self, DateOrTime, parse_date_or_time};
use crate::html;
use crate::segment::Language;

pub const MAX_TITLE_CHARS: usize = 500;

/// An article as a client sends it. Every field is optional here so that a missing one is
/// reported as a field error (422) rather than as unreadable JSON.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct ArticleInput {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub published_at: Option<String>,
    /// `text` (the default) or `html`. A body that is a whole HTML document is read as HTML
    /// either way; inline markup in a text body is article text, kept verbatim.
    #[serde(default)]
    pub format: Option<String>,
    /// The article's language as a BCP 47 tag (`en`, `de`, `pt-BR`, `zh-Hant`); detected from
    /// the text when absent (`und` when the text is too short to tell).
    #[serde(default)]
    pub language: Option<String>,
}

/// An article that meets every rule. The body is kept byte for byte: claim offsets point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    pub title: String,
    pub body: String,
    pub source_url: Option<String>,
    /// RFC 3339 timestamp normalised to UTC, or a plain `YYYY-MM-DD` date when that is all the
    /// newsroom knows.
    pub published_at: Option<String>,
    /// Given, or detected from the body; picks the sentence rules.
    pub language: Language,
}

impl NewArticle {
    pub fn parse(input: ArticleInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mut body = input.body.unwrap_or_default();
        let mut title = input.title;
        let mut format_error = None;
        let is_html = match input.format.as_deref().map(str::trim) {
            None | Some("") => html::looks_like_document(&body),
            Some(f) if f.eq_ignore_ascii_case("text") => false,
            Some(f) if f.eq_ignore_ascii_case("html") => true,
            Some(other) => {
                format_error = Some(format!("'{other}' is not a format; use text or html"));
                false
            }
        };
        let mut body_error = body
            .trim()
            .is_empty()
            .then_some("must contain the article text");
        if is_html && body_error.is_none() {
            let page = html::extract(&body);
            if title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                title = page.title;
            }
            body = page.text;
            if body.is_empty() {
                body_error = Some("the HTML holds no readable text (paragraphs, headings, lists)");
            }
        }

        let title = match title.as_deref() {
            Some(title) => required_text(&mut errors, "title", title, MAX_TITLE_CHARS),
            None => {
                errors.add("title", "is required");
                String::new()
            }
        };
        if let Some(message) = body_error {
            errors.add("body", message);
        }
        let source_url = web_url(&mut errors, "source_url", input.source_url.as_deref());
        let published_at = input
            .published_at
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .and_then(|raw| match parse_published_at(raw) {
                Some(normalised) => Some(normalised),
                None => {
                    errors.add(
                        "published_at",
                        format!(
                            "'{raw}' is not a date; use RFC 3339 (2025-11-27T14:30:00Z) or YYYY-MM-DD"
                        ),
                    );
                    None
                }
            });
        if let Some(message) = format_error {
            errors.add("format", message);
        }
        let language = match input.language.as_deref().map(str::trim) {
            Some(tag) if !tag.is_empty() => Language::parse(tag).unwrap_or_else(|message| {
                errors.add("language", message);
                Language::english()
            }),
            _ => Language::detect(&body).unwrap_or_else(Language::undetermined),
        };
        errors.finish(NewArticle {
            title,
            body,
            source_url,
            published_at,
            language,
        })
    }
}

fn parse_published_at(raw: &str) -> Option<String> {
    match parse_date_or_time(raw)? {
        DateOrTime::Time(at) => at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).ok(),
        DateOrTime::Date(date) => date.format(clock::DATE).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: Option<&str>, body: Option<&str>) -> ArticleInput {
        ArticleInput {
            title: title.map(str::to_owned),
            body: body.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn body_is_kept_verbatim_and_title_trimmed() {
        let body = "  <b>Bold</b> claim.\r\nSecond – “quoted” line.  ";
        let article = NewArticle::parse(input(Some("  A title "), Some(body))).unwrap();
        assert_eq!(article.title, "A title");
        assert_eq!(article.body, body);
    }

    #[test]
    fn missing_title_and_blank_body_are_both_reported() {
        let err = NewArticle::parse(input(None, Some(" \n "))).unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "body"]);
    }

    #[test]
    fn published_at_takes_timestamps_and_dates() {
        let mut raw = input(Some("t"), Some("b."));
        raw.published_at = Some("2025-11-27T09:30:00-05:00".into());
        assert_eq!(
            NewArticle::parse(raw).unwrap().published_at.as_deref(),
            Some("2025-11-27T14:30:00Z")
        );
        let mut raw = input(Some("t"), Some("b."));
        raw.published_at = Some("2025-11-27".into());
        assert_eq!(
            NewArticle::parse(raw).unwrap().published_at.as_deref(),
            Some("2025-11-27")
        );
        let mut raw = input(Some("t"), Some("b."));
        raw.published_at = Some("last Friday".into());
        assert!(NewArticle::parse(raw).is_err());
    }

    #[test]
    fn html_bodies_become_their_text_blocks() {
        let page = "<!doctype html><title>Page title</title><p>One claim.</p><script>x()</script>";
        let article = NewArticle::parse(input(None, Some(page))).unwrap();
        assert_eq!(article.title, "Page title");
        assert_eq!(article.body, "One claim.");

        let mut raw = input(Some("Mine"), Some("<p>First.</p><ul><li>Item.</li></ul>"));
        raw.format = Some("html".into());
        let article = NewArticle::parse(raw).unwrap();
        assert_eq!(article.title, "Mine");
        assert_eq!(article.body, "First.\n- Item.");

        let text = "The <b>bold</b> claim.";
        assert_eq!(
            NewArticle::parse(input(Some("t"), Some(text)))
                .unwrap()
                .body,
            text
        );

        let mut raw = input(Some("t"), Some("<script>only()</script>"));
        raw.format = Some("html".into());
        assert_eq!(NewArticle::parse(raw).unwrap_err()[0].field, "body");
        let mut raw = input(Some("t"), Some("x."));
        raw.format = Some("pdf".into());
        assert_eq!(NewArticle::parse(raw).unwrap_err()[0].field, "format");
    }

    #[test]
    fn source_url_must_be_web() {
        let mut raw = input(Some("t"), Some("b."));
        raw.source_url = Some("file:///etc/passwd".into());
        let err = NewArticle::parse(raw).unwrap_err();
        assert_eq!(err[0].field, "source_url");
    }
}
