//! The names the PostgreSQL concern modules share: those of every backend
//! ([`prelude`](crate::storage::prelude)) and PostgreSQL's own, with the outbox statement.
//! Each concern module takes them with `use super::common::*`.

pub(super) use crate::storage::prelude::*;
pub(super) use sqlx::Postgres;

/// Queues one delivery per active webhook subscribed to an event (`$1`), due at `$2`, for
/// each `[payload JSON, created_at]` of the JSON array `$3`: written in the transaction of
/// the change itself (the outbox pattern), so a committed change always has its deliveries.
pub(super) const ENQUEUE: &str = "
    INSERT INTO webhook_deliveries (webhook_id, delivery_id, event, payload, created_at, next_attempt_at)
    SELECT w.id, replace(gen_random_uuid()::text, '-', ''), $1, e ->> 0, e ->> 1, $2
    FROM jsonb_array_elements($3::jsonb) e, webhooks w
    WHERE w.active AND w.events @> jsonb_build_array($1::text)";

/// The `$3` of [`ENQUEUE`].
pub(super) fn enqueue_rows(payloads: &[(String, String)]) -> StorageResult<String> {
    serde_json::to_string(payloads)
        .map_err(|e| corrupt(format!("cannot encode webhook payloads: {e}")))
}

pub(super) async fn enqueue(
    tx: &mut Transaction<'static, Postgres>,
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<()> {
    sqlx::query(ENQUEUE)
        .bind(event.as_str())
        .bind(now_ms())
        .bind(enqueue_rows(payloads)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
