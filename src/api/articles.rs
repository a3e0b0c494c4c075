//! `/api/v1/articles`: import, list, and read articles with their claims.

use std::sync::Arc;

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use axum::RequestExt as _;
use axum::extract::{FromRequest, Request};

use super::doc::{ReadProblems, WriteProblems};
use super::listing::{RevisionParams, StatusParam, TriageParams, claims_page};
use super::views::{ClaimView, json_bytes};
use crate::article_cache::ArticleView;
use crate::domain::{ArticleInput, StatusCounts};
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, ApiQuery, is_json, media_type, parse_id, read_text};
use crate::http::pagination::{Page, PageParams};
use crate::segment::SegmentKind;
use crate::segment::{CharSlicer, stored_offset};
use crate::state::AppState;
use crate::storage::{Article, ArticleId, Claim, ClaimFilter, Imported, StoredSegment};
use crate::usecase;

/// An article in listings: everything but its body and claims.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub source_url: Option<String>,
    pub published_at: Option<String>,
    /// BCP 47 (`und` when the text was too short to tell).
    pub language: String,
    /// The article's authors, as given or as the imported page named them.
    pub author: Option<String>,
    /// The publication the article appeared in.
    pub site_name: Option<String>,
    pub created_at: String,
    /// The current revision of the article's text (1 until it is revised; see
    /// `/articles/{id}/revisions`).
    pub revision: i64,
    /// How many independent reviews each claim needs: 1, or 2 for blind double review (set
    /// with `PATCH /articles/{id}`).
    pub reviews_required: i64,
    pub claim_count: i64,
    pub counts: StatusCounts,
}

impl From<Article> for ArticleSummary {
    fn from(a: Article) -> Self {
        ArticleSummary {
            id: a.id,
            title: a.title,
            source_url: a.source_url,
            published_at: a.published_at,
            language: a.language,
            author: a.author,
            site_name: a.site_name,
            created_at: a.created_at,
            revision: a.text_revision,
            reviews_required: a.reviews_required,
            claim_count: a.counts.total(),
            counts: a.counts,
        }
    }
}

/// An article with its body, its claims, and its full structure (headings and all).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub body: String,
    pub claims: Vec<ClaimView>,
    pub segments: Vec<SegmentView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SegmentView {
    pub kind: SegmentKind,
    pub start: i64,
    pub end: i64,
    pub text: String,
}

impl ArticleDetail {
    pub fn of(view: &ArticleView) -> Self {
        ArticleDetail::new(&view.article, &view.segments, &view.claims)
    }

    /// The article with this text, structure and claims (for a past revision, or with the
    /// removed claims).
    pub fn new(article: &Article, segments: &[StoredSegment], claims: &[Claim]) -> Self {
        let slicer = CharSlicer::new(&article.body);
        let segments = segments
            .iter()
            .map(|s| SegmentView {
                kind: s.kind,
                text: slicer
                    .slice(stored_offset(s.start), stored_offset(s.end))
                    .to_owned(),
                start: s.start,
                end: s.end,
            })
            .collect();
        ArticleDetail {
            summary: article.clone().into(),
            body: article.body.clone(),
            claims: claims.iter().map(ClaimView::from).collect(),
            segments,
        }
    }
}

pub(super) async fn load_view(state: &AppState, id: ArticleId) -> AppResult<Arc<ArticleView>> {
    let (_, view) = state
        .articles
        .article(state.storage.as_ref(), id)
        .await?
        .ok_or_else(|| AppError::no_article(id))?;
    Ok(view)
}

/// An article's [`ArticleDetail`] as a JSON body, kept with the article's cached view.
struct DetailJson(Bytes);

/// The article's [`ArticleDetail`] as a JSON body, serialized once per revision.
fn detail_json(view: &ArticleView) -> AppResult<Bytes> {
    let json = view.derived.get_or_try_init(|| {
        serde_json::to_vec(&ArticleDetail::of(view))
            .map(|json| DetailJson(Bytes::from(json)))
            .map_err(|e| AppError::Internal(e.into()))
    })?;
    Ok(json.0.clone())
}

/// The article fields of a raw-body import, from the query string.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RawImportParams {
    pub title: Option<String>,
    pub source_url: Option<String>,
    pub published_at: Option<String>,
    /// BCP 47; detected from the text when absent.
    pub language: Option<String>,
    pub author: Option<String>,
    pub site_name: Option<String>,
    /// 1 (the default) or 2: blind double review.
    pub reviews_required: Option<i64>,
}

/// An import request: JSON (`{title, body, …}`), or a web page as `text/html` with the other
/// fields in the query string. (`text/plain` stays a 415: a JSON document sent with the wrong
/// type must not be imported as an article about curly braces.)
pub struct ImportRequest(pub ArticleInput);

impl FromRequest<AppState> for ImportRequest {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> AppResult<Self> {
        let media_type = media_type(&req);
        match media_type.as_deref() {
            mime if is_json(mime) => {
                let ApiJson(input) = ApiJson::from_request(req, state).await?;
                return Ok(ImportRequest(input));
            }
            Some("text/html" | "application/xhtml+xml") => {}
            _ => {
                return Err(AppError::UnsupportedMediaType(
                    "send the article as JSON (`Content-Type: application/json`), or a web page \
                     as `text/html` with ?title= in the query string"
                        .to_owned(),
                ));
            }
        }
        let mut req = req;
        let ApiQuery(params) = req
            .extract_parts_with_state::<ApiQuery<RawImportParams>, _>(state)
            .await?;
        let body = read_text(req, state).await?;
        Ok(ImportRequest(ArticleInput {
            title: params.title,
            body: Some(body),
            source_url: params.source_url,
            published_at: params.published_at,
            format: Some("html".to_owned()),
            language: params.language,
            author: params.author,
            site_name: params.site_name,
            url: None,
            reviews_required: params.reviews_required,
        }))
    }
}

/// Import an article: its sentences become claims.
///
/// 201 for a new article; 200 with the existing article when the identical body was imported
/// before (nothing is duplicated). The body is JSON: the article's `body` (text, or a page's
/// HTML with `"format": "html"`), or the `url` of a web page for claimdesk to fetch. From a web
/// page only the story is kept (menus, share bars, related links and comments are left out),
/// and the page's metadata fills the fields not given.
///
/// A page's HTML can also be posted as it is, with `Content-Type: text/html` and the other
/// fields (`title`, `source_url`, `published_at`, `language`, `author`, `site_name`) in the
/// query string; that form is left out of this document's request body because generated
/// clients cannot send it, and the JSON form does the same.
#[utoipa::path(
    post, path = "/articles", tag = "articles", operation_id = "import_article",
    request_body(content((ArticleInput = "application/json"))),
    responses(
        (status = 201, description = "Imported", body = ArticleDetail,
            headers(("Location" = String, description = "The article's URL"))),
        (status = 200, description = "This exact body was imported before", body = ArticleDetail),
        WriteProblems,
        (status = 502, description = "The page at `url` could not be fetched: its server failed, timed out or redirected too often", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    ImportRequest(input): ImportRequest,
) -> AppResult<Response> {
    let imported = usecase::import(&state, input, &auth.user).await?;
    let view = load_view(&state, imported.id()).await?;
    let body = detail_json(&view)?;
    Ok(match imported {
        Imported::Created(id) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/v1/articles/{id}"))],
            json_bytes(body),
        )
            .into_response(),
        Imported::Existing(id) => (
            StatusCode::OK,
            [(header::CONTENT_LOCATION, format!("/api/v1/articles/{id}"))],
            json_bytes(body),
        )
            .into_response(),
    })
}

/// List articles, newest first, with their claim counts.
#[utoipa::path(
    get, path = "/articles", tag = "articles", operation_id = "list_articles",
    params(PageParams),
    responses((status = 200, description = "A page of articles", body = Page<ArticleSummary>), ReadProblems),
)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Json<Page<ArticleSummary>>> {
    let page = params.parse("articles")?;
    let rows = state
        .storage
        .list_articles(page.after, page.fetch_limit())
        .await?;
    Ok(Json(
        Page::from_rows(rows, page, "articles", |a| a.id).map(ArticleSummary::from),
    ))
}

/// Which text of an article to read, and whether with its removed claims.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// A revision of the text (see `/articles/{id}/revisions`): the body, segments and claims
    /// as they were then, each claim with its latest verdict made on that revision or
    /// before. The current revision when absent.
    pub revision: Option<i64>,
    /// Also list the claims revisions removed (each with `removed_in`).
    pub include_removed: Option<bool>,
}

/// One article: body, counts, claims, and its structure (headings and all).
#[utoipa::path(
    get, path = "/articles/{id}", tag = "articles", operation_id = "get_article",
    params(("id" = i64, Path, description = "Article id"), ArticleParams),
    responses((status = 200, description = "The article", body = ArticleDetail), ReadProblems),
)]
pub async fn show(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<ArticleParams>,
) -> AppResult<Response> {
    let id = parse_id(&id, "article")?;
    let view = load_view(&state, id).await?;
    let current = view.article.text_revision;
    match params.revision {
        Some(revision) if revision != current => {
            let past = usecase::past_text(&state, &view.article, revision).await?;
            let mut article = view.article.clone();
            article.body = past.body;
            article.text_revision = past.revision;
            article.counts = StatusCounts::of(past.claims.iter().map(|c| c.status));
            Ok(Json(ArticleDetail::new(&article, &past.segments, &past.claims)).into_response())
        }
        _ if params.include_removed == Some(true) => {
            let claims = state
                .storage
                .claims(&ClaimFilter {
                    article_id: Some(id),
                    include_removed: true,
                    limit: u32::MAX,
                    ..Default::default()
                })
                .await?;
            Ok(Json(ArticleDetail::new(&view.article, &view.segments, &claims)).into_response())
        }
        _ => Ok(json_bytes(detail_json(&view)?)),
    }
}

/// The article's claims in order (or most check-worthy first), optionally by status.
#[utoipa::path(
    get, path = "/articles/{id}/claims", tag = "claims", operation_id = "list_article_claims",
    params(("id" = i64, Path, description = "Article id"), StatusParam, TriageParams, RevisionParams, PageParams),
    responses((status = 200, description = "A page of claims", body = Page<ClaimView>), ReadProblems),
)]
// Extractors, one per group of query parameters the listings share.
#[allow(clippy::too_many_arguments)]
pub async fn claims(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    ApiQuery(status): ApiQuery<StatusParam>,
    ApiQuery(triage): ApiQuery<TriageParams>,
    ApiQuery(revisions): ApiQuery<RevisionParams>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Response> {
    let answer = state
        .answers
        .json(state.storage.as_ref(), uri.to_string(), || async {
            let id = parse_id(&id, "article")?;
            let filter = ClaimFilter {
                article_id: Some(id),
                status: status.parse()?,
                ..Default::default()
            };
            let filter = revisions.apply(triage.apply(filter)?);
            if state.storage.article(id).await?.is_none() {
                return Err(AppError::no_article(id));
            }
            let page = claims_page(&state, filter, &params, "article-claims").await?;
            Ok(page.map(ClaimView::from))
        });
    Ok(json_bytes(answer.await?))
}

/// What `PATCH /articles/{id}` changes.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlePatch {
    /// 1: one review settles a claim; 2: two independent, blind reviews (equal verdicts settle
    /// the claim, different ones go to an editor).
    #[serde(default)]
    pub reviews_required: Option<i64>,
}

/// Change an article's review policy (editors).
#[utoipa::path(
    patch, path = "/articles/{id}", tag = "articles", operation_id = "update_article",
    params(("id" = i64, Path, description = "Article id")),
    request_body(content = ArticlePatch, content_type = "application/json"),
    responses((status = 200, description = "The article as it now is", body = ArticleSummary), WriteProblems),
)]
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated<require::Editor>,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ArticlePatch>,
) -> AppResult<Json<ArticleSummary>> {
    let id = parse_id(&id, "article")?;
    let Some(required) = patch.reviews_required else {
        return Err(AppError::validation(
            "reviews_required",
            "nothing to change: send reviews_required (1 or 2)",
        ));
    };
    let article = usecase::set_review_policy(&state, id, required, &auth.user).await?;
    Ok(Json(article.into()))
}
