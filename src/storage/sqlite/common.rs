//! The names the SQLite concern modules share: those of every backend
//! ([`prelude`](crate::storage::prelude)) and SQLite's own. Each concern module takes them with
//! `use super::common::*`.

pub(super) use crate::storage::prelude::*;
pub(super) use sqlx::Sqlite;

/// How long a connection waits for another's write lock before giving up: the same for the
/// pools (sqlx) and the verdict writer (rusqlite), which share the database.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
