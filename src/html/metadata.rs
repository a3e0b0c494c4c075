//! What a page says about its article: headline, canonical address, publication time, authors,
//! site and language, from its `<meta>` tags, Open Graph and JSON-LD (read by `trafilatura`).

use std::sync::LazyLock;

use regex::Regex;

use crate::clock::{DateOrTime, parse_date_or_time};

/// Metadata found in a page; every field is absent when the page does not say.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMetadata {
    pub title: Option<String>,
    /// The page's canonical URL (`<link rel=canonical>`, `og:url`, JSON-LD `url`).
    pub url: Option<String>,
    /// When the article was published, as the page gives it: a timestamp or a date.
    pub published_at: Option<String>,
    /// The article's authors, as the page names them ("Ann Lee; Bo Chen").
    pub author: Option<String>,
    /// The publication (`og:site_name`, JSON-LD `publisher`).
    pub site_name: Option<String>,
    /// The page's declared language tag (`<html lang>`, `og:locale`, JSON-LD `inLanguage`).
    pub language: Option<String>,
}

impl PageMetadata {
    pub fn read(found: &trafilatura::Metadata, html: &str) -> Self {
        let text = super::blocks::words_of;
        PageMetadata {
            title: text(&found.title),
            url: text(&found.url),
            published_at: published_at(found.date.map(|d| d.format("%Y-%m-%d").to_string()), html),
            author: text(&found.author),
            site_name: text(&found.sitename),
            // The page's own tag keeps its region (`en-GB`), which trafilatura drops.
            language: HTML_LANG
                .captures(html)
                .map(|c| c[1].replace('_', "-"))
                .or_else(|| text(&found.language)),
        }
    }
}

/// The publication date `trafilatura` settled on, made exact with the page's own timestamp
/// (JSON-LD `datePublished`, `article:published_time`) when that falls on the same day:
/// `trafilatura` keeps only the date, and a newsroom wants the time.
fn published_at(date: Option<String>, html: &str) -> Option<String> {
    let stamped = PUBLISHED.captures_iter(html).find_map(|found| {
        let raw = found.iter().skip(1).flatten().next()?.as_str();
        match parse_date_or_time(raw)? {
            DateOrTime::Time(at) => Some(at),
            DateOrTime::Date(_) => None,
        }
    });
    let day = |at: time::OffsetDateTime| {
        let d = at.date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    match (date, stamped) {
        (Some(date), Some(at)) if day(at) == date => at
            .format(&time::format_description::well_known::Rfc3339)
            .ok(),
        (Some(date), _) => Some(date),
        (None, Some(at)) => at
            .format(&time::format_description::well_known::Rfc3339)
            .ok(),
        (None, None) => None,
    }
}

/// The `lang` of the `<html>` element.
static HTML_LANG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<html\b[^>]*?\slang\s*=\s*["']?([a-z0-9_-]{2,35})"#).expect("a valid pattern")
});

/// A publication timestamp in JSON-LD or an Open Graph `article:published_time` tag (either
/// attribute order).
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)"datePublished"\s*:\s*"([^"]{10,40})"|property\s*=\s*["']article:published_time["'][^>]*?content\s*=\s*["']([^"']{10,40})["']|content\s*=\s*["']([^"']{10,40})["'][^>]*?property\s*=\s*["']article:published_time["']"#,
    )
    .expect("a valid pattern")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_timestamp_refines_the_date() {
        let date = || Some("2025-11-27".to_owned());
        let page = r#"<script type="application/ld+json">{"datePublished": "2025-11-27T09:30:00-05:00"}</script>"#;
        assert_eq!(
            published_at(date(), page).as_deref(),
            Some("2025-11-27T09:30:00-05:00")
        );
        let og = r#"<meta content="2025-11-27T14:30:00Z" property="article:published_time">"#;
        assert_eq!(
            published_at(date(), og).as_deref(),
            Some("2025-11-27T14:30:00Z")
        );
        // A timestamp of another day (an updated time, a related story) does not override.
        let other = r#"{"datePublished": "2024-01-02T10:00:00Z"}"#;
        assert_eq!(published_at(date(), other).as_deref(), Some("2025-11-27"));
        assert_eq!(published_at(None, "<p>no date</p>"), None);
    }
}
