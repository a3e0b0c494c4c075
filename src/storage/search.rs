//! Finding claims by their words: what a caller wants, not how an index does it.

use async_trait::async_trait;

use super::base::{ArticleId, StorageResult};
use super::claims::Claim;
use crate::domain::ClaimStatus;

/// A search for claims by the words of `text`, as the search box and `GET /claims?q=` ask it.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    pub text: String,
    pub article_id: Option<ArticleId>,
    pub status: Option<ClaimStatus>,
    pub offset: u32,
    pub limit: u32,
}

#[async_trait]
pub trait Search: Send + Sync + 'static {
    /// Claims holding words of the query, those holding more of them (and rarer ones) first.
    async fn search_claims(&self, query: &ClaimQuery) -> StorageResult<Vec<Claim>>;
    /// Up to `limit` claims, newest first, that may say what `claim` says: candidates for
    /// the caller to rank by similarity. Claims of the same article may be among them.
    async fn similar_claims(&self, claim: &Claim, limit: u32) -> StorageResult<Vec<Claim>>;
}
