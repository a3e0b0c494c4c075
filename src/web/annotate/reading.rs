//! `POST /claims/{id}/reading`: a reviewer corrects who made a claim or writes its summary
//! from the panel, through the same use case as `PATCH /api/v1/claims/{id}`.

use axum::extract::{Path, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use serde::Deserialize;
use tower_sessions::Session;

use crate::domain::Role;
use crate::domain::claim_edit::{AttributionInput, ClaimEditInput};
use crate::error::AppError;
use crate::http::extract::parse_id;
use crate::state::AppState;
use crate::usecase;
use crate::web::error::PageError;
use crate::web::session::SignedIn;

use super::notices::keep_flash;
use super::panel::PanelNotice;
use crate::web::layout::claim_link;

/// The panel's correction form: both fields are always sent; empty clears.
#[derive(Debug, Default, Deserialize)]
pub struct ReadingForm {
    #[serde(default)]
    speaker: String,
    #[serde(default)]
    summary: String,
}

pub async fn correct(
    State(state): State<AppState>,
    signed_in: SignedIn,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<ReadingForm>,
) -> Result<Redirect, PageError> {
    let claim_id = parse_id(&id, "claim")?;
    signed_in.require(Role::Reviewer)?;
    let user = &signed_in.0;
    let speaker = form.speaker.trim();
    let input = ClaimEditInput {
        attribution: Some((!speaker.is_empty()).then(|| AttributionInput {
            speaker: speaker.to_owned(),
        })),
        summary: Some(Some(form.summary)),
    };
    let (article_id, notice) = match usecase::correct_claim(&state, claim_id, input, user).await {
        Ok(claim) => (
            claim.article_id,
            PanelNotice {
                info: Some("Saved: the speaker and summary are as shown.".to_owned()),
                ..PanelNotice::default()
            },
        ),
        Err(AppError::Validation(errors)) => {
            let claim = state
                .storage
                .claim(claim_id)
                .await?
                .ok_or_else(|| AppError::no_claim(claim_id))?;
            let message = errors
                .iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ");
            (
                claim.article_id,
                PanelNotice {
                    error: Some(format!("Not saved: {message}.")),
                    ..PanelNotice::default()
                },
            )
        }
        Err(other) => return Err(other.into()),
    };
    keep_flash(&session, claim_id, &user.name, notice).await?;
    Ok(Redirect::to(&claim_link(article_id, Some(claim_id))))
}
