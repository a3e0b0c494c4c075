//! The vendored trafilatura (`vendor/trafilatura`, see its CLAIMDESK.md) changes one function
//! for speed; this checks it still answers exactly as the published one does.

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
