//! Assignments of claims to reviewers, and each user's queue of claims waiting for them.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use serde::Serialize;

use super::accounts::User;
use super::base::{ArticleId, ClaimId, StorageResult, UserId};
use super::claims::{Claim, Claims};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub id: i64,
    pub claim_id: ClaimId,
    pub reviewer: String,
    pub assigned_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    pub article_id: Option<ArticleId>,
    pub reviewer_id: Option<UserId>,
    /// Keyset: only assignments with a greater id.
    pub after: Option<i64>,
    pub limit: u32,
}

/// Why a claim waits for someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum QueueReason {
    /// Assigned to them, and not yet reviewed by them (nor settled).
    Assigned,
    /// A comment mentions them, and they have not answered (a comment or a verdict) since.
    Mention,
    /// Two reviews disagree (editors only).
    Disputed,
}

impl QueueReason {
    pub fn parse(raw: &str) -> Option<QueueReason> {
        match raw {
            "assigned" => Some(QueueReason::Assigned),
            "mention" => Some(QueueReason::Mention),
            "disputed" => Some(QueueReason::Disputed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    pub claim: Claim,
    pub reason: QueueReason,
    /// Since when it has waited.
    pub since: String,
}

#[async_trait]
pub trait Assignments: Claims + Send + Sync + 'static {
    /// Stores each `(claim, reviewer)` pair not assigned before, queueing a `claim.assigned`
    /// delivery for each new one; returns the assignments of all the pairs (those made
    /// before included), in the order given.
    async fn assign(
        &self,
        pairs: &[(ClaimId, UserId)],
        assigned_by: &User,
    ) -> StorageResult<Vec<Assignment>>;
    async fn assignments(&self, filter: &AssignmentFilter) -> StorageResult<Vec<Assignment>>;
    async fn assignment(&self, id: i64) -> StorageResult<Option<Assignment>>;
    /// Removes an assignment; whether there was one.
    async fn unassign(&self, id: i64) -> StorageResult<bool>;
    /// The claims waiting for `user`, oldest first, skipping `offset` items. Disputes are
    /// listed for editors.
    async fn queue(&self, user: &User, offset: u32, limit: u32) -> StorageResult<Vec<QueueItem>>;
    /// How many items [`Assignments::queue`] holds for `user`.
    async fn queue_count(&self, user: &User) -> StorageResult<i64>;
}

/// The body of a `claim.assigned` delivery.
pub fn claim_assigned_payload(assignment: &Assignment, claim: &Claim) -> String {
    serde_json::json!({ "assignment": assignment, "claim": claim }).to_string()
}

/// Of the assignments an assign returns, those it made (`new`: their ids), which are announced;
/// the others existed before.
pub fn newly_made<'a>(assignments: &'a [Assignment], new: &[i64]) -> Vec<&'a Assignment> {
    let new: HashSet<i64> = new.iter().copied().collect();
    assignments.iter().filter(|a| new.contains(&a.id)).collect()
}

/// The `claim.assigned` deliveries (`[payload, created_at]`) of the assignments an assign made
/// (see [`newly_made`]), given their claims.
pub fn assigned_payloads(
    made: &[&Assignment],
    claims: &[Claim],
    created_at: &str,
) -> Vec<(String, String)> {
    let claims: HashMap<ClaimId, &Claim> = claims.iter().map(|c| (c.id, c)).collect();
    made.iter()
        .filter_map(|a| {
            let claim = claims.get(&a.claim_id)?;
            Some((claim_assigned_payload(a, claim), created_at.to_owned()))
        })
        .collect()
}
