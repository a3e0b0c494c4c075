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

/// NIST SP 800-63B's minimum for a password a person chose.
pub const RECOMMENDED_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// What is wrong with a new password. The pages refuse every one; the operator at the command
/// line is only warned of [`PasswordProblem::Short`] (refusing would push them to pad it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    Empty,
    Short(usize),
    Long(usize),
}

impl std::fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordProblem::Empty => f.write_str("the password is empty"),
            PasswordProblem::Short(n) => write!(
                f,
                "the password is only {n} characters long; use at least {RECOMMENDED_PASSWORD_CHARS}"
            ),
            PasswordProblem::Long(n) => write!(
                f,
                "the password is {n} characters long; use at most {MAX_PASSWORD_CHARS}"
            ),
        }
    }
}

/// The one password rule: 8 to 1,024 characters (counted as characters, not bytes).
pub fn check_password(password: &str) -> Option<PasswordProblem> {
    match password.chars().count() {
        0 => Some(PasswordProblem::Empty),
        n if n > MAX_PASSWORD_CHARS => Some(PasswordProblem::Long(n)),
        n if n < RECOMMENDED_PASSWORD_CHARS => Some(PasswordProblem::Short(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_password_rule_counts_characters() {
        assert_eq!(check_password(""), Some(PasswordProblem::Empty));
        assert_eq!(check_password("short"), Some(PasswordProblem::Short(5)));
        assert_eq!(check_password("long enough"), None);
        assert_eq!(check_password("éééééééé"), None);
        assert_eq!(
            check_password(&"x".repeat(1025)),
            Some(PasswordProblem::Long(1025))
        );
    }

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
