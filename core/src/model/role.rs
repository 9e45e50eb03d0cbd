//! What a signed-in dashboard user may do: a viewer reads, an operator also works tasks and
//! campaigns, an admin also manages users and actions.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A user's role. Ordered by what it allows: `Viewer < Operator < Admin`, so a check for
/// "at least an operator" is `role >= Role::Operator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Reads everything a campaign shows; changes nothing.
    Viewer,
    /// Works tasks and manages campaigns, plans and calendars.
    Operator,
    /// Everything, including users and the daemon's actions.
    Admin,
}

impl Role {
    /// Every role, least to most allowed.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    /// The stable key: `viewer`, `operator`, `admin`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.key() == s.trim())
            .ok_or_else(|| Error::validation("role", "must be one of viewer, operator, admin"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_what_they_allow() {
        assert!(Role::Admin.allows(Role::Operator));
        assert!(Role::Operator.allows(Role::Operator));
        assert!(!Role::Viewer.allows(Role::Operator));
        for role in Role::ALL {
            assert_eq!(role.key().parse::<Role>().unwrap(), role);
        }
        assert!(matches!(
            "root".parse::<Role>(),
            Err(Error::Validation { field, .. }) if field == "role"
        ));
    }
}
