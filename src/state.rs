//! What every request handler shares: the storage, caches, limits and settings, built once
//! at start-up. It sits below the API and the pages, which both take it as axum state.

use std::sync::Arc;
use std::time::Duration;

use crate::article_cache::ArticleCache;
use crate::auth::AuthCache;
use crate::linked_data::Publisher;
use crate::storage::DynStorage;
use crate::webhooks::Wakeup;

/// Cloned for every request, by every layer and handler that takes it: one shared count to
/// move, where a struct of a dozen `Arc`s moved a dozen counts that both cores contend for
/// (cloning and dropping it was a seventh of the server's CPU serving the article page).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl From<Shared> for AppState {
    fn from(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

/// What [`AppState`] holds; settings are changed here before it is shared.
pub struct Shared {
    pub storage: DynStorage,
    /// The secret of the one-time setup link, while no account exists.
    pub setup_token: Option<Arc<str>>,
    /// Mark session cookies `Secure` (set when claimdesk is served over TLS).
    pub secure_cookies: bool,
    /// Where the client's address comes from (see [`crate::config::Config::trust_forwarded_for`]).
    pub client_ip: axum_client_ip::ClientIpSource,
    /// Who publishes the reviews (ClaimReview `author`) and the public base URL.
    pub publisher: Arc<Publisher>,
    /// Wakes the webhook dispatcher after a change.
    pub webhooks: Wakeup,
    /// The first retry delay of a failed webhook delivery (then doubling).
    pub webhook_retry_base: Duration,
    /// Articles loaded and rendered once per revision.
    pub articles: Arc<ArticleCache>,
    /// Sessions, accounts and API tokens read recently.
    pub auth_cache: Arc<AuthCache>,
    /// Claim listings and pages as sent, while nothing changes.
    pub answers: Arc<crate::answer_cache::AnswerCache>,
    /// Each reader's queue count for page headers, while nothing changes.
    pub queue_counts: Arc<crate::answer_cache::QueueCounts>,
    /// Fetches the pages imported by URL.
    pub pages: Arc<crate::outgoing::PageFetcher>,
}

impl Shared {
    pub fn new(storage: DynStorage) -> Self {
        Shared {
            storage,
            setup_token: None,
            secure_cookies: false,
            client_ip: axum_client_ip::ClientIpSource::ConnectInfo,
            publisher: Arc::default(),
            webhooks: Wakeup::default(),
            webhook_retry_base: Duration::from_secs(1),
            articles: Arc::default(),
            auth_cache: Arc::default(),
            answers: Arc::default(),
            queue_counts: Arc::default(),
            pages: Arc::new(crate::outgoing::PageFetcher::new(false)),
        }
    }
}
