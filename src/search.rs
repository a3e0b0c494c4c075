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
            by_relevance: true,
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
/// Words considered, by the cheap guess below, before their frequency is checked.
const CONSIDERED_WORDS: usize = 8;
/// Candidates must hold two of the claim's three rarest words.
const RARE_WORDS: usize = 3;
const SHARED_WORDS: usize = 2;
/// A word held by this many claims or more is too common to find a claim by.
const COMMON: u32 = 2_000;

/// Words that say nothing about which claim this is.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "is", "it", "its", "not", "of", "on", "or", "said", "she",
    "that", "the", "their", "they", "this", "to", "was", "were", "which", "who", "will", "with",
];

/// The claim's most distinctive words, by a cheap stand-in for rarity that needs no index
/// statistics: numbers and names (capitalised mid-sentence) first, then longer words.
pub fn distinctive_words(text: &str, n: usize) -> Vec<String> {
    let mut scored: Vec<(bool, usize, String)> = Vec::new();
    for (i, raw) in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let word = raw.to_lowercase();
        if STOPWORDS.contains(&word.as_str()) || scored.iter().any(|(_, _, w)| *w == word) {
            continue;
        }
        let name_or_number = raw.chars().any(|c| c.is_ascii_digit())
            || (i > 0 && raw.starts_with(char::is_uppercase));
        scored.push((name_or_number, raw.chars().count(), word));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    scored.into_iter().take(n).map(|(_, _, w)| w).collect()
}

/// The same claim (or a close rewording) in other articles, closest first.
///
/// Candidates are the newest claims holding two of the claim's three rarest words; a rewording
/// keeps most of its words, so most of those. Ranking every claim that shares any word would
/// score a million claims for a "the", on every page view; and a claim made only of common
/// words has nothing to be found by.
pub async fn elsewhere(
    storage: &dyn Storage,
    claim: &Claim,
    limit: usize,
) -> StorageResult<Vec<SearchHit>> {
    let considered = distinctive_words(&claim.text, CONSIDERED_WORDS);
    let counts = storage.term_counts(&considered, COMMON).await?;
    let mut rare: Vec<(u32, String)> = counts
        .into_iter()
        .zip(considered)
        .filter(|(count, _)| *count < COMMON)
        .collect();
    rare.sort();
    let words: Vec<String> = rare.into_iter().take(RARE_WORDS).map(|(_, w)| w).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = storage
        .search_claims(&ClaimSearch {
            min_shared: SHARED_WORDS.min(words.len()),
            terms: words,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinctive_words_prefer_names_numbers_and_length() {
        assert_eq!(
            distinctive_words(
                "The cable was sent to 40 embassies across Europe, the directive said.",
                3
            ),
            ["europe", "40", "embassies"]
        );
        assert!(distinctive_words("the of and", 3).is_empty());
    }
}
