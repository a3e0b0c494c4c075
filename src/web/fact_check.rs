//! The public fact-check page of a published article (`/fact-checks/{id}`): read-only, no
//! sign-in, the reviews as the editor published them with their ClaimReview embedded; and the
//! same ClaimReview alone as `application/ld+json`. Reviewers are named only if the editor
//! chose to; unpublished verdicts never appear.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::PageError;
use super::layout::Layout;
use crate::http::extract::parse_id;
use crate::linked_data;
use crate::state::AppState;
use crate::storage::{Article, Claim, Publication};

#[derive(Template, WebTemplate)]
#[template(path = "fact_check.html")]
pub struct FactCheckPage {
    layout: Layout,
    article: Article,
    publication: Publication,
    publisher: String,
    reviews: Vec<Claim>,
    json_ld: String,
}

/// The article, its publication and its published reviews as ClaimReview.
async fn published(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(Article, Publication, Vec<Claim>, Vec<Value>), PageError> {
    let id = parse_id(id, "article")?;
    let not_published =
        || PageError::not_found(format!("Article {id} has no published fact check."));
    let publication = state
        .storage
        .publication(id)
        .await?
        .ok_or_else(not_published)?;
    let article = state.storage.article(id).await?.ok_or_else(not_published)?;
    let reviews = state.storage.published_reviews(id).await?;
    let base = crate::http::base_url(state, headers);
    let public_url = publication.settings.public_url.as_deref();
    let claim_reviews = reviews
        .iter()
        .filter_map(|claim| {
            let url = linked_data::published_claim_url(&base, public_url, claim);
            linked_data::claim_review_at(&state.publisher, &base, &article, claim, url)
        })
        .collect();
    Ok((article, publication, reviews, claim_reviews))
}

/// `GET /fact-checks/{id}`
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<FactCheckPage, PageError> {
    let (article, publication, reviews, claim_reviews) = published(&state, &id, &headers).await?;
    Ok(FactCheckPage {
        layout: Layout::new(format!("Fact check: {}", article.title), "", None),
        json_ld: linked_data::for_script_element(&Value::Array(claim_reviews)),
        publisher: state.publisher.name.clone(),
        article,
        publication,
        reviews,
    })
}

/// `GET /fact-checks/{id}/claimreview.jsonld`
pub async fn claim_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (_, _, _, claim_reviews) = published(&state, &id, &headers).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/ld+json"),
        )],
        Value::Array(claim_reviews).to_string(),
    )
        .into_response())
}
