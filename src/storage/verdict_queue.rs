//! The queue in front of a backend's verdict writer, the same for both backends: requests
//! hand their verdict over and wait for its answer; the writer takes everything queued as one
//! batch, records it in one transaction (one commit, one flush to disk for all of it) and
//! answers each request only after that commit. A lone verdict is a batch of one.
//!
//! How a batch is recorded is the backend's (`sqlite::group_commit`, `postgres::group_commit`);
//! what a batch is, how it is answered and the rule that one verdict that cannot be recorded
//! never takes the others down with it live here.

use tokio::sync::{mpsc, oneshot};

use crate::domain::{NewAnnotation, Role};
use crate::storage::accounts::User;
use crate::storage::base::{ClaimId, Generation, StorageError, StorageResult, UserId};
use crate::storage::claims::Recorded;
use crate::storage::outbox::claim_annotated_payload;
use crate::storage::rows::BumpedRow;

/// The most verdicts one transaction records.
pub const MAX_BATCH: usize = 256;
/// Verdicts waiting for the writer; a full queue makes requests wait their turn.
pub const QUEUE: usize = 1024;

/// A verdict on its way to the writer.
pub struct Job {
    pub claim_id: ClaimId,
    pub annotation: NewAnnotation,
    pub reviewer_id: UserId,
    pub reviewer_name: String,
    /// Whether the reviewer is an editor: their verdict is plain whatever the review policy.
    pub editor: bool,
    pub if_version: Option<i64>,
    reply: oneshot::Sender<StorageResult<Recorded>>,
}

/// What a verdict that applied leaves to write and to answer.
pub struct Applied {
    /// Its history row, `[claim_id, version, status, sources JSON, note, reviewer_id,
    /// created_at, revision]`: the batch's rows go to the database in one statement.
    pub history: serde_json::Value,
    /// Its `claim.annotated` webhook payload and time, for the outbox; none when no webhook
    /// listens (building the payload is a tenth of a lone verdict's work in the writer).
    pub event: Option<(String, String)>,
    /// Its answer, short of the history read once the batch's rows are in.
    pub recorded: Recorded,
}

impl Job {
    /// What this verdict leaves, from the claim row its update returned (`bumped`) at
    /// `created_at`; with its webhook payload when `announce`.
    pub fn applied(
        &self,
        bumped: BumpedRow,
        created_at: String,
        announce: bool,
    ) -> StorageResult<Applied> {
        let status = self.annotation.status;
        let text_revision = bumped.text_revision;
        let claim = bumped.into_claim(
            self.claim_id,
            status,
            &self.annotation,
            &created_at,
            &self.reviewer_name,
        )?;
        let sources = serde_json::to_string(&self.annotation.sources)
            .map_err(|e| StorageError::Corrupt(format!("cannot encode sources: {e}")))?;
        Ok(Applied {
            history: serde_json::json!([
                self.claim_id,
                claim.version,
                status.as_str(),
                sources,
                self.annotation.note,
                self.reviewer_id,
                &created_at,
                text_revision,
            ]),
            event: announce.then(|| (claim_annotated_payload(&claim), created_at)),
            recorded: Recorded {
                claim,
                deliveries_queued: false,
                recent_history: None,
            },
        })
    }
}

/// Hands a verdict to the writer behind `queue` and waits until it is recorded (or refused).
pub async fn submit(
    queue: &mpsc::Sender<Job>,
    claim_id: ClaimId,
    annotation: &NewAnnotation,
    reviewer: &User,
    if_version: Option<i64>,
) -> StorageResult<Recorded> {
    let (job, answer) = Job::new(claim_id, annotation, reviewer, if_version);
    hand_over(queue, job, answer).await
}

/// Where a verdict's result arrives once its batch is committed.
pub type Answer = oneshot::Receiver<StorageResult<Recorded>>;

impl Job {
    /// `reviewer`'s verdict on a claim, and where its result will arrive.
    pub fn new(
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
        if_version: Option<i64>,
    ) -> (Job, Answer) {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            claim_id,
            annotation: annotation.clone(),
            reviewer_id: reviewer.id,
            reviewer_name: reviewer.name.clone(),
            editor: reviewer.role.grants(Role::Editor),
            if_version,
            reply,
        };
        (job, answer)
    }
}

/// Queues `job` for the writer behind `queue` and waits for its result.
pub async fn hand_over(
    queue: &mpsc::Sender<Job>,
    job: Job,
    answer: Answer,
) -> StorageResult<Recorded> {
    queue.send(job).await.map_err(|_| stopped())?;
    answered(answer).await
}

/// The result of a job already handed over or already recorded.
pub async fn answered(answer: Answer) -> StorageResult<Recorded> {
    answer.await.map_err(|_| stopped())?
}

fn stopped() -> StorageError {
    StorageError::Corrupt("the verdict writer has stopped".to_owned())
}

/// Adds to `batch` everything queued behind its first job, up to [`MAX_BATCH`]: whatever
/// queued while the last batch was being written goes in this one.
pub fn gather(batch: &mut Vec<Job>, queue: &mut mpsc::Receiver<Job>) {
    while batch.len() < MAX_BATCH
        && let Ok(job) = queue.try_recv()
    {
        batch.push(job);
    }
}

/// What became of a batch's transaction.
pub enum Settled {
    /// Each verdict's result (a refused one wrote nothing; the others are committed).
    Done(Vec<StorageResult<Recorded>>),
    /// The transaction failed as a whole and wrote nothing: each verdict is to be recorded
    /// again in a transaction of its own (see [`only`]), so that the one that broke the batch
    /// fails alone.
    OneByOne,
}

/// Reads the result of recording `batch` in one transaction.
pub fn settle(batch: &[Job], whole: StorageResult<Vec<StorageResult<Recorded>>>) -> Settled {
    match whole {
        Ok(results) => Settled::Done(results),
        Err(err) if batch.len() == 1 => Settled::Done(vec![Err(err)]),
        Err(err) => {
            tracing::warn!(error = %err, verdicts = batch.len(), "batch failed; recording its verdicts one by one");
            Settled::OneByOne
        }
    }
}

/// The one result of a batch of one.
pub fn only(results: StorageResult<Vec<StorageResult<Recorded>>>) -> StorageResult<Recorded> {
    results.and_then(|mut one| {
        one.pop().unwrap_or_else(|| {
            Err(StorageError::Corrupt(
                "the verdict writer returned no result".to_owned(),
            ))
        })
    })
}

/// Answers every request of the batch (after its commit) and moves the storage generation
/// when anything was recorded.
pub fn answer(
    batch: &mut Vec<Job>,
    results: Vec<StorageResult<Recorded>>,
    generation: &Generation,
) {
    if results.iter().any(Result::is_ok) {
        generation.moved();
    }
    for (job, result) in batch.drain(..).zip(results) {
        // The request may have gone (client hung up); its verdict is recorded all the same.
        let _ = job.reply.send(result);
    }
}
