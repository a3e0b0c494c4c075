//! Group commit for verdicts: the one writer records every verdict waiting for it in a single
//! transaction, so one `fsync` serves them all.
//!
//! Under load most of a verdict's cost is the commit: with `synchronous=FULL` each one waits
//! for the disk. Requests hand their verdict to a queue; the writer task takes everything
//! queued (up to [`MAX_BATCH`]), applies it in arrival order inside one `BEGIN IMMEDIATE`
//! transaction, commits, and only then answers each request. An acknowledged verdict is
//! therefore exactly as durable as before; a lone verdict is a batch of one.
//!
//! A verdict that cannot apply (its `If-Match` version is stale, its claim is gone) writes
//! nothing and fails alone. Should anything else fail mid-batch, the whole transaction rolls
//! back and each verdict is retried in a transaction of its own, so one bad verdict never
//! takes the others down with it.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use std::sync::{Arc, LazyLock};

use super::common::{BumpedRow, plain_verdict, verdict_refused};
use super::enqueue::{ENQUEUE, bind_enqueue};
use crate::clock::now;
use crate::domain::NewAnnotation;
use crate::domain::webhook::Event;
use crate::storage::base::Generation;
use crate::storage::base::{ClaimId, StorageError, StorageResult, UserId};
use crate::storage::claims::Recorded;
use crate::storage::outbox::claim_annotated_payload;

/// Appends the history rows of a JSON array of `[claim_id, version, status, sources JSON,
/// note, reviewer_id, created_at, revision]`, then queues their webhook deliveries.
static RECORD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO annotations (claim_id, version, status, sources, note, reviewer_id, created_at, revision)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
                value ->> 7
         FROM json_each(?);
         {ENQUEUE}"
    )
});

/// Makes a verdict the claim's status and moves its version, in one statement that also
/// checks the version asked for and that the verdict is still a plain one (see
/// [`plain_verdict`]); it returns what the answer needs of the claim.
static BUMP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE claims SET status = ?, version = version + 1, updated_at = ?,
                               verdicts = verdicts + 1, changed_in = NULL,
                               review_state = CASE WHEN ? THEN 'open' ELSE 'settled' END,
                               reviews_submitted = CASE WHEN ? THEN 0
                                                   ELSE max(reviews_submitted, 1) END,
                               review_round = review_round + ?
             WHERE id = ? AND removed_in IS NULL AND (? IS NULL OR version = ?) AND {}
             RETURNING version, article_id, position, kind, text, start_offset, end_offset,
                       checkworthiness, reading, speaker, speaker_start, speaker_end, summary,
                       verdicts, changed_in, removed_in, derived_from, reviews_submitted,
                       review_state,
                       (SELECT reviews_required FROM articles a WHERE a.id = claims.article_id)
                           AS review_required,
                       (SELECT text_revision FROM articles a WHERE a.id = claims.article_id)
                           AS text_revision",
        plain_verdict("?")
    )
});

/// The most verdicts one transaction records.
const MAX_BATCH: usize = 256;
/// Verdicts waiting for the writer; a full queue makes requests wait their turn.
const QUEUE: usize = 1024;

/// A verdict on its way to the writer.
pub(super) struct Job {
    pub claim_id: ClaimId,
    pub annotation: NewAnnotation,
    pub reviewer_id: UserId,
    pub reviewer_name: String,
    /// Whether the reviewer is an editor: their verdict is plain whatever the review policy.
    pub editor: bool,
    pub if_version: Option<i64>,
    pub reply: oneshot::Sender<StorageResult<Recorded>>,
}

/// Starts the writer task; it ends when the returned sender (the storage) is dropped.
pub(super) fn start(writer: SqlitePool, generation: Arc<Generation>) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(run(writer, receiver, generation));
    sender
}

async fn run(writer: SqlitePool, mut queue: mpsc::Receiver<Job>, generation: Arc<Generation>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let results = match record(&writer, &batch).await {
            Ok(results) => results,
            Err(err) if batch.len() == 1 => vec![Err(err)],
            Err(err) => {
                tracing::warn!(error = %err, verdicts = batch.len(), "batch failed; recording its verdicts one by one");
                let mut results = Vec::with_capacity(batch.len());
                for job in &batch {
                    results.push(
                        record(&writer, std::slice::from_ref(job))
                            .await
                            .and_then(|mut one| one.pop().unwrap_or_else(|| Err(lost()))),
                    );
                }
                results
            }
        };
        if results.iter().any(Result::is_ok) {
            generation.moved();
        }
        for (job, result) in batch.drain(..).zip(results) {
            // The request may have gone (client hung up); its verdict is recorded all the same.
            let _ = job.reply.send(result);
        }
    }
}

fn lost() -> StorageError {
    StorageError::Corrupt("the verdict writer returned no result".to_owned())
}

/// Records the jobs in one transaction; the outer error means nothing was written.
async fn record(writer: &SqlitePool, jobs: &[Job]) -> StorageResult<Vec<StorageResult<Recorded>>> {
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let mut results = Vec::with_capacity(jobs.len());
    // [claim_id, version, status, sources, note, reviewer_id, created_at] per recorded verdict.
    let mut history = Vec::with_capacity(jobs.len());
    let mut events = Vec::with_capacity(jobs.len());
    for job in jobs {
        let status = job.annotation.status;
        let reopens = status == crate::domain::ClaimStatus::Unreviewed;
        let created_at = now();
        // The version check and the bump are one statement.
        let bumped = sqlx::query_as::<_, BumpedRow>(BUMP.as_str())
            .bind(status.as_str())
            .bind(&created_at)
            // A reopening starts a new round of reviews.
            .bind(reopens)
            .bind(reopens)
            .bind(i64::from(reopens))
            .bind(job.claim_id)
            .bind(job.if_version)
            .bind(job.if_version)
            .bind(job.editor)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(bumped) = bumped else {
            let current: Option<(i64, Option<i64>)> =
                sqlx::query_as("SELECT version, removed_in FROM claims WHERE id = ?")
                    .bind(job.claim_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            results.push(Err(verdict_refused(job.claim_id, current, job.if_version)));
            continue;
        };
        let version = bumped.version;
        let text_revision = bumped.text_revision;
        let claim = bumped.into_claim(
            job.claim_id,
            status,
            &job.annotation,
            &created_at,
            &job.reviewer_name,
        )?;
        history.push(serde_json::json!([
            job.claim_id,
            version,
            status.as_str(),
            serde_json::to_string(&job.annotation.sources)
                .map_err(|e| StorageError::Corrupt(format!("cannot encode sources: {e}")))?,
            job.annotation.note,
            job.reviewer_id,
            created_at,
            text_revision,
        ]));
        events.push((claim_annotated_payload(&claim), created_at));
        results.push(Ok(Recorded {
            claim,
            deliveries_queued: false,
        }));
    }
    if !history.is_empty() {
        let recorded = history.len() as u64;
        // The whole batch's history rows and webhook deliveries in one round trip to SQLite:
        // the rows travel as JSON arrays.
        let written = bind_enqueue(
            sqlx::query(RECORD.as_str()).bind(serde_json::Value::Array(history).to_string()),
            Event::ClaimAnnotated,
            &events,
        )?
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Rows past the history rows are deliveries, one per verdict and subscribed webhook.
        if written > recorded {
            for result in results.iter_mut().flatten() {
                result.deliveries_queued = true;
            }
        }
    }
    tx.commit().await?;
    Ok(results)
}
