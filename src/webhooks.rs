//! Webhook delivery: a background task that sends the outbox (written by the storage layer in
//! the same transaction as each change) to every subscriber, signed, retrying with exponential
//! backoff. Requests never wait for it; deliveries survive restarts because the queue is in
//! the database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::sync::Notify;

use crate::clock::{now, now_ms};
use crate::domain::webhook::{backoff, signing_key};
use crate::storage::{Attempt, DeliveryOutcome, DueDelivery, DynStorage};

/// Attempts before a delivery is given up (about 13 hours of retries with the default base).
pub const MAX_ATTEMPTS: i64 = 20;
/// How long a receiver may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The longest the dispatcher sleeps when nothing is due (it is also woken on new events).
const IDLE: Duration = Duration::from_secs(2);
const BATCH: u32 = 16;
/// How long a delivery taken by this dispatcher is held from every other: longer than an
/// attempt can take, so only an instance that died mid-attempt lets it go to another.
const LEASE: Duration = Duration::from_secs(60);

/// Wakes the dispatcher when a change may have queued deliveries.
#[derive(Clone, Default)]
pub struct Wakeup(Arc<Notify>);

impl Wakeup {
    pub fn nudge(&self) {
        self.0.notify_one();
    }
}

/// Standard Webhooks' `webhook-signature`: `v1,` and the base64 HMAC-SHA256, keyed with the
/// secret's bytes, of `id.timestamp.body`, so neither the id nor the time can be replayed with
/// another body.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    use base64::Engine as _;
    let mut mac = Hmac::<Sha256>::new_from_slice(&signing_key(secret))
        .expect("HMAC takes a key of any length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// The body of a delivery, as Standard Webhooks shapes it: `{type, timestamp, data}`. The same
/// bytes on every attempt; receivers drop repeats by the `webhook-id` header.
pub fn body(delivery: &DueDelivery) -> String {
    let data: serde_json::Value =
        serde_json::from_str(&delivery.payload).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "type": delivery.event,
        "timestamp": delivery.created_at,
        "data": data,
    })
    .to_string()
}

pub struct Dispatcher {
    storage: DynStorage,
    client: reqwest::Client,
    wakeup: Wakeup,
    retry_base: Duration,
    held: Held,
}

/// The deliveries a dispatcher has taken and not yet settled, with their lease: what to give
/// back if it is stopped mid-attempt (see [`Held::release`]).
#[derive(Clone, Default)]
pub struct Held(Arc<std::sync::Mutex<Option<Lease>>>);

/// Deliveries taken (their row ids) and the lease they were taken until.
type Lease = (Vec<i64>, i64);

impl Held {
    fn set(&self, value: Option<Lease>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = value;
    }

    /// Gives back what the stopped dispatcher held, due now: a restart (or another
    /// instance) sends it at once instead of after the lease.
    pub async fn release(&self, storage: &DynStorage) {
        let held = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some((ids, lease_until)) = held
            && let Err(err) = storage
                .release_deliveries(&ids, lease_until, now_ms())
                .await
        {
            tracing::warn!(error = %err, "cannot give back the deliveries in flight");
        }
    }
}

impl Dispatcher {
    pub fn new(storage: DynStorage, wakeup: Wakeup, retry_base: Duration) -> Self {
        // Standard Webhooks: a redirect is not followed (the client builder follows none).
        let client = crate::outgoing::client_builder()
            .timeout(TIMEOUT)
            .build()
            .expect("the HTTP client settings are valid");
        Dispatcher {
            storage,
            client,
            wakeup,
            retry_base,
            held: Held::default(),
        }
    }

    /// What this dispatcher holds, to give back when it is stopped.
    pub fn held(&self) -> Held {
        self.held.clone()
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            let now = now_ms();
            let lease_until = now + i64::try_from(LEASE.as_millis()).unwrap_or(i64::MAX / 2);
            let due = match self
                .storage
                .take_due_deliveries(now, lease_until, BATCH)
                .await
            {
                Ok(due) => due,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read the webhook queue");
                    Vec::new()
                }
            };
            let busy = !due.is_empty();
            if busy {
                self.held
                    .set(Some((due.iter().map(|d| d.row_id).collect(), lease_until)));
            }
            futures::future::join_all(due.iter().map(|d| self.attempt(d))).await;
            self.held.set(None);
            if busy {
                continue;
            }
            let wait = match self.storage.next_delivery_due().await {
                Ok(Some(at)) => {
                    Duration::from_millis(u64::try_from(at - now_ms()).unwrap_or(0)).min(IDLE)
                }
                _ => IDLE,
            };
            tokio::select! {
                () = self.wakeup.0.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn attempt(&self, delivery: &DueDelivery) {
        let body = body(delivery);
        let started_at = now();
        let started = Instant::now();
        let timestamp = now_ms() / 1000;
        let sent = self
            .client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("webhook-id", &delivery.delivery_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signature(
                    &delivery.secret,
                    &delivery.delivery_id,
                    timestamp,
                    body.as_bytes(),
                ),
            )
            .body(body)
            .send()
            .await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let attempt_no = delivery.attempts + 1;
        let (status_code, error) = match &sent {
            Ok(response) => (Some(i64::from(response.status().as_u16())), None),
            Err(err) => (None, Some(error_text(err))),
        };
        let delivered = sent.as_ref().is_ok_and(|r| r.status().is_success());
        // 410 Gone: the receiver unsubscribes (Standard Webhooks); nothing more goes to it.
        let gone = sent
            .as_ref()
            .is_ok_and(|r| r.status() == reqwest::StatusCode::GONE);
        let outcome = if delivered {
            DeliveryOutcome::Delivered
        } else if gone || attempt_no >= MAX_ATTEMPTS {
            DeliveryOutcome::Failed
        } else {
            let wait = backoff(
                self.retry_base,
                u32::try_from(attempt_no).unwrap_or(u32::MAX),
            );
            DeliveryOutcome::RetryAt(
                now_ms() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2),
            )
        };
        tracing::info!(
            delivery = %delivery.delivery_id,
            event = %delivery.event,
            attempt = attempt_no,
            status = status_code,
            ?outcome,
            "webhook attempt"
        );
        let attempt = Attempt {
            attempt: attempt_no,
            started_at,
            status_code,
            error,
            duration_ms,
        };
        if let Err(err) = self
            .storage
            .record_attempt(delivery.row_id, &attempt, outcome)
            .await
        {
            tracing::warn!(error = %err, "cannot record a webhook attempt; it will be retried");
        }
        if gone {
            tracing::info!(webhook = delivery.webhook_id, url = %delivery.url, "the receiver answered 410 Gone: webhook disabled");
            if let Err(err) = self.storage.deactivate_webhook(delivery.webhook_id).await {
                tracing::warn!(error = %err, "cannot disable a webhook that answered 410");
            }
        }
    }
}

fn error_text(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "timed out".to_owned()
    } else if err.is_connect() {
        "connection failed".to_owned()
    } else {
        err.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification.
        assert_eq!(
            signature(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                br#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}
