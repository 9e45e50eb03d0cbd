//! The errors of the actions crate: what a handler, the registry and the daemon fail with.

use thiserror::Error;

/// Why one run of a handler did not succeed. Recorded in the ledger's `last_error`.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ActionError {
    /// A campaign-ops call failed (storage, validation, ...).
    #[error(transparent)]
    Core(#[from] campaign_ops_core::Error),
    /// The daemon is shutting down: the run stopped between two committed batches and
    /// resumes from its checkpoint on the next start.
    #[error("cancelled: the daemon is shutting down")]
    Cancelled,
    /// File or other I/O of a handler failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The handler failed for its own reason.
    #[error("{0}")]
    Failed(String),
    /// The handler needs a value of the host's that the daemon was not given (see
    /// [`crate::ActionContext::require_state`]).
    #[error(
        "missing host state: the daemon holds no {type_name}; hand it one with Daemon::with_state"
    )]
    MissingState {
        /// The Rust type asked for, as `std::any::type_name` spells it.
        type_name: &'static str,
    },
}

impl ActionError {
    /// An [`ActionError::Failed`] with `message`.
    pub fn failed(message: impl Into<String>) -> Self {
        ActionError::Failed(message.into())
    }

    /// An [`ActionError::MissingState`] for the type `T`.
    pub fn missing_state<T: ?Sized>() -> Self {
        ActionError::MissingState {
            type_name: std::any::type_name::<T>(),
        }
    }
}

/// A problem with the set of registered actions.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// Two specs carry the same name: a startup error, never silently resolved.
    #[error("action {name} is registered twice")]
    DuplicateAction {
        /// The name.
        name: String,
    },
    /// An action name no spec carries.
    #[error("unknown action {name} (registered: {known})")]
    UnknownAction {
        /// The name asked for.
        name: String,
        /// The registered names, comma-separated.
        known: String,
    },
    /// A name that cannot key the ledger: empty, or with a character other than an ASCII
    /// letter, digit or `_`.
    #[error("invalid action name {name:?}: use letters, digits and '_' only")]
    InvalidName {
        /// The name.
        name: String,
    },
    /// A schedule built from its public fields with a value its constructor refuses (an
    /// hourly minute past 59): the daemon could never find its due times.
    #[error("invalid schedule of action {name}: {rule}")]
    InvalidSchedule {
        /// The action's name.
        name: String,
        /// The rule it breaks.
        rule: String,
    },
}

/// Why the daemon could not start or stopped with an error.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DaemonError {
    /// A configuration value is out of range.
    #[error("invalid daemon configuration: {0}")]
    Config(String),
    /// Reading or writing the run ledger (or opening the store) failed.
    #[error(transparent)]
    Store(#[from] campaign_ops_core::Error),
    /// The set of registered actions is not usable (e.g. two of one name).
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The SIGTERM / Ctrl-C handlers could not be installed.
    #[error("cannot listen for shutdown signals: {0}")]
    Signal(std::io::Error),
    /// The blocking task running the handlers panicked outside a handler, or was lost.
    #[error("daemon worker failed: {0}")]
    Worker(String),
}
