//! Mapping of redb errors to [`StorageError`].
//!
//! Core's error type knows no redb type (the Store trait must stay backend-free), so a redb
//! error becomes a [`StorageError::Backend`] whose message says what the store was doing and
//! whose source is the redb error itself (behind an `Arc`, for `Clone`), so a caller can
//! still inspect or downcast it. None of redb's errors is retryable: redb has one writer at
//! a time, so a transaction never meets a serialization conflict, and a failed I/O on the
//! local file fails again. The one redb error a caller must be able to match on, a file
//! held open by another process, gets its own variant ([`StorageError::InUse`]) in
//! [`open_error`].

use std::fmt::Display;
use std::path::Path;

use campaign_ops_core::{Error, Result, StorageError};
use redb::DatabaseError;

/// Adds context to a redb result, turning its error into [`StorageError::Backend`].
pub(crate) trait Context<T> {
    /// `Err(e)` becomes a non-retryable `Backend` with message `<what>` and source `e`.
    fn ctx(self, what: impl Display) -> Result<T>;
}

impl<T, E> Context<T> for std::result::Result<T, E>
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn ctx(self, what: impl Display) -> Result<T> {
        self.map_err(|e| StorageError::backend_with(what.to_string(), e, false).into())
    }
}

/// Displays what its closure returns, calling it only when formatted: a message that
/// [`Context::ctx`] turns into text only when an error occurs (a `format!` per record
/// written costs more than postcard encoding the record).
pub(crate) struct Lazy<F>(pub(crate) F);

impl<F: Fn() -> String> Display for Lazy<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&(self.0)())
    }
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
        other => {
            StorageError::backend_with(format!("opening database {}", path.display()), other, false)
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redb_errors_keep_their_source_and_are_not_retryable() {
        let failed: std::result::Result<(), redb::StorageError> =
            Err(redb::StorageError::Io(std::io::Error::other("disk gone")));
        let err = failed.ctx("writing tasks").unwrap_err();
        assert!(!err.is_retryable());
        assert_eq!(
            err.to_string(),
            "storage backend error: writing tasks: I/O error: disk gone"
        );
        let source = std::error::Error::source(&err).expect("the redb error");
        assert!(source.to_string().contains("disk gone"), "{source}");
        match &err {
            Error::Storage(StorageError::Backend {
                message, source, ..
            }) => {
                assert_eq!(message, "writing tasks");
                let redb = source.as_deref().expect("a source");
                assert!(redb.downcast_ref::<redb::StorageError>().is_some());
            }
            other => panic!("expected Backend, got {other:?}"),
        }
    }
}
