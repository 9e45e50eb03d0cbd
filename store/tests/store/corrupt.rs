//! A damaged record is reported as `StorageError::Corrupt`, never a panic.

use campaign_ops_core::model::*;
use campaign_ops_core::{Error, StorageError, Store, TaskScope};
use campaign_ops_store::RedbStore;

use crate::support::*;

fn corrupt_table<T: std::fmt::Debug>(result: campaign_ops_core::Result<T>) -> String {
    match result {
        Err(Error::Storage(StorageError::Corrupt { table, message })) => {
            assert!(!message.is_empty());
            table
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn damaged_records_are_corrupt_errors() {
    let store = RedbStore::in_memory().unwrap();
    store
        .write(|tx| {
            tx.put_campaign(&campaign(1, "A", CampaignStatus::Active))?;
            tx.put_task(&task(1, 1, Some("ana"), 1, TaskStatus::Pending))?;
            tx.append_audit(&audit(1, Some(1)))
        })
        .unwrap();

    // Garbage payload, an unknown format version, an empty value.
    store
        .tamper_raw_record("campaigns", 1, &[1, 0xff, 0xff, 0xff])
        .unwrap();
    store
        .tamper_raw_record("tasks", 1, &[200, 1, 2, 3])
        .unwrap();
    store.tamper_raw_record("audit", 1, &[]).unwrap();

    assert_eq!(
        corrupt_table(store.read(|tx| tx.campaign(CampaignId(1)))),
        "campaigns"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.campaigns(None))),
        "campaigns"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.campaigns(Some(CampaignStatus::Active)))),
        "campaigns"
    );
    assert_eq!(corrupt_table(store.read(|tx| tx.task(TaskId(1)))), "tasks");
    assert_eq!(
        corrupt_table(store.read(|tx| tx.open_tasks_due(&TaskScope::All, at(0), at(9)))),
        "tasks"
    );
    assert_eq!(corrupt_table(store.read(|tx| tx.last_audit())), "audit");
    assert_eq!(
        corrupt_table(store.read(|tx| tx.audit_entries(None, 5))),
        "audit"
    );
    // A write that has to read the damaged record fails the same way and changes nothing.
    let put = store.write(|tx| tx.put_task(&task(1, 1, None, 2, TaskStatus::Pending)));
    assert_eq!(corrupt_table(put), "tasks");
    // Records beside the damaged ones still read.
    store
        .write(|tx| tx.put_campaign(&campaign(2, "B", CampaignStatus::Draft)))
        .unwrap();
    assert!(
        store
            .read(|tx| tx.campaign(CampaignId(2)))
            .unwrap()
            .is_some()
    );
}

#[test]
fn tamper_hooks_bypass_append_only() {
    let store = RedbStore::in_memory().unwrap();
    store
        .write(|tx| (1..=3).try_for_each(|seq| tx.append_audit(&audit(seq, Some(7)))))
        .unwrap();
    store
        .tamper_audit(AuditSeq(2), |e| e.actor = "mallory".into())
        .unwrap();
    assert!(store.tamper_delete_audit(AuditSeq(3)).unwrap());
    assert!(!store.tamper_delete_audit(AuditSeq(3)).unwrap());
    assert_eq!(
        store.tamper_audit(AuditSeq(9), |_| {}),
        Err(Error::not_found(EntityKind::AuditEntry, 9))
    );
    store
        .read(|tx| {
            let entries = tx.audit_entries(None, 10)?;
            assert_eq!(entries.len(), 2);
            assert_eq!(entries[1].actor, "mallory");
            assert_eq!(tx.audit_for_campaign(CampaignId(7))?.len(), 2);
            Ok(())
        })
        .unwrap();
}
