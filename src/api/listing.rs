//! How claim listings are asked for and paged: the filters the API's claim listings share
//! (`?status=`, `?sort=`, `?min_checkworthiness=`, `?changed=`, `?include_removed=`) and one
//! way to page them in either order.

use serde::Deserialize;

use crate::clock;
use crate::domain::ClaimStatus;
use crate::error::{AppError, AppResult};
use crate::http::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::storage::{Claim, ClaimFilter, ClaimOrder};

/// The `?status=` filter of claim listings.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusParam {
    /// Only claims in this status.
    #[param(value_type = Option<ClaimStatus>)]
    pub status: Option<String>,
}

impl StatusParam {
    pub fn parse(&self) -> AppResult<Option<ClaimStatus>> {
        match self
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Ok(None),
            Some(raw) => {
                raw.parse()
                    .map(Some)
                    .map_err(|e: crate::domain::status::UnknownStatus| {
                        AppError::BadRequest(e.to_string())
                    })
            }
        }
    }
}

/// Triage: the order of a claim listing and a floor on check-worthiness.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TriageParams {
    /// `position` (article order, the default) or `checkworthiness` (most check-worthy first).
    #[param(value_type = Option<String>, example = "checkworthiness")]
    pub sort: Option<String>,
    /// Only claims at least this check-worthy (0 to 1; 0.5 and up are check-worthy).
    #[param(minimum = 0.0, maximum = 1.0)]
    pub min_checkworthiness: Option<f64>,
}

impl TriageParams {
    pub fn apply(&self, filter: ClaimFilter) -> AppResult<ClaimFilter> {
        let order = match self.sort.as_deref().map(str::trim).unwrap_or_default() {
            "" | "position" => ClaimOrder::Position,
            "checkworthiness" => ClaimOrder::Checkworthiness,
            other => {
                return Err(AppError::BadRequest(format!(
                    "sort must be 'position' or 'checkworthiness', not '{other}'"
                )));
            }
        };
        if let Some(min) = self.min_checkworthiness
            && !(0.0..=1.0).contains(&min)
        {
            return Err(AppError::BadRequest(format!(
                "min_checkworthiness must be between 0 and 1, not {min}"
            )));
        }
        Ok(ClaimFilter {
            order,
            min_checkworthiness: self.min_checkworthiness,
            ..filter
        })
    }
}

/// Revisions' marks on claims: `?changed=true` lists the claims a revision edited since
/// their last verdict; `?include_removed=true` adds the claims revisions removed.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevisionParams {
    /// `true`: only claims whose words a revision changed since their last verdict (they
    /// need a re-check); `false`: only the others.
    pub changed: Option<bool>,
    /// Also list claims whose sentences revisions removed (each with `removed_in`).
    pub include_removed: Option<bool>,
}

impl RevisionParams {
    pub fn apply(&self, filter: ClaimFilter) -> ClaimFilter {
        ClaimFilter {
            changed: self.changed,
            include_removed: self.include_removed.unwrap_or(false),
            ..filter
        }
    }
}

/// One page of the claims `filter` selects. Article order continues from the last claim's
/// id; check-worthiness order (scores tie, and have no key to continue from) by position in
/// the listing, and its cursors are its own.
pub async fn claims_page(
    state: &AppState,
    filter: ClaimFilter,
    params: &PageParams,
    listing: &str,
) -> AppResult<Page<Claim>> {
    match filter.order {
        ClaimOrder::Position => {
            let page = params.parse(listing)?;
            let rows = state
                .storage
                .claims(&ClaimFilter {
                    after: page.after,
                    limit: page.fetch_limit(),
                    ..filter
                })
                .await?;
            Ok(Page::from_rows(rows, page, listing, |c| c.id))
        }
        ClaimOrder::Checkworthiness => {
            let listing = format!("{listing}-by-checkworthiness");
            let page = params.parse(&listing)?;
            let offset = u32::try_from(page.after.unwrap_or(0)).unwrap_or(u32::MAX);
            let rows = state
                .storage
                .claims(&ClaimFilter {
                    offset,
                    limit: page.fetch_limit(),
                    ..filter
                })
                .await?;
            let numbered: Vec<(i64, Claim)> = (i64::from(offset) + 1..).zip(rows).collect();
            Ok(Page::from_rows(numbered, page, &listing, |(n, _)| *n).map(|(_, c)| c))
        }
    }
}

/// A date covers its whole day: `since` from its first microsecond, `until` to its last.
pub fn bound(field: &str, raw: Option<&str>, end_of_day: bool) -> AppResult<Option<String>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let date = match clock::parse_date_or_time(raw) {
        Some(clock::DateOrTime::Time(at)) => return Ok(Some(clock::format(at))),
        Some(clock::DateOrTime::Date(date)) => date,
        None => {
            return Err(AppError::BadRequest(format!(
                "{field} must be a date (2025-11-27) or an RFC 3339 timestamp, not '{raw}'"
            )));
        }
    };
    let time = if end_of_day {
        time::Time::from_hms_micro(23, 59, 59, 999_999).unwrap_or(time::Time::MIDNIGHT)
    } else {
        time::Time::MIDNIGHT
    };
    Ok(Some(clock::format(date.with_time(time).assume_utc())))
}
