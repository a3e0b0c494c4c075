//! Double review: how many independent reviews a claim needs, where a claim stands in its
//! review, and what two blind reviews decide.

use serde::{Deserialize, Serialize};

use super::role::Role;
use super::status::ClaimStatus;

/// An article's review policy: one review settles a claim, or two independent (blind) ones.
pub const REVIEW_POLICIES: [i64; 2] = [1, 2];

/// Why `reviews_required` is not a policy, if it is not.
pub fn reviews_required_problem(value: i64) -> Option<String> {
    (!REVIEW_POLICIES.contains(&value)).then(|| {
        format!(
            "must be 1 (one review settles a claim) or 2 (two independent, blind reviews); \
             got {value}"
        )
    })
}

/// Where a claim stands in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// No review yet (or reopened by an editor).
    Open,
    /// Under double review, one reviewer has submitted; the second is awaited.
    AwaitingSecond,
    /// Two reviewers disagreed: an editor's verdict settles it.
    Disputed,
    /// The claim has its verdict.
    Settled,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Open,
        ReviewState::AwaitingSecond,
        ReviewState::Disputed,
        ReviewState::Settled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Open => "open",
            ReviewState::AwaitingSecond => "awaiting_second",
            ReviewState::Disputed => "disputed",
            ReviewState::Settled => "settled",
        }
    }

    pub fn parse(raw: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether the claim's reviews are still being gathered (not everyone may see them yet).
    pub fn is_blind(self) -> bool {
        matches!(self, ReviewState::Open | ReviewState::AwaitingSecond)
    }
}

/// A claim's review: the article's policy, how many reviews of the current round are in, and
/// the state that follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReviewSummary {
    /// Reviews the article's policy asks for: 1 or 2.
    pub required: i64,
    /// Reviews submitted in the claim's current review round.
    pub submitted: i64,
    pub state: ReviewState,
}

impl Default for ReviewSummary {
    fn default() -> Self {
        ReviewSummary {
            required: 1,
            submitted: 0,
            state: ReviewState::Open,
        }
    }
}

/// What a verdict from someone with `role` is, on a claim whose review stands at `review`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// A verdict: it becomes the claim's status at once (single review, or an editor's word,
    /// which settles a dispute or overrides).
    Verdict,
    /// One of the two blind reviews double review asks for.
    BlindReview,
    /// Not the caller's to give; the message says why (409).
    Refused(String),
}

pub fn submission(review: &ReviewSummary, role: Role) -> Submission {
    if role.grants(Role::Editor) {
        return Submission::Verdict;
    }
    match review.state {
        // A dispute is an editor's to settle, whatever the policy is now; a round of blind
        // reviews under way is finished as it began, even if the policy changed meanwhile.
        ReviewState::Disputed => Submission::Refused(
            "the claim's two reviews disagree; an editor's verdict settles it (see \
             GET /api/v1/disputes), or comment on the claim to make your case"
                .to_owned(),
        ),
        ReviewState::AwaitingSecond => Submission::BlindReview,
        _ if review.required < 2 => Submission::Verdict,
        ReviewState::Open => Submission::BlindReview,
        ReviewState::Settled => Submission::Refused(
            "the claim was settled by double review; only an editor can change its status \
             (or reopen it for another round of reviews)"
                .to_owned(),
        ),
    }
}

/// Whether someone with `role` sees the blind reviews of a claim's current round, of which
/// `in_round` are in: editors always; anyone once the round holds both reviews (the claim is
/// disputed or settled by them); a reviewer once their own is in. Judged on the reviews read,
/// not on a state read before them, so a round begun meanwhile stays blind.
pub fn sees_reviews(in_round: usize, role: Role, submitted_own: bool) -> bool {
    role.grants(Role::Editor) || in_round >= 2 || submitted_own
}

/// What the second of two blind reviews decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Both said the same: the claim takes that status.
    Agreed(ClaimStatus),
    /// They differ: an editor decides.
    Disputed,
}

pub fn outcome(first: ClaimStatus, second: ClaimStatus) -> Outcome {
    if first == second {
        Outcome::Agreed(second)
    } else {
        Outcome::Disputed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies() {
        assert!(reviews_required_problem(1).is_none());
        assert!(reviews_required_problem(2).is_none());
        for bad in [0, 3, -1] {
            assert!(reviews_required_problem(bad).is_some());
        }
    }

    #[test]
    fn only_reviewers_under_double_review_submit_blind() {
        let double = ReviewSummary {
            required: 2,
            ..Default::default()
        };
        assert_eq!(submission(&double, Role::Reviewer), Submission::BlindReview);
        let second = ReviewSummary {
            submitted: 1,
            state: ReviewState::AwaitingSecond,
            ..double
        };
        assert_eq!(submission(&second, Role::Reviewer), Submission::BlindReview);
        assert_eq!(submission(&double, Role::Editor), Submission::Verdict);
        assert_eq!(submission(&double, Role::Admin), Submission::Verdict);
        let single = ReviewSummary::default();
        assert_eq!(submission(&single, Role::Reviewer), Submission::Verdict);
        for state in [ReviewState::Disputed, ReviewState::Settled] {
            let past = ReviewSummary { state, ..double };
            assert!(
                matches!(submission(&past, Role::Reviewer), Submission::Refused(_)),
                "{state:?}"
            );
            assert_eq!(submission(&past, Role::Editor), Submission::Verdict);
        }
    }

    #[test]
    fn equal_reviews_settle_and_different_ones_dispute() {
        assert_eq!(
            outcome(ClaimStatus::Sourced, ClaimStatus::Sourced),
            Outcome::Agreed(ClaimStatus::Sourced)
        );
        assert_eq!(
            outcome(ClaimStatus::Sourced, ClaimStatus::Contradicted),
            Outcome::Disputed
        );
    }

    #[test]
    fn reviews_stay_hidden_until_one_has_reviewed() {
        assert!(!sees_reviews(1, Role::Reviewer, false));
        assert!(!sees_reviews(1, Role::Viewer, false));
        assert!(sees_reviews(1, Role::Reviewer, true));
        assert!(sees_reviews(1, Role::Editor, false));
        assert!(sees_reviews(2, Role::Reviewer, false));
    }

    #[test]
    fn a_policy_change_neither_opens_a_dispute_nor_cuts_a_round_short() {
        let single = ReviewSummary::default();
        let disputed = ReviewSummary {
            state: ReviewState::Disputed,
            submitted: 2,
            ..single
        };
        assert!(matches!(
            submission(&disputed, Role::Reviewer),
            Submission::Refused(_)
        ));
        let halfway = ReviewSummary {
            state: ReviewState::AwaitingSecond,
            submitted: 1,
            ..single
        };
        assert_eq!(
            submission(&halfway, Role::Reviewer),
            Submission::BlindReview
        );
        let settled = ReviewSummary {
            state: ReviewState::Settled,
            ..single
        };
        assert_eq!(submission(&settled, Role::Reviewer), Submission::Verdict);
    }

    #[test]
    fn states_round_trip() {
        for state in ReviewState::ALL {
            assert_eq!(ReviewState::parse(state.as_str()), Some(state));
        }
    }
}
