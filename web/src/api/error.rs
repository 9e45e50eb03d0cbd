//! [`AppError`]: what a server function fails with, on both sides of the wire.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A server function's error as the page sees it: the service's typed refusals that a
/// person can act on keep their field, everything else is a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input broke a rule (`field` is the form field, e.g. `name`, `start_date`).
    #[error("{field}: {rule}")]
    Validation {
        /// The field.
        field: String,
        /// The rule it broke, in words.
        rule: String,
    },
    /// A value that must be unique is taken (e.g. a campaign name).
    #[error("{message}")]
    Taken {
        /// The field holding the value.
        field: String,
        /// What is taken, in words.
        message: String,
    },
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change is not allowed in the entity's current state.
    #[error("{0}")]
    Refused(String),
    /// Nobody is signed in (HTTP 401): sign in and try again.
    #[error("{0}")]
    Unauthorized(String),
    /// The signed-in user's role does not allow the call (HTTP 403).
    #[error("{0}")]
    Forbidden(String),
    /// The server failed; details are in its log.
    #[error("{0}")]
    Server(String),
    /// The call did not reach the server function or its answer did not come back.
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    /// The message to show next to the form field `field`, if this error is about it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation { field: f, rule } if field_matches(f, field) => {
                Some(rule.clone())
            }
            AppError::Taken { field: f, message } if field_matches(f, field) => {
                Some(message.clone())
            }
            _ => None,
        }
    }

    /// The message to show above the form when no field shows it.
    pub fn form_message(&self, fields: &[&str]) -> Option<String> {
        let shown = fields.iter().any(|f| self.field_message(f).is_some());
        (!shown).then(|| self.to_string())
    }
}

/// `cadence.linkedin` belongs to the `cadence` field.
fn field_matches(error_field: &str, field: &str) -> bool {
    error_field == field
        || error_field
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<campaign_ops_core::Error> for AppError {
    fn from(err: campaign_ops_core::Error) -> Self {
        use campaign_ops_core::Error;
        match err {
            Error::Validation { field, rule } => AppError::Validation { field, rule },
            Error::AlreadyExists { ref field, .. } => AppError::Taken {
                field: field.clone(),
                message: err.to_string(),
            },
            Error::NotFound { .. } => AppError::NotFound(err.to_string()),
            Error::IllegalTransition(_) | Error::ReadOnly { .. } | Error::Superseded { .. } => {
                AppError::Refused(err.to_string())
            }
            Error::BadCredentials | Error::UserDisabled { .. } => {
                AppError::Unauthorized(err.to_string())
            }
            other => {
                tracing::error!(error = %other, "service call failed");
                AppError::Server("the server failed; see its log".to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_go_to_their_field_and_the_rest_above_the_form() {
        let e = AppError::Validation {
            field: "cadence.linkedin".into(),
            rule: "too many".into(),
        };
        assert_eq!(e.field_message("cadence").as_deref(), Some("too many"));
        assert_eq!(e.field_message("name"), None);
        assert_eq!(e.form_message(&["cadence"]), None);
        assert_eq!(
            e.form_message(&["name"]).as_deref(),
            Some("cadence.linkedin: too many")
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn service_errors_keep_their_field() {
        let e = AppError::from(campaign_ops_core::Error::validation(
            "name",
            "must not be empty",
        ));
        assert_eq!(
            e.field_message("name").as_deref(),
            Some("must not be empty")
        );
    }
}
