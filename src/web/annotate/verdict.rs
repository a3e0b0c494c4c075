//! `POST /claims/{id}/verdict`: one verdict from the page, through the same use case as the
//! API, answered as JSON for the script or as a redirect without it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::{Form, FormRejection};
use serde::Serialize;
use tower_sessions::Session;

use crate::domain::annotation::{MAX_CITATION_CHARS, MAX_NOTE_CHARS};
use crate::domain::{AnnotationInput, Role};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::storage::{Claim, User};
use crate::usecase;
use crate::web::error::{PageError, sign_in_url};
use crate::web::layout::{Progress, claim_link, status_icon, status_label};
use crate::web::session::SignedIn;

use super::notices::*;
use super::page::*;
use super::panel::*;

/// `GET /claims/{id}/verdict`: where a bookmarked or bounced form address leads, the claim
/// on its article's page.
pub async fn verdict_form(
    State(state): State<AppState>,
    _user: SignedIn,
    Path(id): Path<String>,
) -> Result<Redirect, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    let claim = state
        .storage
        .claim(claim_id)
        .await?
        .ok_or_else(|| PageError::not_found(format!("There is no claim {claim_id}.")))?;
    Ok(Redirect::to(&claim_link(claim.article_id, Some(claim_id))))
}

/// The answer to a script's verdict post.
#[derive(Serialize)]
pub(super) struct VerdictReply {
    pub(super) saved: bool,
    pub(super) claim_id: i64,
    pub(super) status: &'static str,
    pub(super) icon: &'static str,
    pub(super) label: &'static str,
    pub(super) version: i64,
    /// Why it was not saved.
    pub(super) message: Option<String>,
    pub(super) next_claim_id: Option<i64>,
    pub(super) reviewed: i64,
    pub(super) total: i64,
    /// Which panel `panel_html` is: a claim id, or `done` for the summary.
    pub(super) panel_for: String,
    /// The saved verdict was a blind review whose claim now waits for another reviewer.
    pub(super) waiting: bool,
    pub(super) panel_html: String,
}

pub(super) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Where the page goes after a saved verdict: the panel the script asked for (a claim of the
/// same article, or the summary), else the next unreviewed claim, else the summary.
pub(super) fn after_save(
    claims: &[Claim],
    here: Option<usize>,
    requested: &str,
    reviewed_blind: &[i64],
) -> Option<usize> {
    let next = || here.and_then(|i| next_unreviewed(claims, i, reviewed_blind));
    match requested.trim() {
        "done" => None,
        "" => next(),
        id => id
            .parse::<i64>()
            .ok()
            .and_then(|id| claims.iter().position(|c| c.id == id))
            .or_else(next),
    }
}

pub(super) fn unsaved_form_message(rejection: &FormRejection) -> (StatusCode, String) {
    let status = rejection.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        (
            status,
            format!(
                "Not saved: the verdict was larger than the {} MiB a request may carry. A note \
                 holds at most {MAX_NOTE_CHARS} characters and a citation {MAX_CITATION_CHARS}; \
                 shorten them and save again.",
                crate::http::MAX_BODY_BYTES / (1024 * 1024)
            ),
        )
    } else {
        (
            StatusCode::BAD_REQUEST,
            format!(
                "Not saved: the form could not be read ({rejection}). Reload the page and try again."
            ),
        )
    }
}

/// `POST /claims/{id}/verdict`: records the verdict if the claim is still at the version the
/// reviewer saw; otherwise shows the newer verdict and keeps what they typed. Without
/// JavaScript every outcome is a redirect (post/redirect/get); a session that ended keeps
/// the typed verdict for after signing in again.
pub async fn verdict(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    session: Session,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<VerdictForm>, FormRejection>,
) -> Result<Response, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    let json = wants_json(&headers);
    let Some(claim) = state.storage.claim(claim_id).await? else {
        // Whether a claim exists is for signed-in readers only.
        return Err(match signed_in {
            Some(_) => PageError::not_found(format!("There is no claim {claim_id}.")),
            None => PageError::SignInRequired {
                next: "/articles".to_owned(),
                expired: true,
            },
        });
    };
    let article_id = claim.article_id;

    let Some(signed_in) = signed_in else {
        let message = "Your session ended before this verdict was saved.";
        if json {
            let body = serde_json::json!({
                "saved": false,
                "message": message,
                "sign_in": sign_in_url(&claim_link(article_id, Some(claim_id)), true),
            });
            return Ok((StatusCode::UNAUTHORIZED, Json(body)).into_response());
        }
        if let Ok(Form(mut form)) = form {
            let typed_by = std::mem::take(&mut form.reviewer);
            let info = format!("{message} What you typed is filled in below: check it and save.");
            let notice = PanelNotice {
                info: Some(info),
                form: Some(form),
                ..PanelNotice::default()
            };
            keep_flash(&session, claim_id, &typed_by, notice).await?;
        }
        return Err(PageError::SignInRequired {
            next: claim_link(article_id, Some(claim_id)),
            expired: true,
        });
    };
    signed_in.require(Role::Reviewer)?;
    let user = signed_in.0;

    let back_to_disputes = form.as_ref().is_ok_and(|Form(f)| f.back == "disputes");
    let outcome = match form {
        Err(rejection) => {
            let (status, message) = unsaved_form_message(&rejection);
            let notice = PanelNotice {
                error: Some(message),
                ..PanelNotice::default()
            };
            let loaded = load(&state, article_id).await?;
            let here = loaded.view.claims.iter().position(|c| c.id == claim_id);
            // Nothing of the form could be read, so there is nothing to keep for a redirect.
            return if json {
                not_saved_reply(&state, &user, &loaded, here, claim_id, status, notice).await
            } else {
                let page =
                    render_page(&state, &user, loaded, here, notice, HistoryShown::Newest).await?;
                Ok((status, page).into_response())
            };
        }
        Ok(Form(form)) => record(&state, &user, &claim, form).await?,
    };

    let loaded = load(&state, article_id).await?;
    let claims = &loaded.view.claims;
    let here = claims.iter().position(|c| c.id == claim_id);
    match outcome {
        Ok((saved, requested)) => {
            let blind = reviewed_blind(&state, &user, article_id).await?;
            let next = after_save(claims, here, &requested, &blind);
            let next_id = next.map(|i| claims[i].id);
            if !json {
                if back_to_disputes {
                    return Ok(Redirect::to("/disputes").into_response());
                }
                return Ok(Redirect::to(&claim_link(article_id, next_id)).into_response());
            }
            let panel_html = render_panel(
                &state,
                &user,
                &loaded,
                next,
                PanelNotice::default(),
                HistoryShown::Newest,
            )
            .await?;
            let progress = Progress::of(&loaded.view.article.counts);
            let status = saved.status.as_str();
            Ok(Json(VerdictReply {
                saved: true,
                claim_id,
                status,
                icon: status_icon(status),
                label: status_label(status),
                version: saved.version,
                message: None,
                next_claim_id: next_id,
                reviewed: progress.reviewed,
                total: progress.total,
                panel_for: next_id.map_or_else(|| "done".to_owned(), |id| id.to_string()),
                panel_html,
                waiting: blind.contains(&claim_id),
            })
            .into_response())
        }
        Err(notice) => {
            let status = if notice.conflict.is_some() {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            if json {
                return not_saved_reply(&state, &user, &loaded, here, claim_id, status, notice)
                    .await;
            }
            keep_flash(&session, claim_id, &user.name, notice).await?;
            Ok(Redirect::to(&claim_link(article_id, Some(claim_id))).into_response())
        }
    }
}

/// Checks and records one verdict. `Ok(Err(notice))` is a verdict refused for a reason the
/// reviewer can fix (a rule broken, someone else's newer verdict); `Ok(Ok(_))` carries the
/// saved claim and the panel the form asked for next.
pub(super) async fn record(
    state: &AppState,
    user: &User,
    claim: &Claim,
    form: VerdictForm,
) -> Result<Result<(Claim, String), PanelNotice>, PageError> {
    if let Some(opened_for) = number_field(&form.claim, "claim")?
        && opened_for != claim.id
    {
        return Err(AppError::BadRequest(format!(
            "This form was opened for claim {opened_for} but was sent for claim {}; nothing was \
             saved. Reload the page and try again.",
            claim.id
        ))
        .into());
    }
    let version = number_field(&form.version, "version")?;
    let sources = form.sources();
    let input = AnnotationInput {
        status: Some(form.status.clone()).filter(|s| !s.is_empty()),
        sources: (!sources.is_empty()).then_some(sources),
        note: Some(form.note.clone()),
    };
    match usecase::record_verdict(state, claim.id, input, user, version).await {
        Ok(recorded) => Ok(Ok((recorded.claim, form.next))),
        Err(AppError::Validation(errors)) => {
            let message = errors
                .iter()
                .map(|e| match e.field.as_str() {
                    "status" => "Choose Sourced, Unsourced, Contradicted or Dismissed.".to_owned(),
                    "sources" => format!(
                        "A {} verdict needs a source: give a URL or a citation.",
                        form.status
                    ),
                    field => format!("{}: {}", source_field_label(field), e.message),
                })
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Err(PanelNotice {
                error: Some(message),
                form: Some(form),
                ..PanelNotice::default()
            }))
        }
        Err(AppError::PreconditionFailed { .. }) => {
            let current = state
                .storage
                .claim(claim.id)
                .await?
                .unwrap_or_else(|| claim.clone());
            let mut form = form;
            // Saving again replaces the newer verdict knowingly.
            form.version = current.version.to_string();
            Ok(Err(PanelNotice {
                conflict: Some(describe(&current)),
                form: Some(form),
                ..PanelNotice::default()
            }))
        }
        // Not the reviewer's to give (a second blind review, a disputed or settled claim under
        // double review, a reopening by a reviewer): said in the panel, what they typed kept.
        Err(AppError::Conflict(message) | AppError::Forbidden(message)) => Ok(Err(PanelNotice {
            error: Some(format!("Not saved: {message}.")),
            form: Some(form),
            ..PanelNotice::default()
        })),
        Err(other) => Err(other.into()),
    }
}

/// `sources[1].url` as a reviewer reads it: "Source 2 URL".
pub(super) fn source_field_label(field: &str) -> String {
    let Some(rest) = field.strip_prefix("sources[") else {
        return field.to_owned();
    };
    let (index, part) = rest.split_once("].").unwrap_or((rest, ""));
    let n = index.parse::<usize>().map_or(1, |i| i + 1);
    let part = if part == "url" { "URL" } else { part };
    format!("Source {n} {part}")
}

pub(super) async fn not_saved_reply(
    state: &AppState,
    user: &User,
    loaded: &Loaded,
    here: Option<usize>,
    claim_id: i64,
    status: StatusCode,
    notice: PanelNotice,
) -> Result<Response, PageError> {
    let claims = &loaded.view.claims;
    let current = here.map(|i| &claims[i]);
    let claim_status = current.map_or("unreviewed", |c| c.status.as_str());
    let progress = Progress::of(&loaded.view.article.counts);
    let message = notice.message();
    let panel_html = render_panel(state, user, loaded, here, notice, HistoryShown::Newest).await?;
    Ok((
        status,
        Json(VerdictReply {
            saved: false,
            claim_id,
            status: claim_status,
            icon: status_icon(claim_status),
            label: status_label(claim_status),
            version: current.map_or(0, |c| c.version),
            message: Some(message),
            next_claim_id: None,
            reviewed: progress.reviewed,
            total: progress.total,
            panel_for: claim_id.to_string(),
            panel_html,
            waiting: false,
        }),
    )
        .into_response())
}

/// "Now contradicted by ada at …: note" — the verdict that won the race.
pub(super) fn describe(claim: &Claim) -> String {
    let mut text = format!(
        "It is now {} (version {})",
        status_label(claim.status.as_str()),
        claim.version
    );
    if let Some(by) = &claim.updated_by {
        text.push_str(&format!(", set by {by} {}", exact_time(&claim.updated_at)));
    }
    if let Some(note) = &claim.note {
        text.push_str(&format!(". Their note: “{note}”"));
    }
    text.push('.');
    text
}

/// "at 2026-12-02 05:38 UTC (3 min ago)" for a stored timestamp.
pub(super) fn exact_time(stored: &str) -> String {
    match crate::web::layout::When::new(stored).exact_and_relative() {
        Some((exact, relative)) => format!("at {exact} ({relative})"),
        None => format!("at {stored}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_labels_read_as_words() {
        assert_eq!(source_field_label("sources[1].url"), "Source 2 URL");
        assert_eq!(
            source_field_label("sources[0].citation"),
            "Source 1 citation"
        );
        assert_eq!(source_field_label("note"), "note");
    }
}
