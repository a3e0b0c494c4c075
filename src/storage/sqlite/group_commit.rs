//! Group commit for verdicts: one writer records every verdict waiting for it in a single
//! transaction, so one `fsync` serves them all.
//!
//! Under load most of a verdict's cost is the commit: with `synchronous=FULL` each one waits
//! for the disk. Requests hand their verdict to a queue; the writer takes everything queued (up
//! to [`MAX_BATCH`]), applies it in arrival order inside one `BEGIN IMMEDIATE` transaction,
//! reads back what each answer shows, commits, and only then answers each request. An
//! acknowledged verdict is therefore exactly as durable as before; a lone verdict is a batch of
//! one.
//!
//! The writer is a thread of its own with its own connection, driving SQLite through rusqlite:
//! through sqlx every statement is a trip to the connection's worker thread and back (two
//! context switches, about a tenth of a millisecond of CPU each on the 2-core build machine),
//! and a verdict took seven of them; here a batch costs one hand-over whatever its size. It
//! shares the database with the other writers by SQLite's own lock (`BEGIN IMMEDIATE`, with
//! the busy timeout every connection has). A lone verdict (none other in flight, the
//! connection and SQLite's lock free this instant) skips even that hand-over: the request's
//! own thread records it on the writer's connection (see [`VerdictWriter::submit`]).
//!
//! A verdict that cannot apply (its `If-Match` version is stale, its claim is gone) writes
//! nothing and fails alone. Should anything else fail mid-batch, the whole transaction rolls
//! back and each verdict is retried in a transaction of its own, so one bad verdict never
//! takes the others down with it.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use tokio::sync::mpsc;

use super::common::{BUSY_TIMEOUT, plain_verdict, verdict_refused};
use super::enqueue::{ENQUEUE, SUBSCRIBED, enqueue_params};
use crate::clock::now;
use crate::domain::NewAnnotation;
use crate::domain::webhook::Event;
use crate::storage::accounts::User;
use crate::storage::base::ClaimId;
use crate::storage::base::Generation;
use crate::storage::base::{StorageError, StorageResult};
use crate::storage::claims::{RECENT_HISTORY, Recorded};
use crate::storage::config::Durability;
use crate::storage::rows::{BUMPED, BumpedRow, ColumnIndex, HistoryRow};
use crate::storage::verdict_queue::{self, Job, MAX_BATCH, QUEUE, Settled};

/// Appends the history rows of a JSON array of `[claim_id, version, status, sources JSON,
/// note, reviewer_id, created_at, revision]`.
const RECORD: &str = "
    INSERT INTO annotations (claim_id, version, status, sources, note, reviewer_id, created_at, revision)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
           value ->> 7
    FROM json_each(?)";

/// A claim's newest history entries up to a version: what its answer shows.
const RECENT: &str = "
    SELECT an.version, an.status, an.sources, an.note, u.name AS reviewer, an.created_at, an.revision
    FROM annotations an JOIN users u ON u.id = an.reviewer_id
    WHERE an.claim_id = ? AND an.version <= ? ORDER BY an.version DESC LIMIT ?";

/// Makes a verdict the claim's status and moves its version, in one statement that also
/// checks the version asked for and that the verdict is still a plain one (see
/// [`plain_verdict`]); it returns what the answer needs of the claim.
static BUMP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE claims SET status = ?1, version = version + 1, updated_at = ?2,
                               verdicts = verdicts + 1, changed_in = NULL,
                               review_state = CASE WHEN ?3 THEN 'open' ELSE 'settled' END,
                               reviews_submitted = CASE WHEN ?3 THEN 0
                                                   ELSE max(reviews_submitted, 1) END,
                               review_round = review_round + ?3
             WHERE id = ?4 AND removed_in IS NULL AND (?5 IS NULL OR version = ?5) AND {}
             RETURNING {BUMPED}",
        plain_verdict("?6")
    )
});

/// The verdict writer: its queue, and its connection for the thread that holds it.
pub(super) struct VerdictWriter {
    queue: mpsc::Sender<Job>,
    recorder: Arc<Mutex<Recorder>>,
    generation: Arc<Generation>,
    /// Verdicts submitted and not yet answered (see [`VerdictWriter::submit`]).
    in_flight: AtomicUsize,
}

/// The writer's connection with what it knows of its statements; whoever holds it records.
struct Recorder {
    conn: Connection,
    layout: Layout,
    /// Verdicts recorded since the last checkpoint.
    since_checkpoint: usize,
}

/// Verdicts between two checkpoints of the writer's: a lone verdict adds about six pages to the
/// log, so this keeps it near SQLite's own default of a checkpoint every thousand pages.
const CHECKPOINT_EVERY: usize = 160;

impl VerdictWriter {
    /// Opens the writer's connection and starts its thread; the thread ends when the writer
    /// (the storage) is dropped.
    pub(super) fn start(
        path: &Path,
        durability: Durability,
        generation: Arc<Generation>,
    ) -> StorageResult<VerdictWriter> {
        let conn = open(path, durability)?;
        let layout = Layout::of(&conn)?;
        let recorder = Arc::new(Mutex::new(Recorder {
            conn,
            layout,
            since_checkpoint: 0,
        }));
        let (queue, receiver) = mpsc::channel(QUEUE);
        let (thread_recorder, thread_generation) = (recorder.clone(), generation.clone());
        std::thread::Builder::new()
            .name("verdict-writer".to_owned())
            .spawn(move || run(&thread_recorder, receiver, &thread_generation))
            .map_err(|e| StorageError::Corrupt(format!("cannot start the verdict writer: {e}")))?;
        Ok(VerdictWriter {
            queue,
            recorder,
            generation,
            in_flight: AtomicUsize::new(0),
        })
    }

    /// Records `reviewer`'s verdict and answers once it is committed (or refused).
    ///
    /// A lone verdict is recorded by the request's own thread: handing it to the writer's
    /// thread and its answer back costs two thread wake-ups, a sixth of a lone verdict's time
    /// on the 2-core build machine. While other verdicts are in flight it goes to the writer's
    /// thread, to be recorded in one batch with them (one flush to disk for all).
    pub(super) async fn submit(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
        if_version: Option<i64>,
    ) -> StorageResult<Recorded> {
        // Counted out when this future ends, answered or dropped.
        let flight = InFlight::enter(&self.in_flight);
        let (job, answer) = Job::new(claim_id, annotation, reviewer, if_version);
        match self.record_here(job, flight.others) {
            None => verdict_queue::answered(answer).await,
            Some(job) => verdict_queue::hand_over(&self.queue, job, answer).await,
        }
    }

    /// Records `job` on this thread if no other verdict is in flight and nothing else holds
    /// the connection or SQLite's lock; gives it back, to be queued, otherwise.
    fn record_here(&self, job: Job, others_in_flight: usize) -> Option<Job> {
        // This blocks the thread for one transaction, its flush to disk included, as long as
        // the writer's thread would have taken; never longer: a verdict that would wait (for
        // the writer's thread, for SQLite's lock held by an import) goes to the queue.
        if others_in_flight > 0 {
            return Some(job);
        }
        let mut recorder = match self.recorder.try_lock() {
            Ok(recorder) => recorder,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return Some(job),
        };
        let mut batch = vec![job];
        let Some(whole) = recorder.record_now(&batch) else {
            return batch.pop();
        };
        recorder.finish(&mut batch, whole, &self.generation);
        if recorder.checkpoint_due() {
            drop(recorder);
            let recorder = self.recorder.clone();
            tokio::task::spawn_blocking(move || {
                recorder
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .checkpoint();
            });
        }
        None
    }
}

/// One verdict counted in flight from its submission until its answer is taken (or its
/// request gone).
struct InFlight<'a> {
    count: &'a AtomicUsize,
    /// How many others were in flight when it entered.
    others: usize,
}

impl<'a> InFlight<'a> {
    fn enter(count: &'a AtomicUsize) -> InFlight<'a> {
        let others = count.fetch_add(1, Ordering::AcqRel);
        InFlight { count, others }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The writer's thread: takes what is queued, a batch at a time, until the storage is dropped.
fn run(recorder: &Mutex<Recorder>, mut queue: mpsc::Receiver<Job>, generation: &Generation) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.blocking_recv() {
        batch.push(first);
        let mut recorder = recorder.lock().unwrap_or_else(PoisonError::into_inner);
        // Gathered once the connection is ours: what queued while a request's own thread
        // held it goes in this batch too.
        verdict_queue::gather(&mut batch, &mut queue);
        let whole = recorder.record(&batch);
        recorder.finish(&mut batch, whole, generation);
        if recorder.checkpoint_due() {
            recorder.checkpoint();
        }
    }
}

impl Recorder {
    /// Records `batch` in one transaction, waiting for SQLite's lock as long as the busy
    /// timeout.
    fn record(&mut self, batch: &[Job]) -> StorageResult<Vec<StorageResult<Recorded>>> {
        let tx = begin(&mut self.conn, BUSY_TIMEOUT)?;
        record(tx, &self.layout, batch)
    }

    /// Records `batch` in one transaction if SQLite's lock is free this instant; none (and
    /// nothing written) if it is not.
    fn record_now(&mut self, batch: &[Job]) -> Option<StorageResult<Vec<StorageResult<Recorded>>>> {
        match begin(&mut self.conn, Duration::ZERO) {
            Ok(tx) => Some(record(tx, &self.layout, batch)),
            Err(err) if is_busy(&err) => None,
            Err(err) => Some(Err(err.into())),
        }
    }

    /// Settles a batch after its transaction (each verdict again in one of its own should
    /// the whole have failed) and answers each of its requests.
    fn finish(
        &mut self,
        batch: &mut Vec<Job>,
        whole: StorageResult<Vec<StorageResult<Recorded>>>,
        generation: &Generation,
    ) {
        let results = match verdict_queue::settle(batch, whole) {
            Settled::Done(results) => results,
            // Only a batch of more than one, which only the writer's thread records: waiting
            // here never holds a runtime thread.
            Settled::OneByOne => batch
                .iter()
                .map(|job| verdict_queue::only(self.record(std::slice::from_ref(job))))
                .collect(),
        };
        self.since_checkpoint += results.iter().filter(|r| r.is_ok()).count();
        verdict_queue::answer(batch, results, generation);
    }

    /// Whether enough was recorded since the last checkpoint for another; counting starts
    /// again from here when it is.
    fn checkpoint_due(&mut self) -> bool {
        let due = self.since_checkpoint >= CHECKPOINT_EVERY;
        if due {
            self.since_checkpoint = 0;
        }
        due
    }

    /// Copies the log back into the database as far as readers allow, without waiting for
    /// them (what SQLite's automatic checkpoint does).
    fn checkpoint(&mut self) {
        let done = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        if let Err(err) = done {
            tracing::warn!(error = %err, "checkpoint of the verdict writer failed");
        }
    }
}

/// Starts the write transaction, waiting for SQLite's lock at most `wait`.
fn begin(conn: &mut Connection, wait: Duration) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.busy_timeout(wait)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Its statements wait as every connection's do.
    tx.busy_timeout(BUSY_TIMEOUT)?;
    Ok(tx)
}

fn is_busy(err: &rusqlite::Error) -> bool {
    err.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// The writer's connection, set up as sqlx sets up the others (the database exists and is in
/// WAL mode by now: the pools opened and migrated it).
fn open(path: &Path, durability: Durability) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(match durability {
        Durability::Full => "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        Durability::Normal => "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
    })?;
    // No checkpoint inside a commit: one copies up to a thousand pages back into the database
    // and flushes it, which must not happen on a runtime thread recording a lone verdict. The
    // writer checkpoints after its answers instead (see [`Recorder::checkpoint_due`]).
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    Ok(conn)
}

/// Where the writer's statements return each column the rows read: found once, when the
/// writer starts, since the statements never change.
struct Layout {
    bumped: ColumnIndex<21>,
    history: ColumnIndex<7>,
}

impl Layout {
    fn of(conn: &Connection) -> rusqlite::Result<Layout> {
        let bump = conn.prepare_cached(BUMP.as_str())?;
        let recent = conn.prepare_cached(RECENT)?;
        Ok(Layout {
            bumped: ColumnIndex::of(&bump, BumpedRow::COLUMNS)?,
            history: ColumnIndex::of(&recent, HistoryRow::COLUMNS)?,
        })
    }
}

/// Records the jobs in one transaction; the outer error means nothing was written (the
/// transaction rolls back when dropped uncommitted).
fn record(
    tx: rusqlite::Transaction<'_>,
    layout: &Layout,
    jobs: &[Job],
) -> StorageResult<Vec<StorageResult<Recorded>>> {
    let mut results = Vec::with_capacity(jobs.len());
    // [claim_id, version, status, sources, note, reviewer_id, created_at, revision] per
    // recorded verdict.
    let mut history = Vec::with_capacity(jobs.len());
    let mut events = Vec::with_capacity(jobs.len());
    // Read in the transaction, which holds the write lock: a webhook added meanwhile on
    // another connection waits for this commit, so it is subscribed after these verdicts.
    let announce: bool = tx
        .prepare_cached(SUBSCRIBED)?
        .query_row([Event::ClaimAnnotated.as_str()], |row| row.get(0))?;
    {
        let mut bump = tx.prepare_cached(BUMP.as_str())?;
        for job in jobs {
            let status = job.annotation.status;
            // A reopening starts a new round of reviews.
            let reopens = status == crate::domain::ClaimStatus::Unreviewed;
            let created_at = now();
            // The version check and the bump are one statement.
            let bumped = bump
                .query_row(
                    params![
                        status.as_str(),
                        created_at,
                        reopens,
                        job.claim_id,
                        job.if_version,
                        job.editor
                    ],
                    |row| BumpedRow::from_rusqlite(row, &layout.bumped),
                )
                .optional()?;
            let Some(bumped) = bumped else {
                let current: Option<(i64, Option<i64>)> = tx
                    .prepare_cached("SELECT version, removed_in FROM claims WHERE id = ?")?
                    .query_row([job.claim_id], |row| Ok((row.get(0)?, row.get(1)?)))
                    .optional()?;
                results.push(Err(verdict_refused(job.claim_id, current, job.if_version)));
                continue;
            };
            let applied = job.applied(bumped, created_at, announce)?;
            history.push(applied.history);
            events.extend(applied.event);
            results.push(Ok(applied.recorded));
        }
    }
    if !history.is_empty() {
        // The whole batch's history rows in one statement, its webhook deliveries (the outbox:
        // in the same transaction) in another; the rows travel as JSON arrays.
        tx.prepare_cached(RECORD)?
            .execute([serde_json::Value::Array(history).to_string()])?;
        let deliveries = if events.is_empty() {
            0
        } else {
            let (event, next_attempt_at, payloads, subscribed) =
                enqueue_params(Event::ClaimAnnotated, &events)?;
            tx.prepare_cached(ENQUEUE)?.execute(params![
                event,
                next_attempt_at,
                payloads,
                subscribed
            ])?
        };
        // Each answer shows the claim's newest history as of its own verdict: read here, in
        // the same hand-over, rather than by every request after the commit.
        let mut recent = tx.prepare_cached(RECENT)?;
        for recorded in results.iter_mut().flatten() {
            recorded.deliveries_queued = deliveries > 0;
            let rows = recent
                .query_map(
                    params![
                        recorded.claim.id,
                        recorded.claim.version,
                        RECENT_HISTORY + 1
                    ],
                    |row| HistoryRow::from_rusqlite(row, &layout.history),
                )?
                .map(|row| row.map_err(StorageError::from)?.into_entry())
                .collect::<StorageResult<Vec<_>>>()?;
            recorded.recent_history = Some(rows);
        }
    }
    tx.commit()?;
    Ok(results)
}
