//! Field-level validation results, shared by every domain input.

use serde::Serialize;

/// One field that breaks a rule, named the way the client spelled it (`sources[0].url`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Collects every broken rule of one input, so a client can fix them all in one round trip.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// `Ok(value)` when no rule was broken.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// Trims `value` and checks it is non-empty and at most `max` characters.
pub fn required_text(errors: &mut Errors, field: &str, value: &str, max: usize) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.add(field, "must not be empty");
    } else {
        check_length(errors, field, trimmed, max);
    }
    trimmed.to_owned()
}

/// Trims an optional value; blank counts as absent.
pub fn optional_text(
    errors: &mut Errors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
    check_length(errors, field, trimmed, max);
    Some(trimmed.to_owned())
}

fn check_length(errors: &mut Errors, field: &str, value: &str, max: usize) {
    let len = value.chars().count();
    if len > max {
        errors.add(
            field,
            format!("is {len} characters long; at most {max} are allowed"),
        );
    }
}

/// An absolute `http` or `https` URL, as stored for sources and articles.
/// Whether `value` would pass [`web_url`].
pub fn is_web_url(value: &str) -> bool {
    value.chars().count() <= 2048
        && url::Url::parse(value)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

pub fn web_url(errors: &mut Errors, field: &str, value: Option<&str>) -> Option<String> {
    let value = optional_text(errors, field, value, 2048)?;
    match url::Url::parse(&value) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => {
            Some(value)
        }
        Ok(parsed) => {
            errors.add(
                field,
                format!(
                    "must be an http or https URL, not a {} URL",
                    parsed.scheme()
                ),
            );
            None
        }
        Err(err) => {
            errors.add(
                field,
                format!("is not a valid URL ({err}); give an absolute http or https URL"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_url_accepts_http_and_https_only() {
        let mut errors = Errors::default();
        assert_eq!(
            web_url(&mut errors, "u", Some(" https://example.org/a?b=c ")),
            Some("https://example.org/a?b=c".to_owned())
        );
        assert!(web_url(&mut errors, "u", Some("http://example.org")).is_some());
        assert!(errors.finish(()).is_ok());

        for bad in [
            "ftp://example.org",
            "javascript:alert(1)",
            "example.org",
            "https://",
        ] {
            let mut errors = Errors::default();
            assert_eq!(web_url(&mut errors, "u", Some(bad)), None, "{bad}");
            assert!(errors.finish(()).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn blank_optional_text_is_absent() {
        let mut errors = Errors::default();
        assert_eq!(optional_text(&mut errors, "n", Some("   "), 10), None);
        assert_eq!(optional_text(&mut errors, "n", None, 10), None);
        assert!(errors.finish(()).is_ok());
    }

    #[test]
    fn length_is_counted_in_characters() {
        let mut errors = Errors::default();
        required_text(&mut errors, "t", "ééé", 3);
        assert!(errors.finish(()).is_ok());
        let mut errors = Errors::default();
        required_text(&mut errors, "t", "éééé", 3);
        assert!(errors.finish(()).is_err());
    }
}
