//! Sentence boundaries measured on Universal Dependencies treebanks in 11 languages (real text
//! nobody here wrote; `tests/segmentation/ud/README.md` says where it comes from).
//!
//! A boundary is counted by the number of non-whitespace characters before each sentence end,
//! so spacing does not matter. Prints precision, recall and F1 per treebank, and fails below
//! each treebank's floor (what was reached when it was last raised).

mod common;

use claimdesk::segment::{Language, segment_in};
use serde_json::Value;

/// (treebank, floor F1 in percent).
const TREEBANKS: &[(&str, f64)] = &[
    ("en_gum", 97.5),
    ("en_ewt", 91.5),
    ("de_gsd", 96.5),
    ("fr_gsd", 97.0),
    ("es_gsd", 97.5),
    ("pt_bosque", 92.0),
    ("ru_gsd", 97.5),
    ("zh_gsd", 99.0),
    ("ja_gsd", 99.0),
    ("ar_pud", 99.2),
    ("hi_pud", 99.2),
];

/// Sentence ends as counts of non-whitespace characters from the start of the paragraph.
fn ends<'a>(sentences: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut total = 0;
    let mut out = Vec::new();
    for sentence in sentences {
        total += sentence.chars().filter(|c| !c.is_whitespace()).count();
        out.push(total);
    }
    out
}

/// The sentence ends claimdesk finds.
fn found(text: &str, language: &Language) -> Vec<usize> {
    ends(common::sentence_spans(text, language).into_iter())
}

#[derive(Default)]
struct Score {
    true_positives: usize,
    found: usize,
    expected: usize,
    exact: usize,
    paragraphs: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        100.0 * self.true_positives as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        100.0 * self.true_positives as f64 / self.expected.max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn score(treebank: &str) -> Score {
    let path = format!(
        "{}/tests/segmentation/ud/{treebank}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let data: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let language = Language::parse(data["language"].as_str().unwrap()).unwrap();
    let verbose = std::env::var("SEGMENTATION_ERRORS").is_ok_and(|v| treebank.contains(&v));
    let mut score = Score::default();
    for case in data["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let expected_sentences: Vec<&str> = case["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let expected = ends(expected_sentences.iter().copied());
        let got = found(text, &language);
        let hits = got.iter().filter(|end| expected.contains(end)).count();
        score.true_positives += hits;
        score.found += got.len();
        score.expected += expected.len();
        score.paragraphs += 1;
        if got == expected {
            score.exact += 1;
        } else if verbose {
            let texts: Vec<&str> = segment_in(text, &language).iter().map(|s| s.text).collect();
            println!(
                "{}\n  expected {expected_sentences:#?}\n  got {texts:#?}",
                case["id"]
            );
        }
    }
    score
}

#[test]
fn sentence_boundaries_on_universal_dependencies() {
    let mut failures = Vec::new();
    println!("| treebank | F1 | precision | recall | paragraphs exact |");
    println!("|---|---|---|---|---|");
    for &(treebank, floor) in TREEBANKS {
        let s = score(treebank);
        println!(
            "| {treebank} | {:.1} | {:.1} | {:.1} | {}/{} |",
            s.f1(),
            s.precision(),
            s.recall(),
            s.exact,
            s.paragraphs
        );
        if s.f1() < floor {
            failures.push(format!(
                "{treebank}: F1 {:.1} below the floor {floor}",
                s.f1()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
