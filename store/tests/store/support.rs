//! Shared fixtures: temp files, stores on memory and on a file, and the must-succeed
//! transactions. Records come from the conformance suite's builders
//! (`campaign_ops_core::conformance::{campaign, task, ...}`), the same every backend uses.

use std::path::PathBuf;

use campaign_ops_core::{ReadTx, Result, Store, WriteTx};
use campaign_ops_store::RedbStore;

/// A file of the committed fixture dir `tests/fixtures/<dir>/` (written by an earlier build).
pub fn fixture(dir: &str, name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

/// A copy of `tests/fixtures/<dir>/workspace.redb` in a temp dir (the committed file is
/// never opened, so a migration cannot change it).
pub fn fixture_copy(dir: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, path) = temp_db();
    std::fs::copy(fixture(dir, "workspace.redb"), &path).unwrap();
    (tmp, path)
}

/// The stored schema version of the file at `path`, read with redb alone.
pub fn raw_version(path: &std::path::Path) -> u32 {
    use redb::ReadableDatabase;
    const META: redb::TableDefinition<&str, &[u8]> = redb::TableDefinition::new("meta");
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let meta = txn.open_table(META).unwrap();
    let v = meta.get("schema_version").unwrap().unwrap();
    u32::from_be_bytes(v.value().try_into().unwrap())
}

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
