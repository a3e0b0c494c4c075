//! Double review: an article's review policy, blind reviews, the disputes they end in, and
//! the pairs of reviews agreement is measured on.

use std::collections::HashMap;

use async_trait::async_trait;
use serde::Serialize;

use super::accounts::User;
use super::articles::Article;
use super::base::{ArticleId, ClaimId, StorageResult, UserId};
use super::claims::{Claim, Claims};
use crate::domain::agreement::DoubleReview;
use crate::domain::{ClaimStatus, NewAnnotation, Source};

/// One blind review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub claim_id: ClaimId,
    /// The claim's review round it belongs to (reopening a claim starts another).
    pub round: i64,
    pub reviewer: String,
    #[serde(skip)]
    pub reviewer_id: UserId,
    pub status: ClaimStatus,
    pub sources: Vec<Source>,
    pub note: Option<String>,
    pub created_at: String,
    /// The article's text revision it was made on.
    pub revision: i64,
}

/// A disputed claim with the two reviews of its current round that disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Dispute {
    pub claim: Claim,
    pub reviews: Vec<Review>,
}

impl Dispute {
    /// The disputes of `claims` (in their order), each with its reviews among `reviews` (read
    /// for all of them at once, in the order they were made).
    pub fn gather(claims: Vec<Claim>, reviews: Vec<Review>) -> Vec<Dispute> {
        let mut by_claim: HashMap<ClaimId, Vec<Review>> = HashMap::new();
        for review in reviews {
            by_claim.entry(review.claim_id).or_default().push(review);
        }
        claims
            .into_iter()
            .map(|claim| Dispute {
                reviews: by_claim.remove(&claim.id).unwrap_or_default(),
                claim,
            })
            .collect()
    }
}

/// What a blind review did to its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// The first of two: the claim awaits the second.
    AwaitingSecond,
    /// The second agreed with the first: the claim has its status.
    Settled,
    /// The second differs from the first: an editor decides.
    Disputed,
}

/// A blind review as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmittedReview {
    pub claim: Claim,
    pub outcome: ReviewOutcome,
    /// Whether webhook deliveries were queued with it.
    pub deliveries_queued: bool,
}

/// Which double reviews agreement is measured on: both reviews of a round, the round complete
/// within the dates (stored timestamps), and the reviewer, when named, one of the two.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub article_id: Option<ArticleId>,
    pub reviewer_id: Option<UserId>,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[async_trait]
pub trait Reviews: Claims + Send + Sync + 'static {
    /// Sets how many reviews the article's claims need (1 or 2); `None` for no such article.
    async fn set_reviews_required(
        &self,
        article_id: ArticleId,
        required: i64,
    ) -> StorageResult<Option<Article>>;
    /// Records `reviewer`'s blind review of a claim under double review: the first awaits the
    /// second; the second settles the claim (both join its verdict history) or disputes it.
    /// A reviewer's second review of the same round is a conflict.
    async fn submit_review(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
    ) -> StorageResult<SubmittedReview>;
    /// The blind reviews of the claim's current round, in the order they came.
    async fn reviews(&self, claim_id: ClaimId) -> StorageResult<Vec<Review>>;
    /// The article's claims whose current round of blind reviews holds `reviewer`'s and waits
    /// for another's: nothing more to do there for them.
    async fn reviewed_blind(
        &self,
        reviewer: UserId,
        article_id: ArticleId,
    ) -> StorageResult<Vec<ClaimId>>;
    /// Disputed claims with both reviews, by claim id, after `after`.
    async fn disputes(&self, after: Option<ClaimId>, limit: u32) -> StorageResult<Vec<Dispute>>;
    /// Every complete pair of blind reviews the filter selects.
    async fn double_reviews(&self, filter: &AgreementFilter) -> StorageResult<Vec<DoubleReview>>;
}

/// The body of a `claim.disputed` delivery: the claim and both reviews.
pub fn claim_disputed_payload(claim: &Claim, reviews: &[Review]) -> String {
    serde_json::json!({ "claim": claim, "reviews": reviews }).to_string()
}
