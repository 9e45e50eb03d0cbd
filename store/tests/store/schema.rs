//! Schema versions: new files are stamped 6, files of versions 1 to 5 (written here in
//! those layouts from the v5 fixture's records) migrate, newer files are refused.

use campaign_ops_core::conformance::campaign;
use campaign_ops_core::model::*;
use campaign_ops_core::{Error, StorageError};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION, legacy_v5};
use redb::{ReadableDatabase, ReadableTableMetadata, TableDefinition, TableHandle};

use crate::dump::*;
use crate::support::*;

/// The v6 `meta` table as the file format defines it, independent of the crate's code.
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");

fn raw_version(path: &std::path::Path) -> Option<u32> {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let meta = txn.open_table(META).ok()?;
    let v = meta.get("schema_version").unwrap()?;
    Some(u32::from_be_bytes(v.value().try_into().unwrap()))
}

fn raw_tables(path: &std::path::Path) -> Vec<String> {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let mut names: Vec<String> = txn
        .list_tables()
        .unwrap()
        .map(|t| t.name().to_owned())
        .collect();
    names.sort();
    names
}

fn raw_len(path: &std::path::Path, table: &str) -> u64 {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let handle = txn
        .list_tables()
        .unwrap()
        .find(|t| t.name() == table)
        .unwrap();
    txn.open_untyped_table(handle).unwrap().len().unwrap()
}

#[test]
fn new_databases_are_stamped_current() {
    assert_eq!(SCHEMA_VERSION, 8);
    assert_eq!(RedbStore::in_memory().unwrap().schema_version().unwrap(), 8);
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 8);
    drop(store);
    assert_eq!(raw_version(&path), Some(8));
    assert_eq!(raw_tables(&path), ["index", "meta", "records"]);
}

/// The fixture's dump as frozen v5 records.
fn v5_dump() -> legacy_v5::Dump {
    serde_json::from_value(fixture_dump()).unwrap()
}

/// Writes a file of `version`, opens (migrates) it and checks it against the dump.
fn migrates(version: u32, keep_meta: bool) {
    let (_dir, path) = temp_db();
    RedbStore::write_legacy_file(&path, version, keep_meta, &v5_dump()).unwrap();
    let old_tables = raw_tables(&path);
    assert!(
        old_tables.iter().any(|t| t == "campaigns"),
        "{old_tables:?}"
    );
    assert_eq!(old_tables.iter().any(|t| t == "meta"), keep_meta);

    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 8, "from version {version}");
    assert_eq!(store.table_names().unwrap(), ["index", "meta", "records"]);
    let dump = fixture_dump();
    // Versions 1 and 2 had no summaries or runs: the steps create those tables empty.
    let kinds: &[&str] = if version >= 3 {
        &ALL_KINDS
    } else {
        &ALL_KINDS[..5]
    };
    assert_holds(&store, &dump, kinds);
    assert_holds(&store, &dump, &["audit"]);
    assert_chain_intact(&store);
    if version < 3 {
        let runs = read(&store, |tx| tx.action_runs("CAMPAIGN_TICK", None, false, 9));
        assert!(runs.is_empty());
    }
    // Sequences continue after the records' ids.
    let next = write(&store, |tx| tx.next_id(campaign_ops_core::Sequence::Task));
    let max_task = max_id(&dump, "tasks");
    assert_eq!(Some(next), max_task.map(|m| m + 1));
    drop(store);
    assert_eq!(raw_version(&path), Some(8), "stamped on disk");
    assert_eq!(RedbStore::open(&path).unwrap().schema_version().unwrap(), 8);
}

#[test]
fn versions_1_to_5_migrate() {
    for version in 1..=5 {
        migrates(version, true);
    }
}

#[test]
fn file_without_meta_but_with_data_is_version_1() {
    migrates(1, false);
}

#[test]
fn newer_schema_is_refused_and_the_file_left_untouched() {
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    write(&store, |tx| {
        tx.put_campaign(&campaign(1, "Kept", CampaignStatus::Active))
    });
    store.tamper_schema_version(SCHEMA_VERSION + 1).unwrap();
    drop(store);
    let tables_before = raw_tables(&path);
    let records_before = raw_len(&path, "records");

    let err = RedbStore::open(&path).unwrap_err();
    assert_eq!(
        err,
        Error::Storage(StorageError::SchemaTooNew {
            found: SCHEMA_VERSION + 1,
            supported: SCHEMA_VERSION,
        })
    );
    assert!(err.to_string().contains("newer"), "{err}");
    // Nothing was committed (redb rewrites its own header on open and close, so the bytes
    // are not compared).
    assert_eq!(raw_version(&path), Some(SCHEMA_VERSION + 1));
    assert_eq!(raw_tables(&path), tables_before);
    assert_eq!(raw_len(&path, "records"), records_before);
    // Refused again, and the file is not left locked by the refused open.
    assert!(RedbStore::open(&path).is_err());
}

#[test]
fn version_zero_is_corrupt() {
    let (_dir, path) = temp_db();
    RedbStore::open(&path)
        .unwrap()
        .tamper_schema_version(0)
        .unwrap();
    match RedbStore::open(&path).unwrap_err() {
        Error::Storage(StorageError::Corrupt { table, .. }) => assert_eq!(table, "meta"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn a_bad_legacy_record_fails_the_migration_and_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut dump = v5_dump();
    // A summary of a week that does not exist: decodes as v5 bytes, refused as data.
    dump.weekly_summaries[0].week = legacy_v5::ReportWeek("2026-W99".into());
    RedbStore::write_legacy_file(&path, 5, true, &dump).unwrap();
    let before = raw_tables(&path);
    match RedbStore::open(&path).unwrap_err() {
        Error::Storage(StorageError::Corrupt { table, .. }) => {
            assert_eq!(table, "weekly_summaries")
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert_eq!(
        raw_tables(&path),
        before,
        "the failed migration committed nothing"
    );
    assert_eq!(raw_len(&path, "campaigns"), 5);
}

#[test]
fn sequences_behind_their_records_are_raised_past_them() {
    let (_dir, path) = temp_db();
    RedbStore::write_legacy_file(&path, 5, true, &v5_dump()).unwrap();
    {
        // A v5 file whose sequences lag its records: the task sequence behind, the others
        // missing (the v5 layout's own table type).
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let def: TableDefinition<&str, u64> = TableDefinition::new("sequences");
        txn.delete_table(def).unwrap();
        txn.open_table(def).unwrap().insert("task", 3).unwrap();
        txn.commit().unwrap();
    }
    let store = RedbStore::open(&path).unwrap();
    let dump = fixture_dump();
    let max = |kind: &str| max_id(&dump, kind).unwrap();
    let next = write(&store, |tx| {
        Ok((
            tx.next_id(campaign_ops_core::Sequence::Task)?,
            tx.next_id(campaign_ops_core::Sequence::Campaign)?,
            tx.next_id(campaign_ops_core::Sequence::CalendarItem)?,
        ))
    });
    assert_eq!(
        next,
        (
            max("tasks") + 1,
            max("campaigns") + 1,
            max("calendar_items") + 1
        )
    );
}
