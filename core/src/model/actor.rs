//! Who performs a change: recorded in every audit entry.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Longest actor name accepted, in characters.
pub const MAX_ACTOR_LEN: usize = 100;

/// The operator, admin or system component performing a call.
///
/// Decoding one (serde) checks the same rules as [`Actor::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Actor(String);

impl TryFrom<String> for Actor {
    type Error = Error;
    fn try_from(name: String) -> Result<Self> {
        Actor::new(name)
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> Self {
        actor.0
    }
}

impl Actor {
    /// An actor named `name`: an [`crate::validate::identifier`] of 1 to 100 characters
    /// (trimmed, NFC; no control, bidi control or invisible character), so the audit log
    /// never shows two actors that look alike, nor a name that reorders the line it is in.
    pub fn new(name: impl AsRef<str>) -> Result<Self> {
        crate::validate::identifier("actor", name.as_ref(), MAX_ACTOR_LEN).map(Self)
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
