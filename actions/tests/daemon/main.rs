//! The actions crate's own tests. The daemon's ledger rules (restarts, catch-up, retries)
//! and its async loop run once on each backend: the in-memory test store (`MemoryStore`,
//! feature `testing` of campaign-ops-core) and the embedded RedbStore (a dev-dependency
//! only: the crate names no backend), which the restart tests reopen from a file. Host state
//! and handler objects, the bounded reads of `due::plan` and the campaign handlers run on
//! the in-memory store. The daemon killed in a child process is in the facade's `tests/it`.

#[macro_use]
mod support;

mod bounded;
#[cfg(feature = "campaign-ops")]
mod campaign;
mod catch_up;
mod lease;
mod looping;
mod restarts;
mod retries;
mod state;
mod switched_off;
