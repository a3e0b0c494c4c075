//! The storage layer: every line of SQL lives below this module.
//!
//! Storage is split by concern, one trait each ([`Accounts`], [`Articles`], [`Claims`],
//! [`Search`], [`Outbox`], [`Maintenance`]); [`Storage`] is their sum. The rest of the service
//! sees only these traits and the plain records they return, so a second backend (PostgreSQL,
//! for several instances) is a second implementation of each, one file per concern. SQLite
//! ([`sqlite::SqliteStorage`]) is the embedded default.

pub mod accounts;
pub mod articles;
pub mod claims;
pub mod maintenance;
pub mod outbox;
pub mod search;
pub mod sqlite;

use std::sync::Arc;

pub use accounts::{Accounts, SessionRecord, TokenInfo, User};
pub use articles::{Article, ArticleStamp, Articles, Imported, NewSegment, StoredSegment};
pub use claims::{Activity, Claim, ClaimFilter, Claims, HistoryEntry, Recorded};
pub use maintenance::{Maintenance, PoolStats};
pub use outbox::{Attempt, Delivery, DeliveryOutcome, DueDelivery, Outbox, Webhook};
pub use search::{ClaimSearch, Search};

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

/// How soon [`Maintenance::generation`] notices a change made outside this process.
pub const CHANGE_NOTICE: std::time::Duration = std::time::Duration::from_millis(20);

/// Everything the service stores: the sum of the concerns.
pub trait Storage: Accounts + Articles + Claims + Search + Outbox + Maintenance {}

impl<T: Accounts + Articles + Claims + Search + Outbox + Maintenance> Storage for T {}

pub type DynStorage = Arc<dyn Storage>;

/// How hard the database works to keep a commit through a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// An acknowledged write survives a power cut (SQLite: `synchronous=FULL`).
    #[default]
    Full,
    /// An acknowledged write survives a crash of the process, but the last commits may be
    /// lost on a power cut (SQLite: `synchronous=NORMAL`); faster writes.
    Normal,
}

/// Which database to open and how: built from the command line or the environment by the
/// caller, with nothing of either in it.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    /// A file path or a `sqlite:` URL.
    pub url: String,
    pub durability: Durability,
    /// Connections that read (writes go through one connection: see [`sqlite`]).
    pub read_connections: u32,
}

impl StorageConfig {
    /// The defaults for the database at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        StorageConfig {
            url: url.into(),
            durability: Durability::Full,
            read_connections: 8,
        }
    }
}

/// Opens the database `config` names, creating it and applying migrations as needed; the URL
/// picks the backend.
pub async fn open(config: &StorageConfig) -> anyhow::Result<DynStorage> {
    match config.url.split_once("://").map(|(scheme, _)| scheme) {
        Some("postgres" | "postgresql") => anyhow::bail!(
            "'{}' is a PostgreSQL URL; this build stores its data in SQLite: give a file path or \
             a sqlite: URL",
            config.url
        ),
        _ => Ok(Arc::new(sqlite::SqliteStorage::open(config).await?)),
    }
}
