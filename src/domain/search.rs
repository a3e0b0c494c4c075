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
