//! `/api/v1/assignments` and `/api/v1/me/queue`: who reviews which claim, and what waits for
//! the caller.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::doc::{ReadProblems, WriteProblems};
use super::views::ClaimView;
use crate::domain::assignment::AssignmentInput;
use crate::error::AppResult;
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, ApiQuery, parse_id};
use crate::http::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::storage::{Assignment, AssignmentFilter, QueueReason};
use crate::usecase;

/// A claim assigned to a reviewer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Assignment)]
pub struct AssignmentView {
    pub id: i64,
    pub claim_id: i64,
    pub reviewer: String,
    pub assigned_by: String,
    pub created_at: String,
}

impl From<Assignment> for AssignmentView {
    fn from(a: Assignment) -> Self {
        AssignmentView {
            id: a.id,
            claim_id: a.claim_id,
            reviewer: a.reviewer,
            assigned_by: a.assigned_by,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssignmentList {
    pub items: Vec<AssignmentView>,
}

/// Assign claims to reviewers (editors): all the article's current claims, or `claim_ids`;
/// `round_robin` deals them out in turn, `each` gives every claim to every reviewer. A pair
/// assigned before is not duplicated: it comes back as it was.
#[utoipa::path(
    post, path = "/assignments", tag = "team", operation_id = "assign_claims",
    request_body(content = AssignmentInput, content_type = "application/json"),
    responses((status = 201, description = "The assignments of every pair asked for", body = AssignmentList), WriteProblems),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    ApiJson(input): ApiJson<AssignmentInput>,
) -> AppResult<(StatusCode, Json<AssignmentList>)> {
    let assignments = usecase::assign(&state, input, &auth.user).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssignmentList {
            items: assignments.into_iter().map(AssignmentView::from).collect(),
        }),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentQuery {
    /// Only assignments of this article's claims.
    pub article_id: Option<i64>,
    /// Only this reviewer's (a user name).
    pub reviewer: Option<String>,
}

/// Assignments, oldest first.
#[utoipa::path(
    get, path = "/assignments", tag = "team", operation_id = "list_assignments",
    params(AssignmentQuery, PageParams),
    responses((status = 200, description = "A page of assignments", body = Page<AssignmentView>), ReadProblems),
)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    ApiQuery(query): ApiQuery<AssignmentQuery>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Json<Page<AssignmentView>>> {
    let page = params.parse("assignments")?;
    let reviewer_id = match query.reviewer.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => match state.storage.user_by_name(name).await? {
            Some(user) => Some(user.id),
            // Nobody of that name has assignments.
            None => {
                return Ok(Json(Page::from_rows(
                    Vec::new(),
                    page,
                    "assignments",
                    |_| 0,
                )));
            }
        },
    };
    let rows = state
        .storage
        .assignments(&AssignmentFilter {
            article_id: query.article_id,
            reviewer_id,
            after: page.after,
            limit: page.fetch_limit(),
        })
        .await?;
    Ok(Json(
        Page::from_rows(rows, page, "assignments", |a| a.id).map(AssignmentView::from),
    ))
}

/// Remove an assignment (editors).
#[utoipa::path(
    delete, path = "/assignments/{id}", tag = "team", operation_id = "delete_assignment",
    params(("id" = i64, Path, description = "Assignment id")),
    responses((status = 204, description = "Removed"), WriteProblems),
)]
pub async fn delete(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id, "assignment")?;
    usecase::unassign(&state, id, &auth.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A claim waiting for the caller.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QueueItemView {
    pub claim: ClaimView,
    /// `assigned` (to review), `mention` (a comment asks for them) or `disputed` (editors: two
    /// reviews disagree).
    pub reason: QueueReason,
    /// Since when it has waited.
    pub since: String,
}

/// The claims waiting for the caller, oldest first. An item leaves once the caller has done
/// what it asks: reviewed the assigned claim (or it was settled), answered the mention with a
/// comment or a verdict, settled the dispute.
#[utoipa::path(
    get, path = "/me/queue", tag = "team", operation_id = "my_queue",
    params(PageParams),
    responses((status = 200, description = "A page of the caller's queue", body = Page<QueueItemView>), ReadProblems),
)]
pub async fn queue(
    State(state): State<AppState>,
    auth: Authenticated<require::Viewer>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Json<Page<QueueItemView>>> {
    let page = params.parse("queue")?;
    // A queue has no stable key (items leave it as they are done): it pages by position.
    let items = state
        .storage
        .queue(&auth.user, page.offset(), page.fetch_limit())
        .await?;
    Ok(Json(Page::by_position(items, page, "queue").map(|item| {
        QueueItemView {
            claim: item.claim.into(),
            reason: item.reason,
            since: item.since,
        }
    })))
}
