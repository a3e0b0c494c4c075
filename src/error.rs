//! The one error type of the service, and how it becomes an HTTP answer.
//!
//! Every failure a handler can meet is an [`AppError`]. The API renders it as RFC 9457
//! `application/problem+json`; anything the client did wrong is a 4xx that says what to fix, and
//! only a fault of our own (the database gone, a bug) is a 500, logged with its cause and shown
//! to the client without internals.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::validation::FieldError;

/// The media type of every API error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request itself cannot be read: malformed JSON, a bad query parameter or cursor.
    #[error("{0}")]
    BadRequest(String),
    /// No credentials, or credentials we do not know.
    #[error("{0}")]
    Unauthorized(String),
    /// Known caller, insufficient role.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// Too many attempts (sign-in); try again later.
    #[error("{0}")]
    TooManyRequests(String),
    /// The request clashes with what exists (a name already taken).
    #[error("{0}")]
    Conflict(String),
    /// `If-Match` named a version that is no longer current.
    #[error("{detail}")]
    PreconditionFailed {
        detail: String,
        current_version: i64,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A server claimdesk called for the request (a page to import) failed or answered badly.
    #[error("{0}")]
    BadGateway(String),
    /// Well-formed input whose fields break the domain rules.
    #[error("{}", summarize(.0))]
    Validation(Vec<FieldError>),
    /// A fault on our side; the cause is logged, never sent.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

fn summarize(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::Internal(err.into())
    }
}

impl From<crate::storage::StorageError> for AppError {
    fn from(err: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError;
        match err {
            StorageError::NotFound(detail) => AppError::NotFound(detail),
            StorageError::Conflict(detail) => AppError::Conflict(detail),
            StorageError::VersionMismatch { current } => AppError::PreconditionFailed {
                detail: format!(
                    "the claim is now at version {current}; reload it, review the newer verdict, \
                     and send If-Match: \"{current}\" to replace it"
                ),
                current_version: current,
            },
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        AppError::BadRequest(format!("invalid query string: {}", rejection.body_text()))
    }
}

impl AppError {
    pub fn no_article(id: i64) -> Self {
        AppError::NotFound(format!("no article with id {id}"))
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable identifier for the kind of problem, relative so it resolves on any deployment.
    fn type_uri(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "/problems/bad-request",
            AppError::Unauthorized(_) => "/problems/unauthorized",
            AppError::Forbidden(_) => "/problems/forbidden",
            AppError::NotFound(_) => "/problems/not-found",
            AppError::MethodNotAllowed(_) => "/problems/method-not-allowed",
            AppError::Conflict(_) => "/problems/conflict",
            AppError::TooManyRequests(_) => "/problems/too-many-requests",
            AppError::PreconditionFailed { .. } => "/problems/version-conflict",
            AppError::PayloadTooLarge(_) => "/problems/payload-too-large",
            AppError::UnsupportedMediaType(_) => "/problems/unsupported-media-type",
            AppError::Validation(_) => "/problems/validation",
            AppError::BadGateway(_) => "/problems/bad-gateway",
            AppError::Internal(_) => "/problems/internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "Bad request",
            AppError::Unauthorized(_) => "Authentication required",
            AppError::Forbidden(_) => "Not allowed for your role",
            AppError::NotFound(_) => "Not found",
            AppError::MethodNotAllowed(_) => "Method not allowed",
            AppError::Conflict(_) => "Conflict",
            AppError::TooManyRequests(_) => "Too many requests",
            AppError::PreconditionFailed { .. } => "The claim has changed",
            AppError::PayloadTooLarge(_) => "Request body too large",
            AppError::UnsupportedMediaType(_) => "Unsupported media type",
            AppError::Validation(_) => "Invalid fields",
            AppError::BadGateway(_) => "The page could not be fetched",
            AppError::Internal(_) => "Internal server error",
        }
    }
}

/// RFC 9457 problem details, with our extension members.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl From<&AppError> for Problem {
    fn from(err: &AppError) -> Self {
        let detail = match err {
            AppError::Internal(_) => {
                "Something went wrong on our side; the request was not applied. Try again, and \
                 report it if it keeps happening."
                    .to_owned()
            }
            other => other.to_string(),
        };
        Problem {
            type_uri: err.type_uri(),
            title: err.title(),
            status: err.status().as_u16(),
            detail,
            errors: match err {
                AppError::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
            current_version: match err {
                AppError::PreconditionFailed {
                    current_version, ..
                } => Some(*current_version),
                _ => None,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        let problem = Problem::from(&self);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match &self {
            AppError::Unauthorized(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"claimdesk\""),
                );
            }
            AppError::PreconditionFailed {
                current_version, ..
            } => {
                if let Ok(etag) = HeaderValue::from_str(&format!("\"{current_version}\"")) {
                    headers.insert(header::ETAG, etag);
                }
            }
            _ => {}
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
