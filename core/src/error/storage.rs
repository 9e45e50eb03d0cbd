//! [`StorageError`]: how a storage backend fails, and whether a retry can help.

use std::sync::Arc;

use thiserror::Error;

/// The error a backend keeps as the cause of a [`StorageError::Backend`] (shared, so that
/// [`enum@crate::Error`] stays `Clone`).
pub type BackendSource = Arc<dyn std::error::Error + Send + Sync>;

/// Failures of a storage backend.
///
/// [`StorageError::is_retryable`] tells a caller whether running the whole call (the whole
/// write transaction) again may succeed: true for [`StorageError::Conflict`] and for the
/// [`StorageError::Backend`] errors the backend marks so.
#[derive(Debug, Error, Clone)]
#[non_exhaustive]
pub enum StorageError {
    /// Another process holds the database file open.
    #[error("database is in use by another process: {path}")]
    InUse {
        /// Path of the database file.
        path: String,
    },
    /// The file was written by a newer campaign-ops than this one.
    #[error(
        "database schema version {found} is newer than this build supports ({supported}); upgrade campaign-ops"
    )]
    SchemaTooNew {
        /// Version stamped in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// A stored record could not be decoded.
    #[error("corrupt record in {table}: {message}")]
    Corrupt {
        /// Table the record lives in.
        table: String,
        /// What went wrong.
        message: String,
    },
    /// A concurrent writer got there first, or the transaction could not be serialized with
    /// another one (a server database's serialization failure or unique-key race, an audit
    /// seq another writer appended meanwhile). Retryable: a new transaction re-reads the
    /// state the other writer left.
    #[error("storage conflict: {message}")]
    Conflict {
        /// What clashed.
        message: String,
    },
    /// Any other backend failure (I/O, commit, an exhausted id sequence, ...).
    ///
    /// The message names what the store was doing; the display appends the source's own
    /// message, because the run ledger and logs record only the display.
    #[error("storage backend error: {}", backend_message(message, source.as_ref()))]
    Backend {
        /// What the store was doing, e.g. `writing tasks`.
        message: String,
        /// The backend's own error, when there is one.
        #[source]
        source: Option<BackendSource>,
        /// Whether running the call again may succeed (e.g. a dropped connection to a
        /// server database); false for I/O errors of a local file.
        retryable: bool,
    },
}

fn backend_message(message: &str, source: Option<&BackendSource>) -> String {
    match source {
        Some(source) => format!("{message}: {source}"),
        None => message.to_owned(),
    }
}

impl StorageError {
    /// A [`StorageError::Conflict`] saying what clashed.
    pub fn conflict(message: impl Into<String>) -> Self {
        StorageError::Conflict {
            message: message.into(),
        }
    }

    /// A non-retryable [`StorageError::Backend`] without a source.
    pub fn backend(message: impl Into<String>) -> Self {
        StorageError::Backend {
            message: message.into(),
            source: None,
            retryable: false,
        }
    }

    /// A [`StorageError::Backend`] caused by `source`.
    pub fn backend_with(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
        retryable: bool,
    ) -> Self {
        StorageError::Backend {
            message: message.into(),
            source: Some(Arc::new(source)),
            retryable,
        }
    }

    /// Whether running the same call again may succeed: conflicts always, backend errors
    /// when the backend says so, everything else (a file in use, a newer schema, a corrupt
    /// record) never.
    pub fn is_retryable(&self) -> bool {
        match self {
            StorageError::Conflict { .. } => true,
            StorageError::Backend { retryable, .. } => *retryable,
            StorageError::InUse { .. }
            | StorageError::SchemaTooNew { .. }
            | StorageError::Corrupt { .. } => false,
        }
    }
}

/// By value; a [`StorageError::Backend`] source compares by its message (the source is a
/// shared trait object, which has no equality of its own).
impl PartialEq for StorageError {
    fn eq(&self, other: &Self) -> bool {
        use StorageError::*;
        match (self, other) {
            (InUse { path: a }, InUse { path: b }) => a == b,
            (
                SchemaTooNew {
                    found: fa,
                    supported: sa,
                },
                SchemaTooNew {
                    found: fb,
                    supported: sb,
                },
            ) => (fa, sa) == (fb, sb),
            (
                Corrupt {
                    table: ta,
                    message: ma,
                },
                Corrupt {
                    table: tb,
                    message: mb,
                },
            ) => (ta, ma) == (tb, mb),
            (Conflict { message: a }, Conflict { message: b }) => a == b,
            (
                Backend {
                    message: ma,
                    source: sa,
                    retryable: ra,
                },
                Backend {
                    message: mb,
                    source: sb,
                    retryable: rb,
                },
            ) => {
                let text = |s: &Option<BackendSource>| s.as_ref().map(|s| s.to_string());
                (ma, ra) == (mb, rb) && text(sa) == text(sb)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn retryable_only_where_a_retry_can_help() {
        assert!(StorageError::conflict("seq 3 taken").is_retryable());
        assert!(
            StorageError::backend_with("commit", std::io::Error::other("reset"), true)
                .is_retryable()
        );
        assert!(
            !StorageError::backend_with("commit", std::io::Error::other("disk"), false)
                .is_retryable()
        );
        assert!(!StorageError::backend("sequence task is exhausted").is_retryable());
        assert!(!StorageError::InUse { path: "a".into() }.is_retryable());
        assert!(
            !StorageError::SchemaTooNew {
                found: 9,
                supported: 5
            }
            .is_retryable()
        );
        assert!(
            !StorageError::Corrupt {
                table: "tasks".into(),
                message: "bad".into()
            }
            .is_retryable()
        );
    }

    #[test]
    fn backend_keeps_its_source() {
        let err =
            StorageError::backend_with("writing tasks", std::io::Error::other("disk full"), false);
        assert_eq!(
            err.to_string(),
            "storage backend error: writing tasks: disk full"
        );
        let source = err.source().expect("a source");
        assert_eq!(source.to_string(), "disk full");
        // Through the crate's Error too, and after a clone.
        let err = crate::Error::from(err).clone();
        assert_eq!(
            err.source().map(|s| s.to_string()).as_deref(),
            Some("disk full")
        );
        assert!(StorageError::backend("no source").source().is_none());
    }

    #[test]
    fn equality_compares_sources_by_message() {
        let a = StorageError::backend_with("x", std::io::Error::other("boom"), false);
        let b = StorageError::backend_with("x", std::io::Error::other("boom"), false);
        assert_eq!(a, b);
        assert_ne!(
            a,
            StorageError::backend_with("x", std::io::Error::other("bang"), false)
        );
        assert_ne!(
            a,
            StorageError::backend_with("x", std::io::Error::other("boom"), true)
        );
        assert_ne!(a, StorageError::backend("x"));
        assert_ne!(StorageError::conflict("x"), StorageError::backend("x"));
    }
}
