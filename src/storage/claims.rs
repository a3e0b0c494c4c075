//! Claims and their verdicts: lists, the append-only history, and recording a verdict.

use async_trait::async_trait;
use serde::Serialize;

use super::accounts::User;
use super::articles::{Article, Articles};
use super::base::{ArticleId, ClaimId, StorageResult};
use crate::analysis::{Reason, TypeMatch};
use crate::domain::review::ReviewSummary;
use crate::domain::{ClaimStatus, NewAnnotation, Source};
use crate::segment::SegmentKind;

/// What claimdesk read in a claim at import (see [`crate::analysis`]), with what reviewers
/// have written of it since. Serialised with the names the API gives these fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ClaimReading {
    /// 0 to 1; `None` for a claim not read yet (imported before claims were read: they are
    /// read at the next start).
    pub checkworthiness: Option<f64>,
    #[serde(rename = "checkworthiness_reasons")]
    pub reasons: Vec<Reason>,
    pub claim_types: Vec<TypeMatch>,
    #[serde(rename = "attribution")]
    pub speaker: Option<Speaker>,
    /// A reviewer's short wording of the claim.
    pub summary: Option<String>,
}

impl ClaimReading {
    /// What was read in a claim, with a reviewer's summary.
    pub fn of(analysis: crate::analysis::ClaimAnalysis, summary: Option<String>) -> Self {
        ClaimReading {
            checkworthiness: Some(analysis.checkworthiness),
            reasons: analysis.reasons,
            claim_types: analysis.claim_types,
            speaker: analysis.attribution.map(|a| Speaker {
                name: a.speaker,
                start: i64::try_from(a.start).ok(),
                end: i64::try_from(a.end).ok(),
            }),
            summary,
        }
    }
}

/// Who made a claim, as the article (or a reviewer) names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    #[serde(rename = "speaker")]
    pub name: String,
    /// Code-point offsets of the name in the article body; `None` for a name a reviewer gave
    /// that the article does not write.
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// A claim with its current verdict (the latest annotation's, if any).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub id: ClaimId,
    pub article_id: ArticleId,
    /// 1-based order of the claim within its article.
    pub position: i64,
    pub text: String,
    pub kind: SegmentKind,
    pub start: i64,
    pub end: i64,
    pub status: ClaimStatus,
    pub version: i64,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub updated_at: String,
    pub updated_by: Option<String>,
    /// Serialised flat, with the API's names (webhook payloads carry claims so).
    #[serde(flatten)]
    pub reading: ClaimReading,
    #[serde(flatten)]
    pub lineage: ClaimLineage,
    /// Where the claim stands in its review (see [`crate::domain::review`]).
    pub review: ReviewSummary,
}

/// Where a claim stands across the article's text revisions (see [`crate::domain::revision`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ClaimLineage {
    /// How many verdicts its history holds (its version also moves when a revision edits it).
    #[serde(skip)]
    pub verdicts: i64,
    /// The revision that edited the claim's words since its last verdict, if any.
    pub changed_in: Option<i64>,
    /// The revision the claim's sentence left the article in, if it did.
    pub removed_in: Option<i64>,
    /// The claims a split or merge made this one of.
    pub derived_from: Vec<ClaimId>,
}

/// One verdict in a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub reviewer: String,
    pub created_at: String,
    /// The article's text revision the verdict was made on.
    pub revision: i64,
}

/// Which claims to list. Claims come by id; an article's claims in article order.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub article_id: Option<ArticleId>,
    pub status: Option<ClaimStatus>,
    /// Keyset pagination: only claims with a greater id.
    pub after: Option<ClaimId>,
    pub limit: u32,
    /// Only claims whose status last changed at or after this timestamp (stored format).
    pub updated_from: Option<String>,
    /// Only claims whose status last changed at or before this timestamp (stored format).
    pub updated_to: Option<String>,
    /// Only claims at least this check-worthy.
    pub min_checkworthiness: Option<f64>,
    pub order: ClaimOrder,
    /// Claims to skip, in [`ClaimOrder::Checkworthiness`] (which has no keyset to continue from).
    pub offset: u32,
    /// Only claims a revision edited since their last verdict (`true`), or only the others.
    pub changed: Option<bool>,
    /// Claims removed by a revision are left out unless this is set.
    pub include_removed: bool,
}

/// The order claims are listed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClaimOrder {
    /// Article order (by id, which follows position): keyset pagination with `after`.
    #[default]
    Position,
    /// Most check-worthy first (claims not read yet last), then article order: paginated
    /// with `offset`.
    Checkworthiness,
}

/// A recorded verdict, for activity feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub claim_id: ClaimId,
    pub article_id: ArticleId,
    pub article_title: String,
    pub claim_text: String,
    pub status: ClaimStatus,
    pub reviewer: String,
    pub created_at: String,
}

/// How many history entries, newest first, a claim's answer carries (the rest is paged).
pub const RECENT_HISTORY: u32 = 20;

/// A verdict as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The claim with its new status and version.
    pub claim: Claim,
    /// Whether webhook deliveries were queued with it (the dispatcher need not wake if not).
    pub deliveries_queued: bool,
    /// The claim's newest history entries as of this verdict (this one first), at most
    /// [`RECENT_HISTORY`] + 1 so that the reader knows whether older ones follow, when the
    /// backend read them in the verdict's own transaction; `None` when it did not.
    pub recent_history: Option<Vec<HistoryEntry>>,
}

#[async_trait]
pub trait Claims: Articles + Send + Sync + 'static {
    async fn claims(&self, filter: &ClaimFilter) -> StorageResult<Vec<Claim>>;
    async fn claim(&self, id: ClaimId) -> StorageResult<Option<Claim>>;
    /// An article with all its claims, in order; `None` when there is no such article.
    async fn article_with_claims(
        &self,
        id: ArticleId,
    ) -> StorageResult<Option<(Article, Vec<Claim>)>> {
        let Some(article) = self.article(id).await? else {
            return Ok(None);
        };
        let claims = self
            .claims(&ClaimFilter {
                article_id: Some(id),
                limit: u32::MAX,
                ..Default::default()
            })
            .await?;
        Ok(Some((article, claims)))
    }
    /// Newest first.
    async fn claim_history(&self, id: ClaimId) -> StorageResult<Vec<HistoryEntry>> {
        self.claim_history_page(id, None, u32::MAX).await
    }
    /// Up to `limit` entries, newest first, older than `before` (a version) when given. A
    /// claim's history holds `lineage.verdicts` entries.
    async fn claim_history_page(
        &self,
        id: ClaimId,
        before: Option<i64>,
        limit: u32,
    ) -> StorageResult<Vec<HistoryEntry>>;
    /// Every verdict on the article's claims, in the order they were recorded.
    async fn article_history(&self, id: ArticleId) -> StorageResult<Vec<(ClaimId, HistoryEntry)>>;
    /// The latest verdicts across all articles, newest first.
    async fn recent_activity(&self, limit: u32) -> StorageResult<Vec<Activity>>;
    /// Appends a verdict and makes it the claim's current status, atomically. With
    /// `if_version`, nothing is written unless the claim is still at that version.
    async fn annotate(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
        if_version: Option<i64>,
    ) -> StorageResult<Recorded>;
}
