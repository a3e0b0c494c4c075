//! Server-rendered pages for fact-checkers, editors and admins. Every action is a plain form
//! that works without JavaScript; `static/app.js` adds keyboard shortcuts and in-place updates.

pub mod admin;
pub mod annotate;
pub mod articles;
pub mod dashboard;
pub mod error;
pub mod search;
pub mod session;
pub mod sign_in;
pub mod status;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use crate::app::AppState;
use crate::domain::{Role, StatusCounts};
use crate::storage::User;

/// Every page route.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/articles") }))
        .route("/login", get(sign_in::form).post(sign_in::submit))
        .route("/logout", post(sign_in::sign_out))
        .route(
            "/setup",
            get(sign_in::setup_form).post(sign_in::setup_submit),
        )
        .route("/articles", get(articles::list).post(articles::import))
        .route("/articles/new", get(articles::import_form))
        .route("/articles/{id}", get(annotate::page))
        .route("/articles/{id}/panel", get(annotate::panel))
        .route("/articles/{id}/status", get(status::page))
        .route("/claims/{id}/verdict", post(annotate::verdict))
        .route("/dashboard", get(dashboard::page))
        .route("/search", get(search::page))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}/role", post(admin::set_role))
        .route(
            "/admin/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/static/app.css", get(stylesheet))
        .route("/static/app.js", get(script))
}

/// What the layout needs to know about the page and its viewer.
pub struct Layout {
    pub title: String,
    pub section: &'static str,
    pub user: Option<User>,
    pub can_import: bool,
    pub is_admin: bool,
    /// What the search box shows.
    pub query: String,
}

impl Layout {
    pub fn new(title: impl Into<String>, section: &'static str, user: Option<&User>) -> Self {
        Layout {
            title: title.into(),
            section,
            can_import: user.is_some_and(|u| u.role.grants(Role::Editor)),
            is_admin: user.is_some_and(|u| u.role.grants(Role::Admin)),
            user: user.cloned(),
            query: String::new(),
        }
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
        let total = counts.total();
        let reviewed = total - counts.unreviewed;
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
    let total = counts.total();
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
        _ => "○",
    }
}

pub fn status_label(status: &str) -> &'static str {
    match status {
        "sourced" => "Sourced",
        "unsourced" => "Unsourced",
        "contradicted" => "Contradicted",
        _ => "Unreviewed",
    }
}

/// Assets are compiled in, so the binary is the whole deployment.
const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}

async fn stylesheet() -> Response {
    asset(APP_CSS, "text/css; charset=utf-8")
}

async fn script() -> Response {
    asset(APP_JS, "text/javascript; charset=utf-8")
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
}
