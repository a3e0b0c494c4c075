//! Triage on the pages: an article's claims, most check-worthy first, with the types and the
//! speaker claimdesk read in them; the annotate page and the status page show the same list.

use crate::analysis::THRESHOLD;
use crate::domain::ClaimStatus;
use crate::storage::Claim;

/// A claim in a triage list.
pub struct TriageRow {
    pub id: i64,
    pub position: i64,
    pub text: String,
    pub status: &'static str,
    /// Check-worthiness as a whole percentage.
    pub percent: i64,
    pub checkworthy: bool,
    pub speaker: Option<String>,
    /// The claim's types as a reviewer reads them ("quantity, cause").
    pub types: String,
}

impl TriageRow {
    pub fn of(claim: &Claim) -> Self {
        let score = claim.reading.checkworthiness.unwrap_or(0.0);
        TriageRow {
            id: claim.id,
            position: claim.position,
            text: claim.text.clone(),
            status: claim.status.as_str(),
            percent: (score * 100.0).round() as i64,
            checkworthy: score >= THRESHOLD,
            speaker: claim.reading.speaker.as_ref().map(|s| s.name.clone()),
            types: claim
                .reading
                .claim_types
                .iter()
                .map(|t| t.kind.label())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Which claims a triage list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Triage {
    /// Only claims without a verdict yet.
    pub unreviewed_only: bool,
    /// Only check-worthy claims (0.5 and up).
    pub checkworthy_only: bool,
}

/// The claims `triage` selects, most check-worthy first (article order among equals).
pub fn most_checkworthy(claims: &[Claim], triage: Triage) -> Vec<TriageRow> {
    let mut picked: Vec<&Claim> = claims
        .iter()
        .filter(|c| !triage.unreviewed_only || c.status == ClaimStatus::Unreviewed)
        .filter(|c| {
            !triage.checkworthy_only || c.reading.checkworthiness.is_some_and(|v| v >= THRESHOLD)
        })
        .collect();
    picked.sort_by(|a, b| {
        let score = |c: &Claim| c.reading.checkworthiness.unwrap_or(-1.0);
        score(b)
            .total_cmp(&score(a))
            .then(a.position.cmp(&b.position))
    });
    picked.into_iter().map(TriageRow::of).collect()
}
