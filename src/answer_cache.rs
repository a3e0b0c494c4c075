//! API answers that depend on nothing but stored data, kept as the bytes that were sent.
//!
//! A claim listing (`GET /api/v1/claims?status=unreviewed`, an article's claims) reads and
//! decodes dozens of rows, each with its latest verdict and reading, and serializes tens of
//! kilobytes of JSON: over a millisecond, where sending those bytes takes a tenth of that.
//! Newsroom tools poll such listings. While nothing changes, the same query gets the same
//! bytes, so they are kept under the request's path and query and the storage's
//! [`generation`](crate::storage::Maintenance::generation) at the time they were read: any
//! change moves the generation and retires every answer read before it (changes made through
//! this server at once, before they are acknowledged; others within the storage's change
//! notice). Nothing in these answers depends on who asks: the caller is authorized before the
//! cache is consulted, and a refusal is never kept.

use std::future::Future;

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::storage::Storage;

/// Memory for kept answers (their bytes and keys).
const ANSWER_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, (u64, Bytes)> for ByLength {
    fn weight(&self, key: &String, (_, body): &(u64, Bytes)) -> u64 {
        (key.len() + body.len()) as u64
    }
}

pub struct AnswerCache {
    answers: Cache<String, (u64, Bytes), ByLength>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache {
            answers: Cache::with_weighter(1024, ANSWER_BYTES, ByLength),
        }
    }
}

impl AnswerCache {
    /// The JSON answer kept for `key` (a request's path and query) if nothing changed since
    /// it was made; otherwise makes it with `make`, keeps and returns it.
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
        // Read before the data is: a change committed meanwhile retires what is made here.
        let generation = storage.generation();
        if let Some((made_at, body)) = self.answers.get(&key)
            && made_at == generation
        {
            return Ok(body);
        }
        let answer = make().await?;
        let body =
            Bytes::from(serde_json::to_vec(&answer).map_err(|e| AppError::Internal(e.into()))?);
        self.answers.insert(key, (generation, body.clone()));
        Ok(body)
    }
}
