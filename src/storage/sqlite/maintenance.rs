//! Health, change notices, pool figures, backup and restore on SQLite.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use super::SqliteStorage;
use super::common::*;

/// Checks that `path` is a sound claimdesk database before anything is overwritten with it.
pub(super) async fn check_backup(path: &std::path::Path) -> StorageResult<()> {
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
pub(super) mod online_backup {
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

#[async_trait]
impl Maintenance for SqliteStorage {
    async fn ping(&self) -> StorageResult<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    fn generation(&self) -> u64 {
        self.generation.get()
    }

    fn accounts_generation(&self) -> u64 {
        self.accounts_generation.get()
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
        self.accounts_generation.moved();
        Ok(())
    }
}
