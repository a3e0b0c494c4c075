//! Keeping the database itself: health, change notices, pool figures, backup and restore.

use async_trait::async_trait;

use super::base::StorageResult;

/// How a connection pool is used, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    pub name: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

#[async_trait]
pub trait Maintenance: Send + Sync + 'static {
    /// Succeeds when the database answers.
    async fn ping(&self) -> StorageResult<()>;
    /// A number that moves whenever articles, claims or verdicts may have changed: at once
    /// for changes made through this storage, within [`super::base::CHANGE_NOTICE`] for changes
    /// made by anything else (the command line, a restore, another instance). Read from
    /// memory, so a cache can ask it on every request and go to the database only when it
    /// moved.
    fn generation(&self) -> u64;
    /// Like [`Maintenance::generation`], for accounts and API tokens: moved at once by a role
    /// change or a token revocation made through this storage, within
    /// [`super::base::CHANGE_NOTICE`] by one made by anything else (the command line, another
    /// instance, a restore). Caches of who a token or a session belongs to are trusted only
    /// while it stays put.
    fn accounts_generation(&self) -> u64;
    fn pool_stats(&self) -> Vec<PoolStats>;
    /// Whether the database holds no account and no article.
    async fn is_empty(&self) -> StorageResult<bool>;
    /// Writes a consistent copy of the whole database to `path` (which must not exist) while
    /// the service keeps running.
    async fn backup_into(&self, path: &std::path::Path) -> StorageResult<()>;
    /// Replaces the whole database with the backup at `path`, online: other connections see
    /// the restored data on their next read.
    async fn restore_from(&self, path: &std::path::Path) -> StorageResult<()>;
}
