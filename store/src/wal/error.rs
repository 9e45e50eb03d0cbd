//! [`WalError`]: what can be wrong with a redo log, as the typed source of the
//! [`StorageError::Backend`] the store returns (downcast it, or use [`WalError::of`]).

use std::path::PathBuf;

use campaign_ops_core::{Error, StorageError};

/// A redo log that the store refuses to use, or could not write.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WalError {
    /// `<db>.wal` exists but the database file does not: the log's commits apply to a
    /// database that is gone, so starting a new one would silently drop them.
    #[error(
        "redo log {log} exists but its database {db} does not: restore the database file \
         next to it, or move the log away to start an empty database"
    )]
    LogWithoutDatabase {
        /// The log.
        log: PathBuf,
        /// The missing database.
        db: PathBuf,
    },
    /// The file does not start with a campaign-ops redo log header.
    #[error("{path} is not a campaign-ops redo log (no log header): move it away")]
    NotALog {
        /// The file.
        path: PathBuf,
    },
    /// Both header slots are damaged.
    #[error("the header of redo log {path} is damaged ({detail}): restore it or move it away")]
    Garbled {
        /// The log.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A newer campaign-ops wrote the log in a format this build cannot read.
    #[error(
        "redo log {path} has format version {found}, newer than this build supports \
         ({supported}): upgrade campaign-ops"
    )]
    FormatTooNew {
        /// The log.
        path: PathBuf,
        /// The format in the header.
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The log belongs to another database (another workspace id).
    #[error(
        "redo log {path} belongs to workspace {log_workspace}, the database is workspace \
         {db_workspace}: put the log back beside its own database"
    )]
    OtherDatabase {
        /// The log.
        path: PathBuf,
        /// The workspace id in the log header.
        log_workspace: String,
        /// The database's workspace id.
        db_workspace: String,
    },
    /// The log's pending entries were written for another schema version than the file has.
    #[error(
        "redo log {path} holds commits of schema version {log_schema}, the database has \
         version {db_schema}: open it with the build that wrote the log"
    )]
    SchemaMismatch {
        /// The log.
        path: PathBuf,
        /// The schema version in the header.
        log_schema: u32,
        /// The database's.
        db_schema: u32,
    },
    /// The log's pending entries continue from a later checkpoint than the database file has
    /// reached: they belong to a newer copy of this database (an older backup was put in
    /// its place), and replaying them over this one would mix two states.
    #[error(
        "redo log {path} continues from a later checkpoint (epoch {log_epoch}) than the \
         database (epoch {db_epoch}): it belongs to a newer copy of this database (was an \
         older backup restored over it?); move the log away to open the database as it is"
    )]
    AheadOfDatabase {
        /// The log.
        path: PathBuf,
        /// The log's epoch.
        log_epoch: u64,
        /// The epoch the database file has caught up with.
        db_epoch: u64,
    },
    /// An entry whose checksum is right but whose operations do not decode.
    #[error("redo log {path}: entry {seq} is malformed ({detail})")]
    BadEntry {
        /// The log.
        path: PathBuf,
        /// The entry's seq.
        seq: u64,
        /// What is wrong.
        detail: String,
    },
    /// A commit failed after its entry was appended and the entry could not be taken back
    /// out: the store refuses further writes until it is reopened (which replays the log,
    /// so the reopened store may hold that commit).
    #[error(
        "redo log {path}: a failed commit's entry could not be removed ({source}); reopen \
         the store"
    )]
    Poisoned {
        /// The log.
        path: PathBuf,
        /// Why the removal failed.
        source: std::io::Error,
    },
}

impl WalError {
    /// The [`WalError`] behind `err`, if that is what it is.
    pub fn of(err: &Error) -> Option<&WalError> {
        match err {
            Error::Storage(StorageError::Backend {
                source: Some(source),
                ..
            }) => source.downcast_ref::<WalError>(),
            _ => None,
        }
    }

    /// This error as the store's [`Error`], `what` naming what the store was doing.
    pub(crate) fn into_error(self, what: &str) -> Error {
        StorageError::backend_with(what.to_owned(), self, false).into()
    }
}

/// An I/O error on the log at `path` as the store's [`Error`].
pub(crate) fn io(path: &std::path::Path, what: &str, err: std::io::Error) -> Error {
    StorageError::backend_with(format!("{what} (redo log {})", path.display()), err, false).into()
}
