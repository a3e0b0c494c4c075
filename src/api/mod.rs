//! The JSON REST API, version 1. Its paths and field names are a contract with newsroom tools.

pub mod articles;
pub mod claims;
pub mod extract;
pub mod pagination;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

/// Every `/api/v1` route, relative to that prefix.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/articles", get(articles::list).post(articles::create))
        .route("/articles/{id}", get(articles::show))
        .route("/articles/{id}/claims", get(articles::claims))
        .route("/claims", get(claims::list))
        .route("/claims/{id}", get(claims::show))
        .route("/claims/{id}/annotations", post(claims::annotate))
}
