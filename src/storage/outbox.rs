//! Webhook subscriptions and the outbox of deliveries: written in the same transaction as
//! the change they announce, claimed and sent by the dispatcher, every attempt logged.

use async_trait::async_trait;
use serde::Serialize;

use super::base::{ArticleId, StorageResult, UserId};
use super::claims::Claim;
use crate::domain::NewArticle;
use crate::domain::webhook::{Event, NewWebhook};

/// A webhook subscription (its secret is never read back out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<Event>,
    pub active: bool,
    pub created_at: String,
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub attempt: i64,
    pub started_at: String,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i64>,
    /// Why there was no answer (refused, timed out).
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// An event on its way to a webhook, with every attempt so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub delivery_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed` (gave up after the last retry).
    pub state: String,
    pub attempts: i64,
    pub created_at: String,
    /// When the next attempt is due (Unix milliseconds), while pending.
    pub next_attempt_at: Option<i64>,
    pub attempt_log: Vec<Attempt>,
}

/// A delivery whose attempt is due, with what it takes to send it.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub row_id: i64,
    pub delivery_id: String,
    pub event: String,
    pub payload: String,
    pub created_at: String,
    pub attempts: i64,
    pub url: String,
    pub secret: String,
}

/// What became of a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Delivered,
    /// Try again at this Unix millisecond.
    RetryAt(i64),
    Failed,
}

/// The body of an `article.imported` delivery. Built here, once for every backend, which
/// writes it to the outbox in the transaction of the import.
pub fn article_imported_payload(
    id: ArticleId,
    article: &NewArticle,
    created_at: &str,
    claim_count: usize,
) -> String {
    serde_json::json!({
        "article": {
            "id": id,
            "title": article.title,
            "source_url": article.source_url,
            "published_at": article.published_at,
            "language": article.language,
            "created_at": created_at,
            "claim_count": claim_count,
        }
    })
    .to_string()
}

/// The body of a `claim.annotated` delivery: the claim as the verdict left it.
pub fn claim_annotated_payload(claim: &Claim) -> String {
    serde_json::json!({ "claim": claim }).to_string()
}

#[async_trait]
pub trait Outbox: Send + Sync + 'static {
    async fn create_webhook(&self, hook: &NewWebhook, created_by: UserId)
    -> StorageResult<Webhook>;
    async fn list_webhooks(&self) -> StorageResult<Vec<Webhook>>;
    async fn webhook(&self, id: i64) -> StorageResult<Option<Webhook>>;
    /// Stops deliveries to a webhook; returns whether it was active.
    async fn deactivate_webhook(&self, id: i64) -> StorageResult<bool>;
    /// The newest deliveries of a webhook, with their attempts.
    async fn webhook_deliveries(&self, id: i64, limit: u32) -> StorageResult<Vec<Delivery>>;
    /// Takes up to `limit` pending deliveries due by `now_ms`, oldest first, and holds them
    /// until `lease_until_ms`: no dispatcher, in this instance or another, takes them again
    /// before then. [`Outbox::record_attempt`] settles each; one held by an instance that
    /// died is taken again by another once its lease runs out.
    async fn take_due_deliveries(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u32,
    ) -> StorageResult<Vec<DueDelivery>>;
    /// When the next pending delivery is due (Unix milliseconds).
    async fn next_delivery_due(&self) -> StorageResult<Option<i64>>;
    async fn record_attempt(
        &self,
        row_id: i64,
        attempt: &Attempt,
        outcome: DeliveryOutcome,
    ) -> StorageResult<()>;
}
