//! Isolation between transactions: readers see committed snapshots only, and racing writers
//! lose no update, at the seam and through the service.
//!
//! A single-writer backend (redb) blocks a second writer in `begin_write` until the first
//! commits, so no check here ever waits for another thread inside a write closure: threads
//! meet at a barrier *before* their transactions, and only read-only work waits inside one.

use std::sync::Barrier;
use std::thread;

use super::*;
use crate::model::*;
use crate::service::Completion;
use crate::store::{CampaignQuery, Sequence};
use crate::{Actor, CampaignOps, FixedClock};

/// Commits `f`, running [`Store::write`] again while it gives up on a conflict (its own
/// retries exhausted under heavy contention):
/// what an application does with a retryable error. Any other error fails the check.
#[track_caller]
fn commit<S: Store, R>(store: &S, mut f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> R {
    for _ in 0..10_000 {
        match store.write(&mut f) {
            Ok(r) => return r,
            Err(e) if is_conflict(&e) => thread::yield_now(),
            Err(e) => panic!("a racing write failed with a non-retryable error: {e:?}"),
        }
    }
    panic!("a racing write kept conflicting 10000 times in a row");
}

/// While a write transaction is open, a reader on another thread sees only committed data
/// (none of the transaction's records, index entries or audit entries); after the commit
/// it sees all of them.
pub fn reads_see_only_committed_data<S: Store>(store: &S) {
    let before = campaign(1, "Before", CampaignStatus::Active);
    write(store, |tx| tx.put_campaign(&before));
    let outside = |store: &S| {
        store.read(|tx| {
            Ok((
                tx.campaign(CampaignId(1))?.map(|c| c.name),
                tx.campaign_id_by_name("after")?,
                ids(&tx.open_tasks_due(CampaignId(1), at(0), at(24), 10)?),
                tx.audit_head()?.map(|h| h.0),
            ))
        })
    };
    let seen = write(store, |tx| {
        tx.put_campaign(&campaign(1, "After", CampaignStatus::Paused))?;
        tx.put_task(&task(1, 1, Some("ana"), at(2), TaskStatus::Pending))?;
        tx.append_audit(&audit(1, Some(1)))?;
        // A reader never waits for a writer, so waiting for this one here cannot deadlock.
        thread::scope(|s| s.spawn(|| outside(store)).join()).expect("the reader thread")
    });
    assert_eq!(
        seen,
        (Some("Before".to_owned()), None, vec![], None),
        "uncommitted data is invisible"
    );
    let after = outside(store).expect("read after commit");
    assert_eq!(
        after,
        (
            Some("After".to_owned()),
            Some(CampaignId(1)),
            vec![1],
            Some(AuditSeq(1))
        )
    );
}

/// A read transaction is one snapshot: a write committed by another thread while the read
/// runs is not seen by it, not even by queries it starts afterwards.
pub fn a_read_is_one_snapshot<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Old", CampaignStatus::Active))
    });
    let (first, second) = read(store, |tx| {
        let first = tx.campaign(CampaignId(1))?.map(|c| c.name);
        // The writer does not wait for this reader on any backend the contract allows.
        thread::scope(|s| {
            s.spawn(|| {
                write(store, |w| {
                    w.put_campaign(&campaign(1, "New", CampaignStatus::Paused))?;
                    w.put_campaign(&campaign(2, "Newer", CampaignStatus::Active))?;
                    w.put_task(&task(1, 1, None, at(1), TaskStatus::Pending))
                })
            })
            .join()
            .expect("the writer thread")
        });
        let ids_now = tx.campaign_ids(CampaignStatus::Active, None, 10)?;
        let tasks = tx.tasks_page(CampaignId(1), None, 10)?;
        let total = tx.campaign_page(&CampaignQuery::first(5))?.total;
        Ok((
            first,
            (
                tx.campaign(CampaignId(1))?.map(|c| c.name),
                ids_now,
                tasks.len(),
                total,
                tx.campaign(CampaignId(2))?.is_some(),
            ),
        ))
    });
    assert_eq!(first.as_deref(), Some("Old"));
    assert_eq!(
        second,
        (Some("Old".to_owned()), vec![CampaignId(1)], 0, 1, false),
        "the snapshot holds"
    );
    assert_eq!(
        read(store, |tx| tx.campaign(CampaignId(1)))
            .map(|c| c.name)
            .as_deref(),
        Some("New")
    );
    let total = read(store, |tx| tx.campaign_page(&CampaignQuery::first(5))).total;
    assert_eq!(total, 2, "the new campaign is counted after the snapshot");
}

const THREADS: usize = 4;
const ROUNDS: usize = 25;

/// `THREADS` threads each commit `ROUNDS` read-increment-write transactions on the same
/// records (a campaign's metadata counter and a ledger record's attempts), each also taking
/// a task id and appending to the audit log: every increment survives (the final values are
/// exactly `THREADS × ROUNDS`), no id is handed out twice, and the audit log stays a gapless
/// chain.
///
/// A multi-writer backend passes this through `Store::write`'s retries (and `commit`'s, as
/// an application would, should contention outlast them).
pub fn racing_writers_lose_no_update<S: Store>(store: &S) {
    let key = ActionRun::key_for("COUNT", "p");
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Counter", CampaignStatus::Active))?;
        tx.put_action_run(&ActionRun {
            attempts: 0,
            ..run("COUNT", "p", RunStatus::Running)
        })
    });
    let increment = |tx: &mut dyn WriteTx| -> Result<u64> {
        let mut c = tx.campaign(CampaignId(1))?.expect("the counter campaign");
        let n = c
            .metadata
            .get("counter")
            .map_or(0, |v| v.parse::<u64>().expect("a number"));
        // Widens the window between the read and the write, so that attempts overlap on a
        // multi-writer backend (on a single-writer one it only delays the others).
        thread::yield_now();
        c.metadata.insert("counter".to_owned(), (n + 1).to_string());
        tx.put_campaign(&c)?;
        let mut r = tx.action_run(&key)?.expect("the counter run");
        r.attempts += 1;
        tx.put_action_run(&r)?;
        let id = tx.next_id(Sequence::Task)?;
        tx.put_task(&task(id, 1, None, at(1), TaskStatus::Pending))?;
        let seq = tx.audit_head()?.map_or(0, |(s, _)| s.0) + 1;
        tx.append_audit(&audit(seq, Some(1)))?;
        Ok(id)
    };
    let barrier = Barrier::new(THREADS);
    let mut task_ids: Vec<u64> = thread::scope(|s| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait(); // outside any transaction
                    (0..ROUNDS)
                        .map(|_| commit(store, increment))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("a writer thread"))
            .collect()
    });
    let total = THREADS * ROUNDS;
    let c = read(store, |tx| tx.campaign(CampaignId(1))).expect("the counter campaign");
    assert_eq!(
        c.metadata["counter"],
        total.to_string(),
        "no lost update of the campaign"
    );
    let r = read(store, |tx| tx.action_run(&key)).expect("the counter run");
    assert_eq!(
        r.attempts as usize, total,
        "no lost update of the ledger record"
    );
    task_ids.sort_unstable();
    task_ids.dedup();
    assert_eq!(
        task_ids.len(),
        total,
        "every committed transaction got its own id"
    );
    let stored = read(store, |tx| tx.tasks_page(CampaignId(1), None, 10_000));
    assert_eq!(ids(&stored), task_ids, "every committed task is stored");
    let log = read(store, |tx| tx.audit_entries(None, 10_000));
    assert_eq!(
        log,
        audit_chain(total as u64, |_| Some(1)),
        "a gapless audit chain"
    );
}

/// Two threads complete the same InProgress POST task through
/// [`CampaignOps::mark_task_complete`] at once, several times: exactly one call succeeds,
/// the other gets [`crate::Error::IllegalTransition`] (it runs again on the winner's state,
/// where the task is Completed), and the task has exactly one set of follow-ups (two
/// ENGAGE tasks), one set of metrics and one `task.complete` audit entry.
pub fn racing_completions_complete_once<S: Store>(store: &S) {
    const RACES: u64 = 6;
    let ops = CampaignOps::new(store, FixedClock::new(at(30)));
    let actor = Actor::new("ana").expect("an actor");
    let posts: Vec<(CalendarItemId, TaskId)> = write(store, |tx| {
        let c = CampaignId(tx.next_id(Sequence::Campaign)?);
        tx.put_campaign(&campaign(c.0, "Racing", CampaignStatus::Active))?;
        let mut posts = vec![];
        for h in 0..RACES as i64 {
            let i = tx.next_id(Sequence::CalendarItem)?;
            let status = CalendarItemStatus::InProgress;
            tx.put_calendar_item(&CalendarItem {
                status,
                ..item(i, c.0, 1, at(20 + h))
            })?;
            let t = tx.next_id(Sequence::Task)?;
            let mut post = task(t, c.0, Some("ana"), at(20 + h), TaskStatus::InProgress);
            post.calendar_item_id = Some(CalendarItemId(i));
            tx.put_task(&post)?;
            posts.push((CalendarItemId(i), TaskId(t)));
        }
        Ok(posts)
    });
    for &(item_id, task_id) in &posts {
        let barrier = Barrier::new(2);
        let complete = || {
            barrier.wait(); // outside any transaction
            let proof = CompletionProof {
                kind: ProofKind::Url,
                value: "https://x.com/acme/1".into(),
            };
            let completion = Completion {
                outcome: Some("posted".into()),
                proof: Some(proof),
                metrics: vec![(MetricKind::Impressions, 100.0)],
            };
            ops.mark_task_complete(&actor, task_id, completion)
        };
        let results: Vec<_> = thread::scope(|s| {
            let racers = [s.spawn(complete), s.spawn(complete)];
            racers.map(|r| r.join().expect("a racing thread"))
        })
        .into();
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(
            won, 1,
            "task {task_id}: exactly one completion wins: {results:?}"
        );
        for r in &results {
            match r {
                Ok(t) => assert_eq!(t.status, TaskStatus::Completed),
                Err(Error::IllegalTransition { .. }) => {}
                Err(e) => panic!("task {task_id}: the loser got {e:?}, not IllegalTransition"),
            }
        }
        read(store, |tx| {
            let tasks = tx.tasks_for_calendar_item(item_id)?;
            let engage = tasks.iter().filter(|t| t.task_type == TaskType::Engage);
            assert!(engage.clone().all(|t| t.parent_task_id == Some(task_id)));
            assert_eq!(engage.count(), 2, "task {task_id}: one set of follow-ups");
            let item = tx.calendar_item(item_id)?.expect("the item");
            assert_eq!(item.status, CalendarItemStatus::Published);
            let campaign = item.campaign_id;
            let metrics = tx.metrics_page(campaign, None, 1000)?;
            let own = metrics
                .iter()
                .filter(|m| m.task_id == Some(task_id))
                .count();
            assert_eq!(own, 1, "task {task_id}: one set of metrics");
            let log = tx.audit_for_campaign(campaign, None, 1000)?;
            let completions = log
                .iter()
                .filter(|e| e.action == AuditAction::TaskComplete && e.entity_id == task_id.0);
            assert_eq!(completions.count(), 1, "task {task_id}: one audit entry");
            Ok(())
        });
    }
}
