//! What the API shows of the stored records: its contract with newsroom tools, documented in
//! the OpenAPI document under the same names (`Claim`, `HistoryEntry`, `Webhook`, …) and kept
//! apart from the storage records, so that either can change without the other.

use serde::Serialize;

use crate::domain::webhook::Event;
use crate::domain::{ClaimStatus, Source};
use crate::segment::SegmentKind;
use crate::storage::{self, ArticleId, ClaimId};

/// A claim with its current verdict (the latest annotation's, if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
