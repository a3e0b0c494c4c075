//! What the SQLite concern modules share: the names they use, the change counter, and how
//! stored text becomes typed values. Each concern module takes it with `use super::common::*`.

use std::sync::atomic::{AtomicU64, Ordering};

pub(super) use crate::clock::{now, now_ms};
pub(super) use crate::domain::webhook::{Event, NewWebhook};
pub(super) use crate::domain::{
    ClaimStatus, NewAnnotation, NewArticle, Role, Source, StatusCounts,
};
pub(super) use crate::segment::SegmentKind;
pub(super) use crate::storage::accounts::{Accounts, SessionRecord, TokenInfo, User};
pub(super) use crate::storage::articles::{
    Article, ArticleStamp, Articles, Imported, NewSegment, StoredSegment,
};
pub(super) use crate::storage::base::{ArticleId, ClaimId, StorageError, StorageResult, UserId};
pub(super) use crate::storage::claims::{
    Activity, Claim, ClaimFilter, Claims, HistoryEntry, Recorded,
};
pub(super) use crate::storage::maintenance::{Maintenance, PoolStats};
pub(super) use crate::storage::outbox::{
    Attempt, Delivery, DeliveryOutcome, DueDelivery, Outbox, Webhook,
};
pub(super) use crate::storage::search::{ClaimQuery, Search};
pub(super) use async_trait::async_trait;
pub(super) use sqlx::{FromRow, QueryBuilder};
pub(super) use tokio::sync::oneshot;

pub(super) use sqlx::{Sqlite, Transaction};

/// A counter of changes that may concern cached articles.
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

pub(super) fn corrupt(what: impl Into<String>) -> StorageError {
    StorageError::Corrupt(what.into())
}

pub(super) fn parse_status(raw: &str) -> StorageResult<ClaimStatus> {
    raw.parse()
        .map_err(|_| corrupt(format!("unknown status '{raw}'")))
}

pub(super) fn parse_kind(raw: &str) -> StorageResult<SegmentKind> {
    SegmentKind::parse(raw).ok_or_else(|| corrupt(format!("unknown segment kind '{raw}'")))
}

pub(super) fn parse_sources(raw: Option<&str>) -> StorageResult<Vec<Source>> {
    match raw {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json).map_err(|e| corrupt(format!("sources JSON: {e}"))),
    }
}

pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

pub(super) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
