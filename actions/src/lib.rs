//! campaign-ops-actions: scheduled actions for campaign-ops.
//!
//! - [`ActionSpec`] (name, [`Schedule`], handler) collected with `inventory`; the
//!   [`Registry`] maps names to specs, refuses duplicates and enables or disables each.
//! - The campaign handlers (feature `campaign-ops`, on by default): [`CAMPAIGN_TICK`],
//!   [`ESCALATE_OVERDUE_TASKS`], [`WEEKLY_CAMPAIGN_SUMMARY`].
//! - The [`Daemon`]: runs each enabled action once per period, recorded in the store's run
//!   ledger (`"CAMPAIGN_TICK 2026-11-25"`) in the same transaction as the handler's effects;
//!   catches up missed periods (bounded), retries failures with backoff and jitter, and stops
//!   cleanly on SIGTERM / Ctrl-C.
//!
//! ```no_run
//! use campaign_ops_actions::{Daemon, DaemonConfig, Registry, ops};
//! use campaign_ops_core::SystemClock;
//! use campaign_ops_store::RedbStore;
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let ops = ops(RedbStore::open("campaign-ops.redb")?, SystemClock);
//! let daemon = Daemon::new(ops, Registry::build()?, DaemonConfig::default())?;
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

pub use context::{ActionContext, Ops, SharedClock, ops};
pub use daemon::{Daemon, DaemonConfig, DaemonStats, RunOutcome, shutdown_signal};
pub use due::{Due, DueKind, Plan};
pub use error::{ActionError, DaemonError, RegistryError};
pub use ledger::RetryPolicy;
pub use registry::Registry;
pub use schedule::{Period, Schedule, hm};
pub use spec::{ActionReport, ActionSpec, RunFn};

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
