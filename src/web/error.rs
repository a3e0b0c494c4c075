//! How failures look in the browser: the service's one error type, rendered as a readable
//! page instead of problem+json.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;

#[derive(Debug)]
pub enum PageError {
    App(AppError),
    /// Not signed in: go to the sign-in form, and come back to `next` afterwards.
    SignInRequired {
        next: String,
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
    status: u16,
    title: &'a str,
    detail: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignInRequired { next } => {
                let target = format!("/login?next={}", urlencode(&next));
                Redirect::to(&target).into_response()
            }
            PageError::App(err) => {
                let status = err.status();
                if let AppError::Internal(cause) = &err {
                    tracing::error!(error = format!("{cause:#}"), "page failed");
                }
                let problem = crate::error::Problem::from(&err);
                let page = ErrorPage {
                    status: status.as_u16(),
                    title: problem.title,
                    detail: &problem.detail,
                };
                match page.render() {
                    Ok(html) => (
                        status,
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        html,
                    )
                        .into_response(),
                    Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
                }
            }
        }
    }
}

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
