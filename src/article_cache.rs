//! Articles as pages and API answers read them, loaded once per revision and reused.
//!
//! An article page or its JSON needs the article, every claim with its verdict, and the
//! article's structure: hundreds of rows. They change only when a verdict lands on one of its
//! claims, and each such verdict moves the article's revision (see
//! `migrations/*_revisions.sql`). So a request reuses what was loaded and rendered at the
//! article's current [`ArticleStamp`], and loads again when the stamp moved.
//!
//! The stamp itself is read from the database (one indexed query) only when the storage's
//! [`generation`](crate::storage::Maintenance::generation) moved since it was last read, that is
//! after a change: a page view while nothing changes touches no database at all. Changes made
//! through this server move the generation before they are acknowledged, so a reviewer always
//! sees their own verdict; changes made by anything else show within
//! [`CHANGE_NOTICE`](crate::storage::CHANGE_NOTICE).
//!
//! Two kinds of entries, because they go stale at different times:
//! - an [`ArticleView`] per article, current while the article's lineage and revision are;
//! - per claim, a [`Derived`] store for what a layer computes from one claim and the rest of
//!   the database (the page's panel: history, matches in other articles), current while the
//!   whole stamp is, since a match's status changes with verdicts in other articles.
//!
//! What the pages and the API render from these (HTML, JSON) is kept in each entry's
//! [`Derived`] store under a type of the layer's own, so that it goes stale with the data it
//! came from; this module knows nothing of pages, JSON or search.

use std::any::{Any, TypeId};
use std::future::Future;
use std::sync::{Arc, Mutex};

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::storage::{
    Article, ArticleId, ArticleStamp, Claim, ClaimId, Storage, StorageResult, StoredSegment,
};

/// Memory for cached articles (estimated), and how many claim panels are kept.
const VIEW_BYTES: u64 = 16 * 1024 * 1024;
const PANELS: usize = 4096;
const STAMPS: usize = 16_384;

/// Values derived from one cache entry (a page's HTML, the API's JSON), one per type, each
/// computed at most once (two requests racing may both compute it; the first stored wins).
#[derive(Default)]
pub struct Derived(Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>);

impl Derived {
    fn stored<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let values = self.0.lock().unwrap_or_else(|e| e.into_inner());
        values
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, value)| value.clone().downcast::<T>().ok())
    }

    fn keep<T: Any + Send + Sync>(&self, value: T) -> Arc<T> {
        let mut values = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = values
            .iter()
            .find(|(id, _)| *id == TypeId::of::<T>())
            .and_then(|(_, value)| value.clone().downcast::<T>().ok())
        {
            return found;
        }
        let value = Arc::new(value);
        values.push((TypeId::of::<T>(), value.clone()));
        value
    }

    /// The `T` derived before, or `make`'s, kept for next time. Nothing is held while `make`
    /// runs.
    pub fn get_or_try_init<T, E>(&self, make: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
    {
        if let Some(value) = self.stored::<T>() {
            return Ok(value);
        }
        Ok(self.keep(make()?))
    }

    /// [`Derived::get_or_try_init`] for a value that takes reading the database.
    pub async fn get_or_try_load<T, E, F>(&self, make: impl FnOnce() -> F) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.stored::<T>() {
            return Ok(value);
        }
        Ok(self.keep(make().await?))
    }
}

/// One article at one revision, with what has been derived from it so far.
pub struct ArticleView {
    /// The stamp it was loaded at; only its lineage and revision concern the article itself.
    loaded_at: ArticleStamp,
    pub article: Article,
    /// In article order.
    pub claims: Vec<Claim>,
    pub segments: Vec<StoredSegment>,
    /// What the pages and the API render from it.
    pub derived: Derived,
    /// Estimated once, as the cache requires: the article and its renderings.
    weight: u64,
}

impl ArticleView {
    fn new(
        stamp: ArticleStamp,
        article: Article,
        claims: Vec<Claim>,
        segments: Vec<StoredSegment>,
    ) -> Self {
        // Body, claims, and the JSON and HTML renderings. Measured on a 1,000-claim article: a
        // claim with its reading takes about 800 bytes besides its text, its JSON about 900,
        // its part of the page's HTML about 150.
        let claim_bytes: usize = claims.iter().map(|c| 3 * c.text.len() + 1_850).sum();
        let weight = (article.body.len() + claim_bytes + segments.len() * 32) as u64;
        ArticleView {
            loaded_at: stamp,
            article,
            claims,
            segments,
            derived: Derived::default(),
            weight,
        }
    }

    fn is_current(&self, stamp: &ArticleStamp) -> bool {
        self.loaded_at.lineage == stamp.lineage && self.loaded_at.revision == stamp.revision
    }
}

/// What has been derived from one claim as of one stamp.
struct ClaimEntry {
    stamp: ArticleStamp,
    derived: Arc<Derived>,
}

#[derive(Clone)]
struct ViewWeight;

impl Weighter<ArticleId, Arc<ArticleView>> for ViewWeight {
    fn weight(&self, _: &ArticleId, view: &Arc<ArticleView>) -> u64 {
        view.weight.max(1)
    }
}

pub struct ArticleCache {
    /// Each article's stamp, with the storage generation it was read at.
    stamps: Cache<ArticleId, (u64, ArticleStamp)>,
    views: Cache<ArticleId, Arc<ArticleView>, ViewWeight>,
    claims: Cache<ClaimId, Arc<ClaimEntry>>,
}

impl Default for ArticleCache {
    fn default() -> Self {
        ArticleCache {
            stamps: Cache::new(STAMPS),
            views: Cache::with_weighter(256, VIEW_BYTES, ViewWeight),
            claims: Cache::new(PANELS),
        }
    }
}

impl ArticleCache {
    /// The article as it is now, with the stamp it was checked against; `None` when there is
    /// no such article.
    pub async fn article(
        &self,
        storage: &dyn Storage,
        id: ArticleId,
    ) -> StorageResult<Option<(ArticleStamp, Arc<ArticleView>)>> {
        let Some(stamp) = self.stamp(storage, id).await? else {
            return Ok(None);
        };
        if let Some(view) = self.views.get(&id).filter(|v| v.is_current(&stamp)) {
            return Ok(Some((stamp, view)));
        }
        // Read after the stamp, so never older than it. A verdict landing in between makes the
        // view newer than its label; the label then matches no later stamp (revisions only
        // grow), so the view is simply loaded again on the next request.
        let Some((article, claims)) = storage.article_with_claims(id).await? else {
            return Ok(None);
        };
        let segments = storage.article_segments(id).await?;
        let view = Arc::new(ArticleView::new(stamp, article, claims, segments));
        self.views.insert(id, view.clone());
        Ok(Some((stamp, view)))
    }

    /// The article's stamp: remembered while the storage generation stays where it was when
    /// the stamp was read. The generation is read first, so a change committed before it
    /// moved is in the stamp read after it, and a later change moves it again.
    async fn stamp(
        &self,
        storage: &dyn Storage,
        id: ArticleId,
    ) -> StorageResult<Option<ArticleStamp>> {
        let generation = storage.generation();
        if let Some((read_at, stamp)) = self.stamps.get(&id)
            && read_at == generation
        {
            return Ok(Some(stamp));
        }
        let stamp = storage.article_stamp(id).await?;
        match stamp {
            Some(stamp) => self.stamps.insert(id, (generation, stamp)),
            None => {
                self.stamps.remove(&id);
            }
        }
        Ok(stamp)
    }

    /// Where to keep what is derived from `claim` as of `stamp` (the stamp of the claim's
    /// article, just read): the same store while the stamp stays, a fresh one once it moved.
    pub fn claim_derived(&self, claim: ClaimId, stamp: ArticleStamp) -> Arc<Derived> {
        if let Some(entry) = self.claims.get(&claim).filter(|e| e.stamp == stamp) {
            return entry.derived.clone();
        }
        let entry = Arc::new(ClaimEntry {
            stamp,
            derived: Arc::default(),
        });
        self.claims.insert(claim, entry.clone());
        entry.derived.clone()
    }
}
