//! Answers that depend on nothing but stored data (and who asks), kept as the bytes that were
//! sent.
//!
//! A claim listing (`GET /api/v1/claims?status=unreviewed`, an article's claims) reads and
//! decodes dozens of rows, each with its latest verdict and reading, and serializes tens of
//! kilobytes of JSON: over a millisecond, where sending those bytes takes a tenth of that.
//! Newsroom tools poll such listings. While nothing changes, the same query gets the same
//! bytes, so they are kept under the request's path and query and the storage's
//! [`generation`](crate::storage::Maintenance::generation) at the time they were read: any
//! change moves the generation and retires every answer read before it (changes made through
//! this server at once, before they are acknowledged; others within the storage's change
//! notice). The caller is authorized before the cache is consulted, and a refusal is never kept.
//! An answer that differs by who asks (a page: the reader's name, role and queue) carries the
//! reader in its key; one that says something once (a notice after a verdict) is never kept.

use std::future::Future;
use std::hash::Hash;

use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::{UnitWeighter, Weighter};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::storage::{Storage, StorageResult, User, UserId};

/// Memory for kept answers (their bytes and keys).
const ANSWER_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, (u64, Bytes)> for ByLength {
    fn weight(&self, key: &String, (_, body): &(u64, Bytes)) -> u64 {
        (key.len() + body.len()) as u64
    }
}

/// Values kept under the storage generation they were made at: what both caches here share.
struct Kept<K, V, W = UnitWeighter> {
    values: Cache<K, (u64, V), W>,
}

impl<K, V, W> Kept<K, V, W>
where
    K: Eq + Hash + Clone,
    V: Clone,
    W: Weighter<K, (u64, V)> + Clone,
{
    /// The value kept for `key` if nothing changed since it was made; otherwise makes it with
    /// `make`, keeps and returns it.
    async fn get_or_make<E, F>(
        &self,
        storage: &dyn Storage,
        key: K,
        make: impl FnOnce() -> F,
    ) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        // Read before the data is: a change committed meanwhile retires what is made here.
        let generation = storage.generation();
        if let Some((made_at, value)) = self.values.get(&key)
            && made_at == generation
        {
            return Ok(value);
        }
        let value = make().await?;
        self.values.insert(key, (generation, value.clone()));
        Ok(value)
    }
}

pub struct AnswerCache {
    answers: Kept<String, Bytes, ByLength>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache {
            answers: Kept {
                values: Cache::with_weighter(1024, ANSWER_BYTES, ByLength),
            },
        }
    }
}

impl AnswerCache {
    /// The answer kept for `key` if nothing changed since it was made; otherwise makes it with
    /// `make`, keeps and returns it.
    pub async fn get_or_make<E, F>(
        &self,
        storage: &dyn Storage,
        key: String,
        make: impl FnOnce() -> F,
    ) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        self.answers.get_or_make(storage, key, make).await
    }

    /// [`AnswerCache::get_or_make`] for a JSON answer kept under a request's path and query.
    pub async fn json<T, F>(
        &self,
        storage: &dyn Storage,
        key: String,
        make: impl FnOnce() -> F,
    ) -> AppResult<Bytes>
    where
        T: Serialize,
        F: Future<Output = AppResult<T>>,
    {
        self.get_or_make(storage, key, || async {
            let answer = make().await?;
            serde_json::to_vec(&answer)
                .map(Bytes::from)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await
    }
}

/// Each reader's queue count, shown in the header of every page, kept the same way: counting
/// it is a query over assignments and claims that every page view would otherwise make.
pub struct QueueCounts {
    counts: Kept<UserId, i64>,
}

impl Default for QueueCounts {
    fn default() -> Self {
        QueueCounts {
            counts: Kept {
                values: Cache::new(QUEUE_COUNTS),
            },
        }
    }
}

impl QueueCounts {
    pub async fn get_or_count(&self, storage: &dyn Storage, user: &User) -> StorageResult<i64> {
        self.counts
            .get_or_make(storage, user.id, || storage.queue_count(user))
            .await
    }
}

/// Readers whose queue count is kept.
const QUEUE_COUNTS: usize = 10_000;
