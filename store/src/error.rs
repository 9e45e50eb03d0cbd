//! Mapping of redb errors to [`StorageError`].
//!
//! Core's error type knows no redb type (the Store trait must stay backend-free), so redb
//! errors become text with context saying what the store was doing. The one redb error a
//! caller must be able to match on, a file held open by another process, gets its own
//! variant ([`StorageError::InUse`]) in [`open_error`].

use std::fmt::Display;
use std::path::Path;

use campaign_ops_core::{Error, Result, StorageError};
use redb::DatabaseError;

/// Adds context to a redb result, turning its error into [`StorageError::Backend`].
pub(crate) trait Context<T> {
    /// `Err(e)` becomes `Backend("<what>: <e>")`.
    fn ctx(self, what: impl Display) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn ctx(self, what: impl Display) -> Result<T> {
        self.map_err(|e| backend(format_args!("{what}: {e}")))
    }
}

/// A [`StorageError::Backend`] with `message`.
pub(crate) fn backend(message: impl Display) -> Error {
    // Through the constructor, so the typed `Backend { message, source, retryable }` of the
    // error work needs no change here.
    Error::Storage(StorageError::backend(message.to_string()))
}

/// Maps the error of opening the file at `path`.
pub(crate) fn open_error(path: &Path, err: DatabaseError) -> Error {
    match err {
        // LockProtocolMismatch: another process holds it with a different redb generation.
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            Error::Storage(StorageError::InUse {
                path: path.display().to_string(),
            })
        }
        other => backend(format_args!("opening database {}: {other}", path.display())),
    }
}
