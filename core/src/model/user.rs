//! A dashboard user: a unique login name, a role, a time zone of their own, and the
//! argon2id hash of their password (never the password).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::{Role, UserId};
use crate::{Error, Result};

/// Longest login name accepted, in characters.
pub const MAX_LOGIN_LEN: usize = 64;
/// Longest display name accepted, in characters.
pub const MAX_DISPLAY_NAME_LEN: usize = 100;

/// Someone who signs in to the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The id.
    pub id: UserId,
    /// The login name in its normal form ([`User::login_key`]): unique, and what audit
    /// entries record as the actor.
    pub name: String,
    /// The name people see.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// The user's own zone: their "today" across campaigns.
    pub time_zone: Tz,
    /// A disabled user cannot sign in and has no sessions.
    pub disabled: bool,
    /// The argon2id hash in PHC string form (`$argon2id$v=19$...`).
    pub password_hash: String,
    /// When the user was added.
    pub created_at: DateTime<Utc>,
    /// When the user last changed (the password included).
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// The normal form of a login name, which is what makes names unique: Unicode NFKC,
    /// trimmed, lower case (so `Alice`, ` alice ` and `ａｌｉｃｅ` are one name). Checks the
    /// rules too: 1 to [`MAX_LOGIN_LEN`] characters of letters, digits, `.`, `_`, `-` and
    /// `@`, so that a name is also a valid audit actor and cannot hide spaces or controls.
    pub fn login_key(name: &str) -> Result<String> {
        let key: String = name.nfkc().collect::<String>().trim().to_lowercase();
        if key.is_empty() {
            return Err(Error::validation("name", "must not be empty"));
        }
        if key.chars().count() > MAX_LOGIN_LEN {
            return Err(Error::validation(
                "name",
                format!("must be at most {MAX_LOGIN_LEN} characters"),
            ));
        }
        if let Some(bad) = key
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
        {
            return Err(Error::validation(
                "name",
                format!("may hold only letters, digits, '.', '_', '-' and '@' (not {bad:?})"),
            ));
        }
        Ok(key)
    }

    /// The user as audit entries record them: every field but the password hash.
    pub fn audit_view(&self) -> UserAudit<'_> {
        UserAudit {
            name: &self.name,
            display_name: &self.display_name,
            role: self.role,
            time_zone: self.time_zone.name(),
            disabled: self.disabled,
        }
    }
}

/// A [`User`] without its password hash: what the audit log records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserAudit<'a> {
    /// Login name.
    pub name: &'a str,
    /// Display name.
    pub display_name: &'a str,
    /// Role.
    pub role: Role,
    /// IANA zone name.
    pub time_zone: &'a str,
    /// Disabled flag.
    pub disabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_normalised_and_checked() {
        assert_eq!(User::login_key("  Alice ").unwrap(), "alice");
        assert_eq!(User::login_key("ＡＬＩＣＥ").unwrap(), "alice");
        assert_eq!(User::login_key("ops.lead@acme").unwrap(), "ops.lead@acme");
        for bad in ["", "   ", "al ice", "bob\u{7}", "a/b"] {
            assert!(
                matches!(User::login_key(bad), Err(Error::Validation { ref field, .. }) if field == "name"),
                "{bad:?}"
            );
        }
        assert!(User::login_key(&"a".repeat(MAX_LOGIN_LEN)).is_ok());
        assert!(User::login_key(&"a".repeat(MAX_LOGIN_LEN + 1)).is_err());
    }
}
