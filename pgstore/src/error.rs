//! How PostgreSQL errors become campaign-ops [`Error`]s: serialization failures, deadlocks
//! and unique-key races are retryable conflicts (the service's bounded write loop runs the
//! transaction again); a lost connection is a retryable backend error; the rest are not.

use campaign_ops_core::{Error, StorageError};
use postgres::error::SqlState;

/// Whether `e` says the transaction lost a race that a fresh attempt may win.
pub(crate) fn is_conflict(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_SERIALIZATION_FAILURE
            || *c == SqlState::T_R_DEADLOCK_DETECTED
            || *c == SqlState::UNIQUE_VIOLATION
            // lock_timeout: the writers queued before this one took longer than
            // `PgOptions::write_lock_timeout`.
            || *c == SqlState::LOCK_NOT_AVAILABLE
    })
}

/// The campaign-ops error of `e`, met while doing `what`.
pub(crate) fn pg(what: &str, e: postgres::Error) -> Error {
    if is_conflict(&e) {
        let detail = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_else(|| e.to_string());
        return Error::Storage(StorageError::conflict(format!("{what}: {detail}")));
    }
    // A closed connection (the server restarted, the network dropped) may well work on a
    // new one from the pool; anything the server answered with an error code will not.
    let retryable = e.is_closed() || (e.code().is_none() && e.as_db_error().is_none());
    let message = match e.as_db_error() {
        Some(db) => format!("{what} ({})", db.code().code()),
        None => what.to_owned(),
    };
    Error::Storage(StorageError::backend_with(message, e, retryable))
}

/// A pool failure (no connection could be had in time).
pub(crate) fn pool(e: r2d2::Error) -> Error {
    Error::Storage(StorageError::backend_with(
        "getting a PostgreSQL connection from the pool",
        e,
        true,
    ))
}

/// A [`StorageError::Corrupt`] of `table`.
pub(crate) fn corrupt(table: &str, message: impl Into<String>) -> Error {
    Error::Storage(StorageError::Corrupt {
        table: table.to_owned(),
        message: message.into(),
    })
}

/// Shorthand: `.ctx("reading tasks")?` on a postgres result.
pub(crate) trait Context<T> {
    fn ctx(self, what: &str) -> campaign_ops_core::Result<T>;
}

impl<T> Context<T> for Result<T, postgres::Error> {
    fn ctx(self, what: &str) -> campaign_ops_core::Result<T> {
        self.map_err(|e| pg(what, e))
    }
}
