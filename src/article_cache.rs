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
//! - a [`ClaimPanel`] per claim (its history and its matches in other articles), current while
//!   the whole stamp is, since a match's status changes with verdicts in other articles.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use crate::search::{self, SearchHit};
use crate::storage::{
    Article, ArticleId, ArticleStamp, Claim, ClaimId, HistoryEntry, Storage, StorageResult,
    StoredSegment,
};

/// How many matches from other articles a claim's panel lists.
pub const ELSEWHERE: usize = 5;
/// Memory for cached articles (estimated), and how many claim panels are kept.
const VIEW_BYTES: u64 = 32 * 1024 * 1024;
const PANELS: usize = 4096;
const STAMPS: usize = 16_384;

/// One article at one revision, with what has been rendered from it so far.
pub struct ArticleView {
    /// The stamp it was loaded at; only its lineage and revision concern the article itself.
    loaded_at: ArticleStamp,
    pub article: Article,
    /// In article order.
    pub claims: Vec<Claim>,
    pub segments: Vec<StoredSegment>,
    /// The API's JSON answer, serialized the first time it is asked for.
    pub json: OnceLock<Bytes>,
    /// The article text as the annotate page shows it, rendered the first time it is shown.
    pub html: OnceLock<String>,
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
        let claim_bytes: usize = claims.iter().map(|c| c.text.len() + 400).sum();
        // Body, claims, and the JSON and HTML renderings, each about the size of the claims.
        let weight = (article.body.len() + 3 * claim_bytes + segments.len() * 32) as u64;
        ArticleView {
            loaded_at: stamp,
            article,
            claims,
            segments,
            json: OnceLock::new(),
            html: OnceLock::new(),
            weight,
        }
    }

    fn is_current(&self, stamp: &ArticleStamp) -> bool {
        self.loaded_at.lineage == stamp.lineage && self.loaded_at.revision == stamp.revision
    }
}

/// What a claim's panel shows besides the claim itself.
pub struct ClaimPanel {
    stamp: ArticleStamp,
    /// Newest first.
    pub history: Vec<HistoryEntry>,
    /// The same claim, or a close rewording, in other articles.
    pub elsewhere: Vec<SearchHit>,
    /// The panel as rendered with no message and an untouched form, for a reader who may not
    /// review (`[0]`) and one who may (`[1]`).
    pub html: [OnceLock<String>; 2],
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
    panels: Cache<ClaimId, Arc<ClaimPanel>>,
}

impl Default for ArticleCache {
    fn default() -> Self {
        ArticleCache {
            stamps: Cache::new(STAMPS),
            views: Cache::with_weighter(256, VIEW_BYTES, ViewWeight),
            panels: Cache::new(PANELS),
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

    /// The claim's history and its matches in other articles, as of `stamp` (the stamp of the
    /// claim's article, just read).
    pub async fn panel(
        &self,
        storage: &dyn Storage,
        stamp: ArticleStamp,
        claim: &Claim,
    ) -> StorageResult<Arc<ClaimPanel>> {
        if let Some(panel) = self.panels.get(&claim.id).filter(|p| p.stamp == stamp) {
            return Ok(panel);
        }
        let panel = Arc::new(ClaimPanel {
            stamp,
            history: storage.claim_history(claim.id).await?,
            elsewhere: search::elsewhere(storage, claim, ELSEWHERE).await?,
            html: Default::default(),
        });
        self.panels.insert(claim.id, panel.clone());
        Ok(panel)
    }
}
