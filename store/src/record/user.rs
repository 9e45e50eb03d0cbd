//! The stored dashboard user and session records.

use campaign_ops_core::model::{Session, TokenHash, User, UserId};
use serde::{Deserialize, Serialize};

use super::codes::role;
use super::time::{to_zone, zone};
use super::{Stored, Time};

/// A [`User`] as stored (key: its id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct UserRecord {
    /// Public to the crate: the name index follows it.
    pub(crate) name: String,
    display_name: String,
    role: u8,
    time_zone: String,
    disabled: bool,
    password_hash: String,
    created_at: Time,
    updated_at: Time,
}

impl Stored for UserRecord {
    const KIND: &'static str = "user";
    const FORMAT: u8 = 1;
}

impl UserRecord {
    /// The stored form of `u`.
    pub(crate) fn of(u: &User) -> Self {
        Self {
            name: u.name.clone(),
            display_name: u.display_name.clone(),
            role: role::code(u.role),
            time_zone: zone(u.time_zone),
            disabled: u.disabled,
            password_hash: u.password_hash.clone(),
            created_at: Time::of(u.created_at),
            updated_at: Time::of(u.updated_at),
        }
    }

    /// The user stored under `id`.
    pub(crate) fn into_domain(self, id: u64) -> Result<User, String> {
        Ok(User {
            id: UserId(id),
            name: self.name,
            display_name: self.display_name,
            role: role::from_code(self.role)?,
            time_zone: to_zone(&self.time_zone)?,
            disabled: self.disabled,
            password_hash: self.password_hash,
            created_at: self.created_at.to_utc()?,
            updated_at: self.updated_at.to_utc()?,
        })
    }
}

/// A [`Session`] as stored (key: its token hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SessionRecord {
    /// Public to the crate: the per-user index follows it.
    pub(crate) user_id: u64,
    created_at: Time,
    /// Public to the crate: the expiry index follows it.
    pub(crate) expires_at: Time,
    last_seen_at: Time,
}

impl Stored for SessionRecord {
    const KIND: &'static str = "session";
    const FORMAT: u8 = 1;
}

impl SessionRecord {
    /// The stored form of `s`.
    pub(crate) fn of(s: &Session) -> Self {
        Self {
            user_id: s.user_id.0,
            created_at: Time::of(s.created_at),
            expires_at: Time::of(s.expires_at),
            last_seen_at: Time::of(s.last_seen_at),
        }
    }

    /// The session stored under `token_hash`.
    pub(crate) fn into_domain(self, token_hash: TokenHash) -> Result<Session, String> {
        Ok(Session {
            token_hash,
            user_id: UserId(self.user_id),
            created_at: self.created_at.to_utc()?,
            expires_at: self.expires_at.to_utc()?,
            last_seen_at: self.last_seen_at.to_utc()?,
        })
    }
}
