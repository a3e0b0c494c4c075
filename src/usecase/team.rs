//! The desk as a team: review policy, assignments, queues, comments and agreement. Like the
//! rest of [`crate::usecase`], each function is what the API and the pages both call.

use std::collections::HashMap;

use crate::domain::Role;
use crate::domain::agreement::{self, Agreement};
use crate::domain::assignment::{self, AssignmentInput, AssignmentRequest};
use crate::domain::comment::{CommentInput, NewComment};
use crate::domain::review::{reviews_required_problem, sees_reviews};
use crate::domain::validation::FieldError;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage::{
    AgreementFilter, Article, ArticleId, Assignment, Claim, ClaimFilter, ClaimId, Comment,
    NewCommentRecord, Review, User,
};

/// Sets how many independent reviews the article's claims need (1 or 2).
pub async fn set_review_policy(
    state: &AppState,
    article_id: ArticleId,
    required: i64,
    editor: &User,
) -> AppResult<Article> {
    if let Some(problem) = reviews_required_problem(required) {
        return Err(AppError::validation("reviews_required", problem));
    }
    let article = state
        .storage
        .set_reviews_required(article_id, required)
        .await?
        .ok_or_else(|| AppError::no_article(article_id))?;
    tracing::info!(article_id, required, user = %editor.name, "review policy set");
    Ok(article)
}

/// Assigns an article's claims (all of its current ones, or those named) to reviewers.
pub async fn assign(
    state: &AppState,
    input: AssignmentInput,
    editor: &User,
) -> AppResult<Vec<Assignment>> {
    let request = AssignmentRequest::parse(input).map_err(AppError::Validation)?;
    let mut errors = Vec::new();
    let article = state.storage.article(request.article_id).await?;
    if article.is_none() {
        errors.push(FieldError::new(
            "article_id",
            format!("there is no article {}", request.article_id),
        ));
    }
    let users = state.storage.users_named(&request.reviewers).await?;
    let by_name: HashMap<&str, &User> = users.iter().map(|u| (u.name.as_str(), u)).collect();
    let mut reviewers = Vec::with_capacity(request.reviewers.len());
    for name in &request.reviewers {
        match by_name.get(name.as_str()) {
            None => errors.push(FieldError::new(
                "reviewers",
                format!("there is no user named '{name}'"),
            )),
            Some(user) if !user.role.grants(Role::Reviewer) => errors.push(FieldError::new(
                "reviewers",
                format!(
                    "'{name}' is a viewer and cannot review; give them the reviewer role first"
                ),
            )),
            Some(user) => reviewers.push(user.id),
        }
    }
    let mut claims: Vec<ClaimId> = Vec::new();
    if article.is_some() {
        let current: Vec<ClaimId> = state
            .storage
            .claims(&ClaimFilter {
                article_id: Some(request.article_id),
                limit: u32::MAX,
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        match &request.claim_ids {
            None => claims = current,
            Some(ids) => {
                let foreign: Vec<String> = ids
                    .iter()
                    .filter(|id| !current.contains(id))
                    .map(i64::to_string)
                    .collect();
                if foreign.is_empty() {
                    claims = ids.clone();
                } else {
                    errors.push(FieldError::new(
                        "claim_ids",
                        format!(
                            "{} {} not a current claim of article {}",
                            foreign.join(", "),
                            if foreign.len() == 1 { "is" } else { "are" },
                            request.article_id
                        ),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let pairs = assignment::plan(&claims, &reviewers, request.mode);
    let assignments = state.storage.assign(&pairs, editor).await?;
    tracing::info!(article_id = request.article_id, pairs = pairs.len(), user = %editor.name, "claims assigned");
    state.webhooks.nudge();
    Ok(assignments)
}

pub async fn unassign(state: &AppState, id: i64, editor: &User) -> AppResult<()> {
    if !state.storage.unassign(id).await? {
        return Err(AppError::NotFound(format!("no assignment with id {id}")));
    }
    tracing::info!(assignment = id, user = %editor.name, "assignment removed");
    Ok(())
}

/// Adds a comment to a claim's thread; `@name` of a reviewer, editor or admin (other than the
/// author) puts the claim in their queue.
pub async fn comment(
    state: &AppState,
    claim_id: ClaimId,
    input: CommentInput,
    author: &User,
) -> AppResult<Comment> {
    let comment = NewComment::parse(input).map_err(AppError::Validation)?;
    if state.storage.claim(claim_id).await?.is_none() {
        return Err(AppError::no_claim(claim_id));
    }
    if let Some(parent) = comment.parent_id {
        let on_claim = state.storage.comment(parent).await?.map(|c| c.claim_id);
        if on_claim != Some(claim_id) {
            return Err(AppError::validation(
                "parent_id",
                format!("there is no comment {parent} on claim {claim_id} to reply to"),
            ));
        }
    }
    let mentioned: Vec<i64> = if comment.mentions.is_empty() {
        Vec::new()
    } else {
        state
            .storage
            .users_named(&comment.mentions)
            .await?
            .into_iter()
            // A mention asks for an answer (a comment or a verdict), which only reviewers and
            // above can give: others would wait in a queue they cannot empty.
            .filter(|u| u.id != author.id && u.role.grants(Role::Reviewer))
            .map(|u| u.id)
            .collect()
    };
    let stored = state
        .storage
        .add_comment(
            &NewCommentRecord {
                claim_id,
                parent_id: comment.parent_id,
                body: &comment.body,
                mentions: &mentioned,
            },
            author,
        )
        .await?;
    tracing::info!(claim_id, comment = stored.id, mentions = mentioned.len(), user = %author.name, "comment added");
    state.webhooks.nudge();
    Ok(stored)
}

/// Removes a comment's text, leaving a tombstone in its thread: its author or an admin may.
pub async fn remove_comment(state: &AppState, id: i64, user: &User) -> AppResult<Comment> {
    let comment = state
        .storage
        .comment(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no comment with id {id}")))?;
    if comment.author_id != user.id && !user.role.grants(Role::Admin) {
        return Err(AppError::Forbidden(format!(
            "only {} (its author) or an admin can remove comment {id}",
            comment.author
        )));
    }
    let removed = state
        .storage
        .remove_comment(id, user)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no comment with id {id}")))?;
    tracing::info!(comment = id, user = %user.name, "comment removed");
    Ok(removed)
}

/// Which double reviews to measure agreement on, as a client names them.
#[derive(Debug, Default)]
pub struct AgreementQuery {
    pub article_id: Option<ArticleId>,
    pub reviewer: Option<String>,
    /// Stored timestamps.
    pub since: Option<String>,
    pub until: Option<String>,
}

pub async fn agreement(state: &AppState, query: AgreementQuery) -> AppResult<Agreement> {
    let reviewer_id = match query.reviewer.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => {
            let user = state.storage.user_by_name(name).await?.ok_or_else(|| {
                AppError::BadRequest(format!("reviewer: there is no user named '{name}'"))
            })?;
            Some(user.id)
        }
    };
    let reviews = state
        .storage
        .double_reviews(&AgreementFilter {
            article_id: query.article_id,
            reviewer_id,
            since: query.since,
            until: query.until,
        })
        .await?;
    Ok(agreement::agreement(&reviews))
}

/// The claim's blind reviews of its current round, as far as `viewer` may see them (see
/// [`sees_reviews`]): every read path showing reviews goes through here.
pub async fn visible_reviews(
    state: &AppState,
    claim: &Claim,
    viewer: &User,
) -> AppResult<Vec<Review>> {
    if claim.review.required < 2 && claim.review.submitted < 2 {
        return Ok(Vec::new());
    }
    let reviews = state.storage.reviews(claim.id).await?;
    let own = reviews.iter().any(|r| r.reviewer_id == viewer.id);
    Ok(if sees_reviews(reviews.len(), viewer.role, own) {
        reviews
    } else {
        Vec::new()
    })
}
