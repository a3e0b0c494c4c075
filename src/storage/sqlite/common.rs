//! The names the SQLite concern modules share: those of every backend
//! ([`prelude`](crate::storage::prelude)) and SQLite's own. Each concern module takes them with
//! `use super::common::*`.

pub(super) use crate::storage::prelude::*;
pub(super) use sqlx::Sqlite;
pub(super) use tokio::sync::oneshot;
