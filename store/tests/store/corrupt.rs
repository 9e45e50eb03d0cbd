//! A damaged record is reported as `StorageError::Corrupt`, never a panic.

use campaign_ops_core::conformance::{at, audit, campaign, metric_at, task};
use campaign_ops_core::model::*;
use campaign_ops_core::{CampaignQuery, Error, StorageError, Store};
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
    write(&store, |tx| {
        tx.put_campaign(&campaign(1, "A", CampaignStatus::Active))?;
        tx.put_task(&task(1, 1, Some("ana"), at(1), TaskStatus::Pending))?;
        tx.put_metric(&metric_at(1, 1, at(2)))?;
        tx.append_audit(&audit(1, Some(1)))
    });

    // Garbage payload, an unknown format version, an empty value, an unknown enum code.
    store
        .tamper_raw_record("campaigns", 1, &[1, 0xff, 0xff, 0xff])
        .unwrap();
    store
        .tamper_raw_record("tasks", 1, &[200, 1, 2, 3])
        .unwrap();
    store.tamper_raw_record("audit", 1, &[]).unwrap();
    // A metric whose kind code (the fourth field) is 99: decodes as postcard, fails as data.
    store
        .tamper_raw_record(
            "metrics",
            1,
            &[1, 1, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        )
        .unwrap();

    let page = CampaignQuery::first(10);
    assert_eq!(
        corrupt_table(store.read(|tx| tx.campaign(CampaignId(1)))),
        "records"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.campaign_page(&page))),
        "records"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.task(TaskId(1)))),
        "records"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.open_tasks_due(CampaignId(1), at(0), at(9), 10))),
        "records"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.metrics_page(CampaignId(1), None, 10))),
        "records"
    );
    assert_eq!(
        corrupt_table(store.read(|tx| tx.audit_entries(None, 5))),
        "records"
    );
    // Messages name the record.
    let err = store.read(|tx| tx.task(TaskId(1))).unwrap_err();
    assert!(err.to_string().contains("task 1"), "{err}");
    // A write that has to read the damaged record fails the same way and changes nothing.
    let put = store.write(|tx| tx.put_task(&task(1, 1, None, at(2), TaskStatus::Pending)));
    assert_eq!(corrupt_table(put), "records");
    let put = store.write(|tx| tx.put_campaign(&campaign(1, "A", CampaignStatus::Paused)));
    assert_eq!(corrupt_table(put), "records");
    // Records beside the damaged ones still read and write.
    write(&store, |tx| {
        tx.put_campaign(&campaign(2, "B", CampaignStatus::Draft))
    });
    assert!(read(&store, |tx| tx.campaign(CampaignId(2))).is_some());
    // The head lives in meta: appending needs no readable previous entry.
    write(&store, |tx| tx.append_audit(&audit(2, None)));
}

#[test]
fn tamper_hooks_bypass_append_only() {
    let store = RedbStore::in_memory().unwrap();
    write(&store, |tx| {
        (1..=3).try_for_each(|seq| tx.append_audit(&audit(seq, Some(7))))
    });
    store
        .tamper_audit(AuditSeq(2), |e| e.actor = "mallory".into())
        .unwrap();
    assert!(store.tamper_delete_audit(AuditSeq(3)).unwrap());
    assert!(!store.tamper_delete_audit(AuditSeq(3)).unwrap());
    assert!(matches!(
        store.tamper_audit(AuditSeq(9), |_| {}),
        Err(Error::NotFound { .. })
    ));
    read(&store, |tx| {
        let entries = tx.audit_entries(None, 10)?;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].actor, "mallory");
        assert_eq!(tx.audit_for_campaign(CampaignId(7), None, 10)?.len(), 2);
        // The head is untouched by the edits: deleting the tail shows against it.
        assert_eq!(tx.audit_head()?.map(|h| h.0), Some(AuditSeq(3)));
        Ok(())
    });
}
