//! Publishing an article's reviews: what an editor made public, and when. A publication is a
//! snapshot of each reviewed claim's verdict (its version), speaker and summary at the time:
//! later verdicts stay internal until the editor publishes again.

use async_trait::async_trait;

use super::accounts::User;
use super::base::{ArticleId, StorageResult};
use super::claims::{Claim, Claims};
pub use crate::domain::PublicationSettings;

/// An article's publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub article_id: ArticleId,
    pub published_at: String,
    pub published_by: String,
    pub settings: PublicationSettings,
    /// How many reviews it made public.
    pub reviews: i64,
}

#[async_trait]
pub trait Publications: Claims + Send + Sync + 'static {
    /// Publishes (or publishes again) the article's reviewed claims as they are now, in one
    /// transaction; `None` when there is no such article.
    async fn publish(
        &self,
        article: ArticleId,
        settings: &PublicationSettings,
        editor: &User,
    ) -> StorageResult<Option<Publication>>;
    /// Takes the article's reviews off its public page; whether it was published.
    async fn withdraw(&self, article: ArticleId) -> StorageResult<bool>;
    async fn publication(&self, article: ArticleId) -> StorageResult<Option<Publication>>;
    /// The published reviews in article order: each claim as it was published (its verdict,
    /// sources, note, reviewer, speaker and summary then).
    async fn published_reviews(&self, article: ArticleId) -> StorageResult<Vec<Claim>>;
}
