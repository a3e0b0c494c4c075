//! Group commit for verdicts on PostgreSQL: each instance's writer records the verdicts
//! waiting for it in one transaction, so one commit (one flush of the WAL) and six round
//! trips serve them all (five in the transaction, one to move the articles' revisions), where
//! each verdict took nine round trips and two commits. A claim's
//! verdicts in one batch are applied in rounds, one statement per round for all the claims.
//! The queue, the batching rule and the answers are shared with SQLite
//! ([`verdict_queue`](crate::storage::verdict_queue)).
//!
//! Instances share the database, so batches of two instances can meet on the same claims: a
//! batch locks its claims in id order (arrival order within one claim), so two batches do not
//! wait for each other in a cycle. Should they all the same (a claim whose first verdict of a
//! batch was refused is locked only in a later round), PostgreSQL ends one of them as a
//! deadlock, and its verdicts are recorded again one by one like any failed batch's. The articles' revisions (cache stamps every instance
//! listens to) move right after the commit, for the whole batch at once, in a transaction
//! that need not wait for the disk: bumping them inside the verdicts' transaction would hold
//! their rows, and PostgreSQL's notification lock, through every instance's flush.
//!
//! The writer keeps one connection of the pool between batches: the pool checks every
//! connection it hands out with a round trip of its own, which for a lone verdict was two of
//! its eight. The kept one is checked only after a second unused, and closed after an error
//! that may have broken it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool};
use tokio::sync::mpsc;

use super::common::*;
use crate::storage::base::Generation;
use crate::storage::claims::RECENT_HISTORY;
use crate::storage::verdict_queue::{self, Job, MAX_BATCH, QUEUE, Settled};

/// Makes each verdict of a round (`$1` claim ids, `$3` statuses, `$4` versions asked for or
/// null, `$5` whether the reviewer is an editor; each claim once) its claim's status and moves
/// the claim's version, in one statement that also checks the version asked for and that the
/// verdict is still a plain one (see [`plain_verdict`]); it returns, numbered by place (from
/// 1), what the answers need of the claims it changed. The row locks it takes order writers
/// from every instance: a second writer of the same claim waits for the first's commit, then
/// updates the new row (or, with `If-Match`, finds the version moved and updates nothing).
/// `claims.id = ANY($1)` has the rows found through the primary key, in id order, whatever
/// the planner guesses of the array's length.
static BUMP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE claims SET status = j.new_status, version = version + 1, updated_at = $2,
                           verdicts = verdicts + 1, changed_in = NULL,
                           review_state = CASE WHEN j.new_status = 'unreviewed' THEN 'open'
                                               ELSE 'settled' END,
                           reviews_submitted = CASE WHEN j.new_status = 'unreviewed' THEN 0
                                               ELSE greatest(reviews_submitted, 1) END,
                           review_round = review_round + (CASE WHEN j.new_status = 'unreviewed'
                                                               THEN 1 ELSE 0 END)
         FROM unnest($1::bigint[], $3::text[], $4::bigint[], $5::boolean[])
              WITH ORDINALITY AS j(claim_id, new_status, if_version, editor, n)
         WHERE claims.id = ANY($1) AND claims.id = j.claim_id AND removed_in IS NULL
           AND (j.if_version IS NULL OR version = j.if_version)
           AND {}
         RETURNING j.n, {BUMPED}",
        plain_verdict("j.editor")
    )
});

/// The batch's history rows (`$4`, a JSON array of `[claim_id, version, status, sources JSON,
/// note, reviewer_id, created_at, revision]`) and its webhook deliveries, in one statement.
static RECORD: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH recorded AS (
             INSERT INTO annotations (claim_id, version, status, sources, note, reviewer_id,
                                      created_at, revision)
             SELECT (h ->> 0)::bigint, (h ->> 1)::bigint, h ->> 2, (h ->> 3)::jsonb, h ->> 4,
                    (h ->> 5)::bigint, h ->> 6, (h ->> 7)::bigint
             FROM jsonb_array_elements($4::jsonb) h)
         {ENQUEUE}"
    )
});

/// The newest history entries of each claim of `$1` up to the version of `$2` at the same
/// place, `$3` at most each, numbered by that place (from 1): every answer's history in one
/// round trip.
const RECENT: &str = "
    SELECT j.n, h.version, h.status, h.sources, h.note, h.reviewer, h.created_at, h.revision
    FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS j(claim_id, version, n)
    CROSS JOIN LATERAL (
        SELECT an.version, an.status, an.sources::text AS sources, an.note,
               u.name AS reviewer, an.created_at, an.revision
        FROM annotations an JOIN users u ON u.id = an.reviewer_id
        WHERE an.claim_id = j.claim_id AND an.version <= j.version
        ORDER BY an.version DESC LIMIT $3) h
    ORDER BY j.n, h.version DESC";

/// Starts the writer, a task drawing connections from `pool`; it ends when the returned
/// sender (the storage) is dropped.
pub(super) fn start(pool: PgPool, generation: Arc<Generation>) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    tokio::spawn(run(pool, receiver, generation));
    sender
}

async fn run(pool: PgPool, mut queue: mpsc::Receiver<Job>, generation: Arc<Generation>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut writer = Writer::new(pool);
    while let Some(first) = queue.recv().await {
        batch.push(first);
        verdict_queue::gather(&mut batch, &mut queue);
        let results = match verdict_queue::settle(&batch, writer.record(&batch).await) {
            Settled::Done(results) => results,
            Settled::OneByOne => {
                let mut results = Vec::with_capacity(batch.len());
                for job in &batch {
                    let one = writer.record(std::slice::from_ref(job)).await;
                    results.push(verdict_queue::only(one));
                }
                results
            }
        };
        let articles: BTreeSet<ArticleId> = results
            .iter()
            .flatten()
            .map(|recorded| recorded.claim.article_id)
            .collect();
        // Before the answers: whoever reads the new revision reads the new verdicts.
        if let Err(err) = writer.bump_revisions(&articles).await {
            // The verdicts are recorded: they are answered as such. Caches elsewhere catch
            // up with the articles' next change.
            tracing::warn!(error = %err, ?articles, "cannot move the articles' revisions");
        }
        verdict_queue::answer(&mut batch, results, &generation);
    }
}

/// The writer's connection, kept between batches.
struct Writer {
    pool: PgPool,
    held: Option<PoolConnection<sqlx::Postgres>>,
    /// When the kept connection was last used.
    used: Instant,
}

/// How long the kept connection may sit unused before it is checked (one round trip) ahead of
/// its next batch: a server restart or a cut idle connection shows there, not as a failed
/// verdict.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

impl Writer {
    fn new(pool: PgPool) -> Self {
        Writer {
            pool,
            held: None,
            used: Instant::now(),
        }
    }

    /// Runs `work` on the writer's connection, taken from the pool if it has none (or if the
    /// one kept went silent). A connection is kept after success or an error the server
    /// reported (its transaction rolled back, the session is sound); after any other error
    /// it is closed, as it may be broken.
    async fn with_connection<T>(
        &mut self,
        work: impl AsyncFnOnce(&mut PgConnection) -> StorageResult<T>,
    ) -> StorageResult<T> {
        let kept = match self.held.take() {
            Some(mut conn) if self.used.elapsed() >= CHECK_AFTER_IDLE => {
                match sqlx::Connection::ping(&mut *conn).await {
                    Ok(()) => Some(conn),
                    Err(_) => {
                        conn.close_on_drop();
                        None
                    }
                }
            }
            kept => kept,
        };
        let mut conn = match kept {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        let result = work(&mut conn).await;
        self.used = Instant::now();
        if matches!(
            &result,
            Ok(_) | Err(StorageError::Database(sqlx::Error::Database(_)))
        ) {
            self.held = Some(conn);
        } else {
            conn.close_on_drop();
        }
        result
    }

    /// Records the jobs in one transaction (see [`record`]).
    async fn record(&mut self, jobs: &[Job]) -> StorageResult<Vec<StorageResult<Recorded>>> {
        self.with_connection(async |conn| record(conn, jobs).await)
            .await
    }

    /// Moves the articles' revisions (see [`bump_revisions`]).
    async fn bump_revisions(&mut self, articles: &BTreeSet<ArticleId>) -> StorageResult<()> {
        if articles.is_empty() {
            return Ok(());
        }
        self.with_connection(async |conn| bump_revisions(conn, articles).await)
            .await
    }
}

/// Records the jobs in one transaction; the outer error means nothing was written (the
/// transaction rolls back when dropped uncommitted).
async fn record(
    conn: &mut PgConnection,
    jobs: &[Job],
) -> StorageResult<Vec<StorageResult<Recorded>>> {
    let mut results: Vec<Option<StorageResult<Recorded>>> = jobs.iter().map(|_| None).collect();
    let mut history = Vec::with_capacity(jobs.len());
    let mut events = Vec::with_capacity(jobs.len());
    // The answers' history read ([`RECENT`]) has one good plan whatever its arrays hold, but
    // PostgreSQL, unable to tell their length, planned it again at every batch (a tenth of a
    // millisecond, as long as its execution); the other statements keep their plans anyway.
    // Set with the BEGIN, in its round trip, for this transaction only.
    let mut tx = sqlx::Connection::begin_with(
        conn,
        "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan",
    )
    .await?;
    for round in rounds(jobs) {
        let created_at = now();
        let bumped = sqlx::query_as::<_, NumberedBumpedRow>(sqlx::AssertSqlSafe(BUMP.as_str()))
            .bind(round.iter().map(|&i| jobs[i].claim_id).collect::<Vec<_>>())
            .bind(&created_at)
            .bind(
                round
                    .iter()
                    .map(|&i| jobs[i].annotation.status.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                round
                    .iter()
                    .map(|&i| jobs[i].if_version)
                    .collect::<Vec<_>>(),
            )
            .bind(round.iter().map(|&i| jobs[i].editor).collect::<Vec<_>>())
            .fetch_all(&mut *tx)
            .await?;
        for numbered in bumped {
            let i = usize::try_from(numbered.n - 1)
                .ok()
                .and_then(|place| round.get(place).copied())
                .ok_or_else(|| {
                    corrupt(format!("a claim bumped for no verdict ({})", numbered.n))
                })?;
            // Always announced: finding out whether a webhook listens would cost a round
            // trip, and the history and the deliveries are written by one statement anyway.
            let applied = jobs[i].applied(numbered.row, created_at.clone(), true)?;
            history.push(applied.history);
            events.extend(applied.event);
            results[i] = Some(Ok(applied.recorded));
        }
        // What the round left unchanged was refused: its claim is gone, moved on from the
        // version asked for, or under review.
        let refused: Vec<usize> = round
            .into_iter()
            .filter(|&i| results[i].is_none())
            .collect();
        if !refused.is_empty() {
            let ids: Vec<ClaimId> = refused.iter().map(|&i| jobs[i].claim_id).collect();
            let current: HashMap<ClaimId, (i64, Option<i64>)> =
                sqlx::query_as::<_, (ClaimId, i64, Option<i64>)>(
                    "SELECT id, version, removed_in FROM claims WHERE id = ANY($1)",
                )
                .bind(&ids)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .map(|(id, version, removed_in)| (id, (version, removed_in)))
                .collect();
            for i in refused {
                let job = &jobs[i];
                let found = current.get(&job.claim_id).copied();
                results[i] = Some(Err(verdict_refused(job.claim_id, found, job.if_version)));
            }
        }
    }
    let mut results: Vec<StorageResult<Recorded>> = results
        .into_iter()
        .map(|result| result.unwrap_or_else(|| Err(corrupt("a verdict was left out of its batch"))))
        .collect();
    if !history.is_empty() {
        let deliveries = sqlx::query(sqlx::AssertSqlSafe(RECORD.as_str()))
            .bind(Event::ClaimAnnotated.as_str())
            .bind(now_ms())
            .bind(enqueue_rows(&events)?)
            .bind(serde_json::Value::Array(history).to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        // Each answer shows the claim's newest history as of its own verdict.
        let (ids, versions): (Vec<ClaimId>, Vec<i64>) = results
            .iter()
            .flatten()
            .map(|recorded| (recorded.claim.id, recorded.claim.version))
            .unzip();
        let rows = sqlx::query_as::<_, NumberedHistoryRow>(RECENT)
            .bind(&ids)
            .bind(&versions)
            .bind(i64::from(RECENT_HISTORY) + 1)
            .fetch_all(&mut *tx)
            .await?;
        let mut recent: Vec<Vec<HistoryEntry>> = ids.iter().map(|_| Vec::new()).collect();
        for row in rows {
            let place = usize::try_from(row.n - 1)
                .ok()
                .filter(|&place| place < recent.len())
                .ok_or_else(|| corrupt(format!("history read back for no verdict ({})", row.n)))?;
            recent[place].push(row.row.into_entry()?);
        }
        for (recorded, entries) in results.iter_mut().flatten().zip(recent) {
            recorded.deliveries_queued = deliveries > 0;
            recorded.recent_history = Some(entries);
        }
    }
    tx.commit().await?;
    Ok(results)
}

/// The jobs in rounds of at most one verdict per claim: a claim's first verdict of the batch
/// in the first round, its second in the second, and so on, so that each claim's verdicts
/// apply in the order they came. Within a round, claims go in id order: the order their rows
/// are locked in, the same in every instance's batches.
fn rounds(jobs: &[Job]) -> Vec<Vec<usize>> {
    rounds_of(&jobs.iter().map(|job| job.claim_id).collect::<Vec<_>>())
}

fn rounds_of(claims: &[ClaimId]) -> Vec<Vec<usize>> {
    let mut seen: HashMap<ClaimId, usize> = HashMap::new();
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    for (i, claim) in claims.iter().enumerate() {
        let round = seen.entry(*claim).or_insert(0);
        if rounds.len() <= *round {
            rounds.push(Vec::new());
        }
        rounds[*round].push(i);
        *round += 1;
    }
    for round in &mut rounds {
        round.sort_by_key(|&i| claims[i]);
    }
    rounds
}

/// Moves the articles' revisions in one round trip that does not wait for the disk (a
/// revision is a cache stamp, not data); the articles' trigger tells the other instances.
async fn bump_revisions(
    conn: &mut PgConnection,
    articles: &BTreeSet<ArticleId>,
) -> StorageResult<()> {
    let ids: Vec<String> = articles.iter().map(ToString::to_string).collect();
    // Ids are integers, written out here so that both statements travel as one, one implicit
    // transaction (the simple query protocol takes no parameters); should it fail, it rolls
    // back by itself and leaves the connection clean.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET LOCAL synchronous_commit = off;
         UPDATE articles SET revision = revision + 1 WHERE id IN ({});",
        ids.join(", ")
    )))
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rounds_of;

    #[test]
    fn a_claims_verdicts_go_in_successive_rounds_in_arrival_order() {
        // Claim 7 three times, claim 3 twice, claim 5 once.
        let claims = [7, 3, 7, 5, 3, 7];
        assert_eq!(rounds_of(&claims), vec![vec![1, 3, 0], vec![4, 2], vec![5]]);
    }

    #[test]
    fn distinct_claims_are_one_round_in_id_order() {
        assert_eq!(rounds_of(&[9, 2, 4]), vec![vec![1, 2, 0]]);
        assert!(rounds_of(&[]).is_empty());
    }
}
