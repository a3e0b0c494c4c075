//! Webhook subscriptions: which events exist, and the rules a subscription meets.

use serde::{Deserialize, Serialize};

use super::validation::{Errors, FieldError, web_url};

/// Something a newsroom tool can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Event {
    #[serde(rename = "article.imported")]
    ArticleImported,
    #[serde(rename = "claim.annotated")]
    ClaimAnnotated,
}

impl Event {
    pub const ALL: [Event; 2] = [Event::ArticleImported, Event::ClaimAnnotated];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ArticleImported => "article.imported",
            Event::ClaimAnnotated => "claim.annotated",
        }
    }

    pub fn parse(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// Any non-empty secret is accepted: how strong it is is the subscriber's call, as with other
/// webhook senders; the README advises 32 random characters.
pub const MIN_SECRET_CHARS: usize = 1;
pub const MAX_SECRET_CHARS: usize = 256;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct WebhookInput {
    #[serde(default)]
    pub url: Option<String>,
    /// The HMAC-SHA256 key deliveries are signed with (1 to 256 characters; use 32 random ones).
    #[serde(default)]
    pub secret: Option<String>,
    /// `article.imported` and/or `claim.annotated`.
    #[serde(default)]
    #[schema(value_type = Vec<Event>)]
    pub events: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub url: String,
    pub secret: String,
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
        let secret = input.secret.unwrap_or_default();
        let len = secret.chars().count();
        if !(MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&len) {
            errors.add(
                "secret",
                format!(
                    "must be {MIN_SECRET_CHARS} to {MAX_SECRET_CHARS} characters long (it is {len})"
                ),
            );
        }
        let mut events = Vec::new();
        let raw = input.events.unwrap_or_default();
        if raw.is_empty() {
            errors.add(
                "events",
                "name at least one: article.imported, claim.annotated",
            );
        }
        for (i, name) in raw.iter().enumerate() {
            match Event::parse(name) {
                Some(event) if !events.contains(&event) => events.push(event),
                Some(_) => {}
                None => errors.add(
                    format!("events[{i}]"),
                    format!("'{name}' is not an event; use article.imported or claim.annotated"),
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
        let hook = NewWebhook::parse(input(
            "https://tools.example/hook",
            "a-long-enough-secret",
            &["claim.annotated", "claim.annotated"],
        ))
        .unwrap();
        assert_eq!(hook.events, [Event::ClaimAnnotated]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = NewWebhook::parse(input("ftp://x", "", &["claim.deleted"])).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "secret", "events[0]"]);
        let errors = NewWebhook::parse(WebhookInput::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["url", "secret", "events"]);
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
