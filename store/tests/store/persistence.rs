//! A file keeps records, indexes, sequences and the audit log across reopen; clones share
//! one database.

use campaign_ops_core::model::*;
use campaign_ops_core::{Sequence, Store, TaskScope};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};

use crate::support::*;

fn fill(store: &RedbStore) {
    store
        .write(|tx| {
            for (name, status) in [
                ("One", CampaignStatus::Active),
                ("Two", CampaignStatus::Paused),
            ] {
                let id = tx.next_id(Sequence::Campaign)?;
                tx.put_campaign(&campaign(id, name, status))?;
            }
            for (campaign, assignee, due, status) in [
                (1, Some("ana"), 1, TaskStatus::Pending),
                (1, Some("ana"), 2, TaskStatus::Completed),
                (2, Some("bob"), 3, TaskStatus::Blocked),
            ] {
                let id = tx.next_id(Sequence::Task)?;
                tx.put_task(&task(id, campaign, assignee, due, status))?;
            }
            (1..=3).try_for_each(|seq| tx.append_audit(&audit(seq, Some(1 + seq % 2))))
        })
        .unwrap();
}

#[test]
fn reopen_keeps_records_indexes_sequences_and_audit() {
    let (_dir, path) = temp_db();
    let before = {
        let store = RedbStore::open(&path).unwrap();
        fill(&store);
        store.read(|tx| tx.campaigns(None)).unwrap()
    };
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    store
        .read(|tx| {
            assert_eq!(tx.campaigns(None)?, before);
            assert_eq!(tx.campaign_id_by_name("ONE")?, Some(CampaignId(1)));
            let paused = tx.campaigns(Some(CampaignStatus::Paused))?;
            assert_eq!(paused.iter().map(|c| c.id.0).collect::<Vec<_>>(), [2]);
            let ana = tx.open_tasks_due(&TaskScope::Assignee("ana".into()), at(0), at(9))?;
            assert_eq!(ana.iter().map(|t| t.id.0).collect::<Vec<_>>(), [1]);
            let all = tx.open_tasks_due(&TaskScope::All, at(0), at(9))?;
            assert_eq!(all.iter().map(|t| t.id.0).collect::<Vec<_>>(), [1, 3]);
            assert_eq!(tx.tasks_for_campaign(CampaignId(1))?.len(), 2);
            assert_eq!(tx.last_audit()?, Some(audit(3, Some(2))));
            let of_two = tx.audit_for_campaign(CampaignId(2))?;
            assert_eq!(of_two.iter().map(|a| a.seq.0).collect::<Vec<_>>(), [1, 3]);
            Ok(())
        })
        .unwrap();
    let next = store
        .write(|tx| Ok((tx.next_id(Sequence::Campaign)?, tx.next_id(Sequence::Task)?)))
        .unwrap();
    assert_eq!(next, (3, 4), "sequences continue after reopen");
    let dup = store.write(|tx| tx.append_audit(&audit(3, None)));
    assert_eq!(
        dup,
        Err(campaign_ops_core::StorageError::conflict(
            "audit entry 3 already exists: the audit log is append-only"
        )
        .into()),
        "an existing seq is still refused after reopen"
    );
}

#[test]
fn clones_share_one_database() {
    let store = RedbStore::in_memory().unwrap();
    let clone = store.clone();
    fill(&clone);
    assert_eq!(store.read(|tx| tx.campaigns(None)).unwrap().len(), 2);
    // Usable from other threads (Send + Sync).
    let handle = std::thread::spawn(move || clone.write(|tx| tx.next_id(Sequence::Plan)));
    assert_eq!(handle.join().unwrap().unwrap(), 1);
    assert_eq!(store.write(|tx| tx.next_id(Sequence::Plan)).unwrap(), 2);
    assert_eq!(format!("{store:?}"), "RedbStore(in memory)");
    assert_eq!(store.path(), None);
}
