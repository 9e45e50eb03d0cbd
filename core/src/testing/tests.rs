//! The conformance suite on [`MemoryStore`], and what is particular to the test backends:
//! optimistic concurrency and the counts of [`CountingStore`].

use super::*;
use crate::conformance::{self, at, audit, campaign, task};
use crate::model::*;
use crate::{Error, Store};

#[test]
fn memory_store_conforms() {
    conformance::run_all(MemoryStore::new);
}

#[test]
fn memory_store_through_counting_store_conforms() {
    // Counting forwards everything, so the wrapped store conforms as well.
    conformance::run_all(|| CountingStore::new(MemoryStore::new()));
}

/// A writer that commits while another attempt is open makes that attempt fail with a
/// conflict at commit: first committer wins, the loser changes nothing.
#[test]
fn a_commit_since_the_snapshot_fails_the_attempt() {
    let store = MemoryStore::new();
    let other = store.clone();
    let mut attempts = 0;
    let result = store.write_once(&mut |tx| {
        attempts += 1;
        tx.put_campaign(&campaign(1, "Loser", CampaignStatus::Draft))?;
        // Nothing is locked while a closure runs: this commit lands first.
        other.write(|w| w.put_campaign(&campaign(2, "Winner", CampaignStatus::Draft)))?;
        Ok(())
    });
    let err = result.expect_err("the attempt lost the race");
    assert!(conformance::is_conflict(&err), "{err:?}");
    assert_eq!(attempts, 1);
    assert_eq!(
        (store.commits(), store.conflicts()),
        (1, 1),
        "only the winner committed"
    );
    store
        .read(|tx| {
            assert!(
                tx.campaign(CampaignId(1))?.is_none(),
                "the loser's write is gone"
            );
            assert!(
                tx.campaign(CampaignId(2))?.is_some(),
                "the winner's write is there"
            );
            Ok(())
        })
        .unwrap();
}

/// The racing check really races on this backend: attempts overlap and lose at commit
/// (the check widens the window between read and write, and its threads start together).
#[test]
fn racing_writers_really_conflict() {
    let store = MemoryStore::new();
    conformance::racing_writers_lose_no_update(&store);
    assert!(
        store.conflicts() > 0,
        "no attempt overlapped another: {store:?}"
    );
}

/// `Store::write` runs a lost attempt again on the new state and commits that.
#[test]
fn write_retries_a_lost_race() {
    let store = MemoryStore::new();
    let other = store.clone();
    let mut attempts = 0;
    let seen = store
        .write(|tx| {
            attempts += 1;
            if attempts == 1 {
                other.write(|w| w.put_campaign(&campaign(2, "Winner", CampaignStatus::Draft)))?;
            }
            let seen = tx.campaign(CampaignId(2))?.is_some();
            tx.put_campaign(&campaign(1, "Retried", CampaignStatus::Draft))?;
            Ok(seen)
        })
        .unwrap();
    assert_eq!(attempts, 2);
    assert!(seen, "the second attempt sees the winner's commit");
    assert_eq!(store.commits(), 2);
}

#[test]
fn clones_share_the_data_and_dumps_compare() {
    let store = MemoryStore::new();
    let empty = store.dump();
    let clone = store.clone();
    clone
        .write(|tx| tx.put_task(&task(1, 1, Some("ana"), at(1), TaskStatus::Pending)))
        .unwrap();
    assert!(store.read(|tx| tx.task(TaskId(1))).unwrap().is_some());
    assert_ne!(store.dump(), empty);
    let before = store.dump();
    let refused = store.write(|tx| {
        tx.put_task(&task(2, 1, None, at(2), TaskStatus::Pending))?;
        tx.append_audit(&audit(2, None))
    });
    assert!(refused.is_err(), "seq 2 on an empty log is refused");
    assert_eq!(store.dump(), before, "a refused write changes nothing");
    let debug = format!("{store:?}");
    assert!(
        debug.contains("commits: 1") && debug.contains("tasks: 1"),
        "{debug}"
    );
}

#[test]
fn counting_store_counts_records_and_attempts() {
    let store = CountingStore::new(MemoryStore::new());
    store
        .write(|tx| {
            tx.put_campaign(&campaign(1, "Counted", CampaignStatus::Active))?;
            tx.put_task(&task(1, 1, Some("ana"), at(1), TaskStatus::Pending))?;
            tx.put_task(&task(2, 1, Some("ana"), at(2), TaskStatus::Pending))?;
            tx.append_audit(&audit(1, Some(1)))
        })
        .unwrap();
    assert_eq!((store.records_written(), store.write_attempts()), (4, 1));
    store.reset();
    store
        .read(|tx| {
            tx.campaign(CampaignId(1))?; // a hit: 1
            tx.campaign(CampaignId(9))?; // a miss: 0
            tx.tasks_page(CampaignId(1), None, 10)?; // 2 tasks
            tx.open_task_briefs_for_assignee("ana", at(0), at(9), 1)?; // 1 brief
            tx.task_counts(CampaignId(1), at(0), at(9))?; // 1 count
            Ok(())
        })
        .unwrap();
    let t = store.tally();
    assert_eq!(t.read_of(RecordKind::Campaign), 1);
    assert_eq!(t.read_of(RecordKind::Task), 2);
    assert_eq!(t.read_of(RecordKind::TaskBrief), 1);
    assert_eq!(t.read_of(RecordKind::TaskCounts), 1);
    assert_eq!(
        (t.records_read(), t.read_transactions, t.records_written()),
        (5, 1, 0)
    );
    let failed: crate::Result<()> = store.write(|tx| {
        tx.delete_task(TaskId(1))?;
        Err(Error::validation("test", "abort"))
    });
    assert!(failed.is_err());
    assert_eq!(
        (store.records_written(), store.write_attempts()),
        (1, 1),
        "attempts count too"
    );
    assert!(format!("{store:?}").contains("CountingStore"));
}
