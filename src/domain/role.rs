//! Who may do what: roles are ordered, and each grants everything below it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `viewer` reads; `reviewer` also annotates; `editor` also imports; `admin` also manages users
/// and tokens. The derive order is the privilege order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Reviewer,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Reviewer, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether someone with this role may do what `required` allows.
    pub fn grants(self, required: Role) -> bool {
        self >= required
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role '{0}'; use one of: viewer, reviewer, editor, admin")]
pub struct UnknownRole(String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_grants_itself_and_those_below() {
        assert!(Role::Admin.grants(Role::Editor));
        assert!(Role::Editor.grants(Role::Reviewer));
        assert!(Role::Reviewer.grants(Role::Reviewer));
        assert!(!Role::Reviewer.grants(Role::Editor));
        assert!(!Role::Viewer.grants(Role::Reviewer));
    }

    #[test]
    fn parses_names_and_rejects_others() {
        assert_eq!("Editor".parse::<Role>().unwrap(), Role::Editor);
        let err = "superuser".parse::<Role>().unwrap_err().to_string();
        assert!(err.contains("superuser") && err.contains("viewer"), "{err}");
    }
}
