//! Double review for editors and everyone measuring it: `/api/v1/disputes` and
//! `/api/v1/agreement`.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::doc::ReadProblems;
use super::listing::bound;
use super::views::{ClaimView, ReviewView};
use crate::domain::agreement::Agreement;
use crate::error::AppResult;
use crate::http::auth::{Authenticated, require};
use crate::http::extract::ApiQuery;
use crate::http::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::usecase::{self, AgreementQuery};

/// A disputed claim (the claim's fields, as everywhere) with the two reviews that disagree.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeView {
    #[serde(flatten)]
    pub claim: ClaimView,
    /// Both blind reviews, in the order they came.
    pub reviews: Vec<ReviewView>,
}

/// Claims whose two blind reviews disagree (editors): an editor's verdict on the claim
/// (`POST /claims/{id}/annotations`) settles it.
#[utoipa::path(
    get, path = "/disputes", tag = "team", operation_id = "list_disputes",
    params(PageParams),
    responses((status = 200, description = "A page of disputes", body = Page<DisputeView>), ReadProblems),
)]
pub async fn disputes(
    State(state): State<AppState>,
    _auth: Authenticated<require::Editor>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> AppResult<Json<Page<DisputeView>>> {
    let page = params.parse("disputes")?;
    let disputes = state
        .storage
        .disputes(page.after, page.fetch_limit())
        .await?;
    Ok(Json(
        Page::from_rows(disputes, page, "disputes", |d| d.claim.id).map(|d| DisputeView {
            claim: d.claim.into(),
            reviews: d.reviews.into_iter().map(ReviewView::from).collect(),
        }),
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementParams {
    /// Only this article's claims.
    pub article_id: Option<i64>,
    /// Only pairs of reviews one of which is this reviewer's (a user name).
    pub reviewer: Option<String>,
    /// Only double reviews completed at or after this date or time (RFC 3339 or YYYY-MM-DD).
    pub since: Option<String>,
    /// Only double reviews completed at or before this date or time.
    pub until: Option<String>,
}

/// Inter-reviewer agreement over blind double reviews: Krippendorff's alpha (nominal) over
/// every compared claim, Cohen's kappa and raw agreement per pair of reviewers, and the
/// confusion matrix of statuses (rows: the first review, columns: the second). `note` warns
/// when fewer than 30 claims were compared.
#[utoipa::path(
    get, path = "/agreement", tag = "team", operation_id = "agreement",
    params(AgreementParams),
    responses((status = 200, description = "Agreement figures", body = Agreement), ReadProblems),
)]
pub async fn agreement(
    State(state): State<AppState>,
    _auth: Authenticated<require::Viewer>,
    ApiQuery(params): ApiQuery<AgreementParams>,
) -> AppResult<Json<Agreement>> {
    let query = AgreementQuery {
        article_id: params.article_id,
        reviewer: params.reviewer,
        since: bound("since", params.since.as_deref(), false)?,
        until: bound("until", params.until.as_deref(), true)?,
    };
    Ok(Json(usecase::agreement(&state, query).await?))
}
