//! Tasks: pages, an item's tasks, open tasks by due time, an operator's queue of briefs,
//! status counts, deletes, SOP checklists.

use campaign_ops_core::model::*;
use campaign_ops_core::platform::sop;
use campaign_ops_core::{StatusCounts, Store};
use chrono::Duration;

use crate::support::*;

fn tasks() -> Vec<OperatorTask> {
    let mut t = vec![
        task(1, 1, Some("ana"), 5, TaskStatus::Pending),
        task(2, 1, Some("ana"), 1, TaskStatus::Completed),
        task(3, 1, Some("anab"), 3, TaskStatus::Blocked),
        task(4, 1, None, 3, TaskStatus::InProgress),
        task(5, 2, Some("ana"), 2, TaskStatus::InProgress),
        task(6, 1, Some("Ana"), 4, TaskStatus::Skipped),
        task(7, 1, Some("ana"), 3, TaskStatus::Failed),
    ];
    t[0].calendar_item_id = Some(CalendarItemId(9));
    t[3].calendar_item_id = Some(CalendarItemId(9));
    t
}

#[test]
fn task_pages_items_and_round_trips() {
    on_both(|store| {
        let all = tasks();
        write(store, |tx| {
            all.iter().rev().try_for_each(|t| tx.put_task(t))
        });
        read(store, |tx| {
            for t in &all {
                assert_eq!(tx.task(t.id)?.as_ref(), Some(t));
            }
            assert_eq!(tx.task(TaskId(99))?, None);
            let page = |after: Option<u64>, limit| -> campaign_ops_core::Result<Vec<u64>> {
                Ok(ids(
                    &tx.tasks_page(CampaignId(1), after.map(TaskId), limit)?,
                    |t| t.id.0,
                ))
            };
            assert_eq!(page(None, 10)?, [1, 2, 3, 4, 6, 7]);
            assert_eq!(page(Some(2), 2)?, [3, 4]);
            assert_eq!(page(Some(7), 2)?, Vec::<u64>::new());
            assert_eq!(page(None, 0)?, Vec::<u64>::new());
            assert_eq!(
                ids(&tx.tasks_for_calendar_item(CalendarItemId(9))?, |t| t.id.0),
                [1, 4]
            );
            assert_eq!(tx.tasks_for_calendar_item(CalendarItemId(8))?, []);
            Ok(())
        });
    });
}

#[test]
fn open_tasks_and_queues_follow_status_assignee_and_due_time() {
    on_both(|store| {
        let mut all = tasks();
        write(store, |tx| all.iter().try_for_each(|t| tx.put_task(t)));
        let open = |from, until, limit| {
            read(store, |tx| {
                Ok(ids(
                    &tx.open_tasks_due(CampaignId(1), from, until, limit)?,
                    |t| t.id.0,
                ))
            })
        };
        let queue = |who: &str, from, until, limit| {
            read(store, |tx| {
                let briefs = tx.open_task_briefs_for_assignee(who, from, until, limit)?;
                for b in &briefs {
                    assert_eq!(Some(b), tx.task(b.id)?.map(|t| t.brief()).as_ref());
                }
                Ok(ids(&briefs, |b| b.id.0))
            })
        };
        // Due order, then id; open statuses only; half-open ranges.
        assert_eq!(open(at(0), at(24), 10), [3, 4, 1]);
        assert_eq!(open(at(3), at(5), 10), [3, 4]);
        assert_eq!(open(at(0), at(24), 1), [3]);
        assert_eq!(open(at(0), at(24), 0), Vec::<u64>::new());
        assert_eq!(open(at(5), at(5), 10), Vec::<u64>::new());
        assert_eq!(open(at(9), at(0), 10), Vec::<u64>::new());
        // Exact, case-sensitive assignee; every campaign; "ana" is no prefix of "anab".
        assert_eq!(queue("ana", at(0), at(24), 10), [5, 1]);
        assert_eq!(queue("anab", at(0), at(24), 10), [3]);
        assert_eq!(queue("Ana", at(0), at(24), 10), Vec::<u64>::new());
        assert_eq!(queue("an", at(0), at(24), 10), Vec::<u64>::new());
        assert_eq!(queue("ana", at(0), at(24), 1), [5]);
        assert_eq!(queue("ana", at(0), at(24), 0), Vec::<u64>::new());
        assert_eq!(queue("ana", at(2), at(2), 10), Vec::<u64>::new());
        assert_eq!(queue("ana", at(3), at(2), 10), Vec::<u64>::new());
        // Start, finish, reassign, reschedule: every index follows.
        all[0].status = TaskStatus::InProgress; // open -> open: stays
        all[2].status = TaskStatus::Skipped; // open -> closed: leaves
        all[6].status = TaskStatus::Pending; // hand-set back to open: returns
        all[4].assignee = Some("bob".into());
        all[3].due_at = at(0) + Duration::nanoseconds(5);
        write(store, |tx| all.iter().try_for_each(|t| tx.put_task(t)));
        assert_eq!(open(at(0), at(24), 10), [4, 7, 1]);
        assert_eq!(queue("ana", at(0), at(24), 10), [7, 1]);
        assert_eq!(queue("bob", at(0), at(24), 10), [5]);
        assert_eq!(queue("anab", at(0), at(24), 10), Vec::<u64>::new());
        // Deleting removes the record and every entry.
        write(store, |tx| {
            assert!(tx.delete_task(TaskId(1))?);
            assert!(!tx.delete_task(TaskId(1))?);
            Ok(())
        });
        assert_eq!(open(at(0), at(24), 10), [4, 7]);
        assert_eq!(queue("ana", at(0), at(24), 10), [7]);
        read(store, |tx| {
            assert_eq!(
                ids(&tx.tasks_for_calendar_item(CalendarItemId(9))?, |t| t.id.0),
                [4]
            );
            assert_eq!(
                ids(&tx.tasks_page(CampaignId(1), None, 10)?, |t| t.id.0),
                [2, 3, 4, 6, 7]
            );
            Ok(())
        });
    });
}

#[test]
fn task_counts_per_status_in_a_range() {
    on_both(|store| {
        let all = tasks();
        write(store, |tx| all.iter().try_for_each(|t| tx.put_task(t)));
        let counts = |from, until| read(store, |tx| tx.task_counts(CampaignId(1), from, until));
        let want = |range: std::ops::Range<i64>| -> StatusCounts {
            all.iter()
                .filter(|t| t.campaign_id == CampaignId(1))
                .filter(|t| at(range.start) <= t.due_at && t.due_at < at(range.end))
                .map(|t| t.status)
                .collect()
        };
        for (from, until) in [(0, 24), (1, 4), (3, 4), (4, 6), (6, 9)] {
            assert_eq!(
                counts(at(from), at(until)),
                want(from..until),
                "{from}..{until}"
            );
        }
        let c = counts(at(0), at(24));
        assert_eq!((c.total(), c.open(), c.get(TaskStatus::Failed)), (6, 3, 1));
        assert_eq!(counts(at(5), at(1)), StatusCounts::default());
        assert_eq!(
            read(store, |tx| tx.task_counts(CampaignId(3), at(0), at(24))),
            StatusCounts::default()
        );
    });
}

#[test]
fn sop_checklists_and_odd_instructions_round_trip_exactly() {
    on_both(|store| {
        let steps = sop(Platform::LinkedIn)
            .checklist(ContentType::Carousel)
            .unwrap()
            .steps();
        let post = OperatorTask {
            platform: Some(Platform::LinkedIn),
            content_type: Some(ContentType::Carousel),
            instructions: steps.clone(),
            ..task(1, 1, None, 1, TaskStatus::Pending)
        };
        let mut edited = post.clone();
        edited.id = TaskId(2);
        edited.instructions.pop();
        let mut empty = post.clone();
        empty.id = TaskId(3);
        empty.instructions.clear();
        let mut no_platform = post.clone();
        no_platform.id = TaskId(4);
        no_platform.platform = None;
        let all = [post, edited, empty, no_platform];
        write(store, |tx| all.iter().try_for_each(|t| tx.put_task(t)));
        read(store, |tx| {
            for t in &all {
                assert_eq!(tx.task(t.id)?.as_ref(), Some(t));
            }
            Ok(())
        });
        assert!(
            store
                .read(|tx| tx.task(TaskId(1)))
                .unwrap()
                .unwrap()
                .instructions
                == steps
        );
    });
}
