//! The desk's team pages: each user's queue, the disputes editors settle, and the forms that
//! assign claims, set an article's review policy and discuss a claim. Every form works without
//! JavaScript (post, then redirect).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use serde::Deserialize;

use super::error::PageError;
use super::layout::{Layout, claim_link};
use super::session::SignedIn;
use crate::domain::agreement::Agreement;
use crate::domain::assignment::AssignmentInput;
use crate::domain::comment::CommentInput;
use crate::domain::{ClaimStatus, Role};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::storage::{Claim, QueueItem, QueueReason, Review};
use crate::usecase::{self, AgreementQuery};

pub struct QueueRow {
    pub href: String,
    pub text: String,
    pub reason: &'static str,
    pub since: String,
    pub status: ClaimStatus,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue.html")]
pub struct QueuePage {
    layout: Layout,
    rows: Vec<QueueRow>,
    more: bool,
}

/// The most items the queue page lists.
const QUEUE_PAGE: u32 = 200;

/// `GET /queue`: the claims waiting for the signed-in user, oldest first.
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<QueuePage, PageError> {
    let mut items: Vec<QueueItem> = state.storage.queue(&user, 0, QUEUE_PAGE + 1).await?;
    let more = items.len() > QUEUE_PAGE as usize;
    items.truncate(QUEUE_PAGE as usize);
    let rows = items
        .into_iter()
        .map(|item| QueueRow {
            href: claim_link(item.claim.article_id, Some(item.claim.id)),
            text: item.claim.text.clone(),
            reason: match item.reason {
                QueueReason::Assigned => "Assigned to you",
                QueueReason::Mention => "You were mentioned",
                QueueReason::Disputed => "Disputed: settle it",
            },
            since: item.since,
            status: item.claim.status,
        })
        .collect();
    Ok(QueuePage {
        layout: Layout::new("My queue", "queue", Some(&user)),
        rows,
        more,
    })
}

pub struct DisputeRow {
    pub claim: Claim,
    pub href: String,
    pub reviews: Vec<Review>,
}

#[derive(Template, WebTemplate)]
#[template(path = "disputes.html")]
pub struct DisputesPage {
    layout: Layout,
    disputes: Vec<DisputeRow>,
}

/// `GET /disputes`: claims whose two blind reviews disagree, both reviews side by side, each
/// with the form that settles it (editors).
pub async fn disputes(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<DisputesPage, PageError> {
    signed_in.require(Role::Editor)?;
    let disputes = state
        .storage
        .disputes(None, 500)
        .await?
        .into_iter()
        .map(|d| DisputeRow {
            href: claim_link(d.claim.article_id, Some(d.claim.id)),
            claim: d.claim,
            reviews: d.reviews,
        })
        .collect();
    Ok(DisputesPage {
        layout: Layout::new("Disputes", "disputes", Some(&signed_in.0)),
        disputes,
    })
}

/// The assign form of the status page.
#[derive(Debug, Default, Deserialize)]
pub struct AssignForm {
    /// Reviewer names: ticked boxes, or a comma-separated list typed in.
    #[serde(default)]
    reviewer: Vec<String>,
    #[serde(default)]
    mode: String,
    /// Only these claims (ticked boxes); all of the article's when none.
    #[serde(default)]
    claim: Vec<i64>,
}

/// `POST /articles/{id}/assignments`
pub async fn assign(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Result<Redirect, PageError> {
    let id = parse_id(&id, "article")?;
    signed_in.require(Role::Editor)?;
    let reviewers = form
        .reviewer
        .iter()
        .flat_map(|r| r.split(','))
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    let input = AssignmentInput {
        article_id: Some(id),
        claim_ids: (!form.claim.is_empty()).then_some(form.claim),
        reviewers: Some(reviewers),
        mode: Some(form.mode).filter(|m| !m.is_empty()),
    };
    usecase::assign(&state, input, &signed_in.0).await?;
    Ok(Redirect::to(&format!("/articles/{id}/status#team")))
}

#[derive(Debug, Default, Deserialize)]
pub struct PolicyForm {
    #[serde(default)]
    reviews_required: String,
}

/// `POST /articles/{id}/review-policy`
pub async fn review_policy(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<PolicyForm>,
) -> Result<Redirect, PageError> {
    let id = parse_id(&id, "article")?;
    signed_in.require(Role::Editor)?;
    let required = form.reviews_required.trim().parse::<i64>().map_err(|_| {
        AppError::validation(
            "reviews_required",
            "choose one review or two independent reviews",
        )
    })?;
    usecase::set_review_policy(&state, id, required, &signed_in.0).await?;
    Ok(Redirect::to(&format!("/articles/{id}/status#team")))
}

#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    parent_id: String,
}

/// `POST /claims/{id}/comments`: back to the claim's thread.
pub async fn comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CommentForm>,
) -> Result<Redirect, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    signed_in.require(Role::Reviewer)?;
    let parent_id = match form.parent_id.trim() {
        "" => None,
        raw => Some(parse_id(raw, "comment")?),
    };
    let input = CommentInput {
        body: Some(form.body),
        parent_id,
    };
    let comment = usecase::comment(&state, claim_id, input, &signed_in.0).await?;
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| AppError::no_claim(claim_id))?;
    Ok(Redirect::to(&format!(
        "/articles/{}?claim={claim_id}#comment-{}",
        claim.article_id, comment.id
    )))
}

/// `POST /comments/{id}/remove`: the comment's text goes; a tombstone stays in the thread.
pub async fn remove_comment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let id = parse_id(&id, "comment")?;
    let comment = usecase::remove_comment(&state, id, &signed_in.0).await?;
    let claim = state
        .storage
        .claim(comment.claim_id)
        .await?
        .ok_or_else(|| AppError::no_claim(comment.claim_id))?;
    Ok(Redirect::to(&format!(
        "/articles/{}?claim={}#comment-{id}",
        claim.article_id, claim.id
    )))
}

/// Agreement as pages show it: the figures, and the confusion matrix as table rows.
pub struct AgreementView {
    pub agreement: Agreement,
    /// `(label, counts)` per row of the confusion matrix.
    pub rows: Vec<(&'static str, Vec<usize>)>,
    pub labels: Vec<&'static str>,
}

impl AgreementView {
    pub fn of(agreement: Agreement) -> Self {
        let labels: Vec<&'static str> = agreement
            .confusion
            .labels
            .iter()
            .map(|s| crate::web::layout::status_label(s.as_str()))
            .collect();
        let rows = labels
            .iter()
            .copied()
            .zip(agreement.confusion.counts.iter().cloned())
            .collect();
        AgreementView {
            agreement,
            rows,
            labels,
        }
    }

    /// A figure to two decimals, or a dash when it is undefined.
    pub fn figure(value: &Option<f64>) -> String {
        value.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
    }
}

/// Agreement over an article's double reviews (or all of them), for the status page and the
/// dashboard.
pub async fn agreement_of(
    state: &AppState,
    article_id: Option<i64>,
) -> Result<AgreementView, PageError> {
    let agreement = usecase::agreement(
        state,
        AgreementQuery {
            article_id,
            ..Default::default()
        },
    )
    .await?;
    Ok(AgreementView::of(agreement))
}
