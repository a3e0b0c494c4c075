//! What claimdesk reads in each claim as it imports an article: how check-worthy it is (and
//! why), what kind of claim it is, and who made it. Reviewers start with what matters, and
//! ClaimReview can name the claimant.

pub mod attribution;
pub mod checkworthiness;
pub mod claim_types;
mod given_names;

use serde::Serialize;

pub use attribution::Attribution;
pub use checkworthiness::{Reason, THRESHOLD};
pub use claim_types::{ClaimType, TypeMatch};

use crate::segment::Language;

/// What the analysis found in one claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimAnalysis {
    /// 0 to 1; a claim at [`THRESHOLD`] or more is check-worthy.
    pub checkworthiness: f64,
    /// The words that weighed most in the score.
    #[serde(rename = "checkworthiness_reasons")]
    pub reasons: Vec<Reason>,
    pub claim_types: Vec<TypeMatch>,
    pub attribution: Option<Attribution>,
}

/// Analyses an article's claims, given as code-point ranges of `body` in article order (the
/// order matters: a quotation's later sentences take the speaker named in an earlier one).
pub fn analyse(body: &str, claims: &[(usize, usize)], language: &Language) -> Vec<ClaimAnalysis> {
    // The word rules are English; `und` is read as English, as the segmenter does.
    let english = matches!(language.primary(), "en" | "und");
    let slicer = crate::segment::CharSlicer::new(body);
    // Claims are scored on every core, beside the attribution (which reads them in order).
    let (attributions, read) = rayon::join(
        || {
            if english {
                attribution::attribute(body, claims)
            } else {
                vec![None; claims.len()]
            }
        },
        || {
            use rayon::prelude::*;
            claims
                .par_iter()
                .with_min_len(64)
                .map(|&(start, end)| {
                    let text = slicer.slice(start, end);
                    (
                        checkworthiness::score(text),
                        claim_types::classify(text, english),
                    )
                })
                .collect::<Vec<_>>()
        },
    );
    read.into_iter()
        .zip(attributions)
        .map(|((score, claim_types), attribution)| ClaimAnalysis {
            checkworthiness: round(score.value),
            reasons: score.reasons,
            claim_types,
            attribution,
        })
        .collect()
}

/// Reads the claims among an article's segments: one entry per segment, `None` for those
/// that are not claims. What the import stores and `claimdesk segment` prints.
pub fn read_segments(
    body: &str,
    segments: &[crate::segment::Segment<'_>],
    language: &Language,
) -> Vec<Option<ClaimAnalysis>> {
    let claims: Vec<(usize, usize)> = segments
        .iter()
        .filter(|s| s.kind.is_claim())
        .map(|s| (s.start, s.end))
        .collect();
    let mut readings = analyse(body, &claims, language).into_iter();
    segments
        .iter()
        .map(|s| {
            if s.kind.is_claim() {
                readings.next()
            } else {
                None
            }
        })
        .collect()
}

/// Four decimals: enough to order claims, and the same on every backend and platform.
fn round(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

/// Whether a speaker is a person or an organisation (a document or a report speaks for the
/// organisation behind it), as schema.org's ClaimReview names a claim's author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerKind {
    Person,
    Organization,
}

impl SpeakerKind {
    pub fn schema_type(self) -> &'static str {
        match self {
            SpeakerKind::Person => "Person",
            SpeakerKind::Organization => "Organization",
        }
    }
}

/// Words that make a speaker an organisation or its document; a person is what is left
/// ("Gov. Ellen Marsh", "a spokesperson for the State Department" is a person too).
const ORGANISATION_WORDS: &[&str] = &[
    "administration",
    "agency",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "cable",
    "center",
    "centre",
    "commission",
    "committee",
    "company",
    "corp",
    "corporation",
    "council",
    "court",
    "data",
    "department",
    "document",
    "embassy",
    "firm",
    "foundation",
    "government",
    "group",
    "inc",
    "institute",
    "league",
    "letter",
    "ministry",
    "memo",
    "network",
    "news",
    "newspaper",
    "office",
    "organization",
    "organisation",
    "party",
    "police",
    "post",
    "press",
    "report",
    "reuters",
    "service",
    "statement",
    "study",
    "survey",
    "team",
    "times",
    "union",
    "university",
    "website",
];

const PERSON_HEADS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "aide",
    "aides",
    "lawyer",
    "attorney",
    "minister",
    "secretary",
    "director",
    "president",
    "chief",
    "analyst",
    "expert",
    "source",
    "sources",
    "witness",
    "resident",
    "residents",
    "he",
    "she",
    "they",
];

pub fn speaker_kind(name: &str) -> SpeakerKind {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // "A spokesperson for the Department": the head comes before "for"/"of"/"at".
    let head_end = words
        .iter()
        .position(|w| matches!(w.as_str(), "for" | "of" | "at" | "with"))
        .unwrap_or(words.len());
    let head = &words[..head_end];
    if head.iter().any(|w| PERSON_HEADS.contains(&w.as_str())) {
        SpeakerKind::Person
    } else if words
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(&w.as_str()))
    {
        SpeakerKind::Organization
    } else {
        SpeakerKind::Person
    }
}

/// Where a speaker's name is written in the body, as code-point offsets: inside the claim if
/// it is there, else the nearest mention before it, else the first after it.
pub fn locate_speaker(body: &str, name: &str, claim: (usize, usize)) -> Option<(usize, usize)> {
    if name.is_empty() {
        return None;
    }
    let to_chars = |byte: usize| body[..byte].chars().count();
    let length = name.chars().count();
    let mentions: Vec<usize> = body.match_indices(name).map(|(b, _)| to_chars(b)).collect();
    let inside = mentions
        .iter()
        .find(|&&m| m >= claim.0 && m + length <= claim.1);
    let before = mentions.iter().rev().find(|&&m| m + length <= claim.0);
    inside
        .or(before)
        .or(mentions.first())
        .map(|&start| (start, start + length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speaker_is_found_nearest_the_claim() {
        let body = "Smith spoke. Later, Smith said it rained. Smith left.";
        assert_eq!(locate_speaker(body, "Smith", (13, 41)), Some((20, 25)));
        assert_eq!(locate_speaker(body, "Smith", (42, 53)), Some((42, 47)));
        assert_eq!(
            locate_speaker("né: Jones said so.", "Jones", (0, 3)),
            Some((4, 9))
        );
        assert_eq!(locate_speaker(body, "Jones", (0, 12)), None);
    }

    #[test]
    fn speakers_are_people_or_organisations() {
        for person in [
            "Gov. Ellen Marsh",
            "A spokesperson for the State Department",
            "Smith",
        ] {
            assert_eq!(speaker_kind(person), SpeakerKind::Person, "{person}");
        }
        for org in [
            "a New York Times report",
            "the cable",
            "the State Department",
            "Reuters",
        ] {
            assert_eq!(speaker_kind(org), SpeakerKind::Organization, "{org}");
        }
    }

    #[test]
    fn every_claim_gets_a_reading() {
        let body = "Prices rose 7 percent in 2023, the agency said. Thank you.";
        let readings = analyse(body, &[(0, 47), (48, 58)], &Language::english());
        assert_eq!(readings.len(), 2);
        assert!(readings[0].checkworthiness > readings[1].checkworthiness);
        assert!(
            readings[0]
                .claim_types
                .iter()
                .any(|t| t.kind == ClaimType::Quantity)
        );
    }
}
