//! `claimdesk serve`: build the application from its configuration, say where it is, serve.

use crate::app;
use crate::config::Config;
use crate::startup::Application;

pub(super) async fn run(config: &Config) -> anyhow::Result<()> {
    let application = Application::build(config).await?;
    let base = application.base_url();
    println!("claimdesk listening on {base}");
    println!("  database: {}", config.storage.url);
    println!("  pages: {base}/articles");
    for note in application.notes() {
        println!("  {note}");
    }
    application.run_until(app::shutdown_signal()).await
}
