//! `/api/v1/webhooks`: admins subscribe newsroom tools to events and watch the deliveries.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::doc::{ReadProblems, WriteProblems};
use super::views::{DeliveryView as Delivery, WebhookView as Webhook};
use crate::domain::webhook::{NewWebhook, WebhookInput, generate_secret};
use crate::error::{AppError, AppResult};
use crate::http::auth::{Authenticated, require};
use crate::http::extract::{ApiJson, parse_id};
use crate::state::AppState;

/// Deliveries listed per webhook (the newest).
const DELIVERIES: u32 = 100;

/// Subscribe a URL to events. Deliveries follow Standard Webhooks (standardwebhooks.com): a
/// JSON POST `{type, timestamp, data}` with `webhook-id` (the same on every retry),
/// `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
/// Without a `secret`, claimdesk generates one and returns it in this answer only. A receiver
/// answering 410 Gone unsubscribes itself.
#[utoipa::path(
    post, path = "/webhooks", tag = "webhooks", operation_id = "create_webhook",
    request_body(content = WebhookInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Subscribed", body = Webhook,
            headers(("Location" = String, description = "The webhook's deliveries"))),
        WriteProblems,
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated<require::Admin>,
    ApiJson(input): ApiJson<WebhookInput>,
) -> AppResult<Response> {
    let hook = NewWebhook::parse(input).map_err(AppError::Validation)?;
    let generated = match &hook.secret {
        Some(_) => None,
        None => Some(generate_secret().map_err(|e| {
            AppError::Internal(anyhow::anyhow!("no randomness for a webhook secret: {e}"))
        })?),
    };
    let secret = hook
        .secret
        .as_deref()
        .or(generated.as_deref())
        .unwrap_or_default();
    let created = state
        .storage
        .create_webhook(&hook, secret, auth.user.id)
        .await?;
    let mut view = Webhook::from(created);
    view.secret = generated;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/webhooks/{}/deliveries", view.id),
        )],
        Json(view),
    )
        .into_response())
}

/// Every webhook (secrets are never shown).
#[utoipa::path(
    get, path = "/webhooks", tag = "webhooks", operation_id = "list_webhooks",
    responses((status = 200, description = "Webhooks", body = Vec<Webhook>), ReadProblems),
)]
pub async fn list(
    State(state): State<AppState>,
    _auth: Authenticated<require::Admin>,
) -> AppResult<Json<Vec<Webhook>>> {
    Ok(Json(
        state
            .storage
            .list_webhooks()
            .await?
            .into_iter()
            .map(Webhook::from)
            .collect(),
    ))
}

/// Stop a webhook: nothing more is sent to it, and its pending deliveries are dropped.
#[utoipa::path(
    delete, path = "/webhooks/{id}", tag = "webhooks", operation_id = "delete_webhook",
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 204, description = "Stopped"), ReadProblems),
)]
pub async fn delete(
    State(state): State<AppState>,
    _auth: Authenticated<require::Admin>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let id = parse_id(&id, "webhook")?;
    if state.storage.deactivate_webhook(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(format!(
            "no active webhook with id {id}"
        )))
    }
}

/// The webhook's latest deliveries, each with every attempt and the receiver's answer. A
/// deleted webhook's log stays readable (an audit trail, like every history in claimdesk).
#[utoipa::path(
    get, path = "/webhooks/{id}/deliveries", tag = "webhooks", operation_id = "webhook_deliveries",
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, description = "Deliveries, newest first", body = Vec<Delivery>), ReadProblems),
)]
pub async fn deliveries(
    State(state): State<AppState>,
    _auth: Authenticated<require::Admin>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<Delivery>>> {
    let id = parse_id(&id, "webhook")?;
    if state.storage.webhook(id).await?.is_none() {
        return Err(AppError::NotFound(format!("no webhook with id {id}")));
    }
    Ok(Json(
        state
            .storage
            .webhook_deliveries(id, DELIVERIES)
            .await?
            .into_iter()
            .map(Delivery::from)
            .collect(),
    ))
}
