//! The outbox pattern: webhook deliveries written in the transaction of the change they
//! announce (used by imports and by group commit).

use super::common::*;

/// The webhooks `w` that listen: active and subscribed to the event bound here.
macro_rules! listening {
    () => {
        "w.active = 1 AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = ?)"
    };
}

/// Queues one delivery per active webhook subscribed to an event, for each `[payload JSON,
/// created_at]` of a JSON array. Its parameters are bound by [`bind_enqueue`].
pub(super) const ENQUEUE: &str = concat!(
    "INSERT INTO webhook_deliveries (webhook_id, delivery_id, event, payload, created_at, next_attempt_at)
     SELECT w.id, lower(hex(randomblob(16))), ?, e.value ->> 0, e.value ->> 1, ?
     FROM json_each(?) e, webhooks w
     WHERE ",
    listening!()
);

/// Whether any active webhook is subscribed to an event (bound to its name): when none is,
/// [`ENQUEUE`] would write nothing and its payloads need not be built.
pub(super) const SUBSCRIBED: &str = concat!(
    "SELECT EXISTS (SELECT 1 FROM webhooks w WHERE ",
    listening!(),
    ")"
);

/// [`ENQUEUE`]'s parameters, in order, whichever driver binds them.
pub(super) fn enqueue_params(
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<(&'static str, i64, String, &'static str)> {
    let rows = serde_json::to_string(payloads)
        .map_err(|e| corrupt(format!("cannot encode webhook payloads: {e}")))?;
    Ok((event.as_str(), now_ms(), rows, event.as_str()))
}

pub(super) fn bind_enqueue<'q>(
    query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>,
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>> {
    let (event, next_attempt_at, rows, subscribed) = enqueue_params(event, payloads)?;
    Ok(query
        .bind(event)
        .bind(next_attempt_at)
        .bind(rows)
        .bind(subscribed))
}

/// Writes the deliveries of `event` for each `(payload JSON, created_at)`, inside the
/// transaction of the change itself: the outbox pattern, so a committed change always has its
/// deliveries.
pub(super) async fn enqueue(
    tx: &mut Transaction<'static, Sqlite>,
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<()> {
    bind_enqueue(sqlx::query(ENQUEUE), event, payloads)?
        .execute(&mut **tx)
        .await?;
    Ok(())
}
