//! Server-rendered pages for fact-checkers, editors and admins. Every action is a plain form
//! that works without JavaScript; `static/app.js` adds keyboard shortcuts and in-place updates.
//!
//! `routes` is the page route table, `layout` what every page shares (navigation, progress,
//! status words, times), `assets` the compiled-in static files; one module per page beside them.

pub mod admin;
pub mod annotate;
pub mod articles;
pub mod assets;
pub mod dashboard;
pub mod error;
pub mod fact_check;
pub mod layout;
pub mod problems;
pub mod queue_count;
pub mod revisions;
pub mod routes;
pub mod search;
pub mod session;
pub mod sign_in;
pub mod status;
pub mod team;
pub mod triage;

pub use routes::routes;
