//! What kind of claim a sentence makes, from a fixed set, each with the words that show it.
//! Fact-checkers check each kind differently (a figure against its statistics, a quotation
//! against the recording, a prediction not yet at all), so the kind helps pick who checks it.
//!
//! The rules are English word lists: in other languages only figures and quotation marks,
//! which every language writes alike, are recognised.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

/// The documented set of claim types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimType {
    /// A figure: a number, a percentage, an amount of money, a count in words.
    Quantity,
    /// More, less, the most, a rise or a fall, a record.
    Comparison,
    /// One thing caused, led to or resulted from another.
    Causal,
    /// What will happen.
    Prediction,
    /// What a law, a ruling, a rule or a policy says or allows.
    LawOrRule,
    /// Someone's words, quoted.
    Quotation,
    /// What the speaker lived through themselves.
    PersonalExperience,
}

impl ClaimType {
    pub const ALL: [ClaimType; 7] = [
        ClaimType::Quantity,
        ClaimType::Comparison,
        ClaimType::Causal,
        ClaimType::Prediction,
        ClaimType::LawOrRule,
        ClaimType::Quotation,
        ClaimType::PersonalExperience,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimType::Quantity => "quantity",
            ClaimType::Comparison => "comparison",
            ClaimType::Causal => "causal",
            ClaimType::Prediction => "prediction",
            ClaimType::LawOrRule => "law_or_rule",
            ClaimType::Quotation => "quotation",
            ClaimType::PersonalExperience => "personal_experience",
        }
    }

    /// How a reviewer reads the type.
    pub fn label(self) -> &'static str {
        match self {
            ClaimType::Quantity => "quantity",
            ClaimType::Comparison => "comparison",
            ClaimType::Causal => "cause",
            ClaimType::Prediction => "prediction",
            ClaimType::LawOrRule => "law or rule",
            ClaimType::Quotation => "quotation",
            ClaimType::PersonalExperience => "personal experience",
        }
    }

    /// Whether the rule reads words of a language (English) rather than figures or marks.
    fn reads_english(self) -> bool {
        !matches!(self, ClaimType::Quantity | ClaimType::Quotation)
    }
}

/// A type found in a claim, with the words that triggered it (as the claim writes them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TypeMatch {
    #[serde(rename = "type")]
    pub kind: ClaimType,
    pub triggers: Vec<String>,
}

/// A case-blind pattern of English words. Its `\b` are ASCII word boundaries: a Unicode one
/// keeps the regex engine off its fast automaton on any sentence with a curly quote or a dash
/// (most of them), which made these rules a tenth of an import's time; the words are English,
/// so the boundaries that matter are ASCII ones.
fn words(pattern: &str) -> Regex {
    RegexBuilder::new(&pattern.replace(r"\b", r"(?-u:\b)"))
        .case_insensitive(true)
        .build()
        .expect("a valid pattern")
}

static RULES: LazyLock<Vec<(ClaimType, Regex)>> = LazyLock::new(|| {
    vec![
        (
            ClaimType::Quantity,
            // Digits (with separators, decimals, signs of currency and percent), or a count
            // written out; `is_quantity` drops years and a lone 1.
            words(
                r"[$€£¥]\s?\d(?:[\d,.]*\d)?(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|\d(?:[\d,.]*\d)?(?:\s?(?:%|percent\b|per cent\b|million\b|billion\b|trillion\b|thousand\b|hundred\b))?|\b(?:dozens?|hundreds|thousands|millions|billions|half|one-third|a third|a quarter|twice|double|triple)\b",
            ),
        ),
        (
            ClaimType::Comparison,
            words(
                r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|better|worse|most|least|largest|smallest|biggest|highest|lowest|best|worst|fastest|slowest|record|compared (?:with|to)|than|doubled|tripled|halved|rose|risen|rising|fell|fallen|falling|increased?|decreased?|declined?|surged?|dropped|grew|grown|shrank|outpaced|exceeds?|exceeded)\b",
            ),
        ),
        (
            ClaimType::Causal,
            words(
                r"\b(?:because(?: of)?|due to|caused|causes?|causing|led to|leads? to|leading to|result(?:ed|s)? in|as a result(?: of)?|resulting from|thanks to|blamed (?:for|on)|linked to|responsible for|driven by|contributed to|triggered|fuell?ed by|so that|therefore|consequently)\b",
            ),
        ),
        (
            ClaimType::Prediction,
            words(
                r"\b(?:will|won't|shall|is going to|are going to|(?:is|are|was|were) (?:expected|projected|forecast|set|likely|poised|due) to|forecasts?|predicts?|predicted|projects? that|by 20\d\d|next (?:year|month|week|decade))\b",
            ),
        ),
        (
            ClaimType::LawOrRule,
            words(
                r"\b(?:laws?|legal|illegal|illegally|unlawful|lawful|legislation|bill|act of|statutes?|regulations?|rules?|ruled|ruling|constitution(?:al)?|unconstitutional|court|judge|banned|bans?|prohibits?|prohibited|requires?|required by|mandates?|mandatory|treaty|executive order|policy|policies|sanctions?|directive|ordinance|permitted|allowed to|licen[cs]e[ds]?)\b",
            ),
        ),
        (
            ClaimType::Quotation,
            // A quotation of at least three words; scare quotes around a term are not one.
            Regex::new(r#"[“"«„]([^“”"«»„]+\s[^“”"«»„]+\s[^“”"«»„]+)[”"»“]?"#)
                .expect("a valid pattern"),
        ),
        (
            ClaimType::PersonalExperience,
            words(
                r"\b(?:I|we) (?:was|were|have been|had|saw|met|lived|grew up|worked|lost|spent|visited|went|remember|experienced|served|watched|heard)\b|\bmy (?:own )?(?:family|father|mother|wife|husband|son|daughter|children|kids|parents|brother|sister|home|experience)\b|\bwhen I was\b",
            ),
        ),
    ]
});

/// How many trigger words are kept per type: enough to show why.
const TRIGGERS: usize = 4;

/// How many words of a quotation are shown as its trigger.
const QUOTATION_WORDS: usize = 6;

/// Dates ("Nov. 27", "27 November"): their day is not a quantity.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    )
});

/// A quotation shown by its words, without its marks (a page puts its own around triggers),
/// a long one by its first words.
fn shorten(quotation: &str) -> String {
    let inner = quotation.trim_matches(|c: char| QUOTE_EDGES.contains(c) || c.is_whitespace());
    let words: Vec<&str> = inner.split_whitespace().collect();
    if words.len() <= QUOTATION_WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..QUOTATION_WORDS].join(" "))
    }
}

/// What edges a quotation: its marks, and the comma news style puts inside them.
const QUOTE_EDGES: &str = "“”\"«»„,";

/// The types of a claim, in the documented order. `english` says whether the word lists
/// apply (the article is in English, or its language could not be told).
pub fn classify(sentence: &str, english: bool) -> Vec<TypeMatch> {
    let dates: Vec<std::ops::Range<usize>> = DATE.find_iter(sentence).map(|m| m.range()).collect();
    let in_date = |m: &regex::Match| {
        dates
            .iter()
            .any(|d| d.start <= m.start() && m.end() <= d.end)
    };
    RULES
        .iter()
        .filter(|(kind, _)| english || !kind.reads_english())
        .filter_map(|(kind, rule)| {
            let mut triggers: Vec<String> = Vec::new();
            for m in rule.find_iter(sentence) {
                let word = match kind {
                    ClaimType::Quantity if !is_quantity(m.as_str()) || in_date(&m) => continue,
                    ClaimType::Quotation => shorten(m.as_str().trim()),
                    _ => m.as_str().trim().to_owned(),
                };
                if !triggers.iter().any(|t| t.eq_ignore_ascii_case(&word)) {
                    triggers.push(word);
                }
                if triggers.len() == TRIGGERS {
                    break;
                }
            }
            (!triggers.is_empty()).then_some(TypeMatch {
                kind: *kind,
                triggers,
            })
        })
        .collect()
}

/// A bare number is a quantity unless it is a year or a lone 1 ("1 of them" is rarely the claim).
fn is_quantity(found: &str) -> bool {
    if !found.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match found.parse::<u64>() {
        Ok(1) => false,
        Ok(year) if found.len() == 4 => !(1800..=2099).contains(&year),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sentence: &str) -> Vec<ClaimType> {
        classify(sentence, true)
            .into_iter()
            .map(|m| m.kind)
            .collect()
    }

    #[test]
    fn figures_are_quantities() {
        let found = classify("Prices rose 7.5 percent, to $4.2 billion, in 2023.", true);
        let quantity = found
            .iter()
            .find(|m| m.kind == ClaimType::Quantity)
            .unwrap();
        assert!(
            quantity.triggers.contains(&"7.5 percent".to_owned()),
            "{found:?}"
        );
        assert!(
            quantity.triggers.contains(&"$4.2 billion".to_owned()),
            "{found:?}"
        );
        assert!(kinds("Prices rose 7.5 percent in 2023.").contains(&ClaimType::Comparison));
    }

    #[test]
    fn dates_are_not_quantities_and_quotations_are_shown_short() {
        assert!(
            !kinds("WASHINGTON, Nov. 27, 2025 – The cable was sent.")
                .contains(&ClaimType::Quantity)
        );
        assert!(!kinds("On 3 March the cable was sent.").contains(&ClaimType::Quantity));
        let found = classify(
            "“We will not back down from this fight, ever, not once,” she said.",
            true,
        );
        let quotation = found
            .iter()
            .find(|m| m.kind == ClaimType::Quotation)
            .unwrap();
        assert_eq!(quotation.triggers, ["We will not back down from …"]);
    }

    #[test]
    fn a_year_alone_is_not_a_quantity() {
        assert!(!kinds("The law was passed in 2019.").contains(&ClaimType::Quantity));
        assert!(kinds("The law was passed in 2019.").contains(&ClaimType::LawOrRule));
    }

    #[test]
    fn each_type_has_its_words() {
        assert!(kinds("The outage was caused by a storm.").contains(&ClaimType::Causal));
        assert!(kinds("Inflation is expected to ease next year.").contains(&ClaimType::Prediction));
        assert!(
            kinds("“We will not back down from this fight,” she said.")
                .contains(&ClaimType::Quotation)
        );
        assert!(!kinds("He called it a “hoax” on Monday.").contains(&ClaimType::Quotation));
        assert!(
            kinds("When I was a child my family lived on food stamps.")
                .contains(&ClaimType::PersonalExperience)
        );
        assert!(kinds("The sky is blue.").is_empty());
    }

    #[test]
    fn other_languages_get_figures_and_quotations_only() {
        let found = classify(
            "Die Preise stiegen um 7,5 Prozent, sagte „die Regierung heute früh“.",
            false,
        );
        let types: Vec<_> = found.iter().map(|m| m.kind).collect();
        assert_eq!(types, vec![ClaimType::Quantity, ClaimType::Quotation]);
    }

    #[test]
    fn every_type_is_named_in_snake_case() {
        for kind in ClaimType::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
        }
    }
}
