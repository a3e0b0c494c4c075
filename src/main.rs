use std::process::ExitCode;

// Segmentation and request handling make many short-lived allocations; mimalloc serves them
// faster than the system allocator (measured: `claimdesk segment` on 10 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    claimdesk::cli::run().await
}
