//! Articles: imported once per body, with their structure (segments) and claims.

use async_trait::async_trait;
use serde::Serialize;

use super::base::{ArticleId, StorageResult, UserId};
use crate::analysis::ClaimAnalysis;
use crate::domain::{NewArticle, StatusCounts};
use crate::segment::SegmentKind;

/// An article with its claim counts, without its claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub body: String,
    pub source_url: Option<String>,
    pub published_at: Option<String>,
    /// A BCP 47 tag (`und` when it could not be told).
    pub language: String,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub created_at: String,
    /// The current revision of its text (1 until it is revised).
    pub text_revision: i64,
    /// How many independent reviews each claim needs: 1 or 2.
    pub reviews_required: i64,
    pub counts: StatusCounts,
}

/// What every cached rendering of an article depends on. A rendering made at one stamp is
/// current while the article's stamp is equal to it; one query reads the stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleStamp {
    /// This database's history: a restore starts a new one.
    pub lineage: i64,
    /// Moves with every verdict on one of the article's claims.
    pub revision: i64,
    /// The newest claim and the newest verdict in any article: what the claims found again in
    /// other articles depend on.
    pub newest_claim: i64,
    pub newest_verdict: i64,
}

/// A piece of an article's structure, as segmented at import.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSegment {
    pub kind: SegmentKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What was read in a claim (`None` for segments that are not claims).
    pub reading: Option<ClaimAnalysis>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSegment {
    pub kind: SegmentKind,
    pub start: i64,
    pub end: i64,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(ArticleId),
    /// An article with the identical body already existed; nothing was written.
    Existing(ArticleId),
}

impl Imported {
    pub fn id(self) -> ArticleId {
        match self {
            Imported::Created(id) | Imported::Existing(id) => id,
        }
    }
}

#[async_trait]
pub trait Articles: Send + Sync + 'static {
    /// Stores the article, its structure and its claims in one transaction; an identical body
    /// already stored is returned instead.
    async fn import_article(
        &self,
        article: &NewArticle,
        body_sha256: &str,
        segments: &[NewSegment],
        created_by: Option<UserId>,
    ) -> StorageResult<Imported>;
    async fn article(&self, id: ArticleId) -> StorageResult<Option<Article>>;
    /// The article's [`ArticleStamp`]; `None` when there is no such article.
    async fn article_stamp(&self, id: ArticleId) -> StorageResult<Option<ArticleStamp>>;
    /// Newest first; `before` is the keyset cursor (an article id).
    async fn list_articles(
        &self,
        before: Option<ArticleId>,
        limit: u32,
    ) -> StorageResult<Vec<Article>>;
    async fn article_segments(&self, id: ArticleId) -> StorageResult<Vec<StoredSegment>>;
}
