//! What every page shares: the layout's view of the viewer, review progress, status words and
//! icons, the status bar, times as people read them, and links as people scan them.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::analysis::Reason;
use crate::domain::{Role, StatusCounts};
use crate::storage::User;

/// What the layout needs to know about the page and its viewer.
pub struct Layout {
    pub title: String,
    pub section: &'static str,
    pub user: Option<User>,
    pub can_import: bool,
    pub is_admin: bool,
    /// What the search box shows.
    pub query: String,
    /// How many claims wait in the viewer's queue (see [`super::queue_count`]).
    pub queue: Option<i64>,
    pub is_editor: bool,
}

impl Layout {
    pub fn new(title: impl Into<String>, section: &'static str, user: Option<&User>) -> Self {
        Layout {
            title: title.into(),
            section,
            can_import: user.is_some_and(|u| u.role.grants(Role::Editor)),
            is_admin: user.is_some_and(|u| u.role.grants(Role::Admin)),
            is_editor: user.is_some_and(|u| u.role.grants(Role::Editor)),
            queue: user.and(super::queue_count::current()),
            user: user.cloned(),
            query: String::new(),
        }
    }
}

/// The annotate page at a claim, or at the summary.
pub fn claim_link(article_id: i64, claim_id: Option<i64>) -> String {
    match claim_id {
        Some(id) => format!("/articles/{article_id}?claim={id}#claim-{id}"),
        None => format!("/articles/{article_id}?done=1"),
    }
}

/// Review progress of a set of claims.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub total: i64,
    pub reviewed: i64,
    pub percent: i64,
}

impl Progress {
    pub fn of(counts: &StatusCounts) -> Self {
        // Dismissed claims are no checkable claims: they are out of the progress.
        let total = counts.checkable();
        let reviewed = counts.reviewed();
        Progress {
            total,
            reviewed,
            percent: if total == 0 {
                0
            } else {
                reviewed * 100 / total
            },
        }
    }
}

/// A stacked bar of statuses, drawn on the server as SVG (no script, no inline style, so the
/// Content-Security-Policy stays strict). Each part has a title for assistive technology, and
/// the colours match the status tags that carry labels elsewhere on the page.
pub fn status_bar(counts: &StatusCounts, width: u32, height: u32) -> String {
    let total = counts.checkable();
    let parts = [
        ("sourced", "Sourced", counts.sourced),
        ("unsourced", "Unsourced", counts.unsourced),
        ("contradicted", "Contradicted", counts.contradicted),
        ("unreviewed", "Unreviewed", counts.unreviewed),
    ];
    let label = parts
        .iter()
        .map(|(_, label, n)| format!("{label}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut svg = format!(
        r#"<svg class="status-bar" role="img" aria-label="{label}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">"#
    );
    let mut x = 0f64;
    if total == 0 {
        svg.push_str(&format!(
            r#"<rect class="unreviewed" x="0" y="0" width="{width}" height="{height}"/>"#
        ));
    }
    for (class, label, n) in parts {
        if n == 0 || total == 0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let w = f64::from(width) * n as f64 / total as f64;
        svg.push_str(&format!(
            r#"<rect class="{class}" x="{x:.2}" y="0" width="{w:.2}" height="{height}"><title>{label}: {n}</title></rect>"#
        ));
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

pub fn status_icon(status: &str) -> &'static str {
    match status {
        "sourced" => "✓",
        "unsourced" => "?",
        "contradicted" => "✗",
        "dismissed" => "–",
        _ => "○",
    }
}

pub fn status_label(status: &str) -> &'static str {
    match status {
        "sourced" => "Sourced",
        "unsourced" => "Unsourced",
        "contradicted" => "Contradicted",
        "dismissed" => "Dismissed",
        _ => "Unreviewed",
    }
}

/// A stored timestamp as people read it: "3 min ago", the exact time on hover, and the
/// machine-readable time for scripts and assistive technology.
pub struct When<'a> {
    stored: &'a str,
}

impl<'a> When<'a> {
    pub fn new(stored: &'a str) -> Self {
        When { stored }
    }
}

/// "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago"; older is the date.
pub fn relative_time(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let seconds = (now - at).whole_seconds();
    let minutes = (seconds + 30) / 60;
    let hours = (minutes + 30) / 60;
    let days = (hours + 12) / 24;
    match seconds {
        s if s < 45 => "just now".to_owned(),
        _ if minutes < 60 => format!("{minutes} min ago"),
        _ if hours < 24 => format!("{hours} h ago"),
        _ if days == 1 => "yesterday".to_owned(),
        _ if days < 30 => format!("{days} days ago"),
        _ => at.date().to_string(),
    }
}

impl When<'_> {
    /// "2026-12-02 05:38 UTC" and "3 min ago"; `None` when the text is not a timestamp.
    pub fn exact_and_relative(&self) -> Option<(String, String)> {
        let at = OffsetDateTime::parse(self.stored, &Rfc3339).ok()?;
        let exact = format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute());
        Some((exact, relative_time(at, OffsetDateTime::now_utc())))
    }
}

impl std::fmt::Display for When<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stored = askama::filters::escape(self.stored, askama::filters::Html)
            .map_err(|_| std::fmt::Error)?;
        match self.exact_and_relative() {
            Some((exact, relative)) => write!(
                f,
                r#"<time datetime="{stored}" title="{exact}" data-relative>{relative}</time>"#
            ),
            None => write!(f, "<time>{stored}</time>"),
        }
    }
}

// The output above is built from escaped parts.
impl askama::filters::HtmlSafe for When<'_> {}

/// The words that raised (or lowered) a claim's check-worthiness, quoted and joined for a
/// sentence: “embassies”, “dozens”; empty when none did.
pub fn reason_words(reasons: &[Reason], raised: bool) -> String {
    reasons
        .iter()
        .filter(|r| (r.weight > 0.0) == raised)
        .map(|r| format!("“{}”", r.word))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A source address as a reader scans it: the site, then a short path ("reuters.com/world/…").
pub fn link_text(url: &str) -> String {
    const MAX_CHARS: usize = 48;
    let Ok(parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    let host = parsed.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let path = parsed.path().trim_end_matches('/');
    let text = format!("{host}{path}");
    if text.chars().count() > MAX_CHARS {
        let cut: String = text.chars().take(MAX_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_bar_parts_are_proportional_and_labelled() {
        let counts = StatusCounts {
            unreviewed: 2,
            sourced: 1,
            unsourced: 0,
            contradicted: 1,
            dismissed: 0,
        };
        let svg = status_bar(&counts, 400, 20);
        assert!(
            svg.contains(
                r#"aria-label="Sourced: 1, Unsourced: 0, Contradicted: 1, Unreviewed: 2""#
            )
        );
        assert!(svg.contains(r#"<rect class="sourced" x="0.00" y="0" width="100.00""#));
        assert!(svg.contains(r#"<rect class="unreviewed" x="200.00" y="0" width="200.00""#));
        assert!(!svg.contains("unsourced\" x"));
        assert_eq!(Progress::of(&counts).percent, 50);
    }

    #[test]
    fn times_read_as_people_say_them() {
        let now = OffsetDateTime::from_unix_timestamp(1_764_237_000).unwrap();
        let ago = |s: i64| relative_time(now - time::Duration::seconds(s), now);
        assert_eq!(ago(10), "just now");
        assert_eq!(ago(3 * 60), "3 min ago");
        assert_eq!(ago(5 * 3600), "5 h ago");
        assert_eq!(ago(26 * 3600), "yesterday");
        assert_eq!(ago(4 * 86400), "4 days ago");
        assert_eq!(ago(90 * 86400), "2025-08-29");
        let html = When::new("2025-11-27T09:50:00.000000Z").to_string();
        assert!(html.starts_with(r#"<time datetime="2025-11-27T09:50:00.000000Z" title="2025-11-27 09:50 UTC" data-relative>"#));
        assert_eq!(When::new("<b>").to_string(), "<time>&#60;b&#62;</time>");
    }

    #[test]
    fn links_show_the_site_and_a_short_path() {
        assert_eq!(
            link_text("https://www.reuters.com/world/us/cable/"),
            "reuters.com/world/us/cable"
        );
        assert!(link_text(&format!("https://example.org/{}", "a".repeat(80))).ends_with('…'));
        assert_eq!(link_text("not a url"), "not a url");
    }
}
