//! What the service does, once for every way in: the JSON API and the pages both call these,
//! so the rules, the write, the metrics, the webhook wake-up and the log line of each
//! operation live in one place. Handlers parse, authorize, call one of these, and render.

use crate::domain::{AnnotationInput, ArticleInput, NewAnnotation, NewArticle};
use crate::error::{AppError, AppResult};
use crate::import::import_article;
use crate::state::AppState;
use crate::storage::{ClaimId, Imported, Recorded, User};
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

/// Imports an article for `editor`: checks it, segments it, stores it with its claims. A body
/// imported before gives back that article (`Imported::Existing`) and writes nothing.
pub async fn import(state: &AppState, input: ArticleInput, editor: &User) -> AppResult<Imported> {
    let article = NewArticle::parse(input).map_err(AppError::Validation)?;
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
