//! Rules for user accounts.

pub const MAX_NAME_CHARS: usize = 64;

/// A user name: 1 to 64 letters, digits, or `.`, `_`, `-`, `@`, `+` (so an email works).
/// Names appear in histories and URLs, so nothing that needs escaping or looks like space.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the user name must not be empty".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "the user name is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    match name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+')))
    {
        Some(bad) => Err(format!(
            "the user name may hold letters, digits and . _ - @ +, not {bad:?}"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["alice", "jane.doe@example.org", "rév_iewer-2"] {
            assert!(validate_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "two words", "semi;colon", "<b>", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }
}
