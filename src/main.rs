use std::process::ExitCode;

// jemalloc, for the server's mix of many small short-lived allocations per request on
// several threads and an import's bursts. Measured with the load benchmark, the same run
// against glibc's malloc (two arenas, large blocks mapped on their own): verdicts at 16
// connections 0.90 → 1.6-1.7x the bare SQLite engine, the article page 0.49 → 0.68-0.74 of a
// bare handler (glibc's bins fragmented by the verdicts made `malloc` a fifth of the page's
// CPU), web page imports 99 → 123-137 per s; peak RSS 107 → 138-147 MB. mimalloc (v3, v2) held
// 230-390 MB at peak and had the kernel zero pages for a fifth of an import. Its settings are
// in .cargo/config.toml.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    claimdesk::cli::run().await
}
