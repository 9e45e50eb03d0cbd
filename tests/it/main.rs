//! The one integration-test binary of campaign-ops: a module per area, all on the real
//! RedbStore (in memory or in a temp file) and a FixedClock. The daemon's ledger rules run
//! on RedbStore and MemoryStore alike in the actions crate's tests (`actions/tests/daemon`);
//! here, the daemon killed in a child process (`kill`, `kill_handlers`), the writer kill
//! loop (`writer_kill`), injected I/O faults (`faults`), doctor and backup (`operations`).

mod actions;
mod audit;
mod bad_input;
mod calendar;
// The campaign handlers at work: needs them.
#[cfg(feature = "campaign-ops")]
mod campaign_handlers;
mod campaign_rules;
mod campaigns;
// Injected I/O faults (write, sync, read, disk full) swept over the workload's calls.
#[cfg(feature = "campaign-ops")]
mod faults;
// Late and caught-up runs of the campaign handlers.
#[cfg(feature = "campaign-ops")]
mod catch_up;
// The real weekly summary beside a busy hourly action: needs the campaign handlers.
#[cfg(feature = "campaign-ops")]
mod fairness;
mod fixture;
// What the fuzz targets in fuzz/ found, replayed through their properties.
mod fuzz_regressions;
mod ics_uids;
mod kill;
// The daemon with the real handlers killed mid-run: each period's effects once.
#[cfg(feature = "campaign-ops")]
mod kill_handlers;
mod operator;
// doctor and backup with this program's registry.
#[cfg(feature = "campaign-ops")]
mod operations;
mod persistence;
mod plan_campaign;
mod planning;
mod reports;
mod support;
mod task_moves;
// The stream of real calls (and the real handlers) the crash and fault tests run.
#[cfg(feature = "campaign-ops")]
mod workload;
// SIGKILL at random points while writing.
#[cfg(feature = "campaign-ops")]
mod writer_kill;
// campaign-ops' X count against twitter-text 3.1.0 (node).
mod x_counting;
