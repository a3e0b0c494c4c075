//! What the API shows of the stored records: its contract with newsroom tools, documented in
//! the OpenAPI document under the same names (`Claim`, `HistoryEntry`, `Webhook`, …) and kept
//! apart from the storage records, so that either can change without the other.

use serde::Serialize;

use crate::analysis::{self, Reason, TypeMatch};
use crate::domain::review::ReviewSummary;
use crate::domain::webhook::Event;
use crate::domain::{ClaimStatus, Source};
use crate::segment::SegmentKind;
use crate::storage::{self, ArticleId, ClaimId};

/// A claim with its current verdict (the latest annotation's, if any) and what claimdesk read
/// in it at import.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = Claim)]
pub struct ClaimView {
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
    /// How check-worthy the claim is, 0 to 1 (a model trained on ClaimBuster's labelled
    /// sentences); null only for a claim not read yet.
    #[schema(minimum = 0.0, maximum = 1.0)]
    pub checkworthiness: Option<f64>,
    /// Whether `checkworthiness` is 0.5 or more.
    pub checkworthy: bool,
    /// The words that weighed most in the score, in log-odds (positive raised it).
    pub checkworthiness_reasons: Vec<Reason>,
    /// What kinds of claim it makes, each with the words that show it.
    pub claim_types: Vec<TypeMatch>,
    /// Who made the claim, as the article names them; null when the article states it itself.
    pub attribution: Option<AttributionView>,
    /// A reviewer's short wording of the claim (ClaimReview's `claimReviewed`).
    pub summary: Option<String>,
    /// Whether a revision of the article changed the claim's words since its last verdict:
    /// its `status` is kept but needs a re-check. Any verdict clears it.
    pub changed_since_verdict: bool,
    /// The revision that changed the claim's words, while `changed_since_verdict`.
    pub changed_in: Option<i64>,
    /// The revision that removed the claim's sentence from the article; a removed claim is
    /// left out of current lists, counts and ClaimReview, and takes no verdict.
    pub removed_in: Option<i64>,
    /// For a claim a revision made by splitting a sentence or merging several: the claims
    /// it was made of.
    pub derived_from: Vec<ClaimId>,
    /// Where the claim stands in its review: how many reviews the article asks for, how many
    /// of the current round are in, and `open`, `awaiting_second`, `disputed` or `settled`.
    pub review: ReviewSummary,
}

/// Who made a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Attribution)]
pub struct AttributionView {
    pub speaker: String,
    /// Code-point offsets of the speaker's words in the article body; null when a reviewer
    /// named a speaker the article does not name.
    pub start: Option<i64>,
    pub end: Option<i64>,
}

impl From<storage::Claim> for ClaimView {
    fn from(c: storage::Claim) -> Self {
        ClaimView {
            id: c.id,
            article_id: c.article_id,
            position: c.position,
            text: c.text,
            kind: c.kind,
            start: c.start,
            end: c.end,
            status: c.status,
            version: c.version,
            sources: c.sources,
            note: c.note,
            updated_at: c.updated_at,
            updated_by: c.updated_by,
            checkworthy: c
                .reading
                .checkworthiness
                .is_some_and(|v| v >= analysis::THRESHOLD),
            checkworthiness: c.reading.checkworthiness,
            checkworthiness_reasons: c.reading.reasons,
            claim_types: c.reading.claim_types,
            attribution: c.reading.speaker.map(|s| AttributionView {
                speaker: s.name,
                start: s.start,
                end: s.end,
            }),
            summary: c.reading.summary,
            changed_since_verdict: c.lineage.changed_in.is_some(),
            changed_in: c.lineage.changed_in,
            removed_in: c.lineage.removed_in,
            derived_from: c.lineage.derived_from,
            review: c.review,
        }
    }
}

impl From<&storage::Claim> for ClaimView {
    fn from(c: &storage::Claim) -> Self {
        ClaimView::from(c.clone())
    }
}

/// One verdict in a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = HistoryEntry)]
pub struct HistoryEntryView {
    pub version: i64,
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub reviewer: String,
    pub created_at: String,
    /// The revision of the article's text the verdict was made on.
    pub revision: i64,
}

impl From<storage::HistoryEntry> for HistoryEntryView {
    fn from(h: storage::HistoryEntry) -> Self {
        HistoryEntryView {
            version: h.version,
            status: h.status,
            sources: h.sources,
            note: h.note,
            reviewer: h.reviewer,
            created_at: h.created_at,
            revision: h.revision,
        }
    }
}

/// One correction of a claim's speaker or summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = ClaimEdit)]
pub struct EditView {
    pub field: storage::EditedField,
    /// The new value; null when the correction cleared it.
    pub value: Option<String>,
    pub previous: Option<String>,
    pub editor: String,
    pub created_at: String,
}

impl From<storage::EditEntry> for EditView {
    fn from(e: storage::EditEntry) -> Self {
        EditView {
            field: e.field,
            value: e.value,
            previous: e.previous,
            editor: e.editor,
            created_at: e.created_at,
        }
    }
}

/// A webhook subscription (its secret is never read back out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Webhook)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub events: Vec<Event>,
    pub active: bool,
    pub created_at: String,
    /// Only in the answer that created the webhook, and only when claimdesk generated the
    /// secret: keep it, it is never shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl From<storage::Webhook> for WebhookView {
    fn from(w: storage::Webhook) -> Self {
        WebhookView {
            id: w.id,
            url: w.url,
            events: w.events,
            active: w.active,
            created_at: w.created_at,
            secret: None,
        }
    }
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Attempt)]
pub struct AttemptView {
    pub attempt: i64,
    pub started_at: String,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i64>,
    /// Why there was no answer (refused, timed out).
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// An event on its way to a webhook, with every attempt so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Delivery)]
pub struct DeliveryView {
    pub delivery_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed` (gave up after the last retry).
    pub state: String,
    pub attempts: i64,
    pub created_at: String,
    /// When the next attempt is due (Unix milliseconds), while pending.
    pub next_attempt_at: Option<i64>,
    pub attempt_log: Vec<AttemptView>,
}

impl From<storage::Delivery> for DeliveryView {
    fn from(d: storage::Delivery) -> Self {
        DeliveryView {
            delivery_id: d.delivery_id,
            event: d.event,
            state: d.state,
            attempts: d.attempts,
            created_at: d.created_at,
            next_attempt_at: d.next_attempt_at,
            attempt_log: d
                .attempt_log
                .into_iter()
                .map(|a| AttemptView {
                    attempt: a.attempt,
                    started_at: a.started_at,
                    status_code: a.status_code,
                    error: a.error,
                    duration_ms: a.duration_ms,
                })
                .collect(),
        }
    }
}

/// One blind review of a claim under double review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Review)]
pub struct ReviewView {
    pub reviewer: String,
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub created_at: String,
    /// The article's text revision it was made on.
    pub revision: i64,
}

impl From<storage::Review> for ReviewView {
    fn from(r: storage::Review) -> Self {
        ReviewView {
            reviewer: r.reviewer,
            status: r.status,
            sources: r.sources,
            note: r.note,
            created_at: r.created_at,
            revision: r.revision,
        }
    }
}

/// A comment on a claim; a removed one is a tombstone: `removed` true, `body` null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = Comment)]
pub struct CommentView {
    pub id: i64,
    pub claim_id: ClaimId,
    /// The comment it replies to.
    pub parent_id: Option<i64>,
    pub author: String,
    /// Null once removed.
    pub body: Option<String>,
    pub created_at: String,
    pub removed: bool,
    pub removed_at: Option<String>,
    pub removed_by: Option<String>,
    /// The users it mentions (`@name`), by name.
    pub mentions: Vec<String>,
}

impl From<storage::Comment> for CommentView {
    fn from(c: storage::Comment) -> Self {
        CommentView {
            id: c.id,
            claim_id: c.claim_id,
            parent_id: c.parent_id,
            author: c.author,
            body: c.body,
            created_at: c.created_at,
            removed: c.removed_at.is_some(),
            removed_at: c.removed_at,
            removed_by: c.removed_by,
            mentions: c.mentions,
        }
    }
}

/// A JSON body serialized beforehand (kept by a cache).
pub fn json_bytes(body: bytes::Bytes) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}
