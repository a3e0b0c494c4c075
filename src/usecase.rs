//! What the service does, once for every way in: the JSON API and the pages both call these,
//! so the rules, the write, the metrics, the webhook wake-up and the log line of each
//! operation live in one place. Handlers parse, authorize, call one of these, and render.

mod team;

pub use team::{
    AgreementQuery, agreement, assign, comment, remove_comment, set_review_policy, unassign,
    visible_reviews,
};

use crate::analysis;
use crate::domain::review::{Submission, submission};
use crate::domain::revision::{self, NewText, RevisionInput};
use crate::domain::{
    AnnotationInput, ArticleInput, ClaimCorrection, ClaimEditInput, ClaimStatus, NewAnnotation,
    NewArticle, PublicationInput, PublicationSettings,
};
use crate::error::{AppError, AppResult};
use crate::import::{body_sha256, import_article, read_claims, segments_of};
use crate::segment;
use crate::segment::stored_offset;
use crate::state::AppState;
use crate::storage::{
    Article, ArticleId, Claim, ClaimEdit, ClaimId, ClaimReading, Imported, NewRevision, PastText,
    Publication, Recorded, RevisionRecord, Speaker, StorageError, User,
};
use crate::telemetry;

/// Records `reviewer`'s verdict on a claim. With `if_version`, nothing is written unless the
/// claim is still at that version (`AppError::PreconditionFailed` names the current one).
/// Broken rules come back as `AppError::Validation`, every one of them.
///
/// Under double review a reviewer's verdict is a blind review (see
/// [`crate::domain::review`]): the claim's status waits for the second reviewer's.
pub async fn record_verdict(
    state: &AppState,
    claim_id: ClaimId,
    input: AnnotationInput,
    reviewer: &User,
    if_version: Option<i64>,
) -> AppResult<Recorded> {
    let annotation = NewAnnotation::parse(input).map_err(AppError::Validation)?;
    let editor = reviewer.role.grants(crate::domain::Role::Editor);
    if annotation.status == ClaimStatus::Unreviewed && !editor {
        return Err(AppError::Forbidden(
            "only editors reopen a claim (status unreviewed); comment on the claim to ask one"
                .to_owned(),
        ));
    }
    // Tried as a plain verdict first: an editor's always is one, and so is a reviewer's under
    // single review, the usual case. The writer checks that at the write itself, so only a
    // verdict it turns down needs the claim read to see what the review makes of it (under
    // double review a blind review), rather than every verdict paying for that read first;
    // under double review a reviewer's verdict costs that one turn of the writer more.
    let recorded = match state
        .storage
        .annotate(claim_id, &annotation, reviewer, if_version)
        .await
    {
        Err(StorageError::NotPlainVerdict { .. }) if !editor => {
            not_plain(state, claim_id, &annotation, reviewer, if_version).await?
        }
        // A stale If-Match on a claim this reviewer cannot decide anyway: the refusal's reason
        // is the answer, as saving again with the new version would only meet it.
        Err(StorageError::VersionMismatch { current }) if !editor => {
            let claim = state.storage.claim(claim_id).await?;
            return Err(match claim.map(|c| submission(&c.review, reviewer.role)) {
                Some(Submission::Refused(why)) => AppError::Conflict(why),
                _ => StorageError::VersionMismatch { current }.into(),
            });
        }
        recorded => recorded?,
    };
    let claim = &recorded.claim;
    tracing::info!(claim_id, version = claim.version, status = %claim.status, user = %reviewer.name, "verdict recorded");
    telemetry::verdict_recorded(annotation.status);
    if recorded.deliveries_queued {
        state.webhooks.nudge();
    }
    Ok(recorded)
}

/// A reviewer's verdict that the claim's review did not take as a plain one: a blind review
/// if a round of them is open to the reviewer, else refused with the reason.
async fn not_plain(
    state: &AppState,
    claim_id: ClaimId,
    annotation: &NewAnnotation,
    reviewer: &User,
    if_version: Option<i64>,
) -> AppResult<Recorded> {
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| AppError::no_claim(claim_id))?;
    match submission(&claim.review, reviewer.role) {
        Submission::BlindReview => {
            if let Some(expected) = if_version
                && expected != claim.version
            {
                return Err(StorageError::VersionMismatch {
                    current: claim.version,
                }
                .into());
            }
            let review = state
                .storage
                .submit_review(claim_id, annotation, reviewer)
                .await?;
            tracing::info!(claim_id, outcome = ?review.outcome, user = %reviewer.name, "blind review recorded");
            Ok(Recorded {
                claim: review.claim,
                deliveries_queued: review.deliveries_queued,
                recent_history: None,
            })
        }
        Submission::Refused(why) => Err(AppError::Conflict(why)),
        // The review went back to single review meanwhile: a plain verdict once more.
        Submission::Verdict => Ok(state
            .storage
            .annotate(claim_id, annotation, reviewer, if_version)
            .await?),
    }
}

/// Applies a reviewer's corrections to a claim's speaker and summary; each change is kept in
/// the claim's edit history. A speaker the article names gets the offsets of that mention.
pub async fn correct_claim(
    state: &AppState,
    claim_id: ClaimId,
    input: ClaimEditInput,
    reviewer: &User,
) -> AppResult<Claim> {
    let correction = ClaimCorrection::parse(input).map_err(AppError::Validation)?;
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| AppError::no_claim(claim_id))?;
    let speaker = match correction.speaker {
        Some(Some(name)) => {
            let body = state
                .storage
                .article(claim.article_id)
                .await?
                .map(|a| a.body)
                .unwrap_or_default();
            let range = (stored_offset(claim.start), stored_offset(claim.end));
            let found = analysis::locate_speaker(&body, &name, range);
            let offset = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            Some(Some(Speaker {
                name,
                start: found.map(|(s, _)| offset(s)),
                end: found.map(|(_, e)| offset(e)),
            }))
        }
        Some(None) => Some(None),
        None => None,
    };
    let edit = ClaimEdit {
        speaker,
        summary: correction.summary,
    };
    let claim = state
        .storage
        .edit_claim(claim_id, &edit, reviewer)
        .await?
        .ok_or_else(|| AppError::no_claim(claim_id))?;
    tracing::info!(claim_id, user = %reviewer.name, "claim corrected");
    Ok(claim)
}

/// Publishes the article's reviews as they are now to its public fact-check page (or the
/// newsroom's own URL): a snapshot that later verdicts do not change until published again.
pub async fn publish(
    state: &AppState,
    article_id: ArticleId,
    input: PublicationInput,
    editor: &User,
) -> AppResult<Publication> {
    let settings = PublicationSettings::parse(input).map_err(AppError::Validation)?;
    let publication = state
        .storage
        .publish(article_id, &settings, editor)
        .await?
        .ok_or_else(|| AppError::no_article(article_id))?;
    tracing::info!(article_id, reviews = publication.reviews, user = %editor.name, "reviews published");
    Ok(publication)
}

/// Takes the article's reviews off its public page (nothing happens if they were not on it).
pub async fn withdraw(state: &AppState, article_id: ArticleId, editor: &User) -> AppResult<()> {
    if state.storage.article(article_id).await?.is_none() {
        return Err(AppError::no_article(article_id));
    }
    if state.storage.withdraw(article_id).await? {
        tracing::info!(article_id, user = %editor.name, "publication withdrawn");
    }
    Ok(())
}

/// Imports an article for `editor`: checks it, segments it, stores it with its claims. A body
/// imported before gives back that article (`Imported::Existing`) and writes nothing.
pub async fn import(
    state: &AppState,
    mut input: ArticleInput,
    editor: &User,
) -> AppResult<Imported> {
    let mut fetched_from = None;
    if let Some(url) = input.url.take().filter(|u| !u.trim().is_empty()) {
        if input.body.as_deref().is_some_and(|b| !b.trim().is_empty()) {
            return Err(AppError::validation(
                "url",
                "give the article's body or the url of its page, not both",
            ));
        }
        let page = state.pages.fetch(&url).await.map_err(fetch_error)?;
        tracing::info!(url = %page.url, bytes = page.html.len(), "page fetched for import");
        input.body = Some(page.html);
        input.format = Some("html".to_owned());
        fetched_from = Some(page.url);
    }
    // Finding the story in a page takes milliseconds of CPU: keep it off the async workers.
    let mut article = crate::cpu_work::run(move || NewArticle::parse(input))
        .await
        .map_err(|err| AppError::Internal(err.into()))?
        .map_err(AppError::Validation)?;
    if article.source_url.is_none() {
        // The page's canonical address when it gives one, else where it was fetched from.
        article.source_url = fetched_from;
    }
    let imported = import_article(state.storage.as_ref(), article, Some(editor.id)).await?;
    match imported {
        Imported::Created(id) => {
            tracing::info!(article_id = id, user = %editor.name, "article imported");
            // Its `article.imported` deliveries were queued with it.
            state.webhooks.nudge();
        }
        Imported::Existing(id) => {
            tracing::info!(article_id = id, user = %editor.name, "article imported before; nothing written");
        }
    }
    Ok(imported)
}

/// The article's text at a superseded revision, its claims read as they were worded then.
pub async fn past_text(state: &AppState, article: &Article, revision: i64) -> AppResult<PastText> {
    let Some(mut past) = state.storage.past_text(article.id, revision).await? else {
        return Err(AppError::NotFound(format!(
            "article {} has revisions 1 to {}; there is no revision {revision}",
            article.id, article.text_revision
        )));
    };
    let language = segment::Language::stored(&article.language);
    past = crate::cpu_work::run(move || {
        let readings = read_claims(&past.body, &past.claims, &language);
        for (claim, reading) in past.claims.iter_mut().zip(readings) {
            let summary = claim.reading.summary.take();
            claim.reading = ClaimReading::of(reading, summary);
        }
        past
    })
    .await
    .map_err(|err| AppError::Internal(err.into()))?;
    Ok(past)
}

/// What revising an article's text did.
pub enum Revised {
    /// A new revision, with what became of the claims.
    Created(RevisionRecord),
    /// The text was the current one already: nothing was written.
    Unchanged,
}

/// Tries a revision this many times when another revision of the same article lands between
/// reading the old text and writing the new one.
const REVISION_ATTEMPTS: usize = 3;

/// Makes `input` the article's current text: segments and reads it, matches its claims to
/// the current ones (see [`crate::domain::revision`]) and stores the revision. The current
/// text sent again writes nothing.
pub async fn revise(
    state: &AppState,
    article_id: ArticleId,
    input: RevisionInput,
    editor: &User,
) -> AppResult<Revised> {
    let text = crate::cpu_work::run(move || NewText::parse(input))
        .await
        .map_err(|err| AppError::Internal(err.into()))?
        .map_err(AppError::Validation)?;
    let text = std::sync::Arc::new(text);
    for _ in 0..REVISION_ATTEMPTS {
        let (article, claims) = state
            .storage
            .article_with_claims(article_id)
            .await?
            .ok_or_else(|| AppError::no_article(article_id))?;
        if article.body == text.body {
            return Ok(Revised::Unchanged);
        }
        let base = article.text_revision;
        let language = segment::Language::stored(&article.language);
        let old_claims: Vec<ClaimId> = claims.iter().map(|c| c.id).collect();
        let new_text = std::sync::Arc::clone(&text);
        // Segmenting, reading and matching a long article take milliseconds of CPU.
        let (hash, segments, matching) = crate::cpu_work::run(move || {
            let segments = segments_of(&new_text.body, &language, &new_text.prose_lines);
            let old: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
            let new: Vec<&str> = segments
                .iter()
                .filter(|s| s.kind.is_claim())
                .map(|s| s.text.as_str())
                .collect();
            let matching = revision::match_claims(&old, &new);
            (body_sha256(&new_text.body), segments, matching)
        })
        .await
        .map_err(|err| AppError::Internal(err.into()))?;
        let stored = state
            .storage
            .revise_article(&NewRevision {
                article_id,
                base,
                body: &text.body,
                body_sha256: &hash,
                segments: &segments,
                old_claims: &old_claims,
                matching: &matching,
                note: text.note.as_deref(),
                created_by: editor.id,
            })
            .await;
        match stored {
            Ok(record) => {
                let c = record.counts;
                tracing::info!(article_id, revision = record.revision, carried = c.carried, changed = c.changed, added = c.added, removed = c.removed, user = %editor.name, "article revised");
                state.webhooks.nudge();
                return Ok(Revised::Created(record));
            }
            Err(StorageError::ArticleRevised { .. }) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    Err(AppError::Conflict(
        "the article's text is being revised by others right now; read it again and send \
         your revision against the newest text"
            .to_owned(),
    ))
}

/// A page that could not be fetched: the caller's URL is at fault (422 on `url`), or the
/// server behind it is (502).
fn fetch_error(err: crate::outgoing::FetchError) -> AppError {
    use crate::outgoing::FetchError;
    match err {
        FetchError::InvalidUrl(m)
        | FetchError::Refused(m)
        | FetchError::NotHtml(m)
        | FetchError::TooLarge(m) => AppError::validation("url", m),
        FetchError::Upstream(m) => AppError::BadGateway(m),
    }
}
