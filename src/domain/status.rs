//! A claim's review status, and the verdicts a reviewer can give.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a reviewer decided about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A source backs the claim.
    Sourced,
    /// Nothing backs the claim.
    Unsourced,
    /// Evidence says otherwise.
    Contradicted,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Sourced, Verdict::Unsourced, Verdict::Contradicted];

    /// `sourced` points at what backs the claim and `contradicted` at what refutes it, so both
    /// are only as good as their sources; `unsourced` records an absence.
    pub fn requires_source(self) -> bool {
        matches!(self, Verdict::Sourced | Verdict::Contradicted)
    }

    pub fn as_str(self) -> &'static str {
        ClaimStatus::from(self).as_str()
    }
}

/// A claim's current status: `unreviewed` until its first annotation, then the latest verdict;
/// `dismissed` when a reviewer judged it no checkable claim (an opinion, a question, a
/// prediction). An editor can make it `unreviewed` again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Unreviewed,
    Sourced,
    Unsourced,
    Contradicted,
    Dismissed,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 5] = [
        ClaimStatus::Unreviewed,
        ClaimStatus::Sourced,
        ClaimStatus::Unsourced,
        ClaimStatus::Contradicted,
        ClaimStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Unreviewed => "unreviewed",
            ClaimStatus::Sourced => "sourced",
            ClaimStatus::Unsourced => "unsourced",
            ClaimStatus::Contradicted => "contradicted",
            ClaimStatus::Dismissed => "dismissed",
        }
    }

    /// The verdict this status is, if it is one (`unreviewed` and `dismissed` are not).
    pub fn verdict(self) -> Option<Verdict> {
        match self {
            ClaimStatus::Unreviewed | ClaimStatus::Dismissed => None,
            ClaimStatus::Sourced => Some(Verdict::Sourced),
            ClaimStatus::Unsourced => Some(Verdict::Unsourced),
            ClaimStatus::Contradicted => Some(Verdict::Contradicted),
        }
    }
}

impl From<Verdict> for ClaimStatus {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Sourced => ClaimStatus::Sourced,
            Verdict::Unsourced => ClaimStatus::Unsourced,
            Verdict::Contradicted => ClaimStatus::Contradicted,
        }
    }
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "unknown status '{0}'; use one of: unreviewed, sourced, unsourced, contradicted, dismissed"
)]
pub struct UnknownStatus(pub String);

impl FromStr for ClaimStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        ClaimStatus::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

/// How many claims are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StatusCounts {
    pub unreviewed: i64,
    pub sourced: i64,
    pub unsourced: i64,
    pub contradicted: i64,
    /// Claims judged not checkable: out of progress, queues and ClaimReview.
    pub dismissed: i64,
}

impl StatusCounts {
    /// The counts of these statuses.
    pub fn of(statuses: impl IntoIterator<Item = ClaimStatus>) -> Self {
        let mut counts = StatusCounts::default();
        for status in statuses {
            *match status {
                ClaimStatus::Unreviewed => &mut counts.unreviewed,
                ClaimStatus::Sourced => &mut counts.sourced,
                ClaimStatus::Unsourced => &mut counts.unsourced,
                ClaimStatus::Contradicted => &mut counts.contradicted,
                ClaimStatus::Dismissed => &mut counts.dismissed,
            } += 1;
        }
        counts
    }

    /// Adds another set of counts to these.
    pub fn merge(&mut self, other: &StatusCounts) {
        self.unreviewed += other.unreviewed;
        self.sourced += other.sourced;
        self.unsourced += other.unsourced;
        self.contradicted += other.contradicted;
        self.dismissed += other.dismissed;
    }

    /// Every claim, dismissed ones included.
    pub fn total(&self) -> i64 {
        self.unreviewed + self.sourced + self.unsourced + self.contradicted + self.dismissed
    }

    /// The claims that need a verdict: all but the dismissed.
    pub fn checkable(&self) -> i64 {
        self.total() - self.dismissed
    }

    /// The checkable claims with a verdict.
    pub fn reviewed(&self) -> i64 {
        self.sourced + self.unsourced + self.contradicted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sourced_and_contradicted_need_sources() {
        assert!(Verdict::Sourced.requires_source());
        assert!(Verdict::Contradicted.requires_source());
        assert!(!Verdict::Unsourced.requires_source());
    }

    #[test]
    fn status_round_trips_through_text() {
        for status in ClaimStatus::ALL {
            assert_eq!(status.as_str().parse::<ClaimStatus>().unwrap(), status);
        }
        assert!("maybe".parse::<ClaimStatus>().is_err());
    }
}
