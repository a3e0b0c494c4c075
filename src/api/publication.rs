//! `/api/v1/articles/{id}/publication`: an editor publishes an article's reviews to its public
//! fact-check page (`/fact-checks/{id}`, with its ClaimReview), reads what is published, or
//! withdraws it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;

use super::doc::{ReadProblems, WriteProblems};
use crate::domain::PublicationInput;
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, parse_id};
use crate::state::AppState;
use crate::storage::{ArticleId, Publication};
use crate::usecase;

/// What is public of an article's reviews.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = Publication)]
pub struct PublicationView {
    pub article_id: ArticleId,
    pub published_at: String,
    pub published_by: String,
    /// The newsroom's own page for the reviews, if it gave one (ClaimReview points there).
    pub public_url: Option<String>,
    /// Whether the public page names the reviewers.
    pub show_reviewers: bool,
    /// How many reviews were published.
    pub reviews: i64,
    /// claimdesk's public, read-only fact-check page (no sign-in).
    pub page: String,
    /// The published reviews as schema.org ClaimReview (`application/ld+json`, no sign-in).
    pub claimreview: String,
}

impl PublicationView {
    fn of(p: Publication, base: &str) -> Self {
        PublicationView {
            page: format!("{base}/fact-checks/{}", p.article_id),
            claimreview: format!("{base}/fact-checks/{}/claimreview.jsonld", p.article_id),
            article_id: p.article_id,
            published_at: p.published_at,
            published_by: p.published_by,
            public_url: p.settings.public_url,
            show_reviewers: p.settings.show_reviewers,
            reviews: p.reviews,
        }
    }
}

/// What is published of the article's reviews (404 when nothing is).
#[utoipa::path(
    get, path = "/articles/{id}/publication", tag = "standards", operation_id = "get_publication",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, description = "The publication", body = PublicationView), ReadProblems),
)]
pub async fn show(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Json<PublicationView>> {
    let id = parse_id(&id, "article")?;
    if state.storage.article(id).await?.is_none() {
        return Err(AppError::no_article(id));
    }
    let publication = state.storage.publication(id).await?.ok_or_else(|| {
        AppError::NotFound(format!(
            "article {id} is not published; an editor publishes it with PUT /api/v1/articles/{id}/publication"
        ))
    })?;
    let base = crate::http::base_url(&state, &headers);
    Ok(Json(PublicationView::of(publication, &base)))
}

/// Publish the article's reviews as they are now: every claim with a verdict, its verdict,
/// sources, note, speaker and summary. Later verdicts stay internal until published again.
#[utoipa::path(
    put, path = "/articles/{id}/publication", tag = "standards", operation_id = "publish_article",
    params(("id" = i64, Path, description = "Article id")),
    request_body(content = PublicationInput, content_type = "application/json"),
    responses((status = 200, description = "Published", body = PublicationView), WriteProblems),
)]
pub async fn publish(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PublicationInput>,
) -> AppResult<Json<PublicationView>> {
    let id = parse_id(&id, "article")?;
    let publication = usecase::publish(&state, id, input, &auth.user).await?;
    let base = crate::http::base_url(&state, &headers);
    Ok(Json(PublicationView::of(publication, &base)))
}

/// Take the article's reviews off its public page.
#[utoipa::path(
    delete, path = "/articles/{id}/publication", tag = "standards", operation_id = "withdraw_publication",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 204, description = "Withdrawn (or was not published)"), WriteProblems),
)]
pub async fn withdraw(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id, "article")?;
    usecase::withdraw(&state, id, &auth.user).await?;
    Ok(StatusCode::NO_CONTENT)
}
