//! Schema versions: new files are stamped, version-1 files migrate, newer files are refused.

use campaign_ops_core::model::*;
use campaign_ops_core::{Error, ReadTx, StorageError, Store, TaskScope};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};
use redb::{ReadableDatabase, ReadableTableMetadata, TableDefinition, TableHandle};

use crate::support::*;

/// The `meta` table as the file format defines it, independent of the crate's code.
const META: TableDefinition<&str, u32> = TableDefinition::new("meta");

/// Tables added after version 1 (versions 2 to 4).
const V2_TABLES: [&str; 6] = [
    "campaigns_by_status",
    "open_task_briefs_by_assignee_due",
    "task_briefs_by_campaign_due",
    "metrics_by_campaign_time",
    "weekly_summaries",
    "action_runs",
];

fn raw_version(path: &std::path::Path) -> Option<u32> {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let meta = txn.open_table(META).ok()?;
    meta.get("schema_version").unwrap().map(|v| v.value())
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
    assert_eq!(SCHEMA_VERSION, 5);
    assert_eq!(RedbStore::in_memory().unwrap().schema_version().unwrap(), 5);
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    let names = store.table_names().unwrap();
    for table in V2_TABLES
        .iter()
        .chain(&["meta", "campaigns", "tasks", "audit", "sequences"])
    {
        assert!(
            names.iter().any(|n| n == table),
            "{table} missing from {names:?}"
        );
    }
    drop(store);
    assert_eq!(raw_version(&path), Some(5));
}

/// A file in the version-1 layout, with campaigns in several statuses and tasks that are
/// open/closed, assigned/unassigned.
fn v1_file(keep_meta: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    store
        .write(|tx| {
            tx.put_campaign(&campaign(1, "Draft one", CampaignStatus::Draft))?;
            tx.put_campaign(&campaign(2, "Active one", CampaignStatus::Active))?;
            tx.put_campaign(&campaign(3, "Active two", CampaignStatus::Active))?;
            tx.put_task(&task(1, 2, Some("ana"), 5, TaskStatus::Pending))?;
            tx.put_task(&task(2, 2, Some("ana"), 1, TaskStatus::Completed))?;
            tx.put_task(&task(3, 3, Some("ana"), 3, TaskStatus::Blocked))?;
            tx.put_task(&task(4, 3, None, 2, TaskStatus::Pending))?;
            tx.put_task(&task(5, 3, Some("bob"), 4, TaskStatus::InProgress))?;
            tx.append_audit(&audit(1, Some(2)))
        })
        .unwrap();
    store.tamper_downgrade_to_v1(keep_meta).unwrap();
    let names = store.table_names().unwrap();
    for table in V2_TABLES {
        assert!(
            !names.iter().any(|n| n == table),
            "{table} still in {names:?}"
        );
    }
    assert_eq!(names.iter().any(|n| n == "meta"), keep_meta);
    drop(store);
    assert_eq!(raw_version(&path), keep_meta.then_some(1));
    (dir, path)
}

fn assert_migrated(path: &std::path::Path) {
    let store = RedbStore::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    let check = |tx: &dyn ReadTx| -> campaign_ops_core::Result<()> {
        let ids = |cs: Vec<Campaign>| cs.iter().map(|c| c.id.0).collect::<Vec<_>>();
        assert_eq!(ids(tx.campaigns(Some(CampaignStatus::Active))?), [2, 3]);
        assert_eq!(ids(tx.campaigns(Some(CampaignStatus::Draft))?), [1]);
        assert_eq!(ids(tx.campaigns(Some(CampaignStatus::Paused))?), [0u64; 0]);
        let due = |who: &str| -> campaign_ops_core::Result<Vec<u64>> {
            let tasks = tx.open_tasks_due(&TaskScope::Assignee(who.into()), at(0), at(24))?;
            Ok(tasks.iter().map(|t| t.id.0).collect())
        };
        assert_eq!(due("ana")?, [3, 1], "open tasks of ana, by due time");
        assert_eq!(due("bob")?, [5]);
        // Version 4's queue index carries the briefs.
        let briefs = tx.open_task_briefs_for_assignee("ana", at(0), at(24))?;
        assert_eq!(briefs.iter().map(|b| b.id.0).collect::<Vec<_>>(), [3, 1]);
        assert_eq!(briefs[1], tx.task(TaskId(1))?.unwrap().brief());
        // The version-1 indexes are intact too.
        let all = tx.open_tasks_due(&TaskScope::All, at(0), at(24))?;
        assert_eq!(all.iter().map(|t| t.id.0).collect::<Vec<_>>(), [4, 3, 5, 1]);
        assert_eq!(tx.campaign_id_by_name("active one")?, Some(CampaignId(2)));
        assert_eq!(tx.audit_for_campaign(CampaignId(2))?.len(), 1);
        // Version 3's index of every task by campaign and due time, built from the records.
        let due3 = tx.tasks_due(CampaignId(3), at(0), at(24))?;
        assert_eq!(due3.iter().map(|t| t.id.0).collect::<Vec<_>>(), [4, 3, 5]);
        let due2 = tx.tasks_due(CampaignId(2), at(0), at(24))?;
        assert_eq!(due2.iter().map(|t| t.id.0).collect::<Vec<_>>(), [2, 1]);
        let briefs3 = tx.task_briefs_due(CampaignId(3), at(0), at(24))?;
        let expected: Vec<_> = due3
            .iter()
            .map(campaign_ops_core::OperatorTask::brief)
            .collect();
        assert_eq!(briefs3, expected);
        Ok(())
    };
    store.read(check).unwrap();
    let names = store.table_names().unwrap();
    for replaced in ["open_tasks_by_assignee_due", "tasks_by_campaign_due"] {
        assert!(
            !names.iter().any(|n| n == replaced),
            "{replaced} was replaced by a covering index: {names:?}"
        );
    }
    // The migrated indexes are maintained from here on.
    store
        .write(|tx| {
            tx.put_campaign(&campaign(1, "Draft one", CampaignStatus::Active))?;
            tx.put_task(&task(3, 3, Some("ana"), 3, TaskStatus::Skipped))
        })
        .unwrap();
    store
        .read(|tx| {
            assert_eq!(tx.campaigns(Some(CampaignStatus::Draft))?, []);
            assert_eq!(tx.campaigns(Some(CampaignStatus::Active))?.len(), 3);
            let ana = tx.open_tasks_due(&TaskScope::Assignee("ana".into()), at(0), at(24))?;
            assert_eq!(ana.iter().map(|t| t.id.0).collect::<Vec<_>>(), [1]);
            Ok(())
        })
        .unwrap();
    let names = store.table_names().unwrap();
    for table in V2_TABLES {
        assert!(names.iter().any(|n| n == table), "{table} not created");
    }
    drop(store);
    assert_eq!(raw_version(path), Some(5), "stamped on disk");
    // Opening again does not migrate again (and still works).
    assert_eq!(RedbStore::open(path).unwrap().schema_version().unwrap(), 5);
}

#[test]
fn version_1_file_is_migrated() {
    let (_dir, path) = v1_file(true);
    assert_migrated(&path);
}

#[test]
fn file_without_meta_but_with_data_is_version_1() {
    let (_dir, path) = v1_file(false);
    assert_migrated(&path);
}

#[test]
fn newer_schema_is_refused_and_the_file_left_untouched() {
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    store
        .write(|tx| tx.put_campaign(&campaign(1, "Kept", CampaignStatus::Active)))
        .unwrap();
    store.tamper_schema_version(SCHEMA_VERSION + 1).unwrap();
    drop(store);
    let tables_before = raw_tables(&path);

    let err = RedbStore::open(&path).unwrap_err();
    assert_eq!(
        err,
        Error::Storage(StorageError::SchemaTooNew {
            found: SCHEMA_VERSION + 1,
            supported: SCHEMA_VERSION,
        })
    );
    assert!(err.to_string().contains("newer"), "{err}");
    // Nothing was committed: still stamped with the newer version, still only the tables
    // and records it had. (redb itself rewrites its header on open and close, so the bytes
    // are not compared.)
    assert_eq!(raw_version(&path), Some(SCHEMA_VERSION + 1));
    assert_eq!(raw_tables(&path), tables_before);
    assert_eq!(raw_len(&path, "campaigns"), 1);
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
