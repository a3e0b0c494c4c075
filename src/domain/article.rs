//! An article as submitted for import, and the rules it must meet.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;

use super::validation::{Errors, FieldError, is_web_url, optional_text, required_text, web_url};
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
    /// The article's authors as a byline names them ("Ann Lee and Bo Chen"); read from the page
    /// when an HTML page is imported without it.
    #[serde(default)]
    pub author: Option<String>,
    /// The publication the article appeared in ("The Daily Record"); read from the page when
    /// absent.
    #[serde(default)]
    pub site_name: Option<String>,
    /// A web page to fetch and import instead of a `body`: claimdesk reads the story from it
    /// and fills `title`, `source_url`, `published_at`, `author`, `site_name` and `language`
    /// from the page where they are not given.
    #[serde(default)]
    pub url: Option<String>,
    /// How many independent reviews each claim needs: 1 (the default) or 2 (blind double
    /// review; two equal verdicts settle a claim, two different ones go to an editor).
    #[serde(default)]
    pub reviews_required: Option<i64>,
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
    pub author: Option<String>,
    pub site_name: Option<String>,
    /// For a body read from HTML: whether each of its lines was running text in the page
    /// (see [`crate::segment::segment_placed`]); empty for a text body.
    pub prose_lines: Vec<bool>,
    /// 1 or 2 (see [`super::review`]).
    pub reviews_required: i64,
}

pub const MAX_AUTHOR_CHARS: usize = 500;

impl NewArticle {
    pub fn parse(input: ArticleInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mut body = input.body.unwrap_or_default();
        let mut title = input.title;
        let mut source_url = input.source_url;
        let mut published_at = input.published_at;
        let mut language = input.language;
        let mut author = input.author;
        let mut site_name = input.site_name;
        let mut prose_lines = Vec::new();
        let (is_html, format_error) = match reads_as_html(input.format.as_deref(), &body) {
            Ok(is_html) => (is_html, None),
            Err(message) => (false, Some(message)),
        };
        let mut body_error = body
            .trim()
            .is_empty()
            .then_some("must contain the article text (or give the `url` of its page to fetch)");
        if is_html && body_error.is_none() {
            let page = html::extract(&body);
            let meta = page.metadata;
            // The client's fields win; the page fills only what it left out.
            // What a page says is taken only when it would pass the rules a client's value
            // must: a page's odd metadata never turns an import into a 422.
            fill(
                &mut title,
                page.title.filter(|t| t.chars().count() <= MAX_TITLE_CHARS),
            );
            fill(&mut source_url, meta.url.filter(|u| is_web_url(u)));
            fill(
                &mut published_at,
                meta.published_at
                    .filter(|raw| parse_published_at(raw).is_some()),
            );
            fill(
                &mut language,
                meta.language.filter(|tag| Language::parse(tag).is_ok()),
            );
            fill(
                &mut author,
                meta.author
                    .filter(|a| a.chars().count() <= MAX_AUTHOR_CHARS),
            );
            fill(
                &mut site_name,
                meta.site_name
                    .filter(|a| a.chars().count() <= MAX_AUTHOR_CHARS),
            );
            body = page.text;
            prose_lines = page.prose;
            // A page without any headline still has an article: its first line names it.
            fill(&mut title, body.lines().next().map(headline_of));
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
        let source_url = web_url(&mut errors, "source_url", source_url.as_deref());
        let author = optional_text(&mut errors, "author", author.as_deref(), MAX_AUTHOR_CHARS);
        let site_name = optional_text(
            &mut errors,
            "site_name",
            site_name.as_deref(),
            MAX_AUTHOR_CHARS,
        );
        let published_at = published_at
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
        let language = match language.as_deref().map(str::trim) {
            Some(tag) if !tag.is_empty() => Language::parse(tag).unwrap_or_else(|message| {
                errors.add("language", message);
                Language::english()
            }),
            _ => Language::detect(&body).unwrap_or_else(Language::undetermined),
        };
        let reviews_required = input.reviews_required.unwrap_or(1);
        if let Some(problem) = super::review::reviews_required_problem(reviews_required) {
            errors.add("reviews_required", problem);
        }
        errors.finish(NewArticle {
            reviews_required,
            title,
            body,
            source_url,
            published_at,
            language,
            author,
            site_name,
            prose_lines,
        })
    }
}

/// Whether a body is read as HTML: as its `format` says (`text` or `html`), or, without one,
/// when it is a whole HTML document. Inline markup in a text body is article text.
pub fn reads_as_html(format: Option<&str>, body: &str) -> Result<bool, String> {
    match format.map(str::trim) {
        None | Some("") => Ok(html::looks_like_document(body)),
        Some(f) if f.eq_ignore_ascii_case("text") => Ok(false),
        Some(f) if f.eq_ignore_ascii_case("html") => Ok(true),
        Some(other) => Err(format!("'{other}' is not a format; use text or html")),
    }
}

/// A title made of a line of the body: cut at a word boundary when it is long.
fn headline_of(line: &str) -> String {
    const MAX: usize = 120;
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end())
}

/// Puts `found` in `field` when the client left it out or blank.
fn fill(field: &mut Option<String>, found: Option<String>) {
    if field.as_deref().is_none_or(|v| v.trim().is_empty()) && found.is_some() {
        *field = found;
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
