//! Webhook subscriptions and the delivery outbox on PostgreSQL.

use super::PostgresStorage;
use super::common::*;

const WEBHOOK_COLUMNS: &str = "id, url, events::text AS events, active, created_at";

#[async_trait]
impl Outbox for PostgresStorage {
    async fn create_webhook(
        &self,
        hook: &NewWebhook,
        secret: &str,
        created_by: UserId,
    ) -> StorageResult<Webhook> {
        let events: Vec<&str> = hook.events.iter().map(|e| e.as_str()).collect();
        sqlx::query_as::<_, WebhookRow>(sqlx::AssertSqlSafe(format!(
            "INSERT INTO webhooks (url, secret, events, created_at, created_by)
             VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING {WEBHOOK_COLUMNS}"
        )))
        .bind(&hook.url)
        .bind(secret)
        .bind(serde_json::to_string(&events).unwrap_or_else(|_| "[]".to_owned()))
        .bind(now())
        .bind(created_by)
        .fetch_one(&self.pool)
        .await?
        .into_webhook()
    }

    async fn list_webhooks(&self) -> StorageResult<Vec<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(WebhookRow::into_webhook)
        .collect()
    }

    async fn webhook(&self, id: i64) -> StorageResult<Option<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(WebhookRow::into_webhook)
        .transpose()
    }

    async fn deactivate_webhook(&self, id: i64) -> StorageResult<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE webhooks SET active = FALSE WHERE id = $1 AND active")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        // Nothing more goes out to a removed webhook.
        sqlx::query(
            "UPDATE webhook_deliveries SET state = 'failed'
             WHERE webhook_id = $1 AND state = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn webhook_deliveries(&self, id: i64, limit: u32) -> StorageResult<Vec<Delivery>> {
        let rows = sqlx::query_as::<_, DeliveryRow>(
            "SELECT id, delivery_id, event, state, attempts, created_at, next_attempt_at
             FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut deliveries = Vec::with_capacity(rows.len());
        for row in rows {
            let attempt_log = sqlx::query_as::<_, AttemptRow>(
                "SELECT attempt, started_at, status_code, error, duration_ms
                 FROM webhook_attempts WHERE delivery = $1 ORDER BY attempt",
            )
            .bind(row.id)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(AttemptRow::into_attempt)
            .collect();
            deliveries.push(row.into_delivery(attempt_log));
        }
        Ok(deliveries)
    }

    /// `SKIP LOCKED` lets instances taking deliveries at the same moment pass over each
    /// other's rows instead of waiting for them; the lease keeps them apart afterwards.
    async fn take_due_deliveries(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u32,
    ) -> StorageResult<Vec<DueDelivery>> {
        let mut due: Vec<DueDelivery> = sqlx::query_as::<_, DueRow>(
            "WITH due AS (
                 SELECT id FROM webhook_deliveries
                 WHERE state = 'pending' AND next_attempt_at <= $1
                 ORDER BY next_attempt_at, id LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             UPDATE webhook_deliveries d SET next_attempt_at = $2
             FROM due, webhooks w
             WHERE d.id = due.id AND w.id = d.webhook_id
             RETURNING d.id, d.webhook_id, d.delivery_id, d.event, d.payload, d.created_at, d.attempts,
                       w.url, w.secret",
        )
        .bind(now_ms)
        .bind(lease_until_ms)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(DueRow::into_due)
        .collect();
        due.sort_by_key(|d| d.row_id);
        Ok(due)
    }

    async fn next_delivery_due(&self) -> StorageResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT min(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn release_deliveries(
        &self,
        row_ids: &[i64],
        lease_until_ms: i64,
        due_ms: i64,
    ) -> StorageResult<()> {
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $1
             WHERE id = ANY($2) AND state = 'pending' AND next_attempt_at = $3",
        )
        .bind(due_ms)
        .bind(row_ids)
        .bind(lease_until_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn record_attempt(
        &self,
        row_id: i64,
        attempt: &Attempt,
        outcome: DeliveryOutcome,
    ) -> StorageResult<()> {
        let (state, next) = match outcome {
            DeliveryOutcome::Delivered => ("delivered", None),
            DeliveryOutcome::RetryAt(at) => ("pending", Some(at)),
            DeliveryOutcome::Failed => ("failed", None),
        };
        sqlx::query(
            "WITH logged AS (
                 INSERT INTO webhook_attempts
                     (delivery, attempt, started_at, status_code, error, duration_ms)
                 VALUES ($1, $2, $3, $4, $5, $6))
             UPDATE webhook_deliveries
             SET state = $7, attempts = $2, next_attempt_at = coalesce($8, next_attempt_at)
             WHERE id = $1",
        )
        .bind(row_id)
        .bind(attempt.attempt)
        .bind(&attempt.started_at)
        .bind(attempt.status_code)
        .bind(&attempt.error)
        .bind(attempt.duration_ms)
        .bind(state)
        .bind(next)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
