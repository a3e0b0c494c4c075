//! The storage layer: every line of SQL lives below this module.
//!
//! Storage is split by concern, one trait each ([`Accounts`], [`Articles`], [`Claims`],
//! [`Readings`], [`Revisions`], [`Reviews`], [`Assignments`], [`Comments`], [`Publications`], [`Search`], [`Outbox`], [`Maintenance`]); [`Storage`] is their sum. The rest of the service
//! sees only these traits and the plain records they return, so a second backend (PostgreSQL,
//! for several instances) is a second implementation of each, one file per concern. SQLite
//! ([`sqlite::SqliteStorage`]) is the embedded default; PostgreSQL
//! ([`postgres::PostgresStorage`]) serves several instances sharing one database.

pub mod accounts;
pub mod articles;
pub mod assignments;
pub mod base;
pub mod claims;
pub mod comments;
pub mod config;
pub mod maintenance;
pub mod outbox;
pub mod postgres;
mod prelude;
pub mod publications;
pub mod readings;
pub mod reviews;
pub mod revisions;
mod rows;
pub mod search;
pub mod sqlite;
mod verdict_queue;

use std::sync::Arc;

pub use accounts::{Accounts, AttemptRate, SessionRecord, TokenInfo, User};
pub use articles::{Article, ArticleStamp, Articles, Imported, NewSegment, StoredSegment};
pub use assignments::{Assignment, AssignmentFilter, Assignments, QueueItem, QueueReason};
pub use base::{ArticleId, CHANGE_NOTICE, ClaimId, StorageError, StorageResult, UserId};
pub use claims::{
    Activity, Claim, ClaimFilter, ClaimLineage, ClaimOrder, ClaimReading, Claims, HistoryEntry,
    Recorded, Speaker,
};
pub use comments::{Comment, Comments, NewCommentRecord};
pub use config::{Durability, StorageConfig};
pub use maintenance::{Maintenance, PoolStats};
pub use outbox::{Attempt, Delivery, DeliveryOutcome, DueDelivery, Outbox, Webhook};
pub use publications::{Publication, PublicationSettings, Publications};
pub use readings::{ClaimEdit, EditEntry, EditedField, Readings};
pub use reviews::{AgreementFilter, Dispute, Review, ReviewOutcome, Reviews, SubmittedReview};
pub use revisions::{NewRevision, PastText, RevisionRecord, Revisions};
pub use search::{ClaimQuery, Search};

/// Everything the service stores: the sum of the concerns.
pub trait Storage:
    Accounts
    + Articles
    + Claims
    + Readings
    + Revisions
    + Reviews
    + Assignments
    + Comments
    + Publications
    + Search
    + Outbox
    + Maintenance
{
}

impl<T> Storage for T where
    T: Accounts
        + Articles
        + Claims
        + Readings
        + Revisions
        + Reviews
        + Assignments
        + Comments
        + Publications
        + Search
        + Outbox
        + Maintenance
{
}

pub type DynStorage = Arc<dyn Storage>;

/// Opens the database `config` names, creating it and applying migrations as needed; the URL
/// picks the backend.
pub async fn open(config: &StorageConfig) -> anyhow::Result<DynStorage> {
    if self::config::is_postgres_url(&config.url) {
        Ok(Arc::new(postgres::PostgresStorage::open(config).await?))
    } else {
        Ok(Arc::new(sqlite::SqliteStorage::open(config).await?))
    }
}
