//! What makes two claims the same claim, and the words a search looks for.

use std::collections::BTreeSet;

/// At most this many words of a query are searched for.
pub const MAX_TERMS: usize = 32;

/// The words of a text, lower-cased, in order, without punctuation.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The distinct words a search looks for.
pub fn terms(query: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    words(query)
        .into_iter()
        .filter(|w| seen.insert(w.clone()))
        .take(MAX_TERMS)
        .collect()
}

/// How alike two claims are, from 0 (no word in common) to 1 (the same words): the Jaccard
/// index of their word sets. Reworded copies of a claim score high, mere topic overlap low.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: BTreeSet<String> = words(a).into_iter().collect();
    let b: BTreeSet<String> = words(b).into_iter().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(&b).count();
    let all = a.union(&b).count();
    #[allow(clippy::cast_precision_loss)]
    let score = shared as f64 / all as f64;
    score
}

/// The same claim: the same words in the same order, whatever the punctuation and case.
pub fn is_same_claim(a: &str, b: &str) -> bool {
    words(a) == words(b)
}

/// Similar enough to show a reviewer as "probably the same claim".
pub const NEAR_DUPLICATE: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_claim_ignores_case_and_punctuation() {
        assert!(is_same_claim(
            "The cable was sent to 40 embassies.",
            "the cable was sent to 40 embassies"
        ));
        assert!(!is_same_claim(
            "The cable was sent.",
            "The cable was not sent."
        ));
    }

    #[test]
    fn similarity_ranks_rewordings_above_topics() {
        let claim = "The State Department cable was sent to dozens of embassies last Friday.";
        let reworded =
            "Last Friday the State Department cable was sent to dozens of U.S. embassies.";
        let topic = "Embassies in Europe reported on migration.";
        assert!(similarity(claim, reworded) >= NEAR_DUPLICATE);
        assert!(similarity(claim, topic) < NEAR_DUPLICATE);
        assert_eq!(similarity(claim, claim), 1.0);
    }

    #[test]
    fn terms_are_distinct_words() {
        assert_eq!(
            terms("“Cable” cable, CABLE! sent? (\"x\")"),
            ["cable", "sent", "x"]
        );
        assert!(terms("\" * ( ) NEAR AND").len() == 2);
    }
}
