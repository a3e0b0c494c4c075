//! What the service does, once for every way in: the JSON API and the pages both call these,
//! so the rules, the write, the metrics, the webhook wake-up and the log line of each
//! operation live in one place. Handlers parse, authorize, call one of these, and render.

use crate::analysis;
use crate::domain::{
    AnnotationInput, ArticleInput, ClaimCorrection, ClaimEditInput, NewAnnotation, NewArticle,
    PublicationInput, PublicationSettings,
};
use crate::error::{AppError, AppResult};
use crate::import::import_article;
use crate::segment::stored_offset;
use crate::state::AppState;
use crate::storage::{
    ArticleId, Claim, ClaimEdit, ClaimId, Imported, Publication, Recorded, Speaker, User,
};
use crate::telemetry;

/// Records `reviewer`'s verdict on a claim. With `if_version`, nothing is written unless the
/// claim is still at that version (`AppError::PreconditionFailed` names the current one).
/// Broken rules come back as `AppError::Validation`, every one of them.
pub async fn record_verdict(
    state: &AppState,
    claim_id: ClaimId,
    input: AnnotationInput,
    reviewer: &User,
    if_version: Option<i64>,
) -> AppResult<Recorded> {
    let annotation = NewAnnotation::parse(input).map_err(AppError::Validation)?;
    let recorded = state
        .storage
        .annotate(claim_id, &annotation, reviewer, if_version)
        .await?;
    let claim = &recorded.claim;
    tracing::info!(claim_id, version = claim.version, status = %claim.status, user = %reviewer.name, "verdict recorded");
    telemetry::verdict_recorded(annotation.verdict);
    if recorded.deliveries_queued {
        state.webhooks.nudge();
    }
    Ok(recorded)
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
    let mut article = tokio::task::spawn_blocking(move || NewArticle::parse(input))
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
