//! Shared fixtures: temp files, stores on memory and on a file, and the must-succeed
//! transactions. Records come from the conformance suite's builders
//! (`campaign_ops_core::conformance::{campaign, task, ...}`), the same every backend uses.

use std::path::PathBuf;

use campaign_ops_core::{ReadTx, Result, Store, WriteTx};
use campaign_ops_store::RedbStore;

/// A temp dir (kept alive by the caller) and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.redb");
    (dir, path)
}

/// Runs `check` on an in-memory store and on a fresh file store.
pub fn on_both(check: impl Fn(&RedbStore)) {
    check(&RedbStore::in_memory().unwrap());
    let (_dir, path) = temp_db();
    check(&RedbStore::open(&path).unwrap());
}

/// A write that must succeed.
#[track_caller]
pub fn write<R>(store: &RedbStore, mut f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> R {
    store.write(|tx| f(tx)).expect("write transaction failed")
}

/// A read that must succeed.
#[track_caller]
pub fn read<R>(store: &RedbStore, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> R {
    store.read(f).expect("read transaction failed")
}

/// Ids of records, for comparing orders.
pub fn ids<T>(records: &[T], id: impl Fn(&T) -> u64) -> Vec<u64> {
    records.iter().map(id).collect()
}
