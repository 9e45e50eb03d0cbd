//! campaign-ops-actions: scheduled actions for campaign-ops.
//!
//! - [`ActionSpec`] (name, [`Schedule`], handler function) collected with `inventory`, and
//!   handler objects ([`ActionHandler`]) a host builds at run time; the [`Registry`] maps
//!   names to actions, refuses duplicates and enables or disables each.
//! - The campaign handlers (feature `campaign-ops`, on by default): [`CAMPAIGN_TICK`],
//!   [`ESCALATE_OVERDUE_TASKS`], [`WEEKLY_CAMPAIGN_SUMMARY`].
//! - The [`Daemon`]: runs each enabled action once per period, recorded in the store's run
//!   ledger (`"CAMPAIGN_TICK 2026-11-25"`) in the same transaction as the handler's effects;
//!   catches up missed periods (bounded), retries failures with backoff and jitter, and stops
//!   cleanly on SIGTERM / Ctrl-C.
//! - Any backend: the daemon and the handlers run on [`Ops`], the service over an
//!   [`AnyStore`](campaign_ops_core::AnyStore), so this crate depends on no store; the host
//!   picks one (`campaign_ops::redb_daemon` in the facade builds the daemon on the embedded
//!   RedbStore).
//! - Host state: values the host hands the daemon ([`Daemon::with_state`]), one per type,
//!   which handlers read with [`ActionContext::state`].
//!
//! ```no_run
//! use campaign_ops_actions::{Daemon, DaemonConfig, Registry};
//! use campaign_ops_core::{Store, SystemClock};
//!
//! /// The host's settings for its own handlers.
//! struct OutboxDir(std::path::PathBuf);
//!
//! # async fn demo(store: impl Store + std::fmt::Debug + 'static) -> Result<(), Box<dyn std::error::Error>> {
//! let daemon = Daemon::on(store, SystemClock, Registry::build()?, DaemonConfig::default())?
//!     .with_state(OutboxDir("/var/lib/outbox".into()));
//! daemon.run().await?; // until SIGTERM or Ctrl-C
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "campaign-ops")]
pub mod campaign;
pub mod context;
pub mod daemon;
pub mod due;
pub mod error;
pub mod ledger;
pub mod registry;
pub mod schedule;
pub mod spec;
pub mod state;

pub use context::{ActionContext, Ops, SharedClock, ops};
pub use daemon::{Daemon, DaemonConfig, DaemonStats, RunOutcome, shutdown_signal, wake_daemon};
pub use due::{Due, DueKind, Plan};
pub use error::{ActionError, DaemonError, RegistryError};
pub use ledger::RetryPolicy;
pub use registry::{RegisteredAction, Registry};
pub use schedule::{Period, Schedule, hm};
pub use spec::{ActionHandler, ActionReport, ActionSpec, RunFn};
pub use state::StateMap;

// Re-exported so that hosts can `inventory::submit!` without depending on inventory.
pub use inventory;

/// The daily sweep over active campaigns.
pub const CAMPAIGN_TICK: &str = "CAMPAIGN_TICK";
/// The escalation of overdue tasks to campaign owners.
pub const ESCALATE_OVERDUE_TASKS: &str = "ESCALATE_OVERDUE_TASKS";
/// The weekly summary per campaign.
pub const WEEKLY_CAMPAIGN_SUMMARY: &str = "WEEKLY_CAMPAIGN_SUMMARY";
/// The names of the campaign handlers, registered only with the feature `campaign-ops`.
pub const CAMPAIGN_ACTIONS: [&str; 3] = [
    CAMPAIGN_TICK,
    ESCALATE_OVERDUE_TASKS,
    WEEKLY_CAMPAIGN_SUMMARY,
];

/// References the campaign handlers (with the feature `campaign-ops`) so that the linker
/// keeps their `inventory` submissions. [`Registry::build`] calls it; a host that iterates
/// `inventory` itself should call it too. Without the feature it does nothing.
pub fn link() {
    #[cfg(feature = "campaign-ops")]
    campaign::link();
}
