use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    claimdesk::cli::run().await
}
