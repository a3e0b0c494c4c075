//! The vendored justext (`vendor/justext`, see its CLAIMDESK.md) holds every language's
//! stopwords merged in a compact table instead of a `HashSet<String>`; these check that it
//! holds the same words and classifies real pages exactly as that set does.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use justext::Stoplist;

/// What the published crate merged: every language's list, as a set of strings.
fn every_language() -> HashSet<String> {
    justext::available_languages()
        .into_iter()
        .flat_map(|language| justext::get_stoplist(language).unwrap())
        .collect()
}

#[test]
fn the_merged_stoplist_holds_every_language_word_and_no_other() {
    let expected = every_language();
    let merged = justext::get_all_stoplists();
    assert_eq!(merged.len(), expected.len());
    for word in &expected {
        assert!(merged.contains(word), "{word:?} is missing");
        // Words one letter longer or shorter: most are not stopwords, some are.
        let longer = format!("{word}s");
        assert_eq!(
            merged.contains(&longer),
            expected.contains(&longer),
            "{longer:?}"
        );
        let mut shorter = word.clone();
        shorter.pop();
        assert_eq!(
            merged.contains(&shorter),
            expected.contains(&shorter),
            "{shorter:?}"
        );
    }
    for word in ["", " ", "the ", "The", "THE", "Und", "claimdesk", "\n"] {
        assert_eq!(merged.contains(word), expected.contains(word), "{word:?}");
    }
}

#[test]
fn benchmark_pages_classify_as_with_the_set_of_strings() {
    let expected = every_language();
    let merged = justext::get_all_stoplists();
    let config = justext::Config::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/html");
    let mut pages = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_end(&mut bytes)
            .unwrap();
        let html = String::from_utf8_lossy(&bytes);
        let classify = |paragraphs: Vec<justext::Paragraph>| {
            paragraphs
                .into_iter()
                .map(|p| (p.text, p.initial_class, p.class_type))
                .collect::<Vec<_>>()
        };
        let with_set = classify(justext::justext(&html, &expected, &config));
        let with_table = classify(justext::justext(&html, merged, &config));
        assert!(!with_set.is_empty(), "{}", path.display());
        assert_eq!(with_table, with_set, "{}", path.display());
        pages += 1;
    }
    assert_eq!(pages, 91);
}
