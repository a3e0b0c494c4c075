//! Full-text search over claims.

use async_trait::async_trait;

use super::base::{ArticleId, StorageResult};
use super::claims::Claim;
use crate::domain::ClaimStatus;

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

#[async_trait]
pub trait Search: Send + Sync + 'static {
    /// Claims matching the search terms, most relevant first.
    async fn search_claims(&self, search: &ClaimSearch) -> StorageResult<Vec<Claim>>;
    /// How many claims hold each term, counting no further than `cap` (so a common word costs
    /// no more than a rare one).
    async fn term_counts(&self, terms: &[String], cap: u32) -> StorageResult<Vec<u32>>;
}
