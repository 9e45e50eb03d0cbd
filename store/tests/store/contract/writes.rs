//! Transactions: own writes visible, failed writes change nothing, snapshots stay put,
//! sequences, one attempt per `write_once`.

use std::cell::Cell;

use campaign_ops_core::model::*;
use campaign_ops_core::{CampaignQuery, Error, Sequence, Store};
use campaign_ops_store::RedbStore;

use crate::support::*;

#[test]
fn a_write_sees_its_own_changes_and_a_failed_one_changes_nothing() {
    on_both(|store| {
        let result: campaign_ops_core::Result<()> = store.write(|tx| {
            let id = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(id, "Seen", CampaignStatus::Active))?;
            tx.put_task(&task(1, id, Some("ana"), 1, TaskStatus::Pending))?;
            tx.append_audit(&audit(1, Some(id)))?;
            assert_eq!(tx.campaign_id_by_name("seen")?, Some(CampaignId(id)));
            assert_eq!(tx.campaign_page(&CampaignQuery::first(5))?.total, 1);
            assert_eq!(
                tx.open_task_briefs_for_assignee("ana", at(0), at(9), 5)?
                    .len(),
                1
            );
            assert_eq!(tx.audit_head()?.map(|h| h.0), Some(AuditSeq(1)));
            Err(Error::validation("test", "abort"))
        });
        assert!(matches!(result, Err(Error::Validation { .. })));
        read(store, |tx| {
            assert_eq!(tx.campaign(CampaignId(1))?, None);
            assert_eq!(tx.campaign_id_by_name("seen")?, None);
            assert_eq!(tx.campaign_page(&CampaignQuery::first(5))?.total, 0);
            assert_eq!(tx.task(TaskId(1))?, None);
            assert_eq!(
                tx.open_task_briefs_for_assignee("ana", at(0), at(9), 5)?,
                []
            );
            assert_eq!(tx.audit_head()?, None);
            Ok(())
        });
        // Ids are unique and increasing per sequence (an aborted transaction may have
        // taken some: no gapless promise).
        let ids = write(store, |tx| {
            Ok((
                tx.next_id(Sequence::Campaign)?,
                tx.next_id(Sequence::Campaign)?,
                tx.next_id(Sequence::Task)?,
                tx.next_id(Sequence::Plan)?,
                tx.next_id(Sequence::CalendarItem)?,
                tx.next_id(Sequence::Metric)?,
            ))
        });
        assert_eq!(ids, (1, 2, 1, 1, 1, 1));
        assert_eq!(write(store, |tx| tx.next_id(Sequence::Campaign)), 3);
    });
}

#[test]
fn a_read_sees_one_snapshot() {
    on_both(|store| {
        write(store, |tx| {
            tx.put_campaign(&campaign(1, "Before", CampaignStatus::Draft))
        });
        read(store, |tx| {
            // A write commits while this snapshot is open: the snapshot does not move.
            write(store, |w| {
                w.put_campaign(&campaign(1, "After", CampaignStatus::Active))?;
                w.put_campaign(&campaign(2, "New", CampaignStatus::Active))
            });
            assert_eq!(tx.campaign(CampaignId(1))?.unwrap().name, "Before");
            assert_eq!(tx.campaign(CampaignId(2))?, None);
            assert_eq!(tx.campaign_page(&CampaignQuery::first(5))?.total, 1);
            Ok(())
        });
        assert_eq!(
            read(store, |tx| tx.campaign_page(&CampaignQuery::first(5))).total,
            2
        );
    });
}

#[test]
fn write_once_runs_once_and_write_does_not_retry_what_is_not_retryable() {
    let store = RedbStore::in_memory().unwrap();
    let runs = Cell::new(0);
    let result: campaign_ops_core::Result<()> = store.write(|_| {
        runs.set(runs.get() + 1);
        Err(Error::validation("test", "not retryable"))
    });
    assert!(result.is_err());
    assert_eq!(runs.get(), 1);
    let value = store
        .write_once(&mut |tx| tx.next_id(Sequence::Task))
        .unwrap();
    assert_eq!(value, 1);
    // Clones and references are stores too.
    let by_ref: &RedbStore = &store;
    assert_eq!(by_ref.write(|tx| tx.next_id(Sequence::Task)).unwrap(), 2);
    let any = campaign_ops_core::AnyStore::new(store.clone());
    assert_eq!(any.write(|tx| tx.next_id(Sequence::Task)).unwrap(), 3);
    assert_eq!(any.read(|tx| tx.audit_head()).unwrap(), None);
}
