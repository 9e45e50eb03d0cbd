//! Who performs a change: recorded in every audit entry.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Longest actor name accepted, in characters.
pub const MAX_ACTOR_LEN: usize = 100;

/// The operator, admin or system component performing a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Actor(String);

impl Actor {
    /// An actor named `name` (trimmed; 1 to 100 characters, no control characters).
    pub fn new(name: impl AsRef<str>) -> Result<Self> {
        let name = name.as_ref().trim();
        if name.is_empty() {
            return Err(Error::validation("actor", "must not be empty"));
        }
        if name.chars().count() > MAX_ACTOR_LEN {
            return Err(Error::validation(
                "actor",
                format!("must be at most {MAX_ACTOR_LEN} characters"),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Error::validation(
                "actor",
                "must not contain control characters",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    /// The actor used by scheduled actions.
    pub fn system() -> Self {
        Self("system".to_owned())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
