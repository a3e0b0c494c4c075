//! Segmentation throughput in MB/s, claimdesk's news layer beside the bare sentencex crate it
//! builds on, on two kinds of text of about 1 MiB each:
//! - `article`: the sample news article repeated (long paragraphs, a list, headings);
//! - `edge_cases`: the test corpus of news passages (short lines, lists, datelines, quotes:
//!   the worst case for per-line work).
//!
//! Run: `cargo bench --bench segment`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use sentencex::languages::{English, Language};

fn main() {
    divan::main();
}

const CORPORA: [&str; 2] = ["article", "edge_cases"];

fn corpus(name: &str) -> String {
    let unit = match name {
        "article" => include_str!("../examples/state-department-cable.txt").to_owned(),
        _ => {
            let passages: serde_json::Value =
                serde_json::from_str(include_str!("../tests/segmentation/news_passages.json"))
                    .expect("news passages JSON");
            passages["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .map(|case| case["text"].as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let mut text = String::with_capacity((1 << 20) + unit.len());
    while text.len() < 1 << 20 {
        text.push_str(&unit);
        text.push('\n');
    }
    text
}

#[divan::bench(args = CORPORA)]
fn claimdesk_segment(bencher: Bencher, name: &str) {
    let text = corpus(name);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| claimdesk::segment::segment(black_box(&text)).len());
}

/// sentencex alone, one call per line as the news layer uses it.
#[divan::bench(args = CORPORA)]
fn sentencex_per_line(bencher: Bencher, name: &str) {
    let text = corpus(name);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let english = English {};
        black_box(&text)
            .lines()
            .map(|line| english.get_sentence_boundaries(line).len())
            .sum::<usize>()
    });
}
