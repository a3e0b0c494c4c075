//! Health, change notices, pool figures, backup and restore on PostgreSQL. Backups are
//! PostgreSQL's own: `pg_dump` in its custom format, restored with `pg_restore`.

use std::path::Path;
use std::process::Stdio;

use super::PostgresStorage;
use super::common::*;

/// The start of every `pg_dump --format=custom` archive.
const ARCHIVE_MAGIC: &[u8] = b"PGDMP";

/// How to reach the database from `pg_dump` or `pg_restore`: the URL without its password,
/// which goes in the environment instead (a command line is visible to every local user).
fn client_target(url: &str) -> (String, Option<String>) {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            let password = parsed.password().map(|p| {
                percent_encoding::percent_decode_str(p)
                    .decode_utf8_lossy()
                    .into_owned()
            });
            let _ = parsed.set_password(None);
            (parsed.to_string(), password)
        }
        Err(_) => (url.to_owned(), None),
    }
}

/// Runs a PostgreSQL client program against the database; its error output becomes the
/// message when it fails.
async fn run_client(program: &str, args: &[&std::ffi::OsStr], url: &str) -> StorageResult<()> {
    let (target, password) = client_target(url);
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .arg("--dbname")
        .arg(&target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().await.map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            StorageError::Conflict(format!(
                "{program} is not installed here: install PostgreSQL's client programs \
                 (Debian: apt install postgresql-client) at the server's major version or newer, \
                 or run `{program}` yourself as docs/postgres.md shows"
            ))
        } else {
            StorageError::Conflict(format!("cannot run {program}: {err}"))
        }
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(StorageError::Conflict(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

#[async_trait]
impl Maintenance for PostgresStorage {
    async fn ping(&self) -> StorageResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn generation(&self) -> u64 {
        self.generation.get()
    }

    fn accounts_generation(&self) -> u64 {
        self.accounts_generation.get()
    }

    fn pool_stats(&self) -> Vec<PoolStats> {
        vec![PoolStats {
            name: "postgres",
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }]
    }

    async fn is_empty(&self) -> StorageResult<bool> {
        let (users, articles): (i64, i64) =
            sqlx::query_as("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM articles)")
                .fetch_one(&self.pool)
                .await?;
        Ok(users == 0 && articles == 0)
    }

    /// `pg_dump` reads one snapshot while the service keeps writing.
    async fn backup_into(&self, path: &Path) -> StorageResult<()> {
        run_client(
            "pg_dump",
            &[
                "--format=custom".as_ref(),
                "--no-owner".as_ref(),
                "--file".as_ref(),
                path.as_os_str(),
            ],
            &self.url,
        )
        .await
    }

    /// `pg_restore` replaces every table in one transaction: instances running meanwhile
    /// wait for it, then read the restored data (their caches are told so).
    async fn restore_from(&self, path: &Path) -> StorageResult<()> {
        let mut head = [0u8; 5];
        let read = {
            use std::io::Read as _;
            std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head))
        };
        if read.is_err() || head != ARCHIVE_MAGIC {
            return Err(StorageError::Conflict(format!(
                "{} is not a backup of a PostgreSQL database (claimdesk backup writes pg_dump's \
                 custom format)",
                path.display()
            )));
        }
        run_client(
            "pg_restore",
            &[
                "--clean".as_ref(),
                "--if-exists".as_ref(),
                "--no-owner".as_ref(),
                "--single-transaction".as_ref(),
                "--exit-on-error".as_ref(),
                path.as_os_str(),
            ],
            &self.url,
        )
        .await?;
        // A backup from an older release gets the schema this one reads.
        super::migrate(&self.pool).await.map_err(|e| {
            StorageError::Conflict(format!(
                "cannot bring the restored schema up to date: {e:#}"
            ))
        })?;
        // Revisions may now repeat numbers they had before with other content; the trigger
        // on lineage tells every instance to drop what it cached.
        sqlx::query("UPDATE lineage SET value = (random() * 9007199254740991)::bigint")
            .execute(&self.pool)
            .await?;
        self.generation.moved();
        self.accounts_generation.moved();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_the_environment() {
        assert_eq!(
            client_target("postgres://app:p%40ss@db:5432/claimdesk"),
            (
                "postgres://app@db:5432/claimdesk".to_owned(),
                Some("p@ss".to_owned())
            )
        );
        assert_eq!(
            client_target("postgres://app@db/claimdesk"),
            ("postgres://app@db/claimdesk".to_owned(), None)
        );
    }
}
