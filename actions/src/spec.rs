//! What an action is: [`ActionSpec`] (name, schedule, handler), collected with `inventory`;
//! the [`ActionHandler`] trait every handler implements (plain functions and closures, and
//! the host's own types); and what a handler returns, [`ActionReport`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::context::ActionContext;
use crate::error::ActionError;
use crate::schedule::Schedule;

/// A handler: runs one period of an action. A plain function, so that specs are `const`
/// and can be submitted with `inventory::submit!`.
pub type RunFn = fn(&ActionContext<'_>) -> Result<ActionReport, ActionError>;

/// Runs one period of an action. Implemented for every `Fn(&ActionContext) -> Result<..>`
/// that is `Send + Sync` (so for [`RunFn`] and closures); a host implements it for its own
/// type when a handler is built at run time around state of its own, and registers it
/// with [`crate::Registry::register_handler`].
///
/// ```
/// use std::sync::Arc;
/// use campaign_ops_actions::{ActionContext, ActionError, ActionHandler, ActionReport, Registry, Schedule};
///
/// struct Greeter {
///     greeting: String,
/// }
///
/// impl ActionHandler for Greeter {
///     fn run(&self, ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
///         Ok(ActionReport::new(format!("{} for {}", self.greeting, ctx.period())))
///     }
/// }
///
/// let mut registry = Registry::empty();
/// let greeter = Arc::new(Greeter { greeting: "hello".into() });
/// registry.register_handler("GREET", Schedule::daily(7, 0), None, greeter)?;
/// # Ok::<(), campaign_ops_actions::RegistryError>(())
/// ```
pub trait ActionHandler: Send + Sync {
    /// Runs one period of the action (see [`ActionContext`] for the ledger rules).
    fn run(&self, ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError>;
}

impl<F> ActionHandler for F
where
    F: Fn(&ActionContext<'_>) -> Result<ActionReport, ActionError> + Send + Sync,
{
    fn run(&self, ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
        self(ctx)
    }
}

/// A scheduled action: submit one with `inventory::submit!` from any crate linked into the
/// program, or hand it to [`crate::Registry::register`].
///
/// ```
/// use campaign_ops_actions::{ActionContext, ActionError, ActionReport, ActionSpec, Schedule};
///
/// fn hello(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
///     Ok(ActionReport::new(format!("hello for {}", ctx.period())))
/// }
///
/// inventory::submit! { ActionSpec::new("HELLO", Schedule::daily(7, 0), hello) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    /// Unique name, e.g. `CAMPAIGN_TICK`: letters, digits and `_` (it keys the ledger).
    pub name: &'static str,
    /// When it is due.
    pub schedule: Schedule,
    /// The zone the schedule is read in; `None` uses the daemon's zone.
    pub zone: Option<Tz>,
    /// The handler.
    pub run: RunFn,
}

impl ActionSpec {
    /// A spec whose schedule is read in the daemon's time zone.
    pub const fn new(name: &'static str, schedule: Schedule, run: RunFn) -> Self {
        Self {
            name,
            schedule,
            zone: None,
            run,
        }
    }

    /// The same spec with its schedule read in `zone` whatever the daemon's zone is.
    pub const fn in_zone(self, zone: Tz) -> Self {
        Self {
            zone: Some(zone),
            ..self
        }
    }
}

inventory::collect!(ActionSpec);

/// What a handler reports about one run; stored in the ledger's `report`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReport {
    /// One line for people (or JSON).
    pub text: String,
    /// For a run done in stages: when the next stage is due. The period then stays open
    /// (status Running) and the daemon runs the handler again at that instant.
    pub resume_at: Option<DateTime<Utc>>,
}

impl ActionReport {
    /// A finished run's report.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            resume_at: None,
        }
    }

    /// A report of a stage, the next one due at `at`.
    pub fn resume_at(text: impl Into<String>, at: DateTime<Utc>) -> Self {
        Self {
            text: text.into(),
            resume_at: Some(at),
        }
    }
}
