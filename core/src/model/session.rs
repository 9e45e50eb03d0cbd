//! A signed-in session: the SHA-256 of a random token (the token itself lives only in the
//! user's cookie), whose user, and until when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::UserId;

/// The SHA-256 of a session token: what the store keeps and looks sessions up by, so a
/// copy of the database does not hand out working cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// The hash of a token as the cookie carries it (its text).
    pub fn of(token: &str) -> Self {
        Self(Sha256::digest(token.as_bytes()).into())
    }
}

impl std::fmt::Display for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// One signed-in session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The hash of its token (the key).
    pub token_hash: TokenHash,
    /// Whose session it is.
    pub user_id: UserId,
    /// When the user signed in.
    pub created_at: DateTime<Utc>,
    /// When it ends unless used again before (sliding, capped by the session's maximum age).
    pub expires_at: DateTime<Utc>,
    /// When it was last used (updated at most once a minute).
    pub last_seen_at: DateTime<Utc>,
}

impl Session {
    /// Whether the session has ended at `now` (`expires_at` is the first instant it is
    /// no longer valid).
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}
