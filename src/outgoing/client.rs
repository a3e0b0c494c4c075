//! The one client setup for outgoing requests.

use std::sync::Once;

/// What claimdesk calls itself on the wire.
pub const USER_AGENT: &str = concat!(
    "claimdesk/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/claimdesk/claimdesk)"
);

/// A client builder with claimdesk's TLS, user agent and redirect rules.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        // Proxies from the environment would route around the address checks of page fetches.
        .no_proxy()
}

/// rustls needs one cryptography provider per process; claimdesk uses `ring`. Installing is
/// idempotent here and harmless if an embedding program installed one first. Any reqwest
/// client built in this process (a test's, a benchmark's) needs it first.
pub fn install_tls_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
