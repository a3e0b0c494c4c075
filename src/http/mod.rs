//! What the API and the pages share about requests: who is calling, ids and bodies read with
//! clear refusals, keyset pagination. Both sit above this module, side by side.

pub mod auth;
pub mod extract;
pub mod pagination;

/// The largest request body accepted (an article of about 300,000 words).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Middleware: problem `type`s of this request's errors are absolute URIs on the address the
/// client reached (see [`crate::error::PROBLEM_BASE`]).
pub async fn problem_base(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let base: std::sync::Arc<str> = base_url(&state, request.headers()).into();
    crate::error::PROBLEM_BASE
        .scope(base, next.run(request))
        .await
}

/// The public base URL: as configured, or else the host the request came to.
pub fn base_url(state: &crate::state::AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.publisher.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}
