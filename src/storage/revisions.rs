//! Revisions of an article's text: each kept, with where its claims stood in it, and claims
//! carried from one revision to the next as [`crate::domain::revision`] matched them.

use async_trait::async_trait;
use serde::Serialize;

use super::articles::{NewSegment, StoredSegment};
use super::base::{ArticleId, ClaimId, StorageResult, UserId};
use super::claims::{Claim, Claims};
use crate::domain::revision::{Matching, RevisionCounts};

/// A new text for an article, matched against the claims of the revision it replaces.
pub struct NewRevision<'a> {
    pub article_id: ArticleId,
    /// The revision the matching was made against: nothing is written if the article has
    /// moved on since ([`StorageError::ArticleRevised`](super::StorageError::ArticleRevised)).
    pub base: i64,
    pub body: &'a str,
    pub body_sha256: &'a str,
    pub segments: &'a [NewSegment],
    /// The base revision's claims, in the order the matching saw them.
    pub old_claims: &'a [ClaimId],
    pub matching: &'a Matching,
    pub note: Option<&'a str>,
    pub created_by: UserId,
}

/// One revision of an article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionRecord {
    pub revision: i64,
    pub created_at: String,
    /// Who imported (revision 1) or revised the text; `None` for a command-line import.
    pub created_by: Option<String>,
    pub note: Option<String>,
    #[serde(flatten)]
    pub counts: RevisionCounts,
}

/// An article's text as it was at a superseded revision, with its claims as they stood then.
#[derive(Debug, Clone, PartialEq)]
pub struct PastText {
    pub revision: i64,
    pub body: String,
    pub segments: Vec<StoredSegment>,
    /// Each with its text and place at that revision, and its latest verdict made on that
    /// revision or before.
    pub claims: Vec<Claim>,
}

#[async_trait]
pub trait Revisions: Claims + Send + Sync + 'static {
    /// Makes `revision` the article's current text in one transaction: the old text, its
    /// structure and its claims' places are kept; claims are carried, changed, removed or
    /// added as matched; an `article.revised` delivery is queued.
    async fn revise_article(&self, revision: &NewRevision<'_>) -> StorageResult<RevisionRecord>;
    /// Oldest first; empty when there is no such article.
    async fn article_revisions(&self, id: ArticleId) -> StorageResult<Vec<RevisionRecord>>;
    /// The text at a revision that has been superseded; `None` for the current revision or
    /// one that does not exist.
    async fn past_text(&self, id: ArticleId, revision: i64) -> StorageResult<Option<PastText>>;
}
