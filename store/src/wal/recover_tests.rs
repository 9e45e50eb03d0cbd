//! Recovery refuses pending entries written for another schema version (before anything
//! is written), and replays them once the header matches.

use std::os::unix::fs::FileExt;

use campaign_ops_core::{Sequence, Store};

use super::super::frame::{Header, encode_header, slot_of};
use super::super::{WalError, log_path};
use super::*;

/// Rewrites the current header of the log at `path` with schema `schema`.
fn restamp(path: &Path, schema: u32) {
    let wal = Wal::open(path).unwrap().unwrap();
    let h = wal.header().clone();
    let bytes = encode_header(&Header {
        schema,
        ..h.clone()
    });
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.write_all_at(&bytes, slot_of(h.epoch)).unwrap();
}

#[test]
fn pending_entries_of_another_schema_version_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.redb");
    let store = crate::RedbStore::open(&path).unwrap();
    let id = store.write(|tx| tx.next_id(Sequence::Campaign)).unwrap();
    let image = dir.path().join("image.redb");
    std::fs::copy(&path, &image).unwrap();
    std::fs::copy(log_path(&path), log_path(&image)).unwrap();
    drop(store);

    restamp(&log_path(&image), crate::SCHEMA_VERSION - 1);
    let err = crate::RedbStore::open(&image).unwrap_err();
    match WalError::of(&err) {
        Some(WalError::SchemaMismatch {
            log_schema,
            db_schema,
            ..
        }) => assert_eq!(
            (*log_schema, *db_schema),
            (crate::SCHEMA_VERSION - 1, crate::SCHEMA_VERSION)
        ),
        _ => panic!("not a schema mismatch: {err}"),
    }
    // Nothing was replayed: with the right header the entry is still there to replay.
    restamp(&log_path(&image), crate::SCHEMA_VERSION);
    let store = crate::RedbStore::open(&image).unwrap();
    assert_eq!(store.log_status().unwrap().replayed_at_open, 1);
    let next = store.write(|tx| tx.next_id(Sequence::Campaign)).unwrap();
    assert_eq!(next, id + 1);
}
