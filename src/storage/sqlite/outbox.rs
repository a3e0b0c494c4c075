//! Webhook subscriptions and the delivery outbox on SQLite.

use super::SqliteStorage;
use super::common::*;

#[async_trait]
impl Outbox for SqliteStorage {
    async fn create_webhook(
        &self,
        hook: &NewWebhook,
        secret: &str,
        created_by: UserId,
    ) -> StorageResult<Webhook> {
        let events: Vec<&str> = hook.events.iter().map(|e| e.as_str()).collect();
        let mut tx = self.write_tx().await?;
        let row = sqlx::query_as::<_, WebhookRow>(
            "INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES (?, ?, ?, ?, ?)
             RETURNING id, url, events, active, created_at",
        )
        .bind(&hook.url)
        .bind(secret)
        .bind(serde_json::to_string(&events).unwrap_or_else(|_| "[]".to_owned()))
        .bind(now())
        .bind(created_by)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        row.into_webhook()
    }

    async fn list_webhooks(&self) -> StorageResult<Vec<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(
            "SELECT id, url, events, active, created_at FROM webhooks ORDER BY id",
        )
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(WebhookRow::into_webhook)
        .collect()
    }

    async fn webhook(&self, id: i64) -> StorageResult<Option<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(
            "SELECT id, url, events, active, created_at FROM webhooks WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .map(WebhookRow::into_webhook)
        .transpose()
    }

    async fn deactivate_webhook(&self, id: i64) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE webhooks SET active = 0 WHERE id = ? AND active = 1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        // Nothing more goes out to a removed webhook.
        sqlx::query(
            "UPDATE webhook_deliveries SET state = 'failed' WHERE webhook_id = ? AND state = 'pending'",
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
             FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        let mut deliveries = Vec::with_capacity(rows.len());
        for row in rows {
            let attempt_log = sqlx::query_as::<_, AttemptRow>(
                "SELECT attempt, started_at, status_code, error, duration_ms
                 FROM webhook_attempts WHERE delivery = ? ORDER BY attempt",
            )
            .bind(row.id)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(AttemptRow::into_attempt)
            .collect();
            deliveries.push(row.into_delivery(attempt_log));
        }
        Ok(deliveries)
    }

    async fn take_due_deliveries(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u32,
    ) -> StorageResult<Vec<DueDelivery>> {
        // Asked on every wake-up of the dispatcher: a read first, so that while nothing is
        // due it never takes the one write connection from the verdicts.
        let any_due: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM webhook_deliveries
                            WHERE state = 'pending' AND next_attempt_at <= ?)",
        )
        .bind(now_ms)
        .fetch_one(&self.reader)
        .await?;
        if !any_due {
            return Ok(Vec::new());
        }
        let mut tx = self.write_tx().await?;
        let due: Vec<DueDelivery> = sqlx::query_as::<_, DueRow>(
            "SELECT d.id, d.webhook_id, d.delivery_id, d.event, d.payload, d.created_at, d.attempts, w.url, w.secret
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.state = 'pending' AND d.next_attempt_at <= ?
             ORDER BY d.next_attempt_at, d.id LIMIT ?",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(DueRow::into_due)
        .collect();
        if due.is_empty() {
            return Ok(due);
        }
        let ids: Vec<i64> = due.iter().map(|d| d.row_id).collect();
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = ?
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(lease_until_ms)
        .bind(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_owned()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(due)
    }

    async fn next_delivery_due(&self) -> StorageResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'",
        )
        .fetch_one(&self.reader)
        .await?)
    }

    async fn release_deliveries(
        &self,
        row_ids: &[i64],
        lease_until_ms: i64,
        due_ms: i64,
    ) -> StorageResult<()> {
        if row_ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = ?
             WHERE id IN (SELECT value FROM json_each(?))
               AND state = 'pending' AND next_attempt_at = ?",
        )
        .bind(due_ms)
        .bind(serde_json::to_string(row_ids).unwrap_or_else(|_| "[]".to_owned()))
        .bind(lease_until_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn record_attempt(
        &self,
        row_id: i64,
        attempt: &Attempt,
        outcome: DeliveryOutcome,
    ) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (delivery, attempt, started_at, status_code, error, duration_ms)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(row_id)
        .bind(attempt.attempt)
        .bind(&attempt.started_at)
        .bind(attempt.status_code)
        .bind(&attempt.error)
        .bind(attempt.duration_ms)
        .execute(&mut *tx)
        .await?;
        let (state, next) = match outcome {
            DeliveryOutcome::Delivered => ("delivered", None),
            DeliveryOutcome::RetryAt(at) => ("pending", Some(at)),
            DeliveryOutcome::Failed => ("failed", None),
        };
        sqlx::query(
            "UPDATE webhook_deliveries
             SET state = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at)
             WHERE id = ?",
        )
        .bind(state)
        .bind(attempt.attempt)
        .bind(next)
        .bind(row_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
