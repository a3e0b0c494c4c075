//! Work that keeps a core busy for milliseconds (finding the story in a page, segmenting and
//! reading an article, matching a revision's claims, hashing a password), run off the async
//! workers and at most one piece per core at a time.
//!
//! Tokio's blocking pool would start a thread for every import that arrives: a burst of
//! imports would then hold every page's parsed tree at once and share the same cores anyway.
//! Waiting for a core costs no throughput and keeps memory to what the cores can work on.
//!
//! The work runs on rayon's pool (one thread per core, which the analysis already fans out
//! on), not on tokio's blocking pool: the blocking pool keeps a thread for every piece that
//! once found the others busy, and each such thread builds its own caches for the extractor's
//! and the segmenter's hundreds of patterns and its own allocator cache, which stay for as
//! long as the thread does (measured: four more threads over the load benchmark's page imports).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use tokio::sync::Semaphore;

/// One permit per thread of the pool the work runs on (rayon's: one per core).
static CORES: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(rayon::current_num_threads()));

/// A piece of work panicked (a bug): its caller answers with an internal error and the
/// server goes on.
#[derive(Debug, thiserror::Error)]
#[error("a piece of work panicked: {0}")]
pub struct Panicked(String);

/// Runs `work` on a core once one is free for it.
pub async fn run<T, F>(work: F) -> Result<T, Panicked>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The semaphore is never closed, so acquiring it cannot fail. The permit goes with the
    // work, so that work whose caller went away still counts until it ends.
    let core = CORES.acquire().await.ok();
    let (done, result) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(work));
        drop(core);
        // The caller may have gone (a client that hung up): nobody is left to tell.
        let _ = done.send(outcome);
    });
    match result.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(panic)) => Err(Panicked(
            panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default(),
        )),
        // The job was dropped without running (rayon does not do that).
        Err(_) => Err(Panicked("the work ended without an outcome".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_the_work_and_returns_its_result() {
        assert_eq!(run(|| 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_runs_on_the_pool_threads_only() {
        let pieces = (0..64).map(|_| run(|| std::thread::current().id()));
        let threads: std::collections::HashSet<_> = futures::future::join_all(pieces)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert!(
            threads.len() <= rayon::current_num_threads(),
            "{} threads for {} cores",
            threads.len(),
            rayon::current_num_threads()
        );
    }

    #[tokio::test]
    async fn a_panicking_piece_of_work_frees_its_core() {
        for _ in 0..=rayon::current_num_threads() {
            assert!(run(|| panic!("boom")).await.is_err());
        }
        let err = run(|| panic!("boom")).await.unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        // Had each panic kept its core, this would wait for ever.
        let after = tokio::time::timeout(std::time::Duration::from_secs(60), run(|| 1)).await;
        assert_eq!(after.expect("a core is free").unwrap(), 1);
    }
}
