//! `/api/v1/claims`: list claims across articles, read one with its history, record verdicts.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::doc::{ReadProblems, VerdictProblems, WriteProblems};
use super::listing::{RevisionParams, StatusParam, TriageParams, claims_page};
use super::views::{ClaimView, EditView, HistoryEntryView, ReviewView};
use crate::domain::{AnnotationInput, ClaimEditInput};
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, ApiQuery, parse_id};
use crate::http::pagination::{Page, PageParams, PageRequest};
use crate::search;
use crate::state::AppState;
use crate::storage::{Claim, ClaimFilter, ClaimId, HistoryEntry, User};
use crate::usecase;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClaimsQuery {
    /// Only claims of this article.
    pub article_id: Option<i64>,
    /// Full-text search across articles: claims sharing words with this text, most relevant
    /// first, each with its `similarity` (0 to 1) and whether it is an `exact` match.
    pub q: Option<String>,
}

/// A listed claim; search results add how close they are to the query.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimListItem {
    #[serde(flatten)]
    pub claim: ClaimView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
}

impl From<Claim> for ClaimListItem {
    fn from(claim: Claim) -> Self {
        ClaimListItem {
            claim: claim.into(),
            similarity: None,
            exact: None,
        }
    }
}

/// Claims across articles, in article order, filtered by status and article.
#[utoipa::path(
    get, path = "/claims", tag = "claims", operation_id = "list_claims",
    params(ClaimsQuery, StatusParam, TriageParams, RevisionParams, PageParams),
    responses((status = 200, description = "A page of claims", body = Page<ClaimListItem>), ReadProblems),
)]
// Extractors, one per group of query parameters the listings share.
#[allow(clippy::too_many_arguments)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ClaimsQuery>,
    ApiQuery(status): ApiQuery<StatusParam>,
    ApiQuery(triage): ApiQuery<TriageParams>,
    ApiQuery(revisions): ApiQuery<RevisionParams>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Response> {
    let answer = state
        .answers
        .json(state.storage.as_ref(), uri.to_string(), || {
            list_claims(&state, query, status, triage, revisions, params)
        });
    Ok(super::views::json_bytes(answer.await?))
}

async fn list_claims(
    state: &AppState,
    query: ClaimsQuery,
    status: StatusParam,
    triage: TriageParams,
    revisions: RevisionParams,
    params: PageParams,
) -> AppResult<Page<ClaimListItem>> {
    let status = status.parse()?;
    let filter = revisions.apply(triage.apply(ClaimFilter {
        article_id: query.article_id,
        status,
        ..Default::default()
    })?);
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        // Relevance has no stable key to continue from, so search pages by position.
        let page = params.parse("claims-search")?;
        let hits = search::find(
            state.storage.as_ref(),
            q,
            query.article_id,
            status,
            page.offset(),
            page.fetch_limit(),
        )
        .await?;
        return Ok(
            Page::by_position(hits, page, "claims-search").map(|h| ClaimListItem {
                claim: h.claim.into(),
                similarity: Some(h.similarity),
                exact: Some(h.exact),
            }),
        );
    }
    let page = claims_page(state, filter, &params, "claims").await?;
    Ok(page.map(ClaimListItem::from))
}

/// How many history entries a claim's JSON carries; the rest is a page away.
pub const HISTORY_IN_CLAIM: u32 = crate::storage::claims::RECENT_HISTORY;

/// A claim with the newest entries of its verdict history: an answer of bounded size however
/// many verdicts the claim has had.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub claim: ClaimView,
    /// The newest verdicts, newest first: at most 20.
    pub history: Vec<HistoryEntryView>,
    /// How many verdicts the claim has had in all.
    pub history_total: i64,
    /// The path of the page of older verdicts, or null when `history` holds them all.
    pub history_next: Option<String>,
    /// Under double review, the blind reviews of the current round, in the order they came.
    /// Until a reviewer has submitted their own, the others' are hidden from them (editors see
    /// all); an empty list then.
    pub reviews: Vec<ReviewView>,
}

impl IntoResponse for ClaimDetail {
    fn into_response(self) -> Response {
        let etag = etag(self.claim.version);
        ([(header::ETAG, etag)], Json(self)).into_response()
    }
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("a number is a valid header value")
}

/// The claim with its newest history and the blind reviews `viewer` may see.
pub(super) async fn load_detail(
    state: &AppState,
    claim: Claim,
    viewer: &User,
    recent_history: Option<Vec<HistoryEntry>>,
) -> AppResult<ClaimDetail> {
    let reviews = usecase::visible_reviews(state, &claim, viewer).await?;
    let page = PageRequest {
        limit: HISTORY_IN_CLAIM,
        after: None,
    };
    let history = match recent_history {
        // A verdict's write read them already.
        Some(rows) => Page::from_rows(rows, page, &history_listing(claim.id), |h| h.version)
            .map(HistoryEntryView::from),
        None => history_page(state, claim.id, page).await?,
    };
    Ok(ClaimDetail {
        history_total: claim.lineage.verdicts,
        history_next: history
            .next_cursor
            .as_deref()
            .map(|cursor| format!("/api/v1/claims/{}/history?cursor={cursor}", claim.id)),
        history: history.items,
        reviews: reviews.into_iter().map(ReviewView::from).collect(),
        claim: claim.into(),
    })
}

/// The cursors of one claim's history: a version to continue below.
fn history_listing(id: ClaimId) -> String {
    format!("claims/{id}/history")
}

async fn history_page(
    state: &AppState,
    id: ClaimId,
    page: PageRequest,
) -> AppResult<Page<HistoryEntryView>> {
    let rows = state
        .storage
        .claim_history_page(id, page.after, page.fetch_limit())
        .await?;
    Ok(
        Page::from_rows(rows, page, &history_listing(id), |h| h.version)
            .map(HistoryEntryView::from),
    )
}

/// A claim's verdict history, newest first, a page at a time.
#[utoipa::path(
    get, path = "/claims/{id}/history", tag = "claims", operation_id = "claim_history",
    params(("id" = i64, Path, description = "Claim id"), PageParams),
    responses(
        (status = 200, description = "Verdicts, newest first", body = Page<HistoryEntryView>),
        ReadProblems,
    ),
)]
pub async fn history(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Json<Page<HistoryEntryView>>> {
    let id = parse_id(&id, "claim")?;
    let page = params.parse(&history_listing(id))?;
    if state.storage.claim(id).await?.is_none() {
        return Err(AppError::no_claim(id));
    }
    Ok(Json(history_page(&state, id, page).await?))
}

/// One claim with its verdict history (newest first); the ETag is its version.
#[utoipa::path(
    get, path = "/claims/{id}", tag = "claims", operation_id = "get_claim",
    params(("id" = i64, Path, description = "Claim id")),
    responses(
        (status = 200, description = "The claim", body = ClaimDetail,
            headers(("ETag" = String, description = "The claim's version, quoted: \"3\""))),
        ReadProblems,
    ),
)]
pub async fn show(
    State(state): State<AppState>,
    auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<ClaimDetail> {
    let id = parse_id(&id, "claim")?;
    let claim = state
        .storage
        .claim(id)
        .await?
        .ok_or_else(|| AppError::no_claim(id))?;
    load_detail(&state, claim, &auth.user, None).await
}

/// Correct who made the claim (`attribution`) or give it a short `summary`.
///
/// A field left out is not touched; `null` clears it. Each change is kept in the claim's edit
/// history (`GET /claims/{id}/edits`); the claim's version (its verdict version, the ETag)
/// does not move, so a verdict in progress is not refused because of a correction.
#[utoipa::path(
    patch, path = "/claims/{id}", tag = "claims", operation_id = "edit_claim",
    params(("id" = i64, Path, description = "Claim id")),
    request_body(content = ClaimEditInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The claim as corrected", body = ClaimDetail,
            headers(("ETag" = String, description = "The claim's version"))),
        WriteProblems,
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    auth: Authenticated<require::Reviewer>,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ClaimEditInput>,
) -> AppResult<ClaimDetail> {
    let claim_id: ClaimId = parse_id(&id, "claim")?;
    let claim = usecase::correct_claim(&state, claim_id, input, &auth.user).await?;
    load_detail(&state, claim, &auth.user, None).await
}

/// Every correction of the claim's speaker and summary, newest first.
#[utoipa::path(
    get, path = "/claims/{id}/edits", tag = "claims", operation_id = "claim_edits",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "Corrections, newest first", body = Vec<EditView>), ReadProblems),
)]
pub async fn edits(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<EditView>>> {
    let id = parse_id(&id, "claim")?;
    if state.storage.claim(id).await?.is_none() {
        return Err(AppError::no_claim(id));
    }
    let edits = state.storage.claim_edits(id).await?;
    Ok(Json(edits.into_iter().map(EditView::from).collect()))
}

/// Record a verdict: it is appended to the claim's history and becomes its status.
///
/// With `If-Match: "V"` the verdict lands only if the claim is still at version V (412
/// otherwise, and nothing is written); without it every verdict is recorded.
///
/// On an article under double review (`reviews_required: 2`) a reviewer's verdict is a blind
/// review: the claim's `status` waits until two different reviewers have submitted. Equal
/// verdicts settle it (both join the history); different ones make it `disputed`, and an
/// editor's verdict settles it. A reviewer's second review of the claim, or a review of a
/// disputed or settled claim, is a 409. Editors' verdicts are verdicts.
#[utoipa::path(
    post, path = "/claims/{id}/annotations", tag = "claims", operation_id = "annotate_claim",
    params(
        ("id" = i64, Path, description = "Claim id"),
        ("If-Match" = Option<String>, Header, description = "The claim version the verdict replaces, quoted: \"2\""),
    ),
    request_body(content = AnnotationInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = ClaimDetail,
            headers(("ETag" = String, description = "The claim's new version"))),
        VerdictProblems,
    ),
)]
pub async fn annotate(
    State(state): State<AppState>,
    auth: Authenticated<require::Reviewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<AnnotationInput>,
) -> AppResult<Response> {
    let claim_id: ClaimId = parse_id(&id, "claim")?;
    let if_version = match if_match(&headers)? {
        IfMatch::Any => None,
        IfMatch::Version(version) => Some(version),
        IfMatch::Weak(tag) => {
            let claim = state
                .storage
                .claim(claim_id)
                .await?
                .ok_or_else(|| AppError::no_claim(claim_id))?;
            return Err(AppError::PreconditionFailed {
                detail: format!(
                    "If-Match compares entity tags strongly (RFC 9110), so the weak tag {tag} \
                     never matches; send the claim's ETag as it was given: \"{}\"",
                    claim.version
                ),
                current_version: claim.version,
            });
        }
    };
    let recorded = usecase::record_verdict(&state, claim_id, input, &auth.user, if_version).await?;
    let detail = load_detail(&state, recorded.claim, &auth.user, recorded.recent_history).await?;
    Ok((StatusCode::CREATED, detail).into_response())
}

/// What `If-Match` asks for.
#[derive(Debug, PartialEq, Eq)]
enum IfMatch {
    /// No header, or `*`: any existing claim.
    Any,
    Version(i64),
    /// A weak tag (`W/"3"`), which a strong comparison never matches.
    Weak(String),
}

/// Reads `If-Match`. ETags here are claim versions: `"3"` (a bare `3` is accepted too); `*`
/// matches any existing claim.
fn if_match(headers: &HeaderMap) -> AppResult<IfMatch> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(IfMatch::Any);
    };
    let raw = value.to_str().unwrap_or_default().trim();
    if raw == "*" {
        return Ok(IfMatch::Any);
    }
    if raw.starts_with("W/") {
        return Ok(IfMatch::Weak(raw.to_owned()));
    }
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(raw);
    unquoted.parse::<i64>().map(IfMatch::Version).map_err(|_| {
        AppError::BadRequest(format!(
            "If-Match must be the claim's ETag, a version in quotes such as \"3\"; got {raw:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> AppResult<IfMatch> {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MATCH, HeaderValue::from_str(value).unwrap());
        if_match(&headers)
    }

    #[test]
    fn if_match_forms() {
        assert_eq!(parse("\"3\"").unwrap(), IfMatch::Version(3));
        assert_eq!(parse("W/\"4\"").unwrap(), IfMatch::Weak("W/\"4\"".into()));
        assert_eq!(parse("5").unwrap(), IfMatch::Version(5));
        assert_eq!(parse("*").unwrap(), IfMatch::Any);
        assert_eq!(if_match(&HeaderMap::new()).unwrap(), IfMatch::Any);
        assert_eq!(parse("\"abc\"").unwrap_err().status().as_u16(), 400);
    }
}
