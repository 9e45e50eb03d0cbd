//! The one error type of campaign-ops: variants a caller can match on.

use thiserror::Error;

/// Result with the campaign-ops [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a campaign-ops call can fail with.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// The entity does not exist.
    #[error("{entity} {id} not found")]
    NotFound {
        /// Kind of entity, e.g. "campaign".
        entity: &'static str,
        /// Its id as text.
        id: String,
    },
    /// Input broke a rule; nothing was written.
    #[error("invalid {field}: {rule}")]
    Validation {
        /// The offending field, e.g. `name` or `cadence.linkedin`.
        field: String,
        /// The rule it broke, in words a person understands.
        rule: String,
    },
    /// A status change the status machine does not allow.
    #[error("illegal {entity} status change from {from} to {to}")]
    IllegalTransition {
        /// Kind of entity, e.g. "campaign" or "task".
        entity: &'static str,
        /// Current status.
        from: String,
        /// Requested status.
        to: String,
    },
    /// The change clashes with existing data (e.g. a duplicate name).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The storage backend failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Error {
    /// A [`Error::Validation`] for `field` breaking `rule`.
    pub fn validation(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// A [`Error::NotFound`] for an entity kind and id.
    pub fn not_found(entity: &'static str, id: impl std::fmt::Display) -> Self {
        Error::NotFound {
            entity,
            id: id.to_string(),
        }
    }
}

/// Failures of a storage backend.
#[derive(Debug, Error, Clone, PartialEq)]
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
    /// Any other backend failure (I/O, commit, ...).
    #[error("storage backend error: {0}")]
    Backend(String),
}

impl Error {
    /// Whether running the failed transaction again may succeed (placeholder until the
    /// typed storage errors land: nothing is retryable yet).
    pub fn is_retryable(&self) -> bool {
        false
    }
}

impl StorageError {
    /// A non-retryable backend failure described by `message`.
    pub fn backend(message: impl Into<String>) -> Self {
        StorageError::Backend(message.into())
    }
}
