//! Signing in and out, and finding who a session token belongs to.

use super::{SESSION_IDLE, SESSION_MAX_AGE, SESSION_TOUCH_EVERY, password};
use crate::model::{Session, TokenHash, User};
use crate::service::CampaignOps;
use crate::{Clock, Error, Result, Store};

/// Expired sessions one sign-in sweeps away at most (the sweep is bounded like every
/// write; expired sessions are never valid anyway, so the rest can wait for the next).
const SWEEP: usize = 100;

/// A successful sign-in: the token for the cookie (shown once: the store keeps only its
/// hash), the session and the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// 64 hex digits: 256 random bits from the operating system.
    pub token: String,
    /// The stored session.
    pub session: Session,
    /// Who signed in.
    pub user: User,
}

/// What [`CampaignOps::session_read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRead {
    /// No such session, or it has expired, or its user is gone or disabled.
    Invalid,
    /// A valid session that needs no extension yet, and its user.
    Valid(Session, User),
    /// A valid session due to be extended (a write): [`CampaignOps::session_user`] does it.
    Stale(Box<User>),
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// The user `name` if `password` is theirs: [`Error::BadCredentials`] when there is no
    /// such user or the password is wrong (one error for both, and the same argon2 work
    /// for both: an unknown name is checked against a dummy hash), [`Error::UserDisabled`]
    /// when the password is right but the user is disabled.
    pub fn authenticate(&self, name: &str, password: &str) -> Result<User> {
        let user = self.user_by_name(name)?;
        let phc = user
            .as_ref()
            .map_or(password::DUMMY_HASH, |u| u.password_hash.as_str());
        let matches = password::verify(password, phc);
        match user {
            Some(user) if matches && user.disabled => Err(Error::UserDisabled { name: user.name }),
            Some(user) if matches => Ok(user),
            _ => Err(Error::BadCredentials),
        }
    }

    /// Signs `name` in: [`Self::authenticate`], then a new session with a fresh random
    /// token (never one the client brought along: no session fixation), valid for
    /// [`SESSION_IDLE`] from now. Sweeps away some expired sessions on the way.
    pub fn sign_in(&self, name: &str, password: &str) -> Result<SignIn> {
        let user = self.authenticate(name, password)?;
        let token = hex::encode(password::random_bytes::<32>()?);
        let now = self.clock().now();
        let session = Session {
            token_hash: TokenHash::of(&token),
            user_id: user.id,
            created_at: now,
            expires_at: now + SESSION_IDLE,
            last_seen_at: now,
        };
        self.store().write(|tx| {
            tx.delete_expired_sessions(now, SWEEP)?;
            tx.put_session(&session)
        })?;
        Ok(SignIn {
            token,
            session,
            user,
        })
    }

    /// Who `token` (a cookie's value) is signed in as: `None` when it names no session, the
    /// session has expired, or its user is gone or disabled. A use extends the session to
    /// [`SESSION_IDLE`] from now (capped at [`SESSION_MAX_AGE`] after the sign-in), written
    /// back at most once per [`SESSION_TOUCH_EVERY`].
    pub fn session_user(&self, token: &str) -> Result<Option<(Session, User)>> {
        let user = match self.session_read(token)? {
            SessionRead::Invalid => return Ok(None),
            SessionRead::Valid(session, user) => return Ok(Some((session, user))),
            SessionRead::Stale(user) => user,
        };
        let hash = TokenHash::of(token);
        let now = self.clock().now();
        let touched = self.store().write(|tx| {
            // Signed out (or the user disabled) since the read: the session is gone.
            let Some(mut session) = tx.session(&hash)? else {
                return Ok(None);
            };
            if session.is_expired(now) {
                return Ok(None);
            }
            session.last_seen_at = now;
            session.expires_at = (now + SESSION_IDLE).min(session.created_at + SESSION_MAX_AGE);
            tx.put_session(&session)?;
            Ok(Some(session))
        })?;
        Ok(touched.map(|session| (session, *user)))
    }

    /// [`Self::session_user`]'s read, which writes nothing: a valid session that needs no
    /// extension yet, an invalid one, or one [`Self::session_user`] would write back. For
    /// callers that run reads where writes must not go (the dashboard checks each request's
    /// session inline and hands only a [`SessionRead::Stale`] one to the blocking pool).
    pub fn session_read(&self, token: &str) -> Result<SessionRead> {
        let hash = TokenHash::of(token);
        let now = self.clock().now();
        let found = self.store().read(|tx| {
            let Some(session) = tx.session(&hash)? else {
                return Ok(None);
            };
            Ok(tx.user(session.user_id)?.map(|user| (session, user)))
        })?;
        let Some((session, user)) = found else {
            return Ok(SessionRead::Invalid);
        };
        if session.is_expired(now) || user.disabled {
            return Ok(SessionRead::Invalid);
        }
        if now - session.last_seen_at < SESSION_TOUCH_EVERY {
            return Ok(SessionRead::Valid(session, user));
        }
        Ok(SessionRead::Stale(Box::new(user)))
    }

    /// Ends the session of `token` in the store; `false` when there was none.
    pub fn sign_out(&self, token: &str) -> Result<bool> {
        let hash = TokenHash::of(token);
        self.store().write(|tx| tx.delete_session(&hash))
    }

    /// Deletes up to `limit` expired sessions; how many it deleted.
    pub fn delete_expired_sessions(&self, limit: usize) -> Result<u64> {
        let now = self.clock().now();
        self.store()
            .write(|tx| tx.delete_expired_sessions(now, limit))
    }
}
