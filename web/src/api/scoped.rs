//! [`ScopedError`]: an [`AppError`] that names the record (a task, a campaign) whose form
//! failed, for pages that show one form of a server function per record.
//!
//! Without JS a failed form post comes back as the page's URL with the encoded error, and
//! every form of that server function on the page would see it; the id lets the page show
//! it at the one form it belongs to (hydrated, one action is shared by all the rows for the
//! same reason).

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use super::AppError;

/// A server function's error with the id of the record it concerns (`None` when the call
/// did not get as far as knowing it, e.g. a transport failure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{error}")]
pub struct ScopedError {
    /// The record's id (task or campaign, as the server function's argument names it).
    pub id: Option<u64>,
    /// What went wrong.
    pub error: AppError,
}

impl ScopedError {
    /// `error` about the record `id`.
    pub fn new(id: u64, error: AppError) -> Self {
        Self {
            id: Some(id),
            error,
        }
    }

    /// The error, if it is about the record `id`.
    pub fn for_record(&self, id: u64) -> Option<&AppError> {
        (self.id == Some(id)).then_some(&self.error)
    }

    /// The error, if it is about no record in particular (the page shows it at the top).
    pub fn unscoped(&self) -> Option<&AppError> {
        self.id.is_none().then_some(&self.error)
    }
}

impl FromServerFnError for ScopedError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self {
            id: None,
            error: AppError::Transport(value.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_belongs_to_its_record_only() {
        let e = ScopedError::new(7, AppError::Refused("no".into()));
        assert!(e.for_record(7).is_some());
        assert!(e.for_record(8).is_none());
        let unscoped = ScopedError::from_server_fn_error(ServerFnErrorErr::Request("x".into()));
        assert!(unscoped.for_record(8).is_none());
        assert!(unscoped.unscoped().is_some());
        assert!(e.unscoped().is_none());
    }
}
