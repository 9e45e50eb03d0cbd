//! campaign-ops: plan, schedule and run marketing campaigns.
//!
//! This facade is what a host application links. It re-exports the domain
//! ([`core`]), the embedded default store ([`store`]) and the action registry and daemon
//! ([`actions`]), and builds the daemon on the embedded store in one call
//! ([`redb_daemon`]).
//!
//! The README follows; its Rust examples are compiled as doctests, so they stay true.
#![doc = include_str!("../README.md")]

pub use campaign_ops_actions as actions;
pub use campaign_ops_core as core;
pub use campaign_ops_store as store;

pub use campaign_ops_core::*;
pub use campaign_ops_store::{RedbStore, RedbStoreBuilder};

use std::path::Path;

use campaign_ops_actions::{Daemon, DaemonConfig, DaemonError, Registry};
use campaign_ops_store::{DoctorReport, RegisteredActions};

/// The daemon on the embedded database at `path` (created when missing): every action
/// submitted with `inventory` in the program ([`Registry::build`]: the campaign handlers
/// with the feature `campaign-ops`, and the host's own), time from `clock`, `config`
/// checked. Add the host's state with [`Daemon::with_state`]; for another store or a
/// registry of its own, a host calls [`Daemon::on`] instead:
/// `Daemon::on(store, clock, registry, config)`.
///
/// ```no_run
/// use campaign_ops::SystemClock;
/// use campaign_ops::actions::DaemonConfig;
///
/// # async fn demo() -> Result<(), campaign_ops::actions::DaemonError> {
/// let daemon = campaign_ops::redb_daemon("campaign-ops.redb", SystemClock, DaemonConfig::default())?;
/// daemon.run().await?; // until SIGTERM or Ctrl-C
/// # Ok(())
/// # }
/// ```
pub fn redb_daemon(
    path: impl AsRef<Path>,
    clock: impl Clock + 'static,
    config: DaemonConfig,
) -> Result<Daemon, DaemonError> {
    let store = RedbStore::open(path)?;
    Daemon::on(store, clock, Registry::build()?, config)
}

/// What `registry` holds, in the form `doctor` reports it: every action with whether it is
/// enabled, and whether the campaign handlers (feature `campaign-ops`) are among them.
pub fn registered_actions(registry: &Registry) -> RegisteredActions {
    RegisteredActions {
        actions: registry
            .names()
            .map(|n| (n.to_owned(), registry.is_enabled(n)))
            .collect(),
        campaign_handlers: campaign_ops_actions::CAMPAIGN_ACTIONS
            .iter()
            .all(|a| registry.get(a).is_some()),
    }
}

/// The `doctor` report of `store` for this program's actions ([`Registry::build`]): schema
/// version, registered actions, each action's last run and failures, index consistency,
/// orphans, counts, the audit chain, the ledger. [`DoctorReport::is_healthy`] is false when
/// anything is wrong; its `Display` is the list `campaign-ops doctor` prints.
pub fn doctor(store: &RedbStore) -> Result<DoctorReport, DaemonError> {
    Ok(store.doctor(&registered_actions(&Registry::build()?))?)
}
