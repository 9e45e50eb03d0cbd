//! Why a command failed, what to do about it (the hint printed after the error) and its
//! exit code (the table in the binary's docs).

use std::path::PathBuf;
use std::process::ExitCode;

use campaign_ops_actions::DaemonError;
use campaign_ops_core::{Error, StorageError};
use campaign_ops_web::server::RunError;

use crate::user;

/// What made the command fail.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// An argument clap accepted that the command cannot use (exit 2).
    #[error("{arg}: {message}")]
    Usage {
        /// The argument, e.g. `--db`.
        arg: &'static str,
        /// What is wrong with it.
        message: String,
        /// What to do instead.
        hint: String,
    },
    /// The database could not be opened.
    #[error("cannot open the database {db}: {source}")]
    Open {
        /// The file or URL (without its password).
        db: String,
        /// Why.
        source: Error,
    },
    /// A command that reads an existing redb file found none (nothing was created).
    #[error("--db: no database file at {}", .0.display())]
    Missing(PathBuf),
    /// The daemon could not be set up.
    #[error("cannot start the actions daemon: {0}")]
    Daemon(#[from] DaemonError),
    /// Serving or running failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A `user` command was refused or failed.
    #[error(transparent)]
    User(#[from] user::UserFailure),
    /// Seeding the demo workspace failed.
    #[error("cannot seed the demo workspace: {0}")]
    Seed(Error),
    /// `doctor` found problems (its report is on stdout).
    #[error("doctor found {0} problem(s)")]
    Unhealthy(usize),
    /// Checking, copying or reading the database failed.
    #[error("{what}: {source}")]
    Store {
        /// What was being done.
        what: &'static str,
        /// Why it failed.
        source: Error,
    },
    /// The command's input (a `load` file, an `export`'s campaign) or its target (a
    /// non-empty database for `load`) was refused; nothing was changed (exit 5).
    #[error("{what}: {source}")]
    Refused {
        /// What was refused, naming the argument.
        what: &'static str,
        /// Why.
        source: Error,
    },
    /// The `--from` file cannot be read (exit 5).
    #[error("--from: cannot read {}: {source}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The `--to` file cannot be written.
    #[error("--to: cannot write {}: {source}", path.display())]
    Output {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl Failure {
    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        let text = match self {
            Failure::Usage { hint, .. } => return Some(hint.clone()),
            Failure::Open {
                source: Error::Storage(StorageError::InUse { .. }),
                ..
            } => {
                "another process has the database open: stop it (one `campaign-ops serve` runs \
                 the dashboard and the daemon together); to check it while it runs, \
                 `campaign-ops backup --to COPY` then `campaign-ops doctor --db COPY` (or \
                 `dump --db COPY`)"
            }
            Failure::Open {
                source: Error::Storage(StorageError::SchemaTooNew { .. }),
                ..
            } => "a newer campaign-ops wrote this database: run that version (or a newer one)",
            Failure::Open { db, .. } if db.contains("://") => {
                "check that PostgreSQL runs at that host and port and accepts this user, \
                 password and database (`psql URL` tells), then run the command again"
            }
            Failure::Missing(_) => {
                "check `--db`: `dump` and `export` read an existing file (`serve` creates one)"
            }
            Failure::Run(RunError::Bind { .. }) => {
                "another program listens there: stop it or pick another `--addr`"
            }
            Failure::User(user::UserFailure::Service(Error::NotFound { .. })) => {
                "`campaign-ops user list` shows who there is"
            }
            Failure::User(user::UserFailure::Service(Error::Validation { .. })) => {
                "fix that value and run the command again: nothing was changed"
            }
            Failure::Unhealthy(_) => {
                "restore the latest backup that `campaign-ops doctor --db BACKUP` finds healthy, \
                 or report the problems above"
            }
            Failure::Store {
                source: Error::Validation { .. },
                ..
            } => "pass `--to` a path that does not exist yet",
            Failure::Store {
                source: Error::Storage(StorageError::Backend { .. }),
                what: "backup",
            } => {
                "the database is held by a process that does not serve backups: stop it, or \
                 upgrade it to one that runs `serve`/`daemon` with the `<db>.ctl` socket"
            }
            Failure::Refused {
                source: Error::Validation { field, .. },
                ..
            } if field == "db" => {
                "load into an empty database: create one (`createdb NAME`, or `CREATE DATABASE \
                 NAME` in psql) and pass `--db postgres://…/NAME`"
            }
            Failure::Refused {
                source: Error::Validation { .. },
                what: "--from",
            } => {
                "the file is not a complete, untouched `campaign-ops dump`: dump the source \
                 again (`campaign-ops dump --db SOURCE --to FILE.jsonl`); nothing was loaded"
            }
            Failure::Refused {
                source: Error::NotFound { .. },
                ..
            } => "a campaign's id is the number in its dashboard address, /campaigns/ID",
            Failure::Input { .. } => {
                "pass `--from` the file `campaign-ops dump --to FILE.jsonl` wrote"
            }
            Failure::Output { source, .. }
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                "pass `--to` a path that does not exist yet"
            }
            Failure::Output { .. } => "pass `--to` a path in a directory you can write to",
            _ => return None,
        };
        Some(text.to_owned())
    }

    /// The exit code (see the binary's docs).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage { .. } => ExitCode::from(2),
            Failure::Open { .. } | Failure::Missing(_) => ExitCode::from(3),
            Failure::Unhealthy(_) => ExitCode::from(4),
            Failure::Refused { .. } | Failure::Input { .. } => ExitCode::from(5),
            _ => ExitCode::FAILURE,
        }
    }
}
