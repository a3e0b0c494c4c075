//! Comments on claims: `/api/v1/claims/{id}/comments` and `/api/v1/comments/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::doc::{ReadProblems, WriteProblems};
use super::views::CommentView;
use crate::domain::comment::CommentInput;
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, parse_id};
use crate::http::pagination::Page;
use crate::state::AppState;
use crate::usecase;

/// Comment on a claim (reviewers and above), or reply to a comment of its thread with
/// `parent_id`. `@name` of an existing user puts the claim in that user's queue.
#[utoipa::path(
    post, path = "/claims/{id}/comments", tag = "team", operation_id = "comment_on_claim",
    params(("id" = i64, Path, description = "Claim id")),
    request_body(content = CommentInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The comment", body = CommentView,
            headers(("Location" = String, description = "The claim's thread"))),
        WriteProblems,
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated<require::Reviewer>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentInput>,
) -> AppResult<Response> {
    let claim_id = parse_id(&id, "claim")?;
    let comment = usecase::comment(&state, claim_id, input, &auth.user).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/claims/{claim_id}/comments"),
        )],
        Json(CommentView::from(comment)),
    )
        .into_response())
}

/// A claim's comment thread, oldest first; removed comments stay as tombstones.
#[utoipa::path(
    get, path = "/claims/{id}/comments", tag = "team", operation_id = "claim_comments",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "The whole thread, oldest first (`next_cursor` is always null)", body = Page<CommentView>), ReadProblems),
)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<Json<Page<CommentView>>> {
    let claim_id = parse_id(&id, "claim")?;
    if state.storage.claim(claim_id).await?.is_none() {
        return Err(AppError::no_claim(claim_id));
    }
    let comments = state.storage.comments(claim_id).await?;
    // A thread is read whole: it is one claim's discussion, and a reply makes sense only
    // beside what it answers.
    Ok(Json(Page {
        items: comments.into_iter().map(CommentView::from).collect(),
        next_cursor: None,
    }))
}

/// One comment (a comment's IRI in the Web Annotation export).
#[utoipa::path(
    get, path = "/comments/{id}", tag = "team", operation_id = "get_comment",
    params(("id" = i64, Path, description = "Comment id")),
    responses((status = 200, description = "The comment", body = CommentView), ReadProblems),
)]
pub async fn show(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<Json<CommentView>> {
    let id = parse_id(&id, "comment")?;
    let comment = state
        .storage
        .comment(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no comment with id {id}")))?;
    Ok(Json(comment.into()))
}

/// Remove a comment (its author or an admin): its text goes, a tombstone stays in the thread
/// so replies keep their place.
#[utoipa::path(
    delete, path = "/comments/{id}", tag = "team", operation_id = "delete_comment",
    params(("id" = i64, Path, description = "Comment id")),
    responses((status = 204, description = "Removed"), WriteProblems),
)]
pub async fn delete(
    State(state): State<AppState>,
    // Whose comment it is decides (its author, or an admin), not the caller's role now.
    auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id, "comment")?;
    usecase::remove_comment(&state, id, &auth.user).await?;
    Ok(StatusCode::NO_CONTENT)
}
