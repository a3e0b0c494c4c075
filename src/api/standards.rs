//! ClaimReview and Web Annotation JSON-LD for an article's verdicts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::doc::ReadProblems;
use super::linked_data_doc::{ClaimReview, CollectionOrPage, WebAnnotation};
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiQuery, parse_id};
use std::collections::{BTreeSet, HashMap};

use crate::linked_data::{
    Anchor, annotation_collection, annotation_page, claim_review, comment_annotation,
    web_annotation,
};
use crate::segment::CharSlicer;
use crate::state::AppState;
use crate::storage::{Article, Claim, ClaimId};

/// The revisions of an article's text that verdicts were made on, each with where its claims
/// stood in it: what Web Annotations are anchored on.
struct Texts {
    revisions: HashMap<i64, RevisionText>,
}

/// One revision's body, and each claim's words and offsets in it.
type RevisionText = (String, HashMap<ClaimId, (String, i64, i64)>);

impl Texts {
    /// The current text with `claims`, and each past revision named in `wanted`.
    async fn load(
        state: &AppState,
        article: &Article,
        claims: &[Claim],
        wanted: impl Iterator<Item = i64>,
    ) -> AppResult<Texts> {
        let placed = |c: &Claim| (c.id, (c.text.clone(), c.start, c.end));
        let mut revisions = HashMap::new();
        revisions.insert(
            article.text_revision,
            (article.body.clone(), claims.iter().map(placed).collect()),
        );
        let wanted: BTreeSet<i64> = wanted.collect();
        for revision in wanted {
            if revisions.contains_key(&revision) {
                continue;
            }
            if let Some(past) = state.storage.past_text(article.id, revision).await? {
                let placements = past.claims.iter().map(placed).collect();
                revisions.insert(revision, (past.body, placements));
            }
        }
        Ok(Texts { revisions })
    }

    fn slicers(&self) -> HashMap<i64, CharSlicer<'_>> {
        self.revisions
            .iter()
            .map(|(revision, (body, _))| (*revision, CharSlicer::new(body)))
            .collect()
    }

    fn anchor<'a>(
        &'a self,
        slicers: &'a HashMap<i64, CharSlicer<'a>>,
        claim_id: ClaimId,
        revision: i64,
    ) -> Option<Anchor<'a>> {
        let (text, start, end) = self.revisions.get(&revision)?.1.get(&claim_id)?;
        Some(Anchor {
            revision,
            body: slicers.get(&revision)?,
            claim_id,
            text,
            start: *start,
            end: *end,
        })
    }
}

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
        (status = 200, description = "One ClaimReview per reviewed claim (JSON-LD)", body = Vec<ClaimReview>, content_type = "application/ld+json"),
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

/// Which view of the article's annotations: the collection, or its page (`?page=0`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CollectionParams {
    /// `0` for the collection's one page (`AnnotationPage`) rather than the collection.
    pub page: Option<u32>,
}

/// Every verdict on the article as a W3C Web Annotation, in one `AnnotationCollection` (its
/// page embedded as `first`); `?page=0` answers with that page alone, as its `id` says.
#[utoipa::path(
    get, path = "/articles/{id}/annotations.jsonld", tag = "standards", operation_id = "article_web_annotations",
    params(("id" = i64, Path, description = "Article id"), CollectionParams),
    responses(
        (status = 200, description = "An AnnotationCollection, or with ?page=0 its AnnotationPage (JSON-LD, Web Annotation profile)", body = CollectionOrPage,
            content_type = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""),
        (status = 304, description = "Not modified (If-None-Match)"),
        ReadProblems,
    ),
)]
pub async fn annotations(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<CollectionParams>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id, "article")?;
    let (article, claims) = article_and_claims(&state, id).await?;
    let history = state.storage.article_history(id).await?;
    let base = crate::http::base_url(&state, &headers);
    let comments = state.storage.article_comments(id).await?;
    let texts = Texts::load(
        &state,
        &article,
        &claims,
        history.iter().map(|(_, e)| e.revision),
    )
    .await?;
    let slicers = texts.slicers();
    let mut items: Vec<Value> = history
        .iter()
        .filter_map(|(claim_id, entry)| {
            let anchor = texts.anchor(&slicers, *claim_id, entry.revision)?;
            Some(web_annotation(&base, &article, &anchor, entry))
        })
        .collect();
    // The discussion of each claim follows its verdicts: comments on the claim as it stands
    // now, replies on the comments they answer. Removed comments are not exported.
    items.extend(comments.iter().filter_map(|comment| {
        let body = comment.body.as_deref()?;
        let anchor = texts.anchor(&slicers, comment.claim_id, article.text_revision)?;
        Some(comment_annotation(&base, &article, &anchor, comment, body))
    }));
    let document = match params.page {
        None => annotation_collection(&base, &article, items),
        Some(0) => annotation_page(&base, &article, items),
        Some(n) => {
            return Err(AppError::NotFound(format!(
                "the collection has one page, page 0; there is no page {n}"
            )));
        }
    };
    Ok(web_annotation_response(&headers, &document, Container::Yes))
}

/// One verdict as a W3C Web Annotation: what an annotation's `id` answers with.
#[utoipa::path(
    get, path = "/claims/{id}/annotations/{version}", tag = "standards", operation_id = "claim_web_annotation",
    params(
        ("id" = i64, Path, description = "Claim id"),
        ("version" = i64, Path, description = "The claim's version the verdict made"),
    ),
    responses(
        (status = 200, description = "An Annotation (JSON-LD, Web Annotation profile)", body = WebAnnotation,
            content_type = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""),
        (status = 304, description = "Not modified (If-None-Match)"),
        ReadProblems,
    ),
)]
pub async fn annotation(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id, "claim")?;
    let version = parse_id(&version, "version")?;
    let claim = state
        .storage
        .claim(id)
        .await?
        .ok_or_else(|| AppError::no_claim(id))?;
    let entry = state
        .storage
        .claim_history_page(id, version.checked_add(1), 1)
        .await?
        .into_iter()
        .find(|e| e.version == version)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "claim {id} has no verdict that made version {version}"
            ))
        })?;
    one_annotation(
        &state,
        &headers,
        claim,
        Some(entry.revision),
        AppError::no_claim(id),
        |base, article, anchor| web_annotation(base, article, anchor, &entry),
    )
    .await
}

/// One comment as a W3C Web Annotation: what a comment annotation's `id` answers with.
#[utoipa::path(
    get, path = "/comments/{id}/annotation", tag = "standards", operation_id = "comment_web_annotation",
    params(("id" = i64, Path, description = "Comment id")),
    responses(
        (status = 200, description = "An Annotation (JSON-LD, Web Annotation profile)", body = WebAnnotation,
            content_type = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""),
        (status = 304, description = "Not modified (If-None-Match)"),
        ReadProblems,
    ),
)]
pub async fn comment(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = parse_id(&id, "comment")?;
    let no_comment = || AppError::NotFound(format!("no comment with id {id}"));
    let comment = state.storage.comment(id).await?.ok_or_else(no_comment)?;
    let Some(body) = comment.body.as_deref() else {
        return Err(AppError::NotFound(format!(
            "comment {id} was removed (its tombstone stays in the claim's thread), so it is no \
             longer an annotation"
        )));
    };
    let claim = state
        .storage
        .claim(comment.claim_id)
        .await?
        .ok_or_else(no_comment)?;
    one_annotation(
        &state,
        &headers,
        claim,
        None,
        no_comment(),
        |base, article, anchor| comment_annotation(base, article, anchor, &comment, body),
    )
    .await
}

/// One annotation on `claim`, anchored on the text of `revision` (the current one when
/// `None`), answered as the Web Annotation protocol serves a single annotation; `missing`
/// when the claim has no place in that text.
async fn one_annotation(
    state: &AppState,
    headers: &HeaderMap,
    claim: Claim,
    revision: Option<i64>,
    missing: AppError,
    build: impl FnOnce(&str, &Article, &Anchor<'_>) -> Value,
) -> AppResult<Response> {
    let article = state
        .storage
        .article(claim.article_id)
        .await?
        .ok_or_else(|| AppError::no_article(claim.article_id))?;
    let revision = revision.unwrap_or(article.text_revision);
    let base = crate::http::base_url(state, headers);
    let id = claim.id;
    let current = [claim];
    let texts = Texts::load(state, &article, &current, [revision].into_iter()).await?;
    let slicers = texts.slicers();
    let Some(anchor) = texts.anchor(&slicers, id, revision) else {
        return Err(missing);
    };
    let document = build(&base, &article, &anchor);
    Ok(web_annotation_response(headers, &document, Container::No))
}

enum Container {
    Yes,
    No,
}

/// A Web Annotation document as the Web Annotation Protocol serves it: the JSON-LD media type
/// with the annotation profile, a strong `ETag` (and 304 on `If-None-Match`), `Vary: Accept`,
/// and `Link` headers naming the LDP interaction model.
fn web_annotation_response(
    headers: &HeaderMap,
    document: &Value,
    container: Container,
) -> Response {
    let text = document.to_string();
    let etag = format!("\"{}\"", &crate::import::body_sha256(&text)[..32]);
    let link = match container {
        Container::Yes => {
            "<http://www.w3.org/ns/ldp#BasicContainer>; rel=\"type\", \
             <http://www.w3.org/TR/annotation-protocol/>; rel=\"http://www.w3.org/ns/ldp#constrainedBy\""
        }
        Container::No => "<http://www.w3.org/ns/ldp#Resource>; rel=\"type\"",
    };
    let common = [
        (header::ETAG, etag.clone()),
        (header::VARY, "Accept".to_owned()),
        (header::LINK, link.to_owned()),
        (header::ALLOW, "GET, HEAD, OPTIONS".to_owned()),
    ];
    let not_modified = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(header::CONTENT_TYPE, ANNOTATION_MEDIA_TYPE)],
        text,
    )
        .into_response()
}

const ANNOTATION_MEDIA_TYPE: &str =
    "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
