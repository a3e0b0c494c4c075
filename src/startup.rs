//! The application builder: from a [`Config`] to a server that is listening, with its
//! database open, its state built once, and what a person needs to know to start using it.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app;
use crate::auth;
use crate::config::Config;
use crate::domain::{ArticleInput, NewArticle, Role};
use crate::import::{self, import_article};
use crate::sample;
use crate::state::{AppState, Shared};
use crate::storage::{self, DynStorage};

pub struct Application {
    listener: TcpListener,
    state: AppState,
    base_url: String,
    notes: Vec<String>,
}

impl Application {
    /// Opens the database, binds the address, loads the sample when asked, and on a database
    /// without accounts makes the one-time setup link.
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let storage = storage::open(&config.storage).await?;
        let listener = TcpListener::bind(&config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let mut notes = Vec::new();
        let read = import::read_unread_claims(storage.as_ref()).await?;
        if read > 0 {
            notes.push(format!("read {read} claims stored before claims were read"));
        }
        if config.load_sample {
            notes.extend(load_sample(&storage, &base_url).await?);
        }
        let mut setup_token = None;
        if storage.list_users().await?.is_empty() {
            let token = auth::generate_token()?.token;
            notes.push(format!(
                "first run: create the administrator at {base_url}/setup?token={token}"
            ));
            setup_token = Some(Arc::from(token));
        }
        let state = AppState::from(Shared {
            setup_token,
            secure_cookies: config.secure_cookies,
            client_ip: if config.trust_forwarded_for {
                axum_client_ip::ClientIpSource::RightmostXForwardedFor
            } else {
                axum_client_ip::ClientIpSource::ConnectInfo
            },
            publisher: Arc::new(config.publisher.clone()),
            webhook_retry_base: config.webhook_retry_base,
            pages: Arc::new(crate::outgoing::PageFetcher::new(config.allow_private_urls)),
            ..Shared::new(storage)
        });
        Ok(Application {
            listener,
            state,
            base_url,
            notes,
        })
    }

    /// `http://` and the address it listens on.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// What to tell the person who started it (the sample's links, a one-time password).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(base = %self.base_url, "listening");
        // On the threads that do the imports' CPU work: a pattern's fast cache stays with the
        // thread that used it first, so built on a thread of its own it would serve nobody.
        tokio::spawn(crate::cpu_work::run(import::warm_up));
        app::serve(self.listener, self.state, shutdown).await?;
        Ok(())
    }
}

/// Imports the bundled article; on a database without users, creates the admin `demo` with
/// a password and a token, each shown once.
async fn load_sample(storage: &DynStorage, base: &str) -> anyhow::Result<Vec<String>> {
    let article = NewArticle::parse(ArticleInput {
        title: Some(sample::TITLE.to_owned()),
        body: Some(sample::BODY.to_owned()),
        ..ArticleInput::default()
    })
    .map_err(|errors| anyhow::anyhow!("the sample article is refused: {errors:?}"))?;
    let id = import_article(storage.as_ref(), article, None).await?.id();
    let mut notes = vec![format!("sample article: {base}/api/v1/articles/{id}")];
    if storage.list_users().await?.is_empty() {
        let password = auth::generate_token()?.token[4..20].to_owned();
        let hash = auth::hash_password(password.clone()).await?;
        let demo = storage
            .create_user("demo", Role::Admin, Some(&hash))
            .await?;
        let token = auth::issue_token(storage.as_ref(), &demo, "sample").await?;
        notes.push(format!(
            "sign in at {base}/login as 'demo' with password {password} (shown once)"
        ));
        notes.push(format!(
            "API token of the admin 'demo' (shown once): {token}"
        ));
        notes.push(format!(
            "try: curl -H 'Authorization: Bearer {token}' {base}/api/v1/articles/{id}"
        ));
    } else {
        notes.push(
            "API token: `claimdesk token create USER` prints one for an existing user".into(),
        );
    }
    Ok(notes)
}
