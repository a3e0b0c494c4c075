//! The status page of an article, for editors: progress at a glance, then the claims that
//! need attention (contradicted and unsourced by default) with their sources, reviewer, time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use serde::Deserialize;

use super::error::PageError;
use super::layout::{Layout, Progress, status_bar, status_icon, status_label};
use super::session::SignedIn;
use crate::domain::review::ReviewState;
use crate::domain::{ClaimStatus, PublicationInput, Role};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::linked_data;
use crate::state::AppState;
use crate::storage::{Article, AssignmentFilter, Claim, Publication};
use crate::usecase;
use crate::web::team::{AgreementView, agreement_of};
use crate::web::triage::{Triage, TriageRow, most_checkworthy};

#[derive(Template, WebTemplate)]
#[template(path = "status.html")]
pub struct StatusPage {
    layout: Layout,
    /// Counts and shares by status, most urgent first.
    legend: Vec<LegendRow>,
    /// Whether the list is narrowed from the default view.
    filtered: bool,
    /// Why the filter asked for is not the one shown.
    filter_notice: Option<String>,
    /// The article's verdicts as ClaimReview JSON-LD, for search engines.
    json_ld: String,
    article: Article,
    progress: Progress,
    bar: String,
    claims: Vec<Claim>,
    reviewers: Vec<String>,
    status_options: Vec<(&'static str, &'static str)>,
    filter_status: String,
    filter_reviewer: String,
    /// The unreviewed check-worthy claims, most check-worthy first: what to check next.
    triage_rows: Vec<TriageRow>,
    triage_article: i64,
    /// What is public of the article's reviews.
    publication: Option<Publication>,
    can_publish: bool,
    /// Claims whose words a revision changed since their verdict.
    recheck: Vec<Claim>,
    /// Who may be assigned claims (reviewers and above), by name.
    assignable: Vec<String>,
    /// The article's assignments: `(reviewer, how many claims, how many not yet settled)`.
    assigned: Vec<(String, usize, usize)>,
    agreement: AgreementView,
}

pub struct LegendRow {
    pub status: &'static str,
    pub icon: &'static str,
    pub label: &'static str,
    pub count: i64,
    pub percent: i64,
}

/// What an editor must see first: contradicted, then unsourced, then the rest; in article
/// order within each, but the unreviewed most check-worthy first.
fn by_urgency(mut claims: Vec<Claim>) -> Vec<Claim> {
    let rank = |status: ClaimStatus| match status {
        ClaimStatus::Contradicted => 0,
        ClaimStatus::Unsourced => 1,
        ClaimStatus::Sourced => 2,
        ClaimStatus::Unreviewed => 3,
        ClaimStatus::Dismissed => 4,
    };
    // Whole permille: a key that sorts, and as fine as the scores are meant to be read.
    let triage = |c: &Claim| match c.status {
        ClaimStatus::Unreviewed => {
            -(c.reading.checkworthiness.unwrap_or(0.0) * 1000.0).round() as i64
        }
        _ => 0,
    };
    claims.sort_by_key(|c| (rank(c.status), triage(c), c.position));
    claims
}

/// How many claims the "check first" list shows.
const CHECK_FIRST: usize = 10;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    status: Option<String>,
    reviewer: Option<String>,
}

/// The default view: what an editor must look at before publishing.
const ATTENTION: &str = "attention";

pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    Query(filters): Query<Filters>,
    headers: axum::http::HeaderMap,
) -> Result<StatusPage, PageError> {
    let id = parse_id(&id, "article")?;
    let (article, all) = state
        .storage
        .article_with_claims(id)
        .await?
        .ok_or_else(|| AppError::no_article(id))?;
    // The verdicts as ClaimReview JSON-LD, for search engines, from the claims loaded here.
    let base = crate::http::base_url(&state, &headers);
    let reviews: Vec<serde_json::Value> = all
        .iter()
        .filter_map(|claim| linked_data::claim_review(&state.publisher, &base, &article, claim))
        .collect();
    let json_ld = linked_data::for_script_element(&serde_json::Value::Array(reviews));
    let mut reviewers: Vec<String> = all.iter().filter_map(|c| c.updated_by.clone()).collect();
    reviewers.sort();
    reviewers.dedup();

    let asked = filters.status.filter(|s| !s.is_empty());
    let known = |s: &str| s == ATTENTION || s == "all" || s.parse::<ClaimStatus>().is_ok();
    let filter_notice = asked.as_deref().filter(|s| !known(s)).map(|s| {
        format!("There is no status “{s}”: showing the claims that need attention instead.")
    });
    let filter_status = asked
        .filter(|s| known(s))
        .unwrap_or_else(|| ATTENTION.to_owned());
    let wanted: Option<ClaimStatus> = filter_status.parse().ok();
    let filter_reviewer = filters.reviewer.unwrap_or_default();
    let publication = state.storage.publication(id).await?;
    let assignable: Vec<String> = state
        .storage
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.role.grants(Role::Reviewer))
        .map(|u| u.name)
        .collect();
    let assignments = state
        .storage
        .assignments(&AssignmentFilter {
            article_id: Some(id),
            limit: u32::MAX,
            ..Default::default()
        })
        .await?;
    let mut assigned: Vec<(String, usize, usize)> = Vec::new();
    for a in &assignments {
        let open = all
            .iter()
            .find(|c| c.id == a.claim_id)
            .is_some_and(|c| c.review.state != ReviewState::Settled);
        match assigned.iter_mut().find(|(name, _, _)| *name == a.reviewer) {
            Some(row) => {
                row.1 += 1;
                row.2 += usize::from(open);
            }
            None => assigned.push((a.reviewer.clone(), 1, usize::from(open))),
        }
    }
    assigned.sort();
    let agreement = agreement_of(&state, Some(id)).await?;
    let mut triage_rows = most_checkworthy(
        &all,
        Triage {
            unreviewed_only: true,
            checkworthy_only: true,
        },
    );
    triage_rows.truncate(CHECK_FIRST);
    let recheck: Vec<Claim> = all
        .iter()
        .filter(|c| c.lineage.changed_in.is_some())
        .cloned()
        .collect();
    let claims = all
        .into_iter()
        .filter(|c| match (filter_status.as_str(), wanted) {
            (ATTENTION, _) => {
                matches!(c.status, ClaimStatus::Contradicted | ClaimStatus::Unsourced)
            }
            ("all", _) => true,
            (_, Some(status)) => c.status == status,
            _ => true,
        })
        .filter(|c| filter_reviewer.is_empty() || c.updated_by.as_deref() == Some(&filter_reviewer))
        .collect::<Vec<_>>();
    let claims = by_urgency(claims);

    let counts = article.counts;
    let total = counts.total();
    let percent = |n: i64| {
        if total == 0 {
            0
        } else {
            (n * 100 + total / 2) / total
        }
    };
    let legend = [
        ("contradicted", counts.contradicted),
        ("unsourced", counts.unsourced),
        ("sourced", counts.sourced),
        ("unreviewed", counts.unreviewed),
        ("dismissed", counts.dismissed),
    ]
    .into_iter()
    .filter(|(status, n)| *status != "dismissed" || *n > 0)
    .map(|(status, n)| LegendRow {
        status,
        icon: status_icon(status),
        label: status_label(status),
        count: n,
        percent: percent(n),
    })
    .collect();
    Ok(StatusPage {
        assignable,
        assigned,
        agreement,
        recheck,
        filter_notice,
        legend,
        filtered: filter_status != ATTENTION || !filter_reviewer.is_empty(),
        json_ld,
        layout: Layout::new(
            format!("Status: {}", article.title),
            "articles",
            Some(&user),
        ),
        progress: Progress::of(&article.counts),
        bar: status_bar(&article.counts, 600, 24),
        triage_rows,
        triage_article: article.id,
        publication,
        can_publish: user.role.grants(Role::Editor),
        article,
        claims,
        reviewers,
        status_options: vec![
            (ATTENTION, "contradicted or unsourced"),
            ("contradicted", "contradicted"),
            ("unsourced", "unsourced"),
            ("sourced", "sourced"),
            ("unreviewed", "unreviewed"),
            ("all", "all claims"),
        ],
        filter_status,
        filter_reviewer,
    })
}

/// The publish form of the status page; `show_reviewers` is a checkbox (sent only when ticked).
#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    public_url: String,
    #[serde(default)]
    show_reviewers: Option<String>,
}

/// `POST /articles/{id}/publication`: publish the reviews as they are now.
pub async fn publish(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Redirect, PageError> {
    let id = parse_id(&id, "article")?;
    signed_in.require(Role::Editor)?;
    let input = PublicationInput {
        public_url: Some(form.public_url),
        show_reviewers: form.show_reviewers.is_some(),
    };
    usecase::publish(&state, id, input, &signed_in.0).await?;
    Ok(Redirect::to(&format!("/articles/{id}/status#publication")))
}

/// `POST /articles/{id}/publication/withdraw`
pub async fn withdraw(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let id = parse_id(&id, "article")?;
    signed_in.require(Role::Editor)?;
    usecase::withdraw(&state, id, &signed_in.0).await?;
    Ok(Redirect::to(&format!("/articles/{id}/status#publication")))
}
