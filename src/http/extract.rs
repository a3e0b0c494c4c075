//! Request extractors whose every rejection is a problem+json answer that says what to fix.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::AppError;

/// Like `axum::Json`, but: a wrong Content-Type is 415, an oversized body 413, unreadable JSON
/// 400, and a field of the wrong type 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(media_type(&req).as_deref()) {
            return Err(AppError::UnsupportedMediaType(
                "send the body as JSON with `Content-Type: application/json`".to_owned(),
            ));
        }
        parse_json(&read_body(req, state).await?).map(ApiJson)
    }
}

/// The request's media type, lower case, without parameters.
pub fn media_type(req: &Request) -> Option<String> {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
}

pub fn is_json(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|mime| {
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
    })
}

/// The whole body, within the size limit.
pub async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state)
        .await
        .map_err(body_rejection)
}

/// The whole body as UTF-8 text.
pub async fn read_text<S: Send + Sync>(req: Request, state: &S) -> Result<String, AppError> {
    String::from_utf8(read_body(req, state).await?.to_vec())
        .map_err(|e| AppError::BadRequest(format!("the body is not UTF-8 text: {e}")))
}

fn body_rejection(rejection: BytesRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge(format!(
            "the body is larger than {} bytes (2 MiB); split the article or trim it",
            crate::http::MAX_BODY_BYTES
        ))
    } else {
        AppError::BadRequest(format!(
            "cannot read the request body: {}",
            rejection.body_text()
        ))
    }
}

/// Parses a request body that must be a JSON object.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    // serde would happily read a struct from an array; every body of this API is an object.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(AppError::BadRequest(
            "the body must be a JSON object, such as {\"status\": \"sourced\"}".to_owned(),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let at_top_level = err.path().iter().next().is_none();
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            Category::Data if !at_top_level => AppError::validation(path, strip_position(&inner)),
            Category::Data => AppError::BadRequest(format!(
                "the body must be a JSON object: {}",
                strip_position(&inner)
            )),
            Category::Syntax | Category::Eof | Category::Io => {
                AppError::BadRequest(format!("the body is not valid JSON: {inner}"))
            }
        }
    })?;
    deserializer
        .end()
        .map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}

/// serde_json appends "at line L column C", which says nothing once the field is named.
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Query-string parameters; a malformed one is a 400 that names it.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// Parses a numeric id from the path. An id that cannot exist is simply not found.
pub fn parse_id(raw: &str, what: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("no {what} with id '{raw}'")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Input {
        title: Option<String>,
        n: Option<u32>,
    }

    fn status(result: Result<Input, AppError>) -> u16 {
        result.unwrap_err().status().as_u16()
    }

    #[test]
    fn syntax_errors_are_400_and_field_errors_422() {
        assert_eq!(status(parse_json(b"{\"title\": ")), 400);
        assert_eq!(status(parse_json(b"not json")), 400);
        assert_eq!(status(parse_json(b"[1, 2]")), 400);
        assert_eq!(status(parse_json(b"{} trailing")), 400);
        let err = parse_json::<Input>(b"{\"title\": 5}").unwrap_err();
        assert_eq!(err.status().as_u16(), 422);
        assert!(err.to_string().starts_with("title: invalid type"), "{err}");
        assert!(parse_json::<Input>(b"{\"title\": \"t\", \"extra\": 1}").is_ok());
    }

    #[test]
    fn json_media_types() {
        let ok = |v: &'static str| is_json(Some(v));
        assert!(ok("application/json"));
        assert!(ok("application/merge-patch+json"));
        assert!(!ok("text/plain"));
        assert!(!ok("application/x-www-form-urlencoded"));
        assert!(!is_json(None));
    }

    #[test]
    fn ids_that_cannot_exist_are_not_found() {
        assert_eq!(parse_id("42", "claim").unwrap(), 42);
        for raw in ["0", "-1", "abc", "99999999999999999999999"] {
            assert_eq!(parse_id(raw, "claim").unwrap_err().status().as_u16(), 404);
        }
    }
}
