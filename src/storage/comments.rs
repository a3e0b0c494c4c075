//! Comments on claims: threads, mentions and the tombstones removed comments leave.

use async_trait::async_trait;
use serde::Serialize;

use super::accounts::User;
use super::base::{ArticleId, ClaimId, StorageResult, UserId};
use super::claims::Claims;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub claim_id: ClaimId,
    pub parent_id: Option<i64>,
    pub author: String,
    #[serde(skip)]
    pub author_id: UserId,
    /// `None` once removed.
    pub body: Option<String>,
    pub created_at: String,
    pub removed_at: Option<String>,
    pub removed_by: Option<String>,
    /// The users the comment mentions (`@name`), by name.
    pub mentions: Vec<String>,
}

/// A comment to store: its mentions already resolved to users.
#[derive(Debug, Clone)]
pub struct NewCommentRecord<'a> {
    pub claim_id: ClaimId,
    pub parent_id: Option<i64>,
    pub body: &'a str,
    pub mentions: &'a [UserId],
}

#[async_trait]
pub trait Comments: Claims + Send + Sync + 'static {
    /// Stores a comment and its mentions, queueing its `comment.created` deliveries.
    async fn add_comment(
        &self,
        comment: &NewCommentRecord<'_>,
        author: &User,
    ) -> StorageResult<Comment>;
    /// A claim's thread, oldest first (tombstones included).
    async fn comments(&self, claim_id: ClaimId) -> StorageResult<Vec<Comment>>;
    /// Every comment on an article's claims, oldest first.
    async fn article_comments(&self, article_id: ArticleId) -> StorageResult<Vec<Comment>>;
    async fn comment(&self, id: i64) -> StorageResult<Option<Comment>>;
    /// Removes a comment's body, leaving a tombstone; the comment as it now is.
    async fn remove_comment(&self, id: i64, by: &User) -> StorageResult<Option<Comment>>;
}

/// The body of a `comment.created` delivery.
pub fn comment_created_payload(comment: &Comment) -> String {
    serde_json::json!({ "comment": comment }).to_string()
}
