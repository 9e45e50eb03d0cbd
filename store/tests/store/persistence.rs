//! A file keeps records, indexes, sequences, counters and the audit head across reopen;
//! clones share one database.

use campaign_ops_core::conformance::{at, audit, campaign, task};
use campaign_ops_core::model::*;
use campaign_ops_core::{CampaignQuery, Sequence, Store};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};

use crate::support::*;

fn fill(store: &RedbStore) {
    write(store, |tx| {
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
            tx.put_task(&task(id, campaign, assignee, at(due), status))?;
        }
        (1..=3).try_for_each(|seq| tx.append_audit(&audit(seq, Some(1 + seq % 2))))
    });
}

#[test]
fn reopen_keeps_records_indexes_sequences_and_audit() {
    let (_dir, path) = temp_db();
    let before = {
        let store = RedbStore::open(&path).unwrap();
        fill(&store);
        read(&store, |tx| tx.campaign_page(&CampaignQuery::first(10)))
    };
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    read(&store, |tx| {
        assert_eq!(tx.campaign_page(&CampaignQuery::first(10))?, before);
        assert_eq!(before.total, 2);
        assert_eq!(tx.campaign_id_by_name("ONE")?, Some(CampaignId(1)));
        let paused = tx.campaign_ids(CampaignStatus::Paused, None, 10)?;
        assert_eq!(paused, [CampaignId(2)]);
        let ana = tx.open_task_briefs_for_assignee("ana", at(0), at(9), 10)?;
        assert_eq!(ids(&ana, |b| b.id.0), [1]);
        let open = tx.open_tasks_due(CampaignId(1), at(0), at(9), 10)?;
        assert_eq!(ids(&open, |t| t.id.0), [1]);
        assert_eq!(tx.tasks_page(CampaignId(1), None, 10)?.len(), 2);
        let head = audit(3, Some(2));
        assert_eq!(tx.audit_head()?, Some((head.seq, head.hash)));
        let of_two = tx.audit_for_campaign(CampaignId(2), None, 10)?;
        assert_eq!(ids(&of_two, |a| a.seq.0), [1, 3]);
        Ok(())
    });
    let next = write(&store, |tx| {
        Ok((tx.next_id(Sequence::Campaign)?, tx.next_id(Sequence::Task)?))
    });
    assert_eq!(next, (3, 4), "sequences continue after reopen");
    let dup = store.write(|tx| tx.append_audit(&audit(3, None)));
    assert!(
        matches!(
            &dup,
            Err(campaign_ops_core::Error::Storage(
                campaign_ops_core::StorageError::Conflict { message }
            )) if message.contains("does not follow the head")
        ),
        "an existing seq is still refused after reopen: {dup:?}"
    );
    // The head survived the reopen: the next link is accepted.
    write(&store, |tx| tx.append_audit(&audit(4, None)));
}

#[test]
fn clones_share_one_database() {
    let store = RedbStore::in_memory().unwrap();
    let clone = store.clone();
    fill(&clone);
    let page = read(&store, |tx| tx.campaign_page(&CampaignQuery::first(10)));
    assert_eq!(page.items.len(), 2);
    // Usable from other threads (Send + Sync).
    let handle = std::thread::spawn(move || clone.write(|tx| tx.next_id(Sequence::Plan)));
    assert_eq!(handle.join().unwrap().unwrap(), 1);
    assert_eq!(store.write(|tx| tx.next_id(Sequence::Plan)).unwrap(), 2);
    assert_eq!(format!("{store:?}"), "RedbStore(in memory)");
    assert_eq!(store.path(), None);
}

#[test]
fn a_new_file_has_three_tables() {
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.table_names().unwrap(), ["index", "meta", "records"]);
    assert_eq!(store.path(), Some(path));
}

/// A new file is created whole or not at all: redb initialises it beside its path
/// (`<name>.creating`) and it is renamed into place. What a process killed during that
/// leaves (here: a half-written `.creating` file and no database) is replaced on the next
/// open, and the database path never holds a file no open accepts.
#[test]
fn a_creation_cut_short_leaves_nothing_that_blocks_the_next_open() {
    let (dir, path) = temp_db();
    let creating = dir.path().join("ops.redb.creating");
    std::fs::write(&creating, b"half a redb header").unwrap();
    let store = RedbStore::open(&path).unwrap();
    assert!(!creating.exists(), "the unfinished file is gone");
    fill(&store);
    drop(store);
    let store = RedbStore::open(&path).unwrap();
    let page = read(&store, |tx| tx.campaign_page(&CampaignQuery::first(10)));
    assert_eq!(page.items.len(), 2);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".creating")), "{names:?}");
}
