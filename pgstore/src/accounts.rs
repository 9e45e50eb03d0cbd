//! Dashboard users and signed-in sessions (schema v2's `users` and `sessions` tables), the
//! account methods of [`ReadTx`](campaign_ops_core::ReadTx) and
//! [`WriteTx`](campaign_ops_core::WriteTx) on a [`Tx`], kept apart from the campaign
//! records of `read/` and `write.rs`.
//!
//! - a user: its JSON and its login name (unique: the name index refuses a second holder);
//! - a session: keyed by its token hash, with its user (to end a user's sessions at once)
//!   and its expiry instant (the bounded sweep of expired sessions, earliest first).

use campaign_ops_core::model::{EntityKind, Session, TokenHash, User, UserId};
use campaign_ops_core::{Error, Result};
use chrono::{DateTime, Utc};

use crate::codec::{encode, time};
use crate::tx::{Tx, id, limit};
use crate::write::key;

impl Tx<'_> {
    pub(crate) fn user_by_id(&self, uid: UserId) -> Result<Option<User>> {
        self.record(
            "reading a user",
            "users",
            "SELECT data FROM users WHERE id = $1",
            &[&id(uid.0)],
        )
    }

    pub(crate) fn user_named(&self, name: &str) -> Result<Option<User>> {
        // The exact stored name: the caller passes it in its normal form already.
        self.record(
            "finding a user by name",
            "users",
            "SELECT data FROM users WHERE name = $1",
            &[&name],
        )
    }

    pub(crate) fn user_page(&self, after: Option<UserId>, n: usize) -> Result<Vec<User>> {
        self.records(
            "listing users",
            "users",
            "SELECT data FROM users WHERE id > $1 ORDER BY id LIMIT $2",
            &[&after.map_or(-1, |a| id(a.0)), &limit(n)],
        )
    }

    pub(crate) fn session_of(&self, hash: &TokenHash) -> Result<Option<Session>> {
        self.record(
            "reading a session",
            "sessions",
            "SELECT data FROM sessions WHERE token_hash = $1",
            &[&hash.0.as_slice()],
        )
    }

    pub(crate) fn store_user(&mut self, u: &User) -> Result<()> {
        let uid = key("user", u.id.0)?;
        let holder = self.row(
            "checking the user name",
            "SELECT id FROM users WHERE name = $1 AND id <> $2",
            &[&u.name, &uid],
        )?;
        if holder.is_some() {
            return Err(Error::AlreadyExists {
                entity: EntityKind::User,
                field: "name".to_owned(),
                value: u.name.clone(),
            });
        }
        // As for campaign names: a concurrent writer taking the name after the check fails
        // the insert with a unique violation, a retryable conflict whose retry meets the
        // check above.
        self.exec(
            "writing a user",
            "INSERT INTO users (id, name, data) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data",
            &[&uid, &u.name, &encode("user", u)?],
        )?;
        Ok(())
    }

    pub(crate) fn store_session(&mut self, s: &Session) -> Result<()> {
        let (us, ns) = time(s.expires_at);
        self.exec(
            "writing a session",
            "INSERT INTO sessions (token_hash, user_id, expires_us, expires_ns, data)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id,
               expires_us = excluded.expires_us, expires_ns = excluded.expires_ns,
               data = excluded.data",
            &[
                &s.token_hash.0.as_slice(),
                &key("user", s.user_id.0)?,
                &us,
                &ns,
                &encode("session", s)?,
            ],
        )?;
        Ok(())
    }

    pub(crate) fn remove_session(&mut self, hash: &TokenHash) -> Result<bool> {
        let n = self.exec(
            "deleting a session",
            "DELETE FROM sessions WHERE token_hash = $1",
            &[&hash.0.as_slice()],
        )?;
        Ok(n > 0)
    }

    pub(crate) fn remove_user_sessions(&mut self, user: UserId) -> Result<u64> {
        let Ok(uid) = i64::try_from(user.0) else {
            return Ok(0);
        };
        self.exec(
            "deleting a user's sessions",
            "DELETE FROM sessions WHERE user_id = $1",
            &[&uid],
        )
    }

    pub(crate) fn remove_expired_sessions(&mut self, now: DateTime<Utc>, n: usize) -> Result<u64> {
        let (us, ns) = time(now);
        // The earliest `n` over the expiry index, then those rows by key: one statement.
        self.exec(
            "deleting expired sessions",
            "DELETE FROM sessions WHERE token_hash IN (
               SELECT token_hash FROM sessions WHERE (expires_us, expires_ns) <= ($1, $2)
               ORDER BY expires_us, expires_ns, token_hash LIMIT $3)",
            &[&us, &ns, &limit(n)],
        )
    }
}
