//! The storage layer: every line of SQL lives below this module.
//!
//! The rest of the service sees only the [`Storage`] trait and the plain records it returns,
//! so a PostgreSQL backend for multi-instance deployments is a second implementation of the
//! trait, not a rewrite. SQLite ([`sqlite::SqliteStorage`]) is the embedded default.

pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;

use crate::domain::webhook::{Event, NewWebhook};
use crate::domain::{ClaimStatus, NewAnnotation, NewArticle, Role, Source, StatusCounts};
use crate::segment::SegmentKind;

pub type UserId = i64;
pub type ArticleId = i64;
pub type ClaimId = i64;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A unique name or key is taken.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    /// `If-Match` named a version that is no longer current.
    #[error("the claim is at version {current}")]
    VersionMismatch { current: i64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// Stored data that does not decode: a bug or a hand-edited database.
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// How soon [`Storage::generation`] notices a change made outside this process.
pub const CHANGE_NOTICE: std::time::Duration = std::time::Duration::from_millis(20);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub created_at: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user: String,
    pub label: String,
    pub prefix: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// An article with its claim counts, without its claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub body: String,
    pub source_url: Option<String>,
    pub published_at: Option<String>,
    pub created_at: String,
    pub counts: StatusCounts,
}

/// What every cached rendering of an article depends on. A rendering made at one stamp is
/// current while the article's stamp is equal to it; one query reads the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleStamp {
    /// This database's history: a restore starts a new one.
    pub lineage: i64,
    /// Moves with every verdict on one of the article's claims.
    pub revision: i64,
    /// The newest claim and the newest verdict in any article: what the claims found again in
    /// other articles depend on.
    pub newest_claim: i64,
    pub newest_verdict: i64,
}

/// A piece of an article's structure, as segmented at import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSegment {
    pub kind: SegmentKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSegment {
    pub kind: SegmentKind,
    pub start: i64,
    pub end: i64,
}

/// A claim with its current verdict (the latest annotation's, if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
}

/// One verdict in a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub version: i64,
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub reviewer: String,
    pub created_at: String,
}

/// Which claims to list. Claims come in article order (by id, which follows position).
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

/// A stored browser session: opaque data and its expiry (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub data: String,
    pub expires_at: i64,
}

/// How a connection pool is used, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub name: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A full-text search over claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimSearch {
    /// Words to look for; claims with more of them rank higher.
    pub terms: Vec<String>,
    /// How many of the terms a claim must hold (0 or 1: any of them).
    pub min_shared: usize,
    /// Most relevant first (BM25, which scores every match); otherwise newest first, which
    /// stops after `limit` matches however many there are.
    pub by_relevance: bool,
    pub article_id: Option<ArticleId>,
    pub status: Option<ClaimStatus>,
    pub offset: u32,
    pub limit: u32,
}

/// A webhook subscription (its secret is never read back out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<Event>,
    pub active: bool,
    pub created_at: String,
}

/// One attempt to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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

/// A verdict as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The claim with its new status and version.
    pub claim: Claim,
    /// Whether webhook deliveries were queued with it (the dispatcher need not wake if not).
    pub deliveries_queued: bool,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(ArticleId),
    /// An article with the identical body already existed; nothing was written.
    Existing(ArticleId),
}

impl Imported {
    pub fn id(self) -> ArticleId {
        match self {
            Imported::Created(id) | Imported::Existing(id) => id,
        }
    }
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// Succeeds when the database answers.
    async fn ping(&self) -> StorageResult<()>;
    /// A number that moves whenever articles, claims or verdicts may have changed: at once
    /// for changes made through this storage, within [`CHANGE_NOTICE`] for changes made by
    /// anything else (the command line, a restore, another instance). Read from memory, so a
    /// cache can ask it on every request and go to the database only when it moved.
    fn generation(&self) -> u64;
    fn pool_stats(&self) -> Vec<PoolStats>;
    /// Whether the database holds no account and no article.
    async fn is_empty(&self) -> StorageResult<bool>;
    /// Writes a consistent copy of the whole database to `path` (which must not exist) while
    /// the service keeps running.
    async fn backup_into(&self, path: &std::path::Path) -> StorageResult<()>;
    /// Replaces the whole database with the backup at `path`, online: other connections see
    /// the restored data on their next read.
    async fn restore_from(&self, path: &std::path::Path) -> StorageResult<()>;

    // Users and API tokens.
    async fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> StorageResult<User>;
    async fn user_by_name(&self, name: &str) -> StorageResult<Option<User>>;
    async fn user_by_id(&self, id: UserId) -> StorageResult<Option<User>>;
    /// Returns whether the user exists.
    async fn set_user_role(&self, id: UserId, role: Role) -> StorageResult<bool>;
    async fn list_users(&self) -> StorageResult<Vec<User>>;
    async fn create_token(
        &self,
        user_id: UserId,
        label: &str,
        token_hash: &str,
        prefix: &str,
    ) -> StorageResult<TokenInfo>;
    /// The user a live (not revoked) token belongs to.
    async fn user_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<User>>;
    async fn list_tokens(&self) -> StorageResult<Vec<TokenInfo>>;
    /// Returns whether a live token was revoked.
    async fn revoke_token(&self, token_id: i64) -> StorageResult<bool>;

    // Browser sessions.
    /// Stores a new session; `false` when the id is already taken.
    async fn session_insert(&self, id: &str, record: &SessionRecord) -> StorageResult<bool>;
    async fn session_save(&self, id: &str, record: &SessionRecord) -> StorageResult<()>;
    /// A session that has not expired by `now` (Unix seconds).
    async fn session_load(&self, id: &str, now: i64) -> StorageResult<Option<SessionRecord>>;
    async fn session_delete(&self, id: &str) -> StorageResult<()>;

    // Webhooks.
    async fn create_webhook(&self, hook: &NewWebhook, created_by: UserId)
    -> StorageResult<Webhook>;
    async fn list_webhooks(&self) -> StorageResult<Vec<Webhook>>;
    async fn webhook(&self, id: i64) -> StorageResult<Option<Webhook>>;
    /// Stops deliveries to a webhook; returns whether it was active.
    async fn deactivate_webhook(&self, id: i64) -> StorageResult<bool>;
    /// The newest deliveries of a webhook, with their attempts.
    async fn webhook_deliveries(&self, id: i64, limit: u32) -> StorageResult<Vec<Delivery>>;
    /// Pending deliveries due by `now_ms`, oldest first.
    async fn due_deliveries(&self, now_ms: i64, limit: u32) -> StorageResult<Vec<DueDelivery>>;
    /// When the next pending delivery is due (Unix milliseconds).
    async fn next_delivery_due(&self) -> StorageResult<Option<i64>>;
    async fn record_attempt(
        &self,
        row_id: i64,
        attempt: &Attempt,
        outcome: DeliveryOutcome,
    ) -> StorageResult<()>;

    // Articles.
    /// Stores the article, its structure and its claims in one transaction; an identical body
    /// already stored is returned instead.
    async fn import_article(
        &self,
        article: &NewArticle,
        body_sha256: &str,
        segments: &[NewSegment],
        created_by: Option<UserId>,
    ) -> StorageResult<Imported>;
    async fn article(&self, id: ArticleId) -> StorageResult<Option<Article>>;
    /// The article's [`ArticleStamp`]; `None` when there is no such article.
    async fn article_stamp(&self, id: ArticleId) -> StorageResult<Option<ArticleStamp>>;
    /// Newest first; `before` is the keyset cursor (an article id).
    async fn list_articles(
        &self,
        before: Option<ArticleId>,
        limit: u32,
    ) -> StorageResult<Vec<Article>>;
    async fn article_segments(&self, id: ArticleId) -> StorageResult<Vec<StoredSegment>>;
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

    // Claims and verdicts.
    async fn claims(&self, filter: &ClaimFilter) -> StorageResult<Vec<Claim>>;
    async fn claim(&self, id: ClaimId) -> StorageResult<Option<Claim>>;
    /// Newest first.
    async fn claim_history(&self, id: ClaimId) -> StorageResult<Vec<HistoryEntry>>;
    /// Every verdict on the article's claims, in the order they were recorded.
    async fn article_history(&self, id: ArticleId) -> StorageResult<Vec<(ClaimId, HistoryEntry)>>;
    /// Claims matching the search terms, most relevant first.
    async fn search_claims(&self, search: &ClaimSearch) -> StorageResult<Vec<Claim>>;
    /// How many claims hold each term, counting no further than `cap` (so a common word costs
    /// no more than a rare one).
    async fn term_counts(&self, terms: &[String], cap: u32) -> StorageResult<Vec<u32>>;
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

pub type DynStorage = Arc<dyn Storage>;

/// Opens the database named by `url` (a file path or a `sqlite:` URL), creating it and
/// applying migrations as needed.
pub async fn open(url: &str, options: &sqlite::Options) -> anyhow::Result<DynStorage> {
    Ok(Arc::new(sqlite::SqliteStorage::open(url, options).await?))
}
