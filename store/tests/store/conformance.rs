//! The Store conformance suite from core, on memory and on files.

use std::cell::Cell;

use campaign_ops_core::conformance;
use campaign_ops_store::RedbStore;

#[test]
fn in_memory_store_conforms() {
    conformance::run_all(|| RedbStore::in_memory().unwrap());
}

#[test]
fn file_store_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let n = Cell::new(0);
    conformance::run_all(|| {
        n.set(n.get() + 1);
        RedbStore::open(dir.path().join(format!("db-{}.redb", n.get()))).unwrap()
    });
}
