//! Operator work: today / overdue / queue at local day boundaries in two zones, overdue
//! tasks whatever marks them, refused queries, and a pending post completed in one step
//! (every task lifecycle move: `task_moves`).

use campaign_ops::service::{Completion, NewTask};
use campaign_ops::{
    CampaignId, EntityKind, Error, MetricKind, OperatorTask, TaskId, TaskStatus, TaskType,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::support::*;

fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

pub fn campaign_in_zone(ops: &Ops, name: &str, tz: &str) -> CampaignId {
    let mut n = new_campaign(name);
    n.time_zone = tz.into();
    n.start_date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    n.activate = true;
    ops.create_campaign(&alice(), n).unwrap().id
}

pub fn task_due(
    ops: &Ops,
    campaign: CampaignId,
    title: &str,
    due: DateTime<Utc>,
    who: &str,
) -> TaskId {
    let mut new = NewTask::new(campaign, TaskType::Manual, title, due);
    new.instructions = vec!["Do it".into()];
    new.assignee = Some(who.into());
    ops.create_task(&alice(), new).unwrap().id
}

/// Anything with a title: full tasks and queue briefs.
trait Titled {
    fn title(&self) -> &str;
}

impl Titled for OperatorTask {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Titled for campaign_ops::TaskBrief {
    fn title(&self) -> &str {
        &self.title
    }
}

fn titles<T: Titled>(tasks: &[T]) -> Vec<&str> {
    tasks.iter().map(Titled::title).collect()
}

#[test]
fn today_and_overdue_follow_the_campaign_zone_at_day_boundaries() {
    let ops = ops();
    let berlin = chrono_tz::Europe::Berlin;
    let ny = chrono_tz::America::New_York;
    let b = campaign_in_zone(&ops, "Berlin", "Europe/Berlin");
    let n = campaign_in_zone(&ops, "New York", "America/New_York");
    let tasks = [
        (b, "b yesterday 23:59", local(berlin, 2026, 11, 24, 23, 59)),
        (b, "b today 00:00", local(berlin, 2026, 11, 25, 0, 0)),
        (b, "b today 23:59", local(berlin, 2026, 11, 25, 23, 59)),
        (b, "b tomorrow 00:00", local(berlin, 2026, 11, 26, 0, 0)),
        (b, "b today done", local(berlin, 2026, 11, 25, 8, 0)),
        (n, "n today 00:00", local(ny, 2026, 11, 25, 0, 0)),
        (n, "n today 23:59", local(ny, 2026, 11, 25, 23, 59)),
        (n, "n tomorrow 00:00", local(ny, 2026, 11, 26, 0, 0)),
    ];
    let ids: Vec<TaskId> = tasks
        .into_iter()
        .map(|(c, title, due)| task_due(&ops, c, title, due, "bob"))
        .collect();
    let done = ids[4];
    ops.start_task(&alice(), done).unwrap();
    ops.mark_task_complete(&alice(), done, Completion::default())
        .unwrap();

    // 23:30 in Berlin on the 25th is 17:30 in New York on the 25th.
    ops.clock().set(local(berlin, 2026, 11, 25, 23, 30));
    assert_eq!(
        titles(&ops.get_today_tasks(b).unwrap()),
        ["b today 00:00", "b today 23:59"]
    );
    assert_eq!(
        titles(&ops.get_overdue_tasks(b).unwrap()),
        ["b yesterday 23:59", "b today 00:00"]
    );
    assert_eq!(
        titles(&ops.get_today_tasks(n).unwrap()),
        ["n today 00:00", "n today 23:59"]
    );
    assert_eq!(
        titles(&ops.get_overdue_tasks(n).unwrap()),
        ["n today 00:00"]
    );

    // Half an hour later Berlin is on the 26th; New York is still on the 25th.
    ops.clock().set(local(berlin, 2026, 11, 26, 0, 0));
    assert_eq!(
        titles(&ops.get_today_tasks(b).unwrap()),
        ["b tomorrow 00:00"]
    );
    assert_eq!(
        titles(&ops.get_overdue_tasks(b).unwrap()),
        ["b yesterday 23:59", "b today 00:00", "b today 23:59"],
        "due exactly now is not overdue yet"
    );
    assert_eq!(
        titles(&ops.get_today_tasks(n).unwrap()),
        ["n today 00:00", "n today 23:59"]
    );

    // The operator's queue across both campaigns, in the operator's zone (Tokyo, where it is
    // already 08:00 on the 26th): overdue first, then the rest of the operator's day.
    let queue = ops.operator_queue("bob", "Asia/Tokyo").unwrap();
    assert_eq!(
        titles(&queue.overdue),
        [
            "b yesterday 23:59",
            "b today 00:00",
            "n today 00:00",
            "b today 23:59"
        ]
    );
    // Tokyo's 26th ends at 15:00 UTC: New York's 23:59 on the 25th (04:59 UTC on the 26th)
    // is still today for the operator, its midnight after that too (05:00 UTC).
    assert_eq!(
        titles(&queue.due_today),
        ["b tomorrow 00:00", "n today 23:59", "n tomorrow 00:00"]
    );
    assert!(
        ops.operator_queue("nobody", "Asia/Tokyo")
            .unwrap()
            .overdue
            .is_empty()
    );
}

#[test]
fn overdue_tasks_stay_listed_whatever_marks_them() {
    let ops = ops();
    let c = campaign_in_zone(&ops, "Sticky", "Europe/Berlin");
    let t = task_due(&ops, c, "late", t0() - chrono::Duration::hours(1), "bob");
    assert_eq!(ops.get_overdue_tasks(c).unwrap().len(), 1);
    ops.block_task(&alice(), t, "waiting for the asset")
        .unwrap();
    assert_eq!(
        ops.get_overdue_tasks(c).unwrap().len(),
        1,
        "blocked is still open"
    );
    ops.unblock_task(&alice(), t).unwrap();
    ops.start_task(&alice(), t).unwrap();
    assert_eq!(
        ops.get_overdue_tasks(c).unwrap().len(),
        1,
        "in progress is still open"
    );
    ops.reassign_task(&alice(), t, Some("carol")).unwrap();
    assert!(ops.operator_queue("bob", "UTC").unwrap().overdue.is_empty());
    assert_eq!(ops.operator_queue("carol", "UTC").unwrap().overdue.len(), 1);
    ops.fail_task(&alice(), t, "account locked").unwrap();
    assert!(
        ops.get_overdue_tasks(c).unwrap().is_empty(),
        "failed is closed"
    );
}

#[test]
fn queries_refuse_bad_input() {
    let ops = ops();
    assert_eq!(
        ops.get_today_tasks(CampaignId(5)),
        Err(Error::not_found(EntityKind::Campaign, 5))
    );
    assert!(matches!(
        ops.operator_queue("bob", "Nowhere/Else"),
        Err(Error::Validation { field, .. }) if field == "tz"
    ));
    assert!(matches!(
        ops.operator_queue(" ", "UTC"),
        Err(Error::Validation { field, .. }) if field == "assignee"
    ));
}

#[test]
fn a_pending_post_is_completed_in_one_step_and_one_transaction() {
    use campaign_ops::core::testing::CountingStore;
    use campaign_ops::{CalendarItemStatus, CampaignOps, FixedClock, RedbStore};

    let store = CountingStore::new(RedbStore::in_memory().unwrap());
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0()));
    let c = ops
        .create_campaign(&alice(), new_campaign("One step"))
        .unwrap();
    let plan = ops.generate_plan(&alice(), c.id, "Launch", 30).unwrap();
    let items = ops
        .generate_calendar(&alice(), plan.id, None)
        .unwrap()
        .created;
    let posts = ops
        .generate_tasks_from_calendar(&alice(), &items[..1], Some("bob"))
        .unwrap()
        .created;
    let mut done = Completion::default();
    done.metrics = vec![(MetricKind::Impressions, 900.0), (MetricKind::Clicks, 12.0)];

    store.reset();
    let t = ops.mark_task_complete(&alice(), posts[0], done).unwrap();
    assert_eq!(store.write_attempts(), 1, "one write transaction");
    assert_eq!(t.status, TaskStatus::Completed);
    assert_eq!(t.started_at, None, "never started");
    assert_eq!(t.finished_at, Some(t0()));
    let item = ops.get_calendar_item(items[0]).unwrap();
    assert_eq!(item.status, CalendarItemStatus::Published);
    let tasks = ops.campaign_tasks(c.id).unwrap();
    let follow_ups: Vec<_> = tasks
        .iter()
        .filter(|f| f.parent_task_id == Some(t.id))
        .collect();
    assert_eq!(follow_ups.len(), 2);
    assert!(follow_ups.iter().all(|f| f.task_type == TaskType::Engage));
    assert_eq!(
        ops.campaign_metric_entries(c.id, None, 100).unwrap().len(),
        2
    );
    let entry = ops.campaign_audit(c.id, None, 1000).unwrap().pop().unwrap();
    let details = entry.details.unwrap();
    assert!(
        details.contains("completed without being started"),
        "{details}"
    );
    assert!(details.contains("created follow-up tasks"), "{details}");
}
