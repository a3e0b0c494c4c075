//! Finding claims by their words, across articles: the search box, `GET /api/v1/claims?q=`,
//! and the "already reviewed elsewhere" list beside a claim. The storage finds candidates;
//! ranking them by how alike they are happens here, the same for every backend.

use serde::Serialize;

use crate::domain::ClaimStatus;
use crate::domain::search::{NEAR_DUPLICATE, is_same_claim, similarity};
use crate::storage::{ArticleId, Claim, ClaimQuery, Storage, StorageResult};

/// A claim found by a search, with how close it is to what was searched for.
#[derive(Debug, Clone, Serialize)]
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
        .search_claims(&ClaimQuery {
            text: query.to_owned(),
            article_id,
            status,
            offset,
            limit,
        })
        .await?;
    Ok(claims.into_iter().map(|c| hit(query, c)).collect())
}

/// How many candidates a near-duplicate lookup compares.
const CANDIDATES: u32 = 200;

/// The same claim (or a close rewording) in other articles, closest first.
pub async fn elsewhere(
    storage: &dyn Storage,
    claim: &Claim,
    limit: usize,
) -> StorageResult<Vec<SearchHit>> {
    let candidates = storage.similar_claims(claim, CANDIDATES).await?;
    let mut hits: Vec<SearchHit> = candidates
        .into_iter()
        .map(|c| hit(&claim.text, c))
        .filter(|h| h.claim.article_id != claim.article_id && h.similarity >= NEAR_DUPLICATE)
        .collect();
    hits.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    hits.truncate(limit);
    Ok(hits)
}
