//! The dashboard's accounts (feature `accounts`): users with argon2id password hashes,
//! sessions keyed by the SHA-256 of a random 256-bit token, and the admin changes to users,
//! each audited (never with the hash).
//!
//! Sessions slide: each use moves `expires_at` to [`SESSION_IDLE`] after it, but never past
//! [`SESSION_MAX_AGE`] after the sign-in. A use writes to the store at most once per
//! [`SESSION_TOUCH_EVERY`], so that reading pages does not cost a commit per request.

mod password;
mod sessions;
#[cfg(test)]
mod tests;
mod users;

pub use password::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN, random_password};
pub use sessions::{SessionRead, SignIn};
pub use users::{MAX_USER_PAGE, NewUser};

use chrono::Duration;

/// How long a session lasts without being used.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// How long a session lasts at most after its sign-in, however often it is used.
pub const SESSION_MAX_AGE: Duration = Duration::days(7);
/// How often a session's use is written back (its `last_seen_at` and `expires_at`).
pub const SESSION_TOUCH_EVERY: Duration = Duration::minutes(1);
