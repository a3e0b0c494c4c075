//! Webhook subscriptions: which events exist, and the rules a subscription meets.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use super::validation::{Errors, FieldError, web_url};

/// Something a newsroom tool can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Event {
    #[serde(rename = "article.imported")]
    ArticleImported,
    #[serde(rename = "claim.annotated")]
    ClaimAnnotated,
    /// An article's text was revised; its claims were carried, changed, added or removed.
    #[serde(rename = "article.revised")]
    ArticleRevised,
    /// A claim was assigned to a reviewer.
    #[serde(rename = "claim.assigned")]
    ClaimAssigned,
    /// A claim's two blind reviews disagree: an editor decides.
    #[serde(rename = "claim.disputed")]
    ClaimDisputed,
    /// Someone commented on a claim.
    #[serde(rename = "comment.created")]
    CommentCreated,
}

impl Event {
    pub const ALL: [Event; 6] = [
        Event::ArticleImported,
        Event::ClaimAnnotated,
        Event::ArticleRevised,
        Event::ClaimAssigned,
        Event::ClaimDisputed,
        Event::CommentCreated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ArticleImported => "article.imported",
            Event::ClaimAnnotated => "claim.annotated",
            Event::ArticleRevised => "article.revised",
            Event::ClaimAssigned => "claim.assigned",
            Event::ClaimDisputed => "claim.disputed",
            Event::CommentCreated => "comment.created",
        }
    }

    pub fn parse(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes (the key).
pub const SECRET_PREFIX: &str = "whsec_";
pub const MIN_SECRET_BYTES: usize = 24;
pub const MAX_SECRET_BYTES: usize = 64;

/// A new secret: 32 random bytes, as Standard Webhooks writes them.
pub fn generate_secret() -> Result<String, getrandom::Error> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)?;
    Ok(format!("{SECRET_PREFIX}{}", BASE64.encode(key)))
}

/// The HMAC key of a secret: the bytes its base64 stands for. A secret stored before claimdesk
/// adopted Standard Webhooks (any text) is its own bytes.
pub fn signing_key(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|b64| BASE64.decode(b64).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

/// Why `secret` is not a Standard Webhooks secret, if it is not.
fn secret_problem(secret: &str) -> Option<String> {
    let advice = "leave it out and claimdesk generates one (shown once)";
    let Some(b64) = secret.strip_prefix(SECRET_PREFIX) else {
        return Some(format!(
            "must be {SECRET_PREFIX} followed by the base64 of {MIN_SECRET_BYTES} to \
             {MAX_SECRET_BYTES} random bytes (Standard Webhooks); {advice}"
        ));
    };
    match BASE64.decode(b64) {
        Ok(key) if (MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&key.len()) => None,
        Ok(key) => Some(format!(
            "holds {} bytes after {SECRET_PREFIX}; use {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES}, or {advice}",
            key.len()
        )),
        Err(_) => Some(format!("is not base64 after {SECRET_PREFIX}; {advice}")),
    }
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct WebhookInput {
    #[serde(default)]
    pub url: Option<String>,
    /// The signing secret, as Standard Webhooks writes it: `whsec_` and the base64 of 24 to 64
    /// random bytes. Leave it out and claimdesk generates one, returned once in the answer.
    #[serde(default)]
    pub secret: Option<String>,
    /// `article.imported`, `claim.annotated` and/or `article.revised`.
    #[serde(default)]
    #[schema(value_type = Vec<Event>)]
    pub events: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub url: String,
    /// `None`: the caller generates one.
    pub secret: Option<String>,
    pub events: Vec<Event>,
}

impl NewWebhook {
    pub fn parse(input: WebhookInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let url = match web_url(&mut errors, "url", input.url.as_deref()) {
            Some(url) => url,
            None => {
                if input.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
                    errors.add("url", "is required: the http or https address to POST to");
                }
                String::new()
            }
        };
        let secret = input
            .secret
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        if let Some(problem) = secret.as_deref().and_then(secret_problem) {
            errors.add("secret", problem);
        }
        let mut events = Vec::new();
        let raw = input.events.unwrap_or_default();
        if raw.is_empty() {
            errors.add(
                "events",
                "name at least one: article.imported, claim.annotated, article.revised",
            );
        }
        for (i, name) in raw.iter().enumerate() {
            match Event::parse(name) {
                Some(event) if !events.contains(&event) => events.push(event),
                Some(_) => {}
                None => errors.add(
                    format!("events[{i}]"),
                    format!(
                        "'{name}' is not an event; use article.imported, claim.annotated or \
                         article.revised"
                    ),
                ),
            }
        }
        errors.finish(NewWebhook {
            url,
            secret,
            events,
        })
    }
}

/// Wait before attempt `attempt + 1`, after `attempt` failures: `base`, doubling each time,
/// never more than an hour.
pub fn backoff(base: std::time::Duration, attempt: u32) -> std::time::Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(20));
    base.saturating_mul(factor)
        .min(std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn input(url: &str, secret: &str, events: &[&str]) -> WebhookInput {
        WebhookInput {
            url: Some(url.into()),
            secret: Some(secret.into()),
            events: Some(events.iter().map(|e| (*e).to_owned()).collect()),
        }
    }

    #[test]
    fn a_valid_subscription() {
        let secret = generate_secret().unwrap();
        let hook = NewWebhook::parse(input(
            "https://tools.example/hook",
            &secret,
            &["claim.annotated", "claim.annotated"],
        ))
        .unwrap();
        assert_eq!(hook.events, [Event::ClaimAnnotated]);
        assert_eq!(signing_key(&secret).len(), 32);
        // Standard Webhooks' own example secret.
        assert_eq!(
            signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").len(),
            24
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = NewWebhook::parse(input("ftp://x", "s3cret", &["claim.deleted"])).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "secret", "events[0]"]);
        let errors = NewWebhook::parse(WebhookInput::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "events"]);
        for short in ["whsec_c2hvcnQ=", "whsec_not base64!"] {
            assert!(
                NewWebhook::parse(input("https://x.example", short, &["claim.annotated"])).is_err()
            );
        }
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), Duration::from_secs(5));
        assert_eq!(backoff(base, 2), Duration::from_secs(10));
        assert_eq!(backoff(base, 4), Duration::from_secs(40));
        assert_eq!(backoff(base, 30), Duration::from_secs(3600));
    }
}
