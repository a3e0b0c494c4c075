//! The SQLite backend.
//!
//! Writes go through a pool of exactly one connection and start with `BEGIN IMMEDIATE`: within
//! the process writers queue instead of racing for SQLite's lock (so none ever fails with
//! "database is locked"), and across processes (a CLI import beside a running server) the busy
//! timeout makes the other side wait its turn. Reads use a separate pool and, thanks to WAL,
//! never wait for a writer.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

mod group_commit;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, FromRow, QueryBuilder, Sqlite, Transaction};
use tokio::sync::{mpsc, oneshot};

use super::{
    Activity, Article, ArticleId, ArticleStamp, Attempt, CHANGE_NOTICE, Claim, ClaimFilter,
    ClaimId, ClaimSearch, Delivery, DeliveryOutcome, DueDelivery, HistoryEntry, Imported,
    NewSegment, PoolStats, Recorded, SessionRecord, Storage, StorageError, StorageResult,
    StoredSegment, TokenInfo, User, UserId, Webhook,
};
use crate::clock::{now, now_ms};
use crate::domain::webhook::{Event, NewWebhook};
use crate::domain::{ClaimStatus, NewAnnotation, NewArticle, Role, Source, StatusCounts};
use crate::segment::SegmentKind;

/// How hard SQLite works to keep a commit through a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// `synchronous=FULL`: an acknowledged write survives a power cut.
    Full,
    /// `synchronous=NORMAL`: survives a crash of the process, may lose the last commits on a
    /// power cut.
    Normal,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub durability: Durability,
    pub read_connections: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            durability: Durability::Full,
            read_connections: 8,
        }
    }
}

pub struct SqliteStorage {
    reader: SqlitePool,
    writer: SqlitePool,
    /// Verdicts go through group commit (see [`group_commit`]).
    verdicts: mpsc::Sender<group_commit::Job>,
    /// [`Storage::generation`]: moved after each change committed here, and by
    /// [`watch_changes`] after changes committed by others.
    generation: Arc<Generation>,
}

/// A counter of changes that may concern cached articles.
#[derive(Default)]
pub(super) struct Generation(AtomicU64);

impl Generation {
    pub(super) fn get(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    /// Called after a commit, before the change is acknowledged.
    pub(super) fn moved(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Moves `generation` whenever another connection, in this process or any other, commits to
/// the database: SQLite's `data_version` tells, on a connection of its own that never
/// writes. Ends when the storage is dropped.
async fn watch_changes(connect: SqliteConnectOptions, generation: Weak<Generation>) {
    let Ok(mut conn) = connect.connect().await else {
        tracing::warn!("cannot open a connection to watch for outside changes");
        return;
    };
    let mut seen: Option<i64> = None;
    let mut every = tokio::time::interval(CHANGE_NOTICE);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let Some(generation) = generation.upgrade() else {
            return;
        };
        match sqlx::query_scalar::<_, i64>("PRAGMA data_version")
            .fetch_one(&mut conn)
            .await
        {
            Ok(version) => {
                if seen.is_some_and(|seen| seen != version) {
                    generation.moved();
                }
                seen = Some(version);
            }
            // Not knowing is treated as a change: caches read again rather than go stale.
            Err(_) => generation.moved(),
        }
    }
}

/// Turns `--database-url` into connection options: a `sqlite:` URL as sqlx reads it, anything
/// else as a file path.
fn connect_options(url: &str, options: &Options) -> Result<SqliteConnectOptions, sqlx::Error> {
    let base = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    Ok(base
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(30))
        .synchronous(match options.durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Normal => SqliteSynchronous::Normal,
        }))
}

impl SqliteStorage {
    pub async fn open(url: &str, options: &Options) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        let connect = connect_options(url, options)
            .with_context(|| format!("'{url}' is not a usable SQLite database URL or path"))?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(connect.clone())
            .await
            .with_context(|| format!("cannot open the database at '{url}'"))?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .context("cannot apply database migrations")?;
        let connect_watcher = connect.clone();
        let reader = SqlitePoolOptions::new()
            .max_connections(options.read_connections.max(1))
            .connect_with(connect)
            .await
            .with_context(|| format!("cannot open the database at '{url}'"))?;
        let generation = Arc::new(Generation::default());
        tokio::spawn(watch_changes(connect_watcher, Arc::downgrade(&generation)));
        let verdicts = group_commit::start(writer.clone(), generation.clone());
        Ok(SqliteStorage {
            reader,
            writer,
            verdicts,
            generation,
        })
    }

    async fn write_tx(&self) -> StorageResult<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Queues one delivery per active webhook subscribed to an event, for each `[payload JSON,
/// created_at]` of a JSON array. Its parameters are bound by [`bind_enqueue`].
const ENQUEUE: &str = "
    INSERT INTO webhook_deliveries (webhook_id, delivery_id, event, payload, created_at, next_attempt_at)
    SELECT w.id, lower(hex(randomblob(16))), ?, e.value ->> 0, e.value ->> 1, ?
    FROM json_each(?) e, webhooks w
    WHERE w.active = 1 AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = ?)";

fn bind_enqueue<'q>(
    query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>,
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>> {
    let rows = serde_json::to_string(payloads)
        .map_err(|e| corrupt(format!("cannot encode webhook payloads: {e}")))?;
    Ok(query
        .bind(event.as_str())
        .bind(now_ms())
        .bind(rows)
        .bind(event.as_str()))
}

/// Writes the deliveries of `event` for each `(payload JSON, created_at)`, inside the
/// transaction of the change itself: the outbox pattern, so a committed change always has its
/// deliveries.
async fn enqueue(
    tx: &mut Transaction<'static, Sqlite>,
    event: Event,
    payloads: &[(String, String)],
) -> StorageResult<()> {
    bind_enqueue(sqlx::query(ENQUEUE), event, payloads)?
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct WebhookRow {
    id: i64,
    url: String,
    events: String,
    active: bool,
    created_at: String,
}

impl TryFrom<WebhookRow> for Webhook {
    type Error = StorageError;
    fn try_from(row: WebhookRow) -> StorageResult<Webhook> {
        let names: Vec<String> = serde_json::from_str(&row.events)
            .map_err(|e| corrupt(format!("webhook events: {e}")))?;
        Ok(Webhook {
            id: row.id,
            url: row.url,
            events: names.iter().filter_map(|n| Event::parse(n)).collect(),
            active: row.active,
            created_at: row.created_at,
        })
    }
}

/// Every group of `k` items of `items`, in order.
fn combinations(items: &[String], k: usize) -> Vec<Vec<String>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut groups = Vec::new();
    for (i, item) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, item.clone());
            groups.push(rest);
        }
    }
    groups
}

/// Rows per multi-row insert (7 variables a claim row: 3,500 variables a statement).
const INSERT_BATCH: usize = 500;

/// Checks that `path` is a sound claimdesk database before anything is overwritten with it.
async fn check_backup(path: &std::path::Path) -> StorageResult<()> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| StorageError::Conflict(format!("cannot open {}: {e}", path.display())))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .map_err(|e| {
            StorageError::Conflict(format!("{} is not a database: {e}", path.display()))
        })?;
    if integrity != "ok" {
        return Err(StorageError::Conflict(format!(
            "{} fails SQLite's integrity check: {integrity}",
            path.display()
        )));
    }
    let ours: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'annotations'",
    )
    .fetch_optional(&pool)
    .await?;
    pool.close().await;
    if ours.is_none() {
        return Err(StorageError::Conflict(format!(
            "{} is not a claimdesk database",
            path.display()
        )));
    }
    Ok(())
}

/// SQLite's online backup API, which sqlx does not wrap.
mod online_backup {
    use std::ffi::CString;
    use std::path::Path;
    use std::ptr::NonNull;

    use libsqlite3_sys as ffi;

    /// Copies every page of the database file at `source` into the open database `dest`.
    /// Other connections to `dest` wait while a step runs and see the new content afterwards.
    pub fn copy_file_into(source: &Path, dest: NonNull<ffi::sqlite3>) -> Result<(), String> {
        let name = CString::new(source.to_string_lossy().as_bytes())
            .map_err(|_| "the backup path holds a NUL byte".to_owned())?;
        let main = c"main";
        let mut src: *mut ffi::sqlite3 = std::ptr::null_mut();
        // SAFETY: `name` is a valid C string and `src` a valid out pointer; the handle is
        // closed below on every path.
        let rc = unsafe {
            ffi::sqlite3_open_v2(
                name.as_ptr(),
                &raw mut src,
                ffi::SQLITE_OPEN_READONLY,
                std::ptr::null(),
            )
        };
        if rc != ffi::SQLITE_OK {
            // SAFETY: sqlite3_open_v2 may allocate a handle even on failure; closing NULL is a no-op.
            unsafe { ffi::sqlite3_close(src) };
            return Err(format!("cannot open the backup (SQLite error {rc})"));
        }
        // SAFETY: both handles are open, and `dest` is exclusively ours while the sqlx
        // connection is locked by the caller.
        let result = unsafe {
            let backup = ffi::sqlite3_backup_init(dest.as_ptr(), main.as_ptr(), src, main.as_ptr());
            if backup.is_null() {
                Err(format!(
                    "cannot start the restore (SQLite error {})",
                    ffi::sqlite3_errcode(dest.as_ptr())
                ))
            } else {
                let mut rc;
                loop {
                    rc = ffi::sqlite3_backup_step(backup, -1);
                    if rc == ffi::SQLITE_BUSY || rc == ffi::SQLITE_LOCKED {
                        // Another process holds the database; its busy timeout is ours too.
                        ffi::sqlite3_sleep(50);
                        continue;
                    }
                    break;
                }
                let finish = ffi::sqlite3_backup_finish(backup);
                if rc == ffi::SQLITE_DONE && finish == ffi::SQLITE_OK {
                    Ok(())
                } else {
                    Err(format!("the restore failed (SQLite error {rc}/{finish})"))
                }
            }
        };
        // SAFETY: `src` was opened above and is not used after this.
        unsafe { ffi::sqlite3_close(src) };
        result
    }
}

fn corrupt(what: impl Into<String>) -> StorageError {
    StorageError::Corrupt(what.into())
}

fn parse_role(raw: &str) -> StorageResult<Role> {
    raw.parse()
        .map_err(|_| corrupt(format!("unknown role '{raw}'")))
}

fn parse_status(raw: &str) -> StorageResult<ClaimStatus> {
    raw.parse()
        .map_err(|_| corrupt(format!("unknown status '{raw}'")))
}

fn parse_kind(raw: &str) -> StorageResult<SegmentKind> {
    SegmentKind::parse(raw).ok_or_else(|| corrupt(format!("unknown segment kind '{raw}'")))
}

fn parse_sources(raw: Option<&str>) -> StorageResult<Vec<Source>> {
    match raw {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json).map_err(|e| corrupt(format!("sources JSON: {e}"))),
    }
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    name: String,
    role: String,
    created_at: String,
    password_hash: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = StorageError;
    fn try_from(row: UserRow) -> StorageResult<User> {
        Ok(User {
            id: row.id,
            name: row.name,
            role: parse_role(&row.role)?,
            created_at: row.created_at,
            password_hash: row.password_hash,
        })
    }
}

#[derive(FromRow)]
struct TokenRow {
    id: i64,
    user: String,
    label: String,
    prefix: String,
    created_at: String,
    revoked_at: Option<String>,
}

impl From<TokenRow> for TokenInfo {
    fn from(row: TokenRow) -> Self {
        TokenInfo {
            id: row.id,
            user: row.user,
            label: row.label,
            prefix: row.prefix,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

#[derive(FromRow)]
struct ArticleRow {
    id: i64,
    title: String,
    body: String,
    source_url: Option<String>,
    published_at: Option<String>,
    created_at: String,
    unreviewed: i64,
    sourced: i64,
    unsourced: i64,
    contradicted: i64,
}

impl From<ArticleRow> for Article {
    fn from(row: ArticleRow) -> Self {
        Article {
            id: row.id,
            title: row.title,
            body: row.body,
            source_url: row.source_url,
            published_at: row.published_at,
            created_at: row.created_at,
            counts: StatusCounts {
                unreviewed: row.unreviewed,
                sourced: row.sourced,
                unsourced: row.unsourced,
                contradicted: row.contradicted,
            },
        }
    }
}

/// Articles with their claim counts; each count is a probe of `claims_article_status`.
const ARTICLE_SELECT: &str = "
    SELECT a.id, a.title, a.body, a.source_url, a.published_at, a.created_at,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'unreviewed') AS unreviewed,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'sourced') AS sourced,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'unsourced') AS unsourced,
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id AND c.status = 'contradicted') AS contradicted
    FROM articles a";

#[derive(FromRow)]
struct ClaimRow {
    id: i64,
    article_id: i64,
    position: i64,
    text: String,
    kind: String,
    start_offset: i64,
    end_offset: i64,
    status: String,
    version: i64,
    updated_at: String,
    sources: Option<String>,
    note: Option<String>,
    updated_by: Option<String>,
}

impl TryFrom<ClaimRow> for Claim {
    type Error = StorageError;
    fn try_from(row: ClaimRow) -> StorageResult<Claim> {
        Ok(Claim {
            id: row.id,
            article_id: row.article_id,
            position: row.position,
            text: row.text,
            kind: parse_kind(&row.kind)?,
            start: row.start_offset,
            end: row.end_offset,
            status: parse_status(&row.status)?,
            version: row.version,
            sources: parse_sources(row.sources.as_deref())?,
            note: row.note,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
        })
    }
}

/// Claims with the sources, note and reviewer of their latest annotation.
const CLAIM_SELECT: &str = "
    SELECT c.id, c.article_id, c.position, c.text, c.kind, c.start_offset, c.end_offset,
           c.status, c.version, c.updated_at, an.sources, an.note, u.name AS updated_by
    FROM claims c
    LEFT JOIN annotations an ON an.claim_id = c.id AND an.version = c.version
    LEFT JOIN users u ON u.id = an.reviewer_id";

#[derive(FromRow)]
struct HistoryRow {
    version: i64,
    status: String,
    sources: String,
    note: Option<String>,
    reviewer: String,
    created_at: String,
}

#[derive(FromRow)]
struct SegmentRow {
    kind: String,
    start_offset: i64,
    end_offset: i64,
}

async fn claim_in<'c, E>(executor: E, id: ClaimId) -> StorageResult<Option<Claim>>
where
    E: sqlx::Executor<'c, Database = Sqlite>,
{
    let sql = format!("{CLAIM_SELECT} WHERE c.id = ?");
    sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .map(Claim::try_from)
        .transpose()
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn ping(&self) -> StorageResult<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    fn generation(&self) -> u64 {
        self.generation.get()
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        [("reader", &self.reader), ("writer", &self.writer)]
            .into_iter()
            .map(|(name, pool)| PoolStats {
                name,
                open: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            })
            .collect()
    }

    async fn is_empty(&self) -> StorageResult<bool> {
        let (users, articles): (i64, i64) =
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM articles)")
                .fetch_one(&self.reader)
                .await?;
        Ok(users == 0 && articles == 0)
    }

    async fn backup_into(&self, path: &std::path::Path) -> StorageResult<()> {
        let target = path
            .to_str()
            .ok_or_else(|| StorageError::Conflict("the backup path is not UTF-8".to_owned()))?;
        // VACUUM INTO reads one snapshot (WAL keeps writers going) and writes a compact,
        // self-contained database file.
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.reader)
            .await?;
        Ok(())
    }

    async fn restore_from(&self, path: &std::path::Path) -> StorageResult<()> {
        check_backup(path).await?;
        // Through the writer connection: no write of this process can interleave.
        {
            let mut conn = self.writer.acquire().await?;
            let mut handle = conn.lock_handle().await?;
            online_backup::copy_file_into(path, handle.as_raw_handle())
                .map_err(StorageError::Conflict)?;
        }
        // A backup from an older release gets the schema this one reads.
        sqlx::migrate!("./migrations")
            .run(&self.writer)
            .await
            .map_err(|e| {
                StorageError::Conflict(format!("cannot bring the restored schema up to date: {e}"))
            })?;
        // Revisions may now repeat numbers they had before with other content: renderings
        // cached by any running server must not be taken for current.
        sqlx::query("UPDATE lineage SET value = random()")
            .execute(&self.writer)
            .await?;
        self.generation.moved();
        Ok(())
    }

    async fn create_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
    ) -> StorageResult<User> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query_as::<_, UserRow>(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, name, role, created_at, password_hash",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| {
            if is_unique_violation(&err) {
                StorageError::Conflict(format!("a user named '{name}' already exists"))
            } else {
                err.into()
            }
        })?;
        tx.commit().await?;
        row.try_into()
    }

    async fn user_by_name(&self, name: &str) -> StorageResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT id, name, role, created_at, password_hash FROM users WHERE name = ?",
        )
        .bind(name)
        .fetch_optional(&self.reader)
        .await?
        .map(User::try_from)
        .transpose()
    }

    async fn user_by_id(&self, id: UserId) -> StorageResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT id, name, role, created_at, password_hash FROM users WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .map(User::try_from)
        .transpose()
    }

    async fn set_user_role(&self, id: UserId, role: Role) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET role = ? WHERE id = ?")
            .bind(role.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        tx.commit().await?;
        Ok(done)
    }

    async fn session_insert(&self, id: &str, record: &SessionRecord) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(&record.data)
        .bind(record.expires_at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        tx.commit().await?;
        Ok(inserted)
    }

    async fn session_save(&self, id: &str, record: &SessionRecord) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES (?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(&record.data)
        .bind(record.expires_at)
        .execute(&mut *tx)
        .await?;
        // Expired sessions go with the writes that replace them.
        sqlx::query("DELETE FROM sessions WHERE expires_at < unixepoch()")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session_load(&self, id: &str, now: i64) -> StorageResult<Option<SessionRecord>> {
        Ok(sqlx::query_as::<_, (String, i64)>(
            "SELECT data, expires_at FROM sessions WHERE id = ? AND expires_at > ?",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&self.reader)
        .await?
        .map(|(data, expires_at)| SessionRecord { data, expires_at }))
    }

    async fn session_delete(&self, id: &str) -> StorageResult<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_users(&self) -> StorageResult<Vec<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT id, name, role, created_at, password_hash FROM users ORDER BY name",
        )
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(User::try_from)
        .collect()
    }

    async fn create_token(
        &self,
        user_id: UserId,
        label: &str,
        token_hash: &str,
        prefix: &str,
    ) -> StorageResult<TokenInfo> {
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, label, token_hash, prefix, created_at)
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(label)
        .bind(token_hash)
        .bind(prefix)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let info = sqlx::query_as::<_, TokenRow>(
            "SELECT t.id, u.name AS user, t.label, t.prefix, t.created_at, t.revoked_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(info.into())
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> StorageResult<Option<User>> {
        sqlx::query_as::<_, UserRow>(
            "SELECT u.id, u.name, u.role, u.created_at, u.password_hash
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = ? AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?
        .map(User::try_from)
        .transpose()
    }

    async fn list_tokens(&self) -> StorageResult<Vec<TokenInfo>> {
        Ok(sqlx::query_as::<_, TokenRow>(
            "SELECT t.id, u.name AS user, t.label, t.prefix, t.created_at, t.revoked_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id",
        )
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(TokenInfo::from)
        .collect())
    }

    async fn revoke_token(&self, token_id: i64) -> StorageResult<bool> {
        let mut tx = self.write_tx().await?;
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(now())
                .bind(token_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        tx.commit().await?;
        Ok(done)
    }

    async fn create_webhook(
        &self,
        hook: &NewWebhook,
        created_by: UserId,
    ) -> StorageResult<Webhook> {
        let events: Vec<&str> = hook.events.iter().map(|e| e.as_str()).collect();
        let mut tx = self.write_tx().await?;
        let row = sqlx::query_as::<_, WebhookRow>(
            "INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES (?, ?, ?, ?, ?)
             RETURNING id, url, events, active, created_at",
        )
        .bind(&hook.url)
        .bind(&hook.secret)
        .bind(serde_json::to_string(&events).unwrap_or_else(|_| "[]".to_owned()))
        .bind(now())
        .bind(created_by)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        row.try_into()
    }

    async fn list_webhooks(&self) -> StorageResult<Vec<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(
            "SELECT id, url, events, active, created_at FROM webhooks ORDER BY id",
        )
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(Webhook::try_from)
        .collect()
    }

    async fn webhook(&self, id: i64) -> StorageResult<Option<Webhook>> {
        sqlx::query_as::<_, WebhookRow>(
            "SELECT id, url, events, active, created_at FROM webhooks WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .map(Webhook::try_from)
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
        let rows = sqlx::query_as::<_, (i64, String, String, String, i64, String, i64)>(
            "SELECT id, delivery_id, event, state, attempts, created_at, next_attempt_at
             FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        let mut deliveries = Vec::with_capacity(rows.len());
        for (row_id, delivery_id, event, state, attempts, created_at, next_attempt_at) in rows {
            let attempt_log = sqlx::query_as::<_, (i64, String, Option<i64>, Option<String>, i64)>(
                "SELECT attempt, started_at, status_code, error, duration_ms
                 FROM webhook_attempts WHERE delivery = ? ORDER BY attempt",
            )
            .bind(row_id)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(
                |(attempt, started_at, status_code, error, duration_ms)| Attempt {
                    attempt,
                    started_at,
                    status_code,
                    error,
                    duration_ms,
                },
            )
            .collect();
            deliveries.push(Delivery {
                next_attempt_at: (state == "pending").then_some(next_attempt_at),
                delivery_id,
                event,
                state,
                attempts,
                created_at,
                attempt_log,
            });
        }
        Ok(deliveries)
    }

    async fn due_deliveries(&self, now_ms: i64, limit: u32) -> StorageResult<Vec<DueDelivery>> {
        Ok(sqlx::query_as::<_, (i64, String, String, String, String, i64, String, String)>(
            "SELECT d.id, d.delivery_id, d.event, d.payload, d.created_at, d.attempts, w.url, w.secret
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.state = 'pending' AND d.next_attempt_at <= ?
             ORDER BY d.next_attempt_at, d.id LIMIT ?",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(
            |(row_id, delivery_id, event, payload, created_at, attempts, url, secret)| DueDelivery {
                row_id,
                delivery_id,
                event,
                payload,
                created_at,
                attempts,
                url,
                secret,
            },
        )
        .collect())
    }

    async fn next_delivery_due(&self) -> StorageResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'",
        )
        .fetch_one(&self.reader)
        .await?)
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

    async fn import_article(
        &self,
        article: &NewArticle,
        body_sha256: &str,
        segments: &[NewSegment],
        created_by: Option<UserId>,
    ) -> StorageResult<Imported> {
        let mut tx = self.write_tx().await?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM articles WHERE body_sha256 = ?")
                .bind(body_sha256)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = existing {
            return Ok(Imported::Existing(id));
        }
        let created_at = now();
        let article_id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (title, body, body_sha256, source_url, published_at, created_at, created_by)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&article.title)
        .bind(&article.body)
        .bind(body_sha256)
        .bind(&article.source_url)
        .bind(&article.published_at)
        .bind(&created_at)
        .bind(created_by)
        .fetch_one(&mut *tx)
        .await?;

        // Multi-row inserts: one statement per batch instead of one per row, which is what
        // makes a 1,000-sentence import fast. Batches stay under SQLite's 32,766 variables.
        for (batch_no, batch) in segments.chunks(INSERT_BATCH).enumerate() {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO segments (article_id, position, kind, start_offset, end_offset) ",
            );
            insert.push_values(batch.iter().enumerate(), |mut row, (i, segment)| {
                row.push_bind(article_id)
                    .push_bind(to_i64(batch_no * INSERT_BATCH + i + 1))
                    .push_bind(segment.kind.as_str())
                    .push_bind(to_i64(segment.start))
                    .push_bind(to_i64(segment.end));
            });
            insert.build().execute(&mut *tx).await?;
        }
        let claims: Vec<&NewSegment> = segments.iter().filter(|s| s.kind.is_claim()).collect();
        for (batch_no, batch) in claims.chunks(INSERT_BATCH).enumerate() {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO claims (article_id, position, kind, text, start_offset, end_offset, updated_at) ",
            );
            insert.push_values(batch.iter().enumerate(), |mut row, (i, segment)| {
                row.push_bind(article_id)
                    .push_bind(to_i64(batch_no * INSERT_BATCH + i + 1))
                    .push_bind(segment.kind.as_str())
                    .push_bind(segment.text.as_str())
                    .push_bind(to_i64(segment.start))
                    .push_bind(to_i64(segment.end))
                    .push_bind(created_at.as_str());
            });
            insert.build().execute(&mut *tx).await?;
        }
        let claim_position = to_i64(claims.len());
        let payload = serde_json::json!({
            "article": {
                "id": article_id,
                "title": article.title,
                "source_url": article.source_url,
                "published_at": article.published_at,
                "created_at": created_at,
                "claim_count": claim_position,
            }
        });
        enqueue(
            &mut tx,
            Event::ArticleImported,
            &[(payload.to_string(), created_at)],
        )
        .await?;
        tx.commit().await?;
        self.generation.moved();
        Ok(Imported::Created(article_id))
    }

    async fn article(&self, id: ArticleId) -> StorageResult<Option<Article>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.id = ?");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .map(Article::from))
    }

    async fn article_stamp(&self, id: ArticleId) -> StorageResult<Option<ArticleStamp>> {
        // Each part is one index probe; max() of a rowid reads the last page of its table.
        Ok(sqlx::query_as::<_, (i64, i64, i64, i64)>(
            "SELECT (SELECT value FROM lineage), a.revision,
                    coalesce((SELECT max(id) FROM claims), 0),
                    coalesce((SELECT max(id) FROM annotations), 0)
             FROM articles a WHERE a.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .map(
            |(lineage, revision, newest_claim, newest_verdict)| ArticleStamp {
                lineage,
                revision,
                newest_claim,
                newest_verdict,
            },
        ))
    }

    async fn list_articles(
        &self,
        before: Option<ArticleId>,
        limit: u32,
    ) -> StorageResult<Vec<Article>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.id < ? ORDER BY a.id DESC LIMIT ?");
        Ok(sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql))
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(Article::from)
            .collect())
    }

    async fn article_segments(&self, id: ArticleId) -> StorageResult<Vec<StoredSegment>> {
        sqlx::query_as::<_, SegmentRow>(
            "SELECT kind, start_offset, end_offset FROM segments WHERE article_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(|row| {
            Ok(StoredSegment {
                kind: parse_kind(&row.kind)?,
                start: row.start_offset,
                end: row.end_offset,
            })
        })
        .collect()
    }

    async fn claims(&self, filter: &ClaimFilter) -> StorageResult<Vec<Claim>> {
        // One statement per filter shape, so SQLite can use the index that fits each; the
        // indexes end in the rowid, which makes `ORDER BY c.id` free.
        let mut sql = format!("{CLAIM_SELECT} WHERE c.id > ?");
        if filter.article_id.is_some() {
            sql.push_str(" AND c.article_id = ?");
        }
        if filter.status.is_some() {
            sql.push_str(" AND c.status = ?");
        }
        if filter.updated_from.is_some() {
            sql.push_str(" AND c.updated_at >= ?");
        }
        if filter.updated_to.is_some() {
            sql.push_str(" AND c.updated_at <= ?");
        }
        sql.push_str(" ORDER BY c.id LIMIT ?");
        let mut query =
            sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql)).bind(filter.after.unwrap_or(0));
        if let Some(article_id) = filter.article_id {
            query = query.bind(article_id);
        }
        if let Some(status) = filter.status {
            query = query.bind(status.as_str());
        }
        if let Some(from) = &filter.updated_from {
            query = query.bind(from);
        }
        if let Some(to) = &filter.updated_to {
            query = query.bind(to);
        }
        query
            .bind(filter.limit)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(Claim::try_from)
            .collect()
    }

    async fn claim(&self, id: ClaimId) -> StorageResult<Option<Claim>> {
        claim_in(&self.reader, id).await
    }

    async fn claim_history(&self, id: ClaimId) -> StorageResult<Vec<HistoryEntry>> {
        sqlx::query_as::<_, HistoryRow>(
            "SELECT an.version, an.status, an.sources, an.note, u.name AS reviewer, an.created_at
             FROM annotations an JOIN users u ON u.id = an.reviewer_id
             WHERE an.claim_id = ? ORDER BY an.version DESC",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(|row| {
            Ok(HistoryEntry {
                version: row.version,
                status: parse_status(&row.status)?,
                sources: parse_sources(Some(&row.sources))?,
                note: row.note,
                reviewer: row.reviewer,
                created_at: row.created_at,
            })
        })
        .collect()
    }

    async fn search_claims(&self, search: &ClaimSearch) -> StorageResult<Vec<Claim>> {
        if search.terms.is_empty() {
            return Ok(Vec::new());
        }
        // Each term is quoted, so nothing a user types is read as FTS5 query syntax.
        let quoted: Vec<String> = search
            .terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        let expression = if search.min_shared <= 1 {
            quoted.join(" OR ")
        } else {
            // Any `min_shared` of the terms: the OR of every such AND group (callers pass a
            // handful of terms, so the groups stay few).
            combinations(&quoted, search.min_shared.min(quoted.len()))
                .iter()
                .map(|group| format!("({})", group.join(" AND ")))
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        let filtered = search.article_id.is_some() || search.status.is_some();
        let order = if search.by_relevance {
            "rank, rowid"
        } else {
            "rowid DESC"
        };
        let sql = if filtered {
            // Filters apply before the page is cut, so they join the index directly.
            let mut sql = format!(
                "{CLAIM_SELECT} JOIN claims_fts ON claims_fts.rowid = c.id WHERE claims_fts MATCH ?"
            );
            if search.article_id.is_some() {
                sql.push_str(" AND c.article_id = ?");
            }
            if search.status.is_some() {
                sql.push_str(" AND c.status = ?");
            }
            sql.push_str(if search.by_relevance {
                " ORDER BY claims_fts.rank, c.id LIMIT ? OFFSET ?"
            } else {
                " ORDER BY c.id DESC LIMIT ? OFFSET ?"
            });
            sql
        } else {
            // The page is cut inside FTS5, which walks its index in rowid order and stops at
            // the limit; ordered by the claims table instead, every match would be read first.
            format!(
                "WITH hits AS (SELECT rowid AS id, rank FROM claims_fts WHERE claims_fts MATCH ?
                               ORDER BY {order} LIMIT ? OFFSET ?)
                 {CLAIM_SELECT} JOIN hits ON hits.id = c.id ORDER BY {}",
                if search.by_relevance {
                    "hits.rank, c.id"
                } else {
                    "c.id DESC"
                }
            )
        };
        let mut query = sqlx::query_as::<_, ClaimRow>(sqlx::AssertSqlSafe(sql)).bind(expression);
        if !filtered {
            return query
                .bind(search.limit)
                .bind(search.offset)
                .fetch_all(&self.reader)
                .await?
                .into_iter()
                .map(Claim::try_from)
                .collect();
        }
        if let Some(article_id) = search.article_id {
            query = query.bind(article_id);
        }
        if let Some(status) = search.status {
            query = query.bind(status.as_str());
        }
        query
            .bind(search.limit)
            .bind(search.offset)
            .fetch_all(&self.reader)
            .await?
            .into_iter()
            .map(Claim::try_from)
            .collect()
    }

    async fn term_counts(&self, terms: &[String], cap: u32) -> StorageResult<Vec<u32>> {
        let mut counts = Vec::with_capacity(terms.len());
        for term in terms {
            let count: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
            )
            .bind(format!("\"{}\"", term.replace('"', "\"\"")))
            .bind(cap)
            .fetch_one(&self.reader)
            .await?;
            counts.push(u32::try_from(count).unwrap_or(cap));
        }
        Ok(counts)
    }

    async fn recent_activity(&self, limit: u32) -> StorageResult<Vec<Activity>> {
        sqlx::query_as::<_, (i64, i64, String, String, String, String, String)>(
            "SELECT c.id, c.article_id, a.title, c.text, an.status, u.name, an.created_at
             FROM annotations an
             JOIN claims c ON c.id = an.claim_id
             JOIN articles a ON a.id = c.article_id
             JOIN users u ON u.id = an.reviewer_id
             ORDER BY an.id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(
            |(claim_id, article_id, article_title, claim_text, status, reviewer, created_at)| {
                Ok(Activity {
                    claim_id,
                    article_id,
                    article_title,
                    claim_text,
                    status: parse_status(&status)?,
                    reviewer,
                    created_at,
                })
            },
        )
        .collect()
    }

    async fn article_history(&self, id: ArticleId) -> StorageResult<Vec<(ClaimId, HistoryEntry)>> {
        sqlx::query_as::<_, (i64, i64, String, String, Option<String>, String, String)>(
            "SELECT an.claim_id, an.version, an.status, an.sources, an.note, u.name, an.created_at
             FROM annotations an
             JOIN claims c ON c.id = an.claim_id
             JOIN users u ON u.id = an.reviewer_id
             WHERE c.article_id = ? ORDER BY an.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .into_iter()
        .map(
            |(claim_id, version, status, sources, note, reviewer, created_at)| {
                Ok((
                    claim_id,
                    HistoryEntry {
                        version,
                        status: parse_status(&status)?,
                        sources: parse_sources(Some(&sources))?,
                        note,
                        reviewer,
                        created_at,
                    },
                ))
            },
        )
        .collect()
    }

    async fn annotate(
        &self,
        claim_id: ClaimId,
        annotation: &NewAnnotation,
        reviewer: &User,
        if_version: Option<i64>,
    ) -> StorageResult<Recorded> {
        let (reply, answer) = oneshot::channel();
        let job = group_commit::Job {
            claim_id,
            annotation: annotation.clone(),
            reviewer_id: reviewer.id,
            reviewer_name: reviewer.name.clone(),
            if_version,
            reply,
        };
        let stopped = || corrupt("the verdict writer has stopped");
        self.verdicts.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_of_terms() {
        let terms: Vec<String> = ["a", "b", "c"].iter().map(|t| (*t).to_owned()).collect();
        assert_eq!(
            combinations(&terms, 2),
            [["a", "b"], ["a", "c"], ["b", "c"]]
                .iter()
                .map(|g| g.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        );
        assert_eq!(combinations(&terms, 3).len(), 1);
        assert_eq!(combinations(&terms, 1).len(), 3);
    }
}
