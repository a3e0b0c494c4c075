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
            err @ StorageError::NotPlainVerdict { .. } => AppError::Conflict(err.to_string()),
            StorageError::VersionMismatch { current } => AppError::PreconditionFailed {
                detail: format!(
                    "the claim is now at version {current}; reload it, review the newer verdict, \
                     and send If-Match: \"{current}\" to replace it"
                ),
                current_version: current,
            },
            StorageError::ArticleRevised { current } => AppError::Conflict(format!(
                "the article's text was revised meanwhile (it is now at revision {current}); \
                 read it again and send your revision against the new text"
            )),
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

    pub fn no_claim(id: i64) -> Self {
        AppError::NotFound(format!("no claim with id {id}"))
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.kind().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// What kind of problem this is: its entry in [`PROBLEM_TYPES`].
    pub fn kind(&self) -> &'static ProblemType {
        let slug = match self {
            AppError::BadRequest(_) => "bad-request",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not-found",
            AppError::MethodNotAllowed(_) => "method-not-allowed",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests(_) => "too-many-requests",
            AppError::PreconditionFailed { .. } => "version-conflict",
            AppError::PayloadTooLarge(_) => "payload-too-large",
            AppError::UnsupportedMediaType(_) => "unsupported-media-type",
            AppError::Validation(_) => "validation",
            AppError::BadGateway(_) => "bad-gateway",
            AppError::Internal(_) => "internal",
        };
        ProblemType::find(slug).expect("every error has its problem type")
    }
}

/// A kind of problem the API answers with: its `type` URI is `{base}/problems/{slug}`, and
/// that address is a page explaining it.
#[derive(Debug)]
pub struct ProblemType {
    pub slug: &'static str,
    pub title: &'static str,
    pub status: u16,
    /// What happened and what to do, for the page behind the type URI.
    pub explanation: &'static str,
}

impl ProblemType {
    pub fn find(slug: &str) -> Option<&'static ProblemType> {
        PROBLEM_TYPES.iter().find(|p| p.slug == slug)
    }
}

pub const PROBLEM_TYPES: &[ProblemType] = &[
    ProblemType {
        slug: "bad-request",
        title: "Bad request",
        status: 400,
        explanation: "The request could not be read: malformed JSON, a query parameter of the wrong type, or a cursor that was not given by claimdesk. The detail names what could not be read; fix it and send the request again.",
    },
    ProblemType {
        slug: "unauthorized",
        title: "Authentication required",
        status: 401,
        explanation: "No credentials, or credentials claimdesk does not know (a revoked or mistyped token, an expired session). Send `Authorization: Bearer <token>` with a token an admin created, or sign in again.",
    },
    ProblemType {
        slug: "forbidden",
        title: "Not allowed for your role",
        status: 403,
        explanation: "You are signed in, but your role does not allow this: viewers read, reviewers record verdicts, editors import articles, admins manage accounts and webhooks. Ask an admin for the role you need.",
    },
    ProblemType {
        slug: "not-found",
        title: "Not found",
        status: 404,
        explanation: "Nothing is at this address: the article, claim or page it names does not exist (or the id is not a number). Check the id, or list the collection to find it.",
    },
    ProblemType {
        slug: "method-not-allowed",
        title: "Method not allowed",
        status: 405,
        explanation: "The address exists but does not accept this method. The OpenAPI document at /api/openapi.json lists the methods of every path.",
    },
    ProblemType {
        slug: "conflict",
        title: "Conflict",
        status: 409,
        explanation: "The request clashes with what exists, such as a name that is already taken. The detail says what; choose another value.",
    },
    ProblemType {
        slug: "too-many-requests",
        title: "Too many requests",
        status: 429,
        explanation: "Too many attempts in a short time (sign-ins are limited per account and per address). Wait for the time the Retry-After header gives, then try again.",
    },
    ProblemType {
        slug: "version-conflict",
        title: "The claim has changed",
        status: 412,
        explanation: "The verdict was sent with If-Match (or the version the form was opened at), and someone recorded another verdict since. Nothing was written. `current_version` says where the claim is now: reload it, read the newer verdict, and decide again.",
    },
    ProblemType {
        slug: "payload-too-large",
        title: "Request body too large",
        status: 413,
        explanation: "The request body is larger than claimdesk accepts (2 MB). Split the article, or import the web page by its URL.",
    },
    ProblemType {
        slug: "unsupported-media-type",
        title: "Unsupported media type",
        status: 415,
        explanation: "The body's Content-Type is not one this address reads. Send JSON with `Content-Type: application/json` (or a web page as text/html where the import accepts one).",
    },
    ProblemType {
        slug: "validation",
        title: "Invalid fields",
        status: 422,
        explanation: "The request was read, but fields break the rules. `errors` lists every one, each with its `field` and a message saying what to fix; nothing was written.",
    },
    ProblemType {
        slug: "bad-gateway",
        title: "The page could not be fetched",
        status: 502,
        explanation: "claimdesk fetched the web page you asked it to import, and the server behind that URL failed: it could not be reached, answered with an error, took too long, or redirected too often or to an address that is not a web page. The detail says which. Try again later, or save the page and import its HTML.",
    },
    ProblemType {
        slug: "internal",
        title: "Internal server error",
        status: 500,
        explanation: "Something went wrong on claimdesk's side; the request was not applied. Try again, and report it with the x-request-id header of the answer if it keeps happening.",
    },
];

tokio::task_local! {
    /// The address this request reached claimdesk at, so problem `type`s are absolute URIs
    /// that resolve (set by [`crate::http::problem_base`] around every request).
    pub static PROBLEM_BASE: std::sync::Arc<str>;
}

/// RFC 9457 problem details, with our extension members.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_uri: String,
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
        let kind = err.kind();
        let path = format!("/problems/{}", kind.slug);
        Problem {
            // Absolute when the request's address is known (always, within a request).
            type_uri: PROBLEM_BASE
                .try_with(|base| format!("{base}{path}"))
                .unwrap_or(path),
            title: kind.title,
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
