//! Work that keeps a core busy for milliseconds (finding the story in a page, segmenting and
//! reading an article, matching a revision's claims, hashing a password), run off the async
//! workers and at most one piece per core at a time.
//!
//! Tokio's blocking pool would start a thread for every import that arrives: a burst of
//! imports would then hold every page's parsed tree at once and share the same cores anyway.
//! Waiting for a core costs no throughput and keeps memory to what the cores can work on.

use std::sync::LazyLock;

use tokio::sync::Semaphore;
use tokio::task::JoinError;

static CORES: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

/// Runs `work` on the blocking pool once a core is free for it.
pub async fn run<T, F>(work: F) -> Result<T, JoinError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The semaphore is never closed, so acquiring it cannot fail.
    let _core = CORES.acquire().await.ok();
    tokio::task::spawn_blocking(work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_the_work_and_returns_its_result() {
        assert_eq!(run(|| 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn a_panicking_piece_of_work_frees_its_core() {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        for _ in 0..=cores {
            assert!(run(|| panic!("boom")).await.is_err());
        }
        // Had each panic kept its core, this would wait for ever.
        let after = tokio::time::timeout(std::time::Duration::from_secs(60), run(|| 1)).await;
        assert_eq!(after.expect("a core is free").unwrap(), 1);
    }
}
