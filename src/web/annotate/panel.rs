//! The panel beside the text: the selected claim, its evidence, the verdict form (or, when
//! every claim has one, the article's summary), its history and matches in other articles.

use std::sync::{Arc, OnceLock};

use askama::Template;
use serde::{Deserialize, Serialize};

use crate::article_cache::ArticleView;
use crate::domain::annotation::{MAX_CITATION_CHARS, MAX_NOTE_CHARS, MAX_SOURCES, SourceInput};
use crate::domain::review::ReviewState;
use crate::domain::{ClaimStatus, Role, StatusCounts};
use crate::error::AppError;
use crate::search::SearchHit;
use crate::state::AppState;
use crate::storage::{ArticleStamp, Claim, Comment, HistoryEntry, Review, User};
use crate::web::error::PageError;
use crate::web::layout::{Progress, status_bar, status_icon, status_label};

/// What the reviewer typed into the verdict form: read from a post, and shown again when the
/// verdict could not be saved. Sources are repeated `url`/`citation` fields, row by row.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct VerdictForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub url: Vec<String>,
    #[serde(default)]
    pub citation: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// The claim's version when the form was opened: saving over a newer one is a conflict.
    #[serde(default)]
    pub version: String,
    /// The claim the form was opened for, checked against the address it is posted to.
    #[serde(default)]
    pub claim: String,
    /// Which panel the script wants back: a claim id, or `done` for the summary.
    #[serde(default, skip_serializing)]
    pub next: String,
    /// `disputes`: a settling form of the disputes page, which the browser returns to.
    #[serde(default, skip_serializing)]
    pub back: String,
    /// Who the form was shown to, so that what they typed is offered back only to them if
    /// their session ends before it is saved.
    #[serde(default, skip_serializing)]
    pub reviewer: String,
}

impl VerdictForm {
    /// The form filled with the claim's current verdict and evidence, ready to amend.
    pub(super) fn of(claim: &Claim) -> Self {
        VerdictForm {
            status: claim
                .status
                .verdict()
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default(),
            url: claim
                .sources
                .iter()
                .map(|s| s.url.clone().unwrap_or_default())
                .collect(),
            citation: claim
                .sources
                .iter()
                .map(|s| s.citation.clone().unwrap_or_default())
                .collect(),
            note: claim.note.clone().unwrap_or_default(),
            ..VerdictForm::default()
        }
    }

    /// Source rows as typed, blank rows dropped.
    pub(super) fn sources(&self) -> Vec<SourceInput> {
        let rows = self.url.len().max(self.citation.len());
        (0..rows)
            .map(|i| SourceInput {
                url: self.url.get(i).cloned(),
                citation: self.citation.get(i).cloned(),
            })
            .filter(|s| {
                [&s.url, &s.citation]
                    .iter()
                    .any(|f| f.as_deref().is_some_and(|v| !v.trim().is_empty()))
            })
            .collect()
    }

    /// The rows the form shows: every source typed or stored, then one blank row to add one.
    pub(super) fn rows(&self) -> Vec<SourceRow> {
        let mut rows: Vec<SourceRow> = self
            .sources()
            .into_iter()
            .map(|s| SourceRow {
                url: s.url.unwrap_or_default(),
                citation: s.citation.unwrap_or_default(),
            })
            .collect();
        if rows.len() < MAX_SOURCES {
            rows.push(SourceRow::default());
        }
        rows
    }
}

/// A review state in words.
pub(super) fn review_state_label(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Open => "waiting for reviews",
        ReviewState::AwaitingSecond => "waiting for the second review",
        ReviewState::Disputed => "disputed",
        ReviewState::Settled => "settled",
    }
}

/// Parses an optional number field of the form; blank is absent.
pub(super) fn number_field(value: &str, what: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().map(Some).map_err(|_| {
        AppError::BadRequest(format!(
            "The form's {what} is “{value}”, not a number; reload the page and try again."
        ))
    })
}

#[derive(Default)]
pub struct SourceRow {
    pub url: String,
    pub citation: String,
}

/// The article at a glance, shown once every claim has a verdict (or on `?done=1`).
pub struct Summary {
    pub progress: Progress,
    pub counts: StatusCounts,
    pub bar: String,
    pub first_id: Option<i64>,
}

#[derive(Template)]
#[template(path = "panel.html", whitespace = "minimize")]
pub struct Panel<'a> {
    pub(super) article_id: i64,
    pub(super) claim: Option<&'a Claim>,
    pub(super) summary: Option<Summary>,
    pub(super) total: usize,
    pub(super) status_icon: &'static str,
    pub(super) status_label: &'static str,
    pub(super) conflict: Option<String>,
    pub(super) error: Option<String>,
    pub(super) info: Option<String>,
    pub(super) can_review: bool,
    pub(super) form: VerdictForm,
    pub(super) rows: Vec<SourceRow>,
    pub(super) history: &'a [HistoryEntry],
    /// Every verdict the claim has had (the panel may list only the newest).
    pub(super) history_total: i64,
    pub(super) elsewhere: &'a [SearchHit],
    pub(super) prev_id: Option<i64>,
    pub(super) next_id: Option<i64>,
    pub(super) max_note: usize,
    pub(super) max_citation: usize,
    pub(super) max_speaker: usize,
    pub(super) max_summary: usize,
    /// The blind reviews the viewer may see (see [`crate::usecase::visible_reviews`]).
    pub(super) reviews: Vec<Review>,
    /// Whether the viewer has submitted a review in the claim's current round.
    pub(super) own_review: bool,
    pub(super) review_state: &'static str,
    /// Whether the viewer's verdict would be a blind review.
    pub(super) blind: bool,
    /// Whether the viewer's blind review is in and the round waits for the other one.
    pub(super) reviewed_already: bool,
    pub(super) is_editor: bool,
    pub(super) comments: Vec<CommentRow>,
}

/// A comment in its thread: how deep it is indented, and whether the viewer may remove it.
pub struct CommentRow {
    pub comment: Comment,
    pub depth: usize,
    pub removable: bool,
}

/// A claim's comments in thread order: each reply right after what it answers (oldest first
/// at each level), indented up to a few levels.
pub(super) fn thread(comments: &[Comment], viewer: &User) -> Vec<CommentRow> {
    const MAX_DEPTH: usize = 3;
    fn walk(
        comments: &[Comment],
        parent: Option<i64>,
        depth: usize,
        viewer: &User,
        out: &mut Vec<CommentRow>,
    ) {
        for c in comments.iter().filter(|c| c.parent_id == parent) {
            out.push(CommentRow {
                comment: c.clone(),
                depth: depth.min(MAX_DEPTH),
                removable: c.removed_at.is_none()
                    && (c.author_id == viewer.id || viewer.role.grants(Role::Admin)),
            });
            walk(comments, Some(c.id), depth + 1, viewer, out);
        }
    }
    // Every reply's parent is a comment of the same thread (checked when it is made, and
    // removed comments stay as tombstones), so the walk from the top reaches them all.
    let mut rows = Vec::with_capacity(comments.len());
    walk(comments, None, 0, viewer, &mut rows);
    rows
}

/// Why the panel is shown again instead of moving on. Kept in the session between a form
/// post and the page it redirects to (post/redirect/get), so a reload never posts again.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct PanelNotice {
    pub(super) conflict: Option<String>,
    pub(super) error: Option<String>,
    /// Not a failure: say what happened ("you were signed out; here is what you typed").
    pub(super) info: Option<String>,
    /// What was typed; `None` shows the claim's current evidence.
    pub(super) form: Option<VerdictForm>,
}

impl PanelNotice {
    /// Nothing to say and nothing typed: the panel is the same for everyone of a role.
    pub(super) fn is_plain(&self) -> bool {
        self.conflict.is_none()
            && self.error.is_none()
            && self.info.is_none()
            && self.form.is_none()
    }

    pub(super) fn message(&self) -> String {
        self.conflict
            .iter()
            .chain(&self.error)
            .chain(&self.info)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An article as the page shows it, checked against its current stamp.
pub(super) struct Loaded {
    pub(super) stamp: ArticleStamp,
    pub(super) view: Arc<ArticleView>,
}

pub(super) async fn load(state: &AppState, article_id: i64) -> Result<Loaded, PageError> {
    let (stamp, view) = state
        .articles
        .article(state.storage.as_ref(), article_id)
        .await?
        .ok_or_else(|| AppError::no_article(article_id))?;
    Ok(Loaded { stamp, view })
}

/// Whether a claim still waits for the viewer: unreviewed, and not one they have reviewed
/// blind already (`reviewed_blind`, whose status waits for another reviewer).
fn waits_for(claim: &Claim, reviewed_blind: &[i64]) -> bool {
    claim.status == ClaimStatus::Unreviewed && !reviewed_blind.contains(&claim.id)
}

/// The first claim after `from` (wrapping around) still waiting for the viewer, if any.
pub(super) fn next_unreviewed(
    claims: &[Claim],
    from: usize,
    reviewed_blind: &[i64],
) -> Option<usize> {
    let n = claims.len();
    (1..=n)
        .map(|step| (from + step) % n)
        .find(|&i| waits_for(&claims[i], reviewed_blind))
}

/// The article's claims `user` has reviewed blind and that wait for another reviewer (none for
/// editors, whose verdicts are never blind).
pub(super) async fn reviewed_blind(
    state: &AppState,
    user: &User,
    article_id: i64,
) -> Result<Vec<i64>, PageError> {
    if user.role.grants(Role::Editor) {
        return Ok(Vec::new());
    }
    Ok(state.storage.reviewed_blind(user.id, article_id).await?)
}

/// Which claim a page shows: the one asked for (a claim of another article is not found), else
/// the first one waiting for the viewer; `None` is the summary (every claim reviewed, or
/// `?done=1`).
pub(super) fn selected_index(
    article_id: i64,
    claims: &[Claim],
    params: &ClaimParam,
    reviewed_blind: &[i64],
) -> Result<Option<usize>, PageError> {
    if let Some(id) = claim_param(params.claim.as_deref())? {
        return claims
            .iter()
            .position(|c| c.id == id)
            .map(Some)
            .ok_or_else(|| {
                PageError::not_found(format!(
                    "Article {article_id} has no claim {id}: the link may be for another article."
                ))
            });
    }
    if params.done.is_some() {
        return Ok(None);
    }
    Ok(claims.iter().position(|c| waits_for(c, reviewed_blind)))
}

/// How much of a claim's history its panel lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HistoryShown {
    /// The newest [`PANEL_HISTORY`] verdicts, with a link to the rest.
    Newest,
    All,
}

/// Verdicts a panel lists unless asked for all of them.
pub(super) const PANEL_HISTORY: u32 = 20;

pub(super) async fn render_panel(
    state: &AppState,
    user: &User,
    loaded: &Loaded,
    index: Option<usize>,
    notice: PanelNotice,
    shown: HistoryShown,
) -> Result<String, PageError> {
    let claims = &loaded.view.claims;
    let claim = index.map(|i| &claims[i]);
    let data = match claim {
        Some(c) => Some(panel_data(state, loaded.stamp, c).await?),
        None => None,
    };
    let full_history = match (claim, shown) {
        (Some(c), HistoryShown::All) => Some(state.storage.claim_history(c.id).await?),
        _ => None,
    };
    let can_review = user.role.grants(Role::Reviewer);
    let reviews = match claim {
        Some(c) => crate::usecase::visible_reviews(state, c, user).await?,
        None => Vec::new(),
    };
    let own_review = reviews.iter().any(|r| r.reviewer_id == user.id);
    // What differs from one viewer to the next (reviews, comments they may remove) is not
    // cached; the plain panel is rendered once per claim, article revision and role.
    let personal = claim.is_some_and(|c| c.review.required >= 2 || c.review.submitted >= 2)
        || data.as_ref().is_some_and(|d| !d.comments.is_empty());
    let cached = data
        .as_ref()
        .filter(|_| notice.is_plain() && full_history.is_none() && !personal)
        .map(|d| &d.html[usize::from(can_review) + usize::from(user.role.grants(Role::Editor))]);
    if let Some(html) = cached.and_then(|c| c.get()) {
        return Ok(html.clone());
    }
    let status = claim.map_or("unreviewed", |c| c.status.as_str());
    let counts = &loaded.view.article.counts;
    let mut form = notice
        .form
        .unwrap_or_else(|| claim.map(VerdictForm::of).unwrap_or_default());
    if let Some(c) = claim {
        // The form always carries the claim it shows and the version it was opened at.
        form.claim = c.id.to_string();
        if form.version.is_empty() {
            form.version = c.version.to_string();
        }
    }
    let panel = Panel {
        article_id: loaded.view.article.id,
        total: claims.len(),
        summary: (claim.is_none() && !claims.is_empty()).then(|| Summary {
            progress: Progress::of(counts),
            counts: *counts,
            bar: status_bar(counts, 320, 16),
            first_id: claims.first().map(|c| c.id),
        }),
        status_icon: status_icon(status),
        status_label: status_label(status),
        conflict: notice.conflict,
        error: notice.error,
        info: notice.info,
        can_review,
        rows: form.rows(),
        form,
        history: full_history
            .as_deref()
            .or(data.as_ref().map(|d| d.history.as_slice()))
            .unwrap_or(&[]),
        history_total: claim.map_or(0, |c| c.lineage.verdicts),
        elsewhere: data.as_ref().map_or(&[], |d| d.elsewhere.as_slice()),
        prev_id: index.and_then(|i| i.checked_sub(1)).map(|i| claims[i].id),
        next_id: index.and_then(|i| claims.get(i + 1)).map(|c| c.id),
        claim,
        max_note: MAX_NOTE_CHARS,
        max_citation: MAX_CITATION_CHARS,
        max_speaker: crate::domain::claim_edit::MAX_SPEAKER_CHARS,
        max_summary: crate::domain::claim_edit::MAX_SUMMARY_CHARS,
        review_state: claim.map_or("", |c| review_state_label(c.review.state)),
        blind: claim.is_some_and(|c| {
            crate::domain::review::submission(&c.review, user.role)
                == crate::domain::review::Submission::BlindReview
        }),
        // One's review is in and the round still waits: nothing more to submit.
        reviewed_already: own_review && claim.is_some_and(|c| c.review.state.is_blind()),
        is_editor: user.role.grants(Role::Editor),
        comments: data
            .as_ref()
            .map(|d| thread(&d.comments, user))
            .unwrap_or_default(),
        reviews,
        own_review,
    };
    let html = panel.render().map_err(|e| AppError::Internal(e.into()))?;
    if let Some(cache) = cached {
        let _ = cache.set(html.clone());
    }
    Ok(html)
}

/// How many matches from other articles a claim's panel lists.
pub(super) const ELSEWHERE: usize = 5;

/// What a claim's panel shows besides the claim itself, kept while the claim's article stamp
/// stays (a match's status changes with verdicts in other articles, which move the stamp).
pub(super) struct PanelData {
    /// Newest first.
    pub(super) history: Vec<HistoryEntry>,
    /// The same claim, or a close rewording, in other articles.
    pub(super) elsewhere: Vec<SearchHit>,
    /// The claim's comments, oldest first (a comment moves the article's stamp).
    pub(super) comments: Vec<Comment>,
    /// The panel as rendered with no message and an untouched form, for a reader who may not
    /// review (`[0]`), a reviewer (`[1]`) and an editor (`[2]`, who may also reopen).
    pub(super) html: [OnceLock<String>; 3],
}

pub(super) async fn panel_data(
    state: &AppState,
    stamp: ArticleStamp,
    claim: &Claim,
) -> Result<Arc<PanelData>, PageError> {
    let storage = state.storage.as_ref();
    state
        .articles
        .claim_derived(claim.id, stamp)
        .get_or_try_load(|| async {
            Ok::<_, PageError>(PanelData {
                history: storage
                    .claim_history_page(claim.id, None, PANEL_HISTORY)
                    .await?,
                elsewhere: crate::search::elsewhere(storage, claim, ELSEWHERE).await?,
                comments: storage.comments(claim.id).await?,
                html: Default::default(),
            })
        })
        .await
}

#[derive(Debug, Default, Deserialize)]
pub struct ClaimParam {
    /// A claim id; read leniently (see [`claim_param`]).
    pub(super) claim: Option<String>,
    /// Any value: show the article's summary instead of a claim.
    pub(super) done: Option<String>,
    /// `all`: the panel lists the claim's whole history, not only the newest verdicts.
    pub(super) history: Option<String>,
    /// `checkworthy` or `all`: open the triage list, with only check-worthy claims or all.
    pub(super) triage: Option<String>,
}

impl ClaimParam {
    pub(super) fn history_shown(&self) -> HistoryShown {
        if self.history.as_deref() == Some("all") {
            HistoryShown::All
        } else {
            HistoryShown::Newest
        }
    }
}

/// The `?claim=` of a link as people paste it: `441`, `441.` or `441)` at the end of a
/// sentence all mean claim 441; blank means none; anything else is a readable 400.
pub(super) fn claim_param(raw: Option<&str>) -> Result<Option<i64>, PageError> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let digits = raw.trim_end_matches(|c: char| c.is_ascii_punctuation());
    digits.parse::<i64>().map(Some).map_err(|_| {
        PageError::from(AppError::BadRequest(format!(
            "“{raw}” is not a claim number: a link to a claim ends in ?claim= and the number."
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_links_read_as_people_paste_them() {
        assert_eq!(claim_param(Some("441")).unwrap(), Some(441));
        assert_eq!(claim_param(Some(" 441. ")).unwrap(), Some(441));
        assert_eq!(claim_param(Some("441),")).unwrap(), Some(441));
        assert_eq!(claim_param(Some("")).unwrap(), None);
        assert_eq!(claim_param(None).unwrap(), None);
        assert!(claim_param(Some("abc")).is_err());
    }

    #[test]
    fn source_rows_keep_what_was_typed_and_offer_one_more() {
        let form = VerdictForm {
            url: vec!["https://a.example".into(), String::new(), String::new()],
            citation: vec![String::new(), "Census 2020".into()],
            ..VerdictForm::default()
        };
        let sources = form.sources();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[1].citation.as_deref(), Some("Census 2020"));
        assert_eq!(form.rows().len(), 3);
        assert_eq!(form.rows()[2].url, "");
    }

    #[test]
    fn number_fields_refuse_garbage() {
        assert_eq!(number_field(" 7 ", "version").unwrap(), Some(7));
        assert_eq!(number_field("", "version").unwrap(), None);
        assert!(number_field("seven", "version").is_err());
    }
}
