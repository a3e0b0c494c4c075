//! The editors' dashboard: every article's progress and contradictions, sortable, and the
//! latest verdicts across the newsroom.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use super::articles::ArticleRow;
use super::error::PageError;
use super::layout::{Layout, Progress};
use super::session::SignedIn;
use crate::domain::StatusCounts;
use crate::state::AppState;
use crate::storage::Activity;

/// Articles the dashboard shows at most (the newest).
const MAX_ARTICLES: u32 = 500;
const ACTIVITY: u32 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    layout: Layout,
    articles: Vec<ArticleRow>,
    totals: Totals,
    activity: Vec<Activity>,
    columns: Vec<(&'static str, &'static str)>,
    sort: String,
    desc: bool,
    agreement: crate::web::team::AgreementView,
}

pub struct Totals {
    pub total: i64,
    pub reviewed: i64,
    pub contradicted: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct SortParams {
    sort: Option<String>,
    dir: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(params): Query<SortParams>,
) -> Result<DashboardPage, PageError> {
    let articles = state.storage.list_articles(None, MAX_ARTICLES).await?;
    let mut counts = StatusCounts::default();
    for a in &articles {
        counts.merge(&a.counts);
    }
    let progress = Progress::of(&counts);
    let mut rows: Vec<ArticleRow> = articles.iter().map(ArticleRow::from).collect();
    let sort = params.sort.unwrap_or_else(|| "created".to_owned());
    let desc = params.dir.as_deref() == Some("desc") || (params.dir.is_none() && sort == "created");
    match sort.as_str() {
        "title" => rows.sort_by_key(|r| r.title.to_lowercase()),
        "progress" => rows.sort_by_key(|r| r.percent),
        "contradicted" => rows.sort_by_key(|r| r.contradicted),
        "unsourced" => rows.sort_by_key(|r| r.unsourced),
        "claims" => rows.sort_by_key(|r| r.total),
        _ => rows.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id))),
    }
    if desc {
        rows.reverse();
    }
    let agreement = crate::web::team::agreement_of(&state, None).await?;
    Ok(DashboardPage {
        agreement,
        layout: Layout::new("Dashboard", "dashboard", Some(&user)),
        articles: rows,
        totals: Totals {
            total: progress.total,
            reviewed: progress.reviewed,
            contradicted: counts.contradicted,
        },
        activity: state.storage.recent_activity(ACTIVITY).await?,
        columns: vec![
            ("title", "Article"),
            ("progress", "Reviewed"),
            ("contradicted", "Contradicted"),
            ("unsourced", "Unsourced"),
            ("claims", "Claims"),
            ("created", "Imported"),
        ],
        sort,
        desc,
    })
}
