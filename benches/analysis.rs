//! Reading claims: sentences per second, on one core, for the check-worthiness scorer alone
//! and for the whole reading (score, types, attribution) of the labelled news articles, beside
//! segmenting the same articles (the step every import already pays).
//!
//! Run: `cargo bench --bench analysis`.

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

use claimdesk::analysis;
use claimdesk::segment::{self, Language};

fn main() {
    divan::main();
}

/// The labelled news articles (tests/checkworthiness/articles), joined.
fn articles() -> String {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checkworthiness/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the labelled articles")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("an article"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn claims(text: &str) -> Vec<(usize, usize)> {
    segment::segment(text)
        .into_iter()
        .filter(|s| s.kind.is_claim())
        .map(|s| (s.start, s.end))
        .collect()
}

#[divan::bench]
fn checkworthiness_score(bencher: Bencher) {
    let text = articles();
    let sentences: Vec<&str> = segment::segment(&text)
        .into_iter()
        .filter(|s| s.kind.is_claim())
        .map(|s| s.text)
        .collect();
    bencher.counter(ItemsCount::new(sentences.len())).bench(|| {
        sentences
            .iter()
            .map(|s| analysis::checkworthiness::score(black_box(s)).value)
            .sum::<f64>()
    });
}

#[divan::bench]
fn whole_reading(bencher: Bencher) {
    let text = articles();
    let ranges = claims(&text);
    let english = Language::english();
    bencher
        .counter(ItemsCount::new(ranges.len()))
        .bench(|| analysis::analyse(black_box(&text), &ranges, &english).len());
}

#[divan::bench]
fn segmenting_the_same_text(bencher: Bencher) {
    let text = articles();
    let count = claims(&text).len();
    bencher
        .counter(ItemsCount::new(count))
        .bench(|| segment::segment(black_box(&text)).len());
}

/// Ten thousand one-line claims, as a long list imports: the reading must stay linear.
#[divan::bench]
fn whole_reading_ten_thousand_lines(bencher: Bencher) {
    let text: String = (1..=10_000)
        .map(|n| format!("Claim number {n} is on its own line.\n"))
        .collect();
    let ranges = claims(&text);
    let english = Language::english();
    bencher
        .counter(ItemsCount::new(ranges.len()))
        .bench(|| analysis::analyse(black_box(&text), &ranges, &english).len());
}
