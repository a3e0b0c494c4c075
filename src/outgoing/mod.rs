//! Requests claimdesk makes to other servers: webhook deliveries and the pages it is asked to
//! import. One client setup serves both: rustls on the `ring` provider (no OpenSSL to link or
//! to find in a container), certificates checked against the system's roots, claimdesk's own
//! user agent, and no redirect followed unless the caller says so.

mod address;
mod client;
mod page;

pub use address::is_public;
pub use client::{USER_AGENT, client_builder, install_tls_provider};
pub use page::{FetchError, FetchedPage, PageFetcher};
