//! The PostgreSQL backend, for several claimdesk instances sharing one database.
//!
//! Every instance is stateless: the database orders concurrent writers (a verdict is an
//! `UPDATE … RETURNING` of its claim's row, checking the version asked for, in its instance's
//! group commit, so the row lock decides between racing instances and a stale `If-Match`
//! updates nothing), webhook deliveries are taken with `FOR UPDATE SKIP LOCKED` and a lease,
//! sessions and sign-in limits live in tables, and each instance listens for the others'
//! commits (`LISTEN claimdesk_changes`, sent by triggers) to keep its caches current.

mod accounts;
mod articles;
mod assignments;
mod claims;
mod comments;
mod common;
mod group_commit;
mod maintenance;
mod notify;
mod outbox;
mod publications;
mod readings;
mod reviews;
mod revisions;
mod search;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use tokio::sync::{mpsc, oneshot};

use crate::storage::base::Generation;
use crate::storage::config::{Durability, StorageConfig};

pub struct PostgresStorage {
    pool: PgPool,
    /// The URL as given, for `pg_dump` and `pg_restore`.
    url: String,
    /// Verdicts go through group commit (see [`group_commit`]).
    verdicts: mpsc::Sender<crate::storage::verdict_queue::Job>,
    generation: Arc<Generation>,
    accounts_generation: Arc<Generation>,
    /// Dropped with the storage, which stops the listener.
    _stop_listening: oneshot::Sender<()>,
}

impl PostgresStorage {
    pub async fn open(config: &StorageConfig) -> anyhow::Result<Self> {
        let url = config.url.as_str();
        let shown = notify::without_password(url);
        // Each instance's connections carry a name of their own, which the change
        // notifications repeat: an instance knows its own changes already.
        let mut tag = [0u8; 12];
        getrandom::fill(&mut tag).context("no randomness for the instance name")?;
        let instance = format!("claimdesk-{}", hex::encode(tag));
        let mut connect = PgConnectOptions::from_str(url)
            .with_context(|| format!("'{shown}' is not a usable PostgreSQL URL"))?
            .application_name(&instance);
        if config.durability == Durability::Normal {
            // A commit is acknowledged before its WAL reaches the disk: a crash of the
            // database server may lose the last moments, never consistency.
            connect = connect.options([("synchronous_commit", "off")]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(config.connections.max(2))
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(connect.clone())
            .await
            .with_context(|| format!("cannot connect to the database at '{shown}'"))?;
        migrate(&pool).await?;
        let generation = Arc::new(Generation::default());
        let accounts_generation = Arc::new(Generation::default());
        let (stop, stopped) = oneshot::channel();
        notify::listen(
            connect,
            instance,
            notify::Counters {
                content: generation.clone(),
                accounts: accounts_generation.clone(),
            },
            stopped,
        )
        .await
        .with_context(|| format!("cannot listen for changes on '{shown}'"))?;
        let verdicts = group_commit::start(pool.clone(), generation.clone());
        Ok(PostgresStorage {
            pool,
            verdicts,
            url: url.to_owned(),
            generation,
            accounts_generation,
            _stop_listening: stop,
        })
    }
}

/// Applies `migrations/postgres/`. Instances starting together take turns: sqlx holds an
/// advisory lock while it migrates.
async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations/postgres")
        .run(pool)
        .await
        .context("cannot apply database migrations")
}
