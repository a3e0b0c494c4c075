//! What every storage concern shares: ids, the error type, how soon changes are noticed.

use std::sync::atomic::{AtomicU64, Ordering};

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
    /// A verdict sent as a plain one that the claim's review takes as no such thing: its
    /// article is under double review, or a round of blind reviews or a dispute is under way.
    #[error(
        "the review of claim {claim_id} changed meanwhile (its article went to double review, \
         or two reviews disputed it): read the claim again and send your verdict again"
    )]
    NotPlainVerdict { claim_id: ClaimId },
    /// A revision was made against a text that is no longer the article's current one.
    #[error("the article's text is at revision {current}")]
    ArticleRevised { current: i64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// From the SQLite verdict writer, which drives the engine through rusqlite.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Stored data that does not decode: a bug or a hand-edited database.
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// How soon [`Maintenance::generation`](super::Maintenance::generation) notices a change made outside this process.
pub const CHANGE_NOTICE: std::time::Duration = std::time::Duration::from_millis(20);

/// A counter of changes that may concern what a cache holds.
#[derive(Default)]
pub(super) struct Generation(AtomicU64);

impl Generation {
    pub(super) fn get(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Called after a commit, before the change is acknowledged.
    pub(super) fn moved(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}
