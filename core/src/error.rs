//! The one error type of campaign-ops: variants a caller can match on.
//!
//! Every refusal has its own variant with typed fields, so a caller (a host, the dashboard,
//! the daemon) decides what to do by matching, never by reading the message:
//! [`Error::NotFound`], [`Error::Validation`], [`Error::AlreadyExists`],
//! [`Error::IllegalTransition`], [`Error::ReadOnly`], [`Error::Superseded`], and
//! [`Error::Storage`] for the backend, which says through [`Error::is_retryable`] whether
//! running the same call again can succeed. The enums are `#[non_exhaustive]`: a match
//! outside this crate needs a `_` arm, so new variants can be added without breaking it.

mod storage;
mod transition;

pub use storage::{BackendSource, StorageError};
pub use transition::Transition;

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::model::{EntityKind, RunStatus};

/// Result with the campaign-ops [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a campaign-ops call can fail with.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The entity does not exist.
    #[error("{} {id} not found", entity.label())]
    NotFound {
        /// Kind of entity.
        entity: EntityKind,
        /// Its id (or key) as text.
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
    /// Another entity already holds a value that must be unique, e.g. a campaign name.
    /// Whichever layer finds the clash (the service's check or the store's unique index)
    /// reports it with this variant.
    #[error("a {} with {field} '{value}' already exists", entity.label())]
    AlreadyExists {
        /// Kind of entity.
        entity: EntityKind,
        /// The unique field, e.g. `name`.
        field: String,
        /// The value asked for (trimmed; campaign names compare case-insensitively, so the
        /// holder's spelling may differ).
        value: String,
    },
    /// A status change the status machine does not allow.
    #[error("illegal {0}")]
    IllegalTransition(Transition),
    /// The entity is in a status that allows no further change of this kind (a completed or
    /// archived campaign, a task that is no longer open).
    #[error("{} {id} is {status} and can no longer change", entity.label())]
    ReadOnly {
        /// Kind of entity.
        entity: EntityKind,
        /// Its id as text.
        id: String,
        /// The status that makes it read-only, as its stable key (e.g. `completed`): one
        /// field for every kind of entity, each of which has its own status enum.
        status: String,
    },
    /// A scheduled-action attempt no longer owns its run ledger record: a later attempt
    /// took the run over, or the run settled meanwhile. The displaced attempt must stop;
    /// retrying it would redo the new owner's work.
    #[error("{}", superseded_message(key, *status, last_attempt_at))]
    Superseded {
        /// The ledger key, `"<ACTION> <period>"`.
        key: String,
        /// The record's status now.
        status: RunStatus,
        /// When the attempt that owns the record now started.
        last_attempt_at: DateTime<Utc>,
    },
    /// A sign-in was refused: no such user, or the password does not match. One variant
    /// for both, so that a caller cannot tell which login names exist.
    #[error("the login name or the password is wrong")]
    BadCredentials,
    /// The user's password matched, but the user is disabled.
    #[error("user '{name}' is disabled: ask an admin to enable it")]
    UserDisabled {
        /// The login name.
        name: String,
    },
    /// The storage backend failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn superseded_message(key: &str, status: RunStatus, last_attempt_at: &DateTime<Utc>) -> String {
    if status == RunStatus::Running {
        format!("ledger record {key} was taken over by a later attempt (started {last_attempt_at})")
    } else {
        format!("ledger record {key} is {status:?}, not running")
    }
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
    pub fn not_found(entity: EntityKind, id: impl std::fmt::Display) -> Self {
        Error::NotFound {
            entity,
            id: id.to_string(),
        }
    }

    /// A [`Error::ReadOnly`] for an entity kind, id and the status that freezes it.
    pub fn read_only(
        entity: EntityKind,
        id: impl std::fmt::Display,
        status: impl std::fmt::Display,
    ) -> Self {
        Error::ReadOnly {
            entity,
            id: id.to_string(),
            status: status.to_string(),
        }
    }

    /// Whether running the same call again may succeed: only storage errors that say so
    /// (see [`StorageError::is_retryable`]). Every other error is a fact about the data or
    /// the input, which a retry would meet again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Storage(e) => e.is_retryable(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CampaignStatus, TaskStatus};

    #[test]
    fn only_storage_errors_that_say_so_are_retryable() {
        let not = [
            Error::not_found(EntityKind::Campaign, 3),
            Error::validation("name", "must not be empty"),
            Error::AlreadyExists {
                entity: EntityKind::Campaign,
                field: "name".into(),
                value: "Winter".into(),
            },
            Error::IllegalTransition(Transition::Task {
                from: TaskStatus::Completed,
                to: TaskStatus::Pending,
            }),
            Error::read_only(EntityKind::Campaign, 3, CampaignStatus::Archived),
            Error::Superseded {
                key: "CAMPAIGN_TICK 2026-11-25".into(),
                status: RunStatus::Running,
                last_attempt_at: DateTime::UNIX_EPOCH,
            },
            StorageError::InUse { path: "x".into() }.into(),
            StorageError::backend("sequence task is exhausted").into(),
        ];
        for e in &not {
            assert!(!e.is_retryable(), "{e}");
        }
        let retry: [Error; 2] = [
            StorageError::conflict("audit entry 3 already exists").into(),
            StorageError::backend_with("connection reset", std::io::Error::other("reset"), true)
                .into(),
        ];
        for e in &retry {
            assert!(e.is_retryable(), "{e}");
        }
    }

    #[test]
    fn messages_read_like_sentences() {
        assert_eq!(
            Error::not_found(EntityKind::CalendarItem, 7).to_string(),
            "calendar item 7 not found"
        );
        assert_eq!(
            Error::AlreadyExists {
                entity: EntityKind::Campaign,
                field: "name".into(),
                value: "Winter".into(),
            }
            .to_string(),
            "a campaign with name 'Winter' already exists"
        );
        assert_eq!(
            Error::IllegalTransition(Transition::Campaign {
                from: CampaignStatus::Draft,
                to: CampaignStatus::Paused,
            })
            .to_string(),
            "illegal campaign status change from draft to paused"
        );
        assert_eq!(
            Error::read_only(EntityKind::Task, 4, TaskStatus::Completed).to_string(),
            "task 4 is completed and can no longer change"
        );
        let superseded = |status| Error::Superseded {
            key: "CAMPAIGN_TICK 2026-11-25".into(),
            status,
            last_attempt_at: DateTime::UNIX_EPOCH,
        };
        assert_eq!(
            superseded(RunStatus::Running).to_string(),
            "ledger record CAMPAIGN_TICK 2026-11-25 was taken over by a later attempt \
             (started 1970-01-01 00:00:00 UTC)"
        );
        assert_eq!(
            superseded(RunStatus::Succeeded).to_string(),
            "ledger record CAMPAIGN_TICK 2026-11-25 is Succeeded, not running"
        );
    }
}
