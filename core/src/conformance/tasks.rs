//! Tasks: a campaign's tasks by id, an item's tasks, open tasks by due time, an assignee's
//! queue of briefs, and counts by status over a range.

use chrono::{DateTime, Utc};

use super::*;
use crate::model::*;

#[track_caller]
fn put_tasks<S: Store>(store: &S, tasks: &[OperatorTask]) {
    write(store, |tx| tasks.iter().try_for_each(|t| tx.put_task(t)));
}

/// `tasks_page` walks a campaign's tasks by ascending id after a cursor; `task` and
/// `tasks_for_calendar_item` find them; deletes remove them everywhere and say whether the
/// task existed.
pub fn tasks_page_and_item_tasks<S: Store>(store: &S) {
    let mut tasks: Vec<OperatorTask> = [(3, 1), (1, 1), (2, 2), (5, 1), (4, 1), (6, 1)]
        .into_iter()
        .map(|(id, c)| task(id, c, None, at(id as i64), TaskStatus::Pending))
        .collect();
    for t in &mut tasks {
        t.calendar_item_id = (t.id.0 % 2 == 1).then_some(CalendarItemId(t.id.0 % 3));
    }
    put_tasks(store, &tasks);
    let page = |c: u64, after: Option<TaskId>, limit| {
        read(store, |tx| tx.tasks_page(CampaignId(c), after, limit))
    };
    let walked = pages(2, |after, limit| page(1, after, limit), |t| t.id);
    assert_eq!(
        page_ids(&walked),
        [vec![1, 3], vec![4, 5], vec![6]],
        "campaign 1 by id"
    );
    assert_eq!(ids(&page(2, None, 10)), [2], "campaign 2");
    assert_eq!(
        ids(&page(1, Some(TaskId(2)), 10)),
        [3, 4, 5, 6],
        "cursor not in campaign"
    );
    assert!(page(1, None, 0).is_empty(), "limit 0");
    assert!(page(1, Some(TaskId(6)), 10).is_empty(), "past the end");
    assert!(page(3, None, 10).is_empty(), "no such campaign");
    let of_item = |i: u64| {
        read(store, |tx| {
            tx.tasks_for_calendar_item(CalendarItemId(i))
                .map(|t| ids(&t))
        })
    };
    // Items: 1 % 3 = 1, 3 % 3 = 0, 5 % 3 = 2.
    assert_eq!(
        (of_item(0), of_item(1), of_item(2), of_item(4)),
        (vec![3], vec![1], vec![5], vec![])
    );
    assert_eq!(
        read(store, |tx| tx.task(TaskId(5))).as_ref(),
        tasks.iter().find(|t| t.id.0 == 5)
    );

    write(store, |tx| {
        tx.put_task(&OperatorTask {
            calendar_item_id: Some(CalendarItemId(1)),
            ..tasks[0].clone()
        })?;
        tx.put_task(&OperatorTask {
            campaign_id: CampaignId(2),
            ..tasks[4].clone()
        })
    });
    assert_eq!(of_item(1), [1, 3], "moved to another item, ascending id");
    assert!(of_item(0).is_empty());
    assert_eq!(
        ids(&page(1, None, 10)),
        [1, 3, 5, 6],
        "moved to another campaign"
    );
    assert_eq!(ids(&page(2, None, 10)), [2, 4]);
    assert_deletes_once(store, 1, "task", |tx, id| tx.delete_task(TaskId(id)));
    assert_eq!(ids(&page(1, None, 10)), [3, 5, 6]);
    assert_eq!(of_item(1), [3], "gone from its item");
    assert_eq!(read(store, |tx| tx.task(TaskId(1))), None);
}

/// `open_tasks_due`: a campaign's open tasks (pending, in progress, blocked) with
/// `from <= due_at < until`, ascending due time then id, at most `limit`, following status,
/// due-time and campaign changes and deletes; `open_task_heads_due` gives the same tasks'
/// heads.
pub fn open_tasks_due_lists_only_open_tasks<S: Store>(store: &S) {
    use TaskStatus::*;
    let layout = [
        (1, 1, 5, Pending),
        (2, 1, 2, InProgress),
        (3, 1, 2, Completed),
        (4, 1, 2, Blocked),
        (5, 1, 2, Failed),
        (6, 1, 2, Skipped),
        (7, 2, 2, Pending),
        (8, 1, 2, Pending),
        (9, 1, 9, Pending),
    ];
    let tasks: Vec<OperatorTask> = layout
        .iter()
        .map(|&(id, c, h, s)| task(id, c, Some("ana"), at(h), s))
        .collect();
    put_tasks(store, &tasks);
    // Every range is read as heads too: the same tasks, cut down to their heads.
    let open = |c: u64, from: i64, until: i64, limit| {
        read(store, |tx| {
            let whole = tx.open_tasks_due(CampaignId(c), at(from), at(until), limit)?;
            let heads = tx.open_task_heads_due(CampaignId(c), at(from), at(until), limit)?;
            let cut: Vec<OpenTaskHead> = whole.iter().cloned().map(OpenTaskHead::from).collect();
            assert_eq!(
                heads, cut,
                "open_task_heads_due({c}, {from}, {until}, {limit})"
            );
            Ok(ids(&whole))
        })
    };
    assert_eq!(
        open(1, 0, 24, 100),
        [2, 4, 8, 1, 9],
        "open only, by due time then id"
    );
    assert_eq!(open(1, 0, 24, 2), [2, 4], "limit");
    assert_eq!(open(1, 2, 9, 100), [2, 4, 8, 1], "half-open range");
    assert_eq!(open(1, 3, 24, 100), [1, 9]);
    assert_eq!(open(2, 0, 24, 100), [7], "another campaign");
    assert!(open(1, 2, 2, 100).is_empty(), "empty range");
    assert!(open(1, 9, 2, 100).is_empty(), "reversed range");
    assert!(open(1, 0, 24, 0).is_empty(), "limit 0");
    let got = read(store, |tx| {
        tx.open_tasks_due(CampaignId(1), at(5), at(6), 10)
    });
    assert_eq!(got, [tasks[0].clone()], "whole records");

    write(store, |tx| {
        tx.put_task(&task(2, 1, Some("ana"), at(2), Completed))?;
        tx.put_task(&task(3, 1, Some("ana"), at(1), InProgress))?;
        tx.put_task(&task(9, 1, Some("ana"), at(0), Pending))?;
        tx.put_task(&task(7, 1, Some("ana"), at(2), Blocked))?;
        tx.delete_task(TaskId(8)).map(drop)
    });
    assert_eq!(open(1, 0, 24, 100), [9, 3, 4, 7, 1], "follows every change");
    assert!(open(2, 0, 24, 100).is_empty(), "moved out of campaign 2");
}

/// `open_task_briefs_for_assignee`: the briefs of the open tasks assigned to exactly that
/// assignee (case-sensitive, no prefix, no trimming) in every campaign, with
/// `from <= due_at < until`, ascending due time then id, at most `limit`; equal to
/// [`OperatorTask::brief`] and following title, status (both ways), due-time and assignee
/// changes.
pub fn assignee_briefs_match_exactly<S: Store>(store: &S) {
    use TaskStatus::*;
    let layout = [
        (1, 1, Some("ana"), 5, Pending),
        (2, 2, Some("ana"), 1, Blocked),
        (3, 1, Some("ana"), 3, Completed),
        (4, 1, Some("anakin"), 2, Pending),
        (5, 1, None, 2, Pending),
        (6, 3, Some("Ana"), 2, Pending),
        (7, 3, Some(" ana"), 2, Pending),
        (8, 3, Some("ana"), 1, InProgress),
    ];
    let tasks: Vec<OperatorTask> = layout
        .iter()
        .map(|&(id, c, a, h, s)| task(id, c, a, at(h), s))
        .collect();
    put_tasks(store, &tasks);
    let briefs = |who: &str, from: i64, until: i64, limit| {
        read(store, |tx| {
            tx.open_task_briefs_for_assignee(who, at(from), at(until), limit)
        })
    };
    let queue = briefs("ana", 0, 24, 100);
    assert_eq!(
        ids(&queue),
        [2, 8, 1],
        "exact assignee, open, by due time then id"
    );
    let expected: Vec<TaskBrief> = [1, 7, 0].iter().map(|&i| tasks[i].brief()).collect();
    assert_eq!(queue, expected, "briefs equal the tasks' briefs");
    assert_eq!(ids(&briefs("Ana", 0, 24, 100)), [6], "case-sensitive");
    assert_eq!(ids(&briefs("anakin", 0, 24, 100)), [4]);
    assert!(briefs("an", 0, 24, 100).is_empty(), "no prefix match");
    assert_eq!(ids(&briefs("ana", 1, 5, 100)), [2, 8], "half-open range");
    assert_eq!(ids(&briefs("ana", 0, 24, 2)), [2, 8], "limit");
    assert!(briefs("ana", 0, 24, 0).is_empty(), "limit 0");
    assert!(briefs("ana", 5, 1, 100).is_empty(), "reversed range");

    write(store, |tx| {
        let mut renamed = task(1, 1, Some("ana"), at(0), InProgress);
        renamed.title = "Renamed".to_owned();
        tx.put_task(&renamed)?;
        tx.put_task(&task(2, 2, Some("bob"), at(1), Blocked))?;
        tx.put_task(&task(5, 1, Some("ana"), at(4), Pending))?;
        tx.put_task(&task(8, 3, Some("ana"), at(1), Failed))?;
        tx.put_task(&task(3, 1, Some("ana"), at(3), Pending))
    });
    let now = briefs("ana", 0, 24, 100);
    assert_eq!(
        ids(&now),
        [1, 3, 5],
        "follows assignee, status (closed and reopened) and due-time changes"
    );
    assert_eq!(
        (now[0].title.as_str(), now[0].status),
        ("Renamed", InProgress)
    );
    assert_eq!(ids(&briefs("bob", 0, 24, 100)), [2]);
    write(store, |tx| tx.delete_task(TaskId(5)).map(drop));
    assert_eq!(ids(&briefs("ana", 0, 24, 100)), [1, 3], "deleted");
}

/// `task_counts`: a campaign's tasks with `from <= due_at < until` counted by status, every
/// status, following changes and deletes; empty and reversed ranges count nothing.
pub fn task_counts_by_status_over_ranges<S: Store>(store: &S) {
    let mut tasks = vec![];
    for (i, status) in TaskStatus::ALL.into_iter().enumerate() {
        // Status i has i + 1 tasks, due at hours i, i + 1, ...
        for k in 0..=i {
            let id = (tasks.len() + 1) as u64;
            tasks.push(task(id, 1, None, at((i + k) as i64), status));
        }
    }
    tasks.push(task(100, 2, None, at(1), TaskStatus::Pending));
    put_tasks(store, &tasks);
    let counts = |c: u64, from: DateTime<Utc>, until: DateTime<Utc>| {
        read(store, |tx| tx.task_counts(CampaignId(c), from, until))
    };
    let expect = |from: DateTime<Utc>, until: DateTime<Utc>| {
        let mut c = crate::store::StatusCounts::default();
        tasks
            .iter()
            .filter(|t| t.campaign_id == CampaignId(1) && from <= t.due_at && t.due_at < until)
            .for_each(|t| c.add(t.status));
        c
    };
    let whole = counts(1, DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    for (i, status) in TaskStatus::ALL.into_iter().enumerate() {
        assert_eq!(whole.get(status), i as u32 + 1, "{status:?} over all time");
    }
    assert_eq!(
        (whole.total(), whole.open()),
        (21, 1 + 2 + 5),
        "total and open"
    );
    for (from, until) in [(0, 3), (2, 6), (5, 11), (3, 4)] {
        let got = counts(1, at(from), at(until));
        assert_eq!(got, expect(at(from), at(until)), "range {from}..{until}");
    }
    // `task_counts_split`: the same counts, and the open tasks due before the split
    // (before the range, inside it, at a task's due time, past it).
    for (from, until, split) in [(0, 11, 4), (0, 11, 0), (2, 6, 1), (2, 6, 9), (3, 8, 5)] {
        let (from, until, split) = (at(from), at(until), at(split));
        let got = read(store, |tx| {
            tx.task_counts_split(CampaignId(1), from, until, split)
        });
        let open_before = tasks
            .iter()
            .filter(|t| t.campaign_id == CampaignId(1) && t.status.is_open())
            .filter(|t| from <= t.due_at && t.due_at < until && t.due_at < split)
            .count() as u32;
        assert_eq!(
            got,
            (expect(from, until), open_before),
            "split {from}..{until} at {split}"
        );
    }
    assert_eq!(counts(1, at(4), at(4)).total(), 0, "empty range");
    assert_eq!(counts(1, at(6), at(2)).total(), 0, "reversed range");
    assert_eq!(
        counts(2, at(0), at(24)).get(TaskStatus::Pending),
        1,
        "another campaign"
    );
    assert_eq!(counts(3, at(0), at(24)).total(), 0, "no such campaign");

    write(store, |tx| {
        tx.put_task(&task(1, 1, None, at(0), TaskStatus::InProgress))?;
        tx.put_task(&task(2, 1, None, at(30), TaskStatus::InProgress))?;
        tx.delete_task(TaskId(21)).map(drop)
    });
    let after = counts(1, at(0), at(24));
    assert_eq!(after.get(TaskStatus::Pending), 0, "pending task 1 moved on");
    assert_eq!(
        after.get(TaskStatus::InProgress),
        2,
        "one moved in, one moved out of range"
    );
    assert_eq!(after.get(TaskStatus::Skipped), 5, "deleted");
}

/// POST tasks whose instructions are exactly a platform SOP's checklist, an edited copy of
/// it, none at all, or the checklist without a platform read back exactly (a backend may
/// store a checklist as a reference to the SOP, but must give back what was written).
pub fn sop_checklists_round_trip_exactly<S: Store>(store: &S) {
    let steps = crate::platform::sop(Platform::LinkedIn)
        .checklist(ContentType::Carousel)
        .expect("LinkedIn has a carousel checklist")
        .steps();
    let post = OperatorTask {
        platform: Some(Platform::LinkedIn),
        content_type: Some(ContentType::Carousel),
        instructions: steps.clone(),
        checked: Vec::new(),
        ..task(1, 1, None, at(1), TaskStatus::Pending)
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
    put_tasks(store, &all);
    for t in &all {
        assert_eq!(
            read(store, |tx| tx.task(t.id)).as_ref(),
            Some(t),
            "task {}",
            t.id
        );
    }
    let first = read(store, |tx| tx.task(TaskId(1))).expect("task 1");
    assert!(first.instructions == steps, "the checklist, step by step");
}

/// The checklist steps ticked on a task (`checked`) round-trip, on a task whose checklist
/// is its SOP's and on one with lines of its own; unticking them all stores none.
pub fn ticked_steps_round_trip<S: Store>(store: &S) {
    let steps = crate::platform::sop(Platform::LinkedIn)
        .checklist(ContentType::Carousel)
        .expect("LinkedIn has a carousel checklist")
        .steps();
    let sop = OperatorTask {
        platform: Some(Platform::LinkedIn),
        content_type: Some(ContentType::Carousel),
        instructions: steps,
        checked: vec![0, 2],
        ..task(1, 1, None, at(1), TaskStatus::InProgress)
    };
    let text = OperatorTask {
        checked: vec![1],
        ..task(2, 1, None, at(1), TaskStatus::Pending)
    };
    put_tasks(store, &[sop.clone(), text.clone()]);
    assert_eq!(read(store, |tx| tx.task(TaskId(1))), Some(sop.clone()));
    assert_eq!(read(store, |tx| tx.task(TaskId(2))), Some(text));
    let mut none = sop;
    none.checked.clear();
    put_tasks(store, std::slice::from_ref(&none));
    assert_eq!(read(store, |tx| tx.task(TaskId(1))), Some(none));
}
