//! Core's conformance suite, the same every backend runs, on RedbStore in memory and on a
//! file.

use campaign_ops_core::conformance;
use campaign_ops_store::RedbStore;

#[test]
fn the_conformance_suite_passes_in_memory() {
    conformance::run_all(|| RedbStore::in_memory().expect("an in-memory store"));
}

#[test]
fn the_conformance_suite_passes_on_a_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let n = std::cell::Cell::new(0);
    conformance::run_all(|| {
        n.set(n.get() + 1);
        RedbStore::open(dir.path().join(format!("conformance-{}.redb", n.get())))
            .expect("a store on a file")
    });
}
