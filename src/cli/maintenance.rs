//! `claimdesk backup`, `restore` and `healthcheck`.

use std::path::Path;

use anyhow::{Context, bail};

use crate::storage::DynStorage;

/// Asks the server for /healthz over a bare HTTP/1.0 request: the runtime image has no curl,
/// and a health check needs nothing more.
pub(super) async fn healthcheck(bind: &str) -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr: std::net::SocketAddr = bind
        .parse()
        .with_context(|| format!("'{bind}' is not an address such as 127.0.0.1:3000"))?;
    // A server bound to every interface answers on loopback.
    let target = if addr.ip().is_unspecified() {
        std::net::SocketAddr::from(([127, 0, 0, 1], addr.port()))
    } else {
        addr
    };
    let check = async {
        let mut stream = tokio::net::TcpStream::connect(target).await?;
        stream
            .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        anyhow::Ok(answer)
    };
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), check)
        .await
        .with_context(|| format!("{target} did not answer within 5 s"))?
        .with_context(|| format!("cannot reach {target}"))?;
    let status_line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    if status_line.split_whitespace().nth(1) == Some("200") {
        println!("healthy");
        Ok(())
    } else {
        bail!("unhealthy: {status_line}")
    }
}

/// Backs up into a temporary file beside `path`, then renames it into place, so `path` is
/// never a half-written backup.
pub(super) async fn backup(storage: &DynStorage, path: &Path, force: bool) -> anyhow::Result<()> {
    if path.exists() && !force {
        bail!("{} exists; pass --force to replace it", path.display());
    }
    let file_name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let mut partial = path.to_path_buf();
    partial.set_file_name(format!(
        ".{}.partial-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&partial);
    storage
        .backup_into(&partial)
        .await
        .with_context(|| format!("cannot write the backup to {}", partial.display()))?;
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the backup to {}", path.display()))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!("backed up to {} ({size} bytes)", path.display());
    Ok(())
}

pub(super) async fn restore(
    storage: &DynStorage,
    database_url: &str,
    path: &Path,
    force: bool,
) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("there is no backup file at {}", path.display());
    }
    if !force && !storage.is_empty().await? {
        bail!(
            "the database at {} holds data and may be in use; pass --force to replace it with {}",
            database_url,
            path.display()
        );
    }
    storage.restore_from(path).await?;
    println!("restored {} from {}", database_url, path.display());
    Ok(())
}
