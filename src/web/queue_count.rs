//! The count of the signed-in user's queue, for the header of every page: looked up once
//! where the request's user is found ([`remember`], from the session extractor) and read by
//! the layout ([`current`]), so no page handler has to fetch it.

use std::sync::{Arc, OnceLock};

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;
use crate::storage::User;

tokio::task_local! {
    /// How many items wait in the signed-in user's queue, for the header of the page being
    /// made: set where the request's user is found ([`remember`]), read by
    /// the layout, so every page shows it without each handler fetching it.
    static QUEUE_COUNT: Arc<OnceLock<i64>>;
}

/// Gives each page request a place for its user's queue count.
pub async fn scope(request: Request, next: Next) -> Response {
    QUEUE_COUNT.scope(Arc::default(), next.run(request)).await
}

/// Looks up and keeps `user`'s queue count for this request's header. A failure only leaves
/// the count out of the header. A page's script fetching a panel or posting a verdict
/// (`Sec-Fetch-Dest: empty`) gets no header, so nothing is counted for it: those are the
/// requests a reviewer makes most.
pub async fn remember(state: &AppState, user: &User, headers: &HeaderMap) {
    let from_script = headers
        .get("sec-fetch-dest")
        .is_some_and(|dest| dest.as_bytes() == b"empty");
    if from_script {
        return;
    }
    let Ok(slot) = QUEUE_COUNT.try_with(Arc::clone) else {
        return;
    };
    if slot.get().is_some() {
        return;
    }
    match state
        .queue_counts
        .get_or_count(state.storage.as_ref(), user)
        .await
    {
        Ok(count) => {
            let _ = slot.set(count);
        }
        Err(err) => tracing::warn!(error = %err, "cannot count the user's queue"),
    }
}

/// This request's queue count, if its user was found.
pub fn current() -> Option<i64> {
    QUEUE_COUNT
        .try_with(|slot| slot.get().copied())
        .ok()
        .flatten()
}
