//! The vendored trafilatura (`vendor/trafilatura`, see its CLAIMDESK.md) changes a few functions
//! for speed; these check they still answer exactly as the published ones do (the extracted
//! text of whole pages is held to its floor by `html_extraction`).

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// `trafilatura::utils::trim` as published in 0.6.0.
fn upstream_trim(s: &str) -> String {
    let no_soft_hyphen: String = s.chars().filter(|&c| c != '\u{00AD}').collect();
    let joined = no_soft_hyphen
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    joined.nfc().collect()
}

/// Pieces that exercise every branch: plain words, composed and decomposed accents, Hangul
/// jamo, soft hyphens alone and inside words, and whitespace of every kind.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9.,]{1,8}".prop_map(String::from),
        Just("é".to_owned()),
        Just("e\u{0301}".to_owned()),
        Just("u\u{0308}ber".to_owned()),
        Just("\u{1100}\u{1161}".to_owned()),
        Just("Å\u{0323}".to_owned()),
        Just("\u{00AD}".to_owned()),
        Just("co\u{00AD}op".to_owned()),
        Just(" ".to_owned()),
        Just("\t\n".to_owned()),
        Just("\u{00A0}".to_owned()),
        Just("\u{2003}".to_owned()),
        Just("“quoted”".to_owned()),
        Just("中文".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn vendored_trim_matches_upstream(pieces in prop::collection::vec(piece(), 0..24)) {
        let text = pieces.concat();
        prop_assert_eq!(trafilatura::utils::trim(&text), upstream_trim(&text));
    }
}

#[test]
fn trim_cases_worth_naming() {
    for text in [
        "",
        "   ",
        "\u{00AD}",
        " \u{00AD} a \u{00AD} ",
        "a \u{00AD} b",
        "Cafe\u{0301} society",
        "plain ascii  text\n",
    ] {
        assert_eq!(
            trafilatura::utils::trim(text),
            upstream_trim(text),
            "{text:?}"
        );
    }
}

/// Attributes are now found by name rather than through scraper's `Element::attr`: the same
/// answer for every element of real pages, for attributes present, absent and namespaced.
#[test]
fn attributes_are_found_as_scraper_finds_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/html");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut pages: Vec<String> = paths
        .iter()
        .take(8)
        .map(|path| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()),
                &mut bytes,
            )
            .unwrap();
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect();
    pages.push(
        r##"<!doctype html><html><body><p id="a" class="x y" data-component="z">t</p>
        <svg><a xlink:href="#n" href="/plain">l</a></svg><span>no attributes</span></body></html>"##
            .to_owned(),
    );
    let mut compared = 0;
    for html in &pages {
        let ours = trafilatura::dom::Document::parse(html);
        let ids = ours.get_elements_by_tag_name(ours.root(), "*");
        let reference = scraper::Html::parse_document(html);
        let elements: Vec<_> = reference
            .select(&scraper::Selector::parse("*").unwrap())
            .collect();
        assert_eq!(ids.len(), elements.len(), "the same elements in both trees");
        for (&id, element) in ids.iter().zip(&elements) {
            let value = element.value();
            let mut names: Vec<String> = value.attrs().map(|(n, _)| n.to_owned()).collect();
            names.extend(["id", "class", "role", "href", "xlink:href", "absent"].map(String::from));
            for name in &names {
                assert_eq!(
                    ours.get_attribute(id, name).as_deref(),
                    value.attr(name),
                    "attribute {name} of <{}>",
                    value.name()
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 10_000, "only {compared} attributes compared");
}
