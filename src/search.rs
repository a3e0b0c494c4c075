//! Finding claims by their words, across articles: the search box, `GET /api/v1/claims?q=`,
//! and the "already reviewed elsewhere" list beside a claim.

use serde::Serialize;

use crate::domain::ClaimStatus;
use crate::domain::search::{NEAR_DUPLICATE, is_same_claim, similarity, terms};
use crate::storage::{ArticleId, Claim, ClaimSearch, Storage, StorageResult};

/// A claim found by a search, with how close it is to what was searched for.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    #[serde(flatten)]
    pub claim: Claim,
    /// 0 to 1: the share of words the claim and the query have in common.
    pub similarity: f64,
    /// The same words in the same order as the query (punctuation and case aside).
    pub exact: bool,
}

fn hit(query: &str, claim: Claim) -> SearchHit {
    SearchHit {
        similarity: (similarity(query, &claim.text) * 1000.0).round() / 1000.0,
        exact: is_same_claim(query, &claim.text),
        claim,
    }
}

/// Claims matching `query`, most relevant first.
pub async fn find(
    storage: &dyn Storage,
    query: &str,
    article_id: Option<ArticleId>,
    status: Option<ClaimStatus>,
    offset: u32,
    limit: u32,
) -> StorageResult<Vec<SearchHit>> {
    let claims = storage
        .search_claims(&ClaimSearch {
            terms: terms(query),
            min_shared: 1,
            article_id,
            status,
            offset,
            limit,
        })
        .await?;
    Ok(claims.into_iter().map(|c| hit(query, c)).collect())
}

/// How many candidates a near-duplicate lookup ranks before keeping the close ones.
const CANDIDATES: u32 = 50;

/// Candidates must hold this many of the claim's rarest words.
const RARE_WORDS: usize = 3;
const RARE_WORDS_SHARED: usize = 2;

/// The same claim (or a close rewording) in other articles, closest first.
///
/// Candidates are the claims holding any two of the claim's three rarest words: a rewording
/// keeps most of its words, so it keeps most of its rare ones, while a lookup by every word
/// would rank every claim that shares a "the" (seconds, on a million claims).
pub async fn elsewhere(
    storage: &dyn Storage,
    claim: &Claim,
    limit: usize,
) -> StorageResult<Vec<SearchHit>> {
    let rare = storage
        .rarest_terms(&terms(&claim.text), RARE_WORDS)
        .await?;
    let candidates = storage
        .search_claims(&ClaimSearch {
            min_shared: RARE_WORDS_SHARED.min(rare.len()),
            terms: rare,
            offset: 0,
            limit: CANDIDATES,
            ..Default::default()
        })
        .await?;
    let mut hits: Vec<SearchHit> = candidates
        .into_iter()
        .map(|c| hit(&claim.text, c))
        .filter(|h| h.claim.article_id != claim.article_id && h.similarity >= NEAR_DUPLICATE)
        .collect();
    hits.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    hits.truncate(limit);
    Ok(hits)
}
