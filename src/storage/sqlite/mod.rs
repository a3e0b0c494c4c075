//! The SQLite backend.
//!
//! Writes go through a pool of exactly one connection and start with `BEGIN IMMEDIATE`: within
//! the process writers queue instead of racing for SQLite's lock (so none ever fails with
//! "database is locked"), and across processes (a CLI import beside a running server) the busy
//! timeout makes the other side wait its turn. Reads use a separate pool and, thanks to WAL,
//! never wait for a writer.

use std::str::FromStr;
use std::sync::{Arc, Weak};

mod accounts;
mod articles;
mod assignments;
mod claims;
mod comments;
mod common;
mod enqueue;
mod group_commit;
mod maintenance;
mod outbox;
mod publications;
mod readings;
mod reviews;
mod revisions;
mod search;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Sqlite, Transaction};

use crate::storage::base::Generation;
use crate::storage::base::{CHANGE_NOTICE, StorageResult};
use crate::storage::config::{Durability, StorageConfig};

pub struct SqliteStorage {
    reader: SqlitePool,
    writer: SqlitePool,
    /// Verdicts go through group commit (see [`group_commit`]).
    verdicts: group_commit::VerdictWriter,
    /// [`Maintenance::generation`](crate::storage::Maintenance::generation): moved after each change committed here, and by
    /// [`watch_changes`] after changes committed by others.
    generation: Arc<Generation>,
    /// [`Maintenance::accounts_generation`](crate::storage::Maintenance::accounts_generation):
    /// moved after account changes committed here, and by [`watch_changes`] after those
    /// committed by others.
    accounts_generation: Arc<Generation>,
}

/// The counters [`watch_changes`] moves.
struct Watched {
    content: Weak<Generation>,
    accounts: Weak<Generation>,
}

/// Moves the content generation whenever another connection, in this process or any other,
/// commits to the database (SQLite's `data_version` tells, on a connection of its own that
/// never writes), and the accounts generation when such a commit changed accounts or tokens
/// (the `accounts_changes` counter its triggers move). Ends when the storage is dropped.
async fn watch_changes(connect: SqliteConnectOptions, watched: Watched) {
    let Ok(mut conn) = connect.connect().await else {
        tracing::warn!("cannot open a connection to watch for outside changes");
        return;
    };
    let mut seen: Option<(i64, i64)> = None;
    let mut every = tokio::time::interval(CHANGE_NOTICE);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let (Some(content), Some(accounts)) =
            (watched.content.upgrade(), watched.accounts.upgrade())
        else {
            return;
        };
        match sqlx::query_as::<_, (i64, i64)>(
            "SELECT (SELECT data_version FROM pragma_data_version),
                    (SELECT value FROM accounts_changes)",
        )
        .fetch_one(&mut conn)
        .await
        {
            Ok((version, accounts_changes)) => {
                if let Some((seen_version, seen_accounts)) = seen {
                    if seen_version != version {
                        content.moved();
                    }
                    if seen_accounts != accounts_changes {
                        accounts.moved();
                    }
                }
                seen = Some((version, accounts_changes));
            }
            // Not knowing is treated as a change: caches read again rather than go stale.
            Err(_) => {
                content.moved();
                accounts.moved();
            }
        }
    }
}

/// Turns `--database-url` into connection options: a `sqlite:` URL as sqlx reads it, anything
/// else as a file path.
fn connect_options(url: &str, config: &StorageConfig) -> Result<SqliteConnectOptions, sqlx::Error> {
    let base = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    Ok(base
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(common::BUSY_TIMEOUT)
        .synchronous(match config.durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Normal => SqliteSynchronous::Normal,
        }))
}

impl SqliteStorage {
    pub async fn open(config: &StorageConfig) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        let url = config.url.as_str();
        if url.contains(":memory:") || url.contains("mode=memory") {
            anyhow::bail!(
                "claimdesk keeps its data in a file: give a file path instead of '{url}' (each of \
                 its connections would see a database in memory of its own)"
            );
        }
        let connect = connect_options(url, config)
            .with_context(|| format!("'{url}' is not a usable SQLite database URL or path"))?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            // A connection to a local file does not drop like a network one: testing it
            // before each use would only add a round trip to SQLite's thread per query.
            .test_before_acquire(false)
            .connect_with(connect.clone())
            .await
            .with_context(|| format!("cannot open the database at '{url}'"))?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .context("cannot apply database migrations")?;
        let connect_watcher = connect.clone();
        let database_file = connect.get_filename().to_path_buf();
        let reader = SqlitePoolOptions::new()
            .max_connections(config.connections.max(1))
            .test_before_acquire(false)
            .connect_with(connect)
            .await
            .with_context(|| format!("cannot open the database at '{url}'"))?;
        let generation = Arc::new(Generation::default());
        let accounts_generation = Arc::new(Generation::default());
        tokio::spawn(watch_changes(
            connect_watcher,
            Watched {
                content: Arc::downgrade(&generation),
                accounts: Arc::downgrade(&accounts_generation),
            },
        ));
        let verdicts = group_commit::VerdictWriter::start(
            database_file.as_path(),
            config.durability,
            generation.clone(),
        )
        .context("cannot open the verdict writer's connection")?;
        Ok(SqliteStorage {
            reader,
            writer,
            verdicts,
            generation,
            accounts_generation,
        })
    }

    pub(super) async fn write_tx(&self) -> StorageResult<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }
}
