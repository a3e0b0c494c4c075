//! How failures look in the browser: the service's one error type, rendered as a readable
//! page (with the site's navigation) instead of problem+json.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::layout::Layout;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::User;

#[derive(Debug)]
pub enum PageError {
    App(AppError),
    /// Not signed in: go to the sign-in form, and come back to `next` afterwards. `expired`
    /// when the browser had a session that is gone (timed out, or signed out elsewhere).
    SignInRequired {
        next: String,
        expired: bool,
    },
}

impl PageError {
    pub fn forbidden(detail: String) -> Self {
        PageError::App(AppError::Forbidden(detail))
    }

    pub fn not_found(detail: String) -> Self {
        PageError::App(AppError::NotFound(detail))
    }

    pub fn session(err: impl std::fmt::Display) -> Self {
        PageError::App(AppError::Internal(anyhow::anyhow!("session store: {err}")))
    }
}

impl<E: Into<AppError>> From<E> for PageError {
    fn from(err: E) -> Self {
        PageError::App(err.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    title: &'a str,
    detail: &'a str,
}

/// An error answer still to be dressed as a page: [`with_navigation`] renders it once it
/// knows who is signed in, so a 404 or 403 keeps the site's navigation.
#[derive(Debug, Clone)]
struct ErrorDetail {
    status: StatusCode,
    title: &'static str,
    detail: String,
}

fn render(error: &ErrorDetail, user: Option<&User>) -> Response {
    let page = ErrorPage {
        layout: Layout::new(error.title, "", user),
        status: error.status.as_u16(),
        title: error.title,
        detail: &error.detail,
    };
    match page.render() {
        Ok(html) => (
            error.status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignInRequired { next, expired } => {
                Redirect::to(&sign_in_url(&next, expired)).into_response()
            }
            PageError::App(err) => {
                let status = err.status();
                if let AppError::Internal(cause) = &err {
                    tracing::error!(error = format!("{cause:#}"), "page failed");
                }
                let problem = crate::error::Problem::from(&err);
                let error = ErrorDetail {
                    status,
                    title: problem.title,
                    detail: problem.detail.to_string(),
                };
                // Rendered without navigation here; [`with_navigation`] replaces it.
                let mut response = render(&error, None);
                response.extensions_mut().insert(error);
                response
            }
        }
    }
}

/// Middleware: error pages get the navigation of whoever is signed in.
pub async fn with_navigation(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<ErrorDetail>().cloned() else {
        return response;
    };
    let user = match session {
        Some(session) => crate::http::auth::session_user(&session, &state)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let mut page = render(&error, user.as_ref());
    // Headers set on the way out (Allow, Retry-After) stay.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    page
}

/// The sign-in form, coming back to `next` afterwards; `expired` has it say the session ended.
pub fn sign_in_url(next: &str, expired: bool) -> String {
    let reason = if expired { "reason=expired&" } else { "" };
    format!("/login?{reason}next={}", urlencode(next))
}

/// Percent-encodes a value for a query string.
fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
