//! The actions crate's own tests on the in-memory test store (`MemoryStore`, feature
//! `testing` of campaign-ops-core): the daemon's ledger rules, its async loop, host state and
//! handler objects, the bounded reads of `due::plan` and of the campaign handlers. The same
//! rules on the embedded RedbStore, across reopened files and killed processes, are in the
//! facade's `tests/it`.

mod bounded;
#[cfg(feature = "campaign-ops")]
mod campaign;
mod ledger;
mod looping;
mod state;
mod support;
