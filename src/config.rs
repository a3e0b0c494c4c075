//! Everything a running claimdesk is told, read once from flags and environment (by the
//! command line) and handed to the application builder.

use std::time::Duration;

use crate::linked_data::Publisher;
use crate::storage::StorageConfig;

#[derive(Debug, Clone)]
pub struct Config {
    pub storage: StorageConfig,
    /// The address to listen on; port 0 picks a free one.
    pub bind: String,
    /// Load the bundled sample article (and, on a database without users, a demo admin).
    pub load_sample: bool,
    /// Mark session cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client's address from the `X-Forwarded-For` entry the load balancer in front
    /// appends (the rightmost), not from the connection (which is the balancer's).
    pub trust_forwarded_for: bool,
    /// Who publishes the reviews, and the public base URL.
    pub publisher: Publisher,
    /// The first wait before retrying a failed webhook delivery (then doubling).
    pub webhook_retry_base: Duration,
    /// Let imports by URL fetch from loopback, private and link-local addresses.
    pub allow_private_urls: bool,
}

impl Config {
    /// The defaults for the database at `url`, listening on a free loopback port.
    pub fn new(url: impl Into<String>) -> Self {
        Config {
            storage: StorageConfig::new(url),
            bind: "127.0.0.1:0".to_owned(),
            load_sample: false,
            secure_cookies: false,
            trust_forwarded_for: false,
            publisher: Publisher::default(),
            webhook_retry_base: Duration::from_secs(1),
            allow_private_urls: false,
        }
    }
}
