//! ClaimReview and Web Annotation JSON-LD for an article's verdicts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::doc::ReadProblems;
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::parse_id;
use crate::import::CharSlicer;
use crate::linked_data::{claim_review, web_annotation};
use crate::state::AppState;
use crate::storage::{Article, Claim};

async fn article_and_claims(state: &AppState, id: i64) -> AppResult<(Article, Vec<Claim>)> {
    state
        .storage
        .article_with_claims(id)
        .await?
        .ok_or_else(|| AppError::no_article(id))
}

/// Every reviewed claim of the article as a schema.org ClaimReview.
pub async fn claim_reviews(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
) -> AppResult<Vec<Value>> {
    let (article, claims) = article_and_claims(state, id).await?;
    let base = crate::http::base_url(state, headers);
    Ok(claims
        .iter()
        .filter_map(|claim| claim_review(&state.publisher, &base, &article, claim))
        .collect())
}

/// The article's verdicts as schema.org `ClaimReview`s (unreviewed claims are left out).
#[utoipa::path(
    get, path = "/articles/{id}/claimreview", tag = "standards", operation_id = "article_claimreview",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "One ClaimReview per reviewed claim (JSON-LD)", body = Vec<Object>, content_type = "application/ld+json"),
        ReadProblems,
    ),
)]
pub async fn claimreview(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id, "article")?;
    let reviews = claim_reviews(&state, &headers, id).await?;
    // JSON-LD is served as such: structured-data tools take it by its media type.
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        Json(reviews),
    )
        .into_response())
}

/// Every verdict on the article as a W3C Web Annotation, in one `AnnotationCollection`.
#[utoipa::path(
    get, path = "/articles/{id}/annotations.jsonld", tag = "standards", operation_id = "article_web_annotations",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "An AnnotationCollection (JSON-LD)", body = Object, content_type = "application/ld+json"),
        ReadProblems,
    ),
)]
pub async fn annotations(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id, "article")?;
    let (article, claims) = article_and_claims(&state, id).await?;
    let history = state.storage.article_history(id).await?;
    let base = crate::http::base_url(&state, &headers);
    let body = CharSlicer::new(&article.body);
    let items: Vec<Value> = history
        .iter()
        .filter_map(|(claim_id, entry)| {
            let claim = claims.iter().find(|c| c.id == *claim_id)?;
            Some(web_annotation(&base, &article, &body, claim, entry))
        })
        .collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("{base}/api/v1/articles/{id}/annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": format!("Verdicts on “{}”", article.title),
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(
                "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            ),
        )],
        collection.to_string(),
    )
        .into_response())
}
