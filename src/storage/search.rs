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

/// How a backend finds the candidates of [`Search::similar_claims`], whatever its index: the
/// newest claims holding two of the claim's three rarest words. A rewording keeps most of
/// its words, so most of those; ranking every claim that shares any word would score a
/// million claims for a "the", on every page view; and a claim made only of common words has
/// nothing to be found by.
pub(super) mod similar {
    /// Words considered, by a cheap guess at rarity, before their frequency is checked.
    pub const CONSIDERED_WORDS: usize = 8;
    /// Candidates must hold [`SHARED_WORDS`] of the claim's [`RARE_WORDS`] rarest words.
    pub const RARE_WORDS: usize = 3;
    pub const SHARED_WORDS: usize = 2;
    /// A word held by this many claims or more is too common to find a claim by; counting
    /// stops there, so a common word costs no more than a rare one.
    pub const COMMON: u32 = 2_000;

    /// The words to look for: the rarest of `considered` (each with how many claims hold it),
    /// common ones left out.
    pub fn rare_words(considered: Vec<String>, counts: Vec<u32>) -> Vec<String> {
        let mut rare: Vec<(u32, String)> = counts
            .into_iter()
            .zip(considered)
            .filter(|(count, _)| *count < COMMON)
            .collect();
        rare.sort();
        rare.into_iter().take(RARE_WORDS).map(|(_, w)| w).collect()
    }
}

/// A query that matches texts holding at least `min_shared` of `terms` (already quoted for
/// the index's syntax): the OR of every AND group of that size, joined with the index's own
/// operators. Callers pass a handful of terms, so the groups stay few.
pub(super) fn any_of(terms: &[String], min_shared: usize, and: &str, or: &str) -> String {
    if min_shared <= 1 {
        return terms.join(or);
    }
    combinations(terms, min_shared.min(terms.len()))
        .iter()
        .map(|group| format!("({})", group.join(and)))
        .collect::<Vec<_>>()
        .join(or)
}

/// Every group of `k` items of `items`, in order.
fn combinations(items: &[String], k: usize) -> Vec<Vec<String>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut groups = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, item.clone());
            groups.push(rest);
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn combinations_of_terms() {
        let terms = strings(&["a", "b", "c"]);
        assert_eq!(
            combinations(&terms, 2),
            vec![
                strings(&["a", "b"]),
                strings(&["a", "c"]),
                strings(&["b", "c"])
            ]
        );
        assert_eq!(combinations(&terms, 3).len(), 1);
        assert_eq!(combinations(&terms, 1).len(), 3);
    }

    #[test]
    fn any_two_of_three() {
        let terms = strings(&["a", "b", "c"]);
        assert_eq!(
            any_of(&terms, 2, " & ", " | "),
            "(a & b) | (a & c) | (b & c)"
        );
        assert_eq!(any_of(&terms, 1, " AND ", " OR "), "a OR b OR c");
    }

    #[test]
    fn rarest_words_first_and_common_ones_never() {
        let words = strings(&["the", "cable", "embassies", "friday"]);
        assert_eq!(
            similar::rare_words(words, vec![similar::COMMON, 40, 3, 900]),
            strings(&["embassies", "cable", "friday"])
        );
    }
}
