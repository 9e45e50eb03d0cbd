//! The service's main flows, one test body on both stores: RedbStore (in memory) and
//! PgStore (a fresh schema on the throwaway server). Each body gets two handles on one
//! store's data: a clone of the RedbStore, or for PostgreSQL a second `PgStore` with its own
//! pool, as a second dashboard process has.

use std::fmt::Debug;

use campaign_ops_core::conformance::logical_dump;
use campaign_ops_core::model::*;
use campaign_ops_core::service::{CampaignFilter, Completion, NewCampaign};
use campaign_ops_core::{Actor, CampaignOps, EntityKind, Error, FixedClock, Store, Transition};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

fn alice() -> Actor {
    Actor::new("alice").unwrap()
}

fn new_campaign(name: &str) -> NewCampaign {
    let mut c = NewCampaign::new(
        name,
        "Acme GmbH",
        Objective::LeadGeneration,
        vec![Platform::LinkedIn, Platform::X],
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "Europe/Berlin",
    );
    c.end_date = NaiveDate::from_ymd_opt(2027, 2, 28);
    c.description = "Winter launch of the Acme analytics suite".into();
    c.activate = true;
    c
}

/// Runs `body` on both stores, each with two handles on one store's data.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod redb {
            $(
                #[test]
                fn $name() {
                    let store = campaign_ops_store::RedbStore::in_memory().unwrap();
                    super::$name(store.clone(), store);
                }
            )*
        }
        mod pg {
            $(
                #[test]
                fn $name() {
                    let Some(pg) = campaign_ops_pg::testing::TestServer::shared() else {
                        return;
                    };
                    let schema = pg.fresh_schema();
                    let first = pg.store_in(&schema).unwrap();
                    let second = pg.store_in(&schema).unwrap();
                    super::$name(first, second);
                }
            )*
        }
    };
}

on_both_stores!(
    a_campaign_from_plan_to_completed_posts_with_a_verifying_audit_chain,
    a_taken_name_is_refused_and_changes_nothing,
    a_change_through_one_handle_is_seen_through_the_other,
    concurrent_completes_of_one_task_complete_it_once,
);

type Ops<S> = CampaignOps<S, FixedClock>;

fn ops<S: Store>(store: S) -> Ops<S> {
    CampaignOps::new(store, FixedClock::new(t0()))
}

/// Campaign "Winter" active, a 28-day plan, its calendar and POST tasks assigned to ana.
fn planned<S: Store>(ops: &Ops<S>) -> (Campaign, Vec<CalendarItem>) {
    let c = ops
        .create_campaign(&alice(), new_campaign("Winter"))
        .unwrap();
    let plan = ops.generate_plan(&alice(), c.id, "Launch", 28).unwrap();
    ops.generate_calendar(&alice(), plan.id, None).unwrap();
    let items = ops.campaign_calendar(c.id).unwrap();
    let ids: Vec<CalendarItemId> = items.iter().map(|i| i.id).collect();
    let made = ops
        .generate_tasks_from_calendar(&alice(), &ids, Some("ana"))
        .unwrap();
    assert_eq!(made.created.len(), items.len(), "one POST task per item");
    (c, items)
}

fn completion() -> Completion {
    let mut done = Completion::default();
    done.outcome = Some("posted".into());
    done.proof = Some(CompletionProof {
        kind: ProofKind::Url,
        value: "https://www.linkedin.com/feed/update/urn:li:activity:1".into(),
    });
    done.metrics = vec![
        (MetricKind::Impressions, 1200.0),
        (MetricKind::Clicks, 34.0),
    ];
    done
}

fn a_campaign_from_plan_to_completed_posts_with_a_verifying_audit_chain<
    S: Store + Clone + Debug,
>(
    store: S,
    _second: S,
) {
    let ops = ops(store);
    let (c, items) = planned(&ops);
    assert!(
        items.len() >= 8,
        "a 4-week calendar on two platforms: {}",
        items.len()
    );
    let tasks = ops.campaign_tasks(c.id).unwrap();
    let first = tasks
        .iter()
        .find(|t| t.task_type == TaskType::Post)
        .unwrap()
        .clone();
    // Start and complete, then complete a pending one in one step.
    ops.start_task(&alice(), first.id).unwrap();
    let done = ops
        .mark_task_complete(&alice(), first.id, completion())
        .unwrap();
    assert_eq!(done.status, TaskStatus::Completed);
    let second = tasks
        .iter()
        .filter(|t| t.task_type == TaskType::Post)
        .nth(1)
        .unwrap();
    let once = ops
        .mark_task_complete(&alice(), second.id, completion())
        .unwrap();
    assert_eq!(
        (once.status, once.started_at),
        (TaskStatus::Completed, None)
    );

    let after = ops.campaign_tasks(c.id).unwrap();
    let engage = after
        .iter()
        .filter(|t| t.task_type == TaskType::Engage)
        .count();
    assert_eq!(engage, 4, "two ENGAGE follow-ups per completed post");
    let item = ops
        .get_calendar_item(first.calendar_item_id.unwrap())
        .unwrap();
    assert_eq!(item.status, CalendarItemStatus::Published);
    let metrics = ops.get_campaign_metrics(c.id).unwrap();
    assert_eq!(
        ops.campaign_metric_entries(c.id, None, 100).unwrap().len(),
        4,
        "{metrics:?}"
    );

    // The operator queue, the campaign page, the weekly summary.
    let queue = ops.operator_queue("ana", "Europe/Berlin").unwrap();
    assert!(queue.overdue.is_empty(), "{queue:?}");
    let today: Vec<TaskType> = queue.due_today.iter().map(|t| t.task_type).collect();
    assert_eq!(
        today,
        [TaskType::Engage; 2],
        "the 2 h follow-ups of both posts"
    );
    let page = ops
        .list_campaigns(&CampaignFilter::default(), 50, None)
        .unwrap();
    assert_eq!((page.total, page.items.len()), (1, 1));
    let summary = ops.generate_weekly_summary(c.id, None).unwrap();
    assert_eq!(summary.campaign_id, c.id);

    let check = ops.verify_audit_chain().unwrap();
    assert!(check.is_intact(), "{check:?}");
    assert!(
        check.entries >= 7,
        "every mutation audited: {}",
        check.entries
    );
}

fn a_taken_name_is_refused_and_changes_nothing<S: Store + Clone + Debug>(store: S, _second: S) {
    let ops = ops(store);
    planned(&ops);
    let before = logical_dump(ops.store(), 1..=4, &[]);
    let err = ops
        .create_campaign(&alice(), new_campaign("  WINTER "))
        .unwrap_err();
    assert!(
        matches!(&err, Error::AlreadyExists { entity: EntityKind::Campaign, field, .. } if field == "name"),
        "{err:?}"
    );
    assert_eq!(
        logical_dump(ops.store(), 1..=4, &[]),
        before,
        "nothing changed"
    );
}

fn a_change_through_one_handle_is_seen_through_the_other<S: Store + Clone + Debug>(
    first: S,
    second: S,
) {
    let (one, two) = (ops(first), ops(second));
    let (c, _) = planned(&one);
    let task = two.campaign_tasks(c.id).unwrap()[0].clone();
    two.start_task(&alice(), task.id).unwrap();
    assert_eq!(
        one.get_task(task.id).unwrap().status,
        TaskStatus::InProgress
    );
    one.pause_campaign(&alice(), c.id, Some("budget review"))
        .unwrap();
    assert_eq!(
        two.get_campaign(c.id).unwrap().status,
        CampaignStatus::Paused
    );
    assert!(two.verify_audit_chain().unwrap().is_intact());
}

fn concurrent_completes_of_one_task_complete_it_once<S: Store + Clone + Debug>(
    first: S,
    second: S,
) {
    let (one, two) = (ops(first), ops(second));
    let (c, _) = planned(&one);
    let tasks = one.campaign_tasks(c.id).unwrap();
    let posts: Vec<TaskId> = tasks.iter().take(6).map(|t| t.id).collect();
    let (one, two) = (&one, &two);
    for &id in &posts {
        let barrier = &std::sync::Barrier::new(2);
        let results = std::thread::scope(|s| {
            let a = s.spawn(move || {
                barrier.wait();
                one.mark_task_complete(&alice(), id, completion())
            });
            let b = s.spawn(move || {
                barrier.wait();
                two.mark_task_complete(&alice(), id, completion())
            });
            [a.join().unwrap(), b.join().unwrap()]
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "task {id}: exactly one complete wins: {results:?}");
        let lost = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            matches!(
                lost,
                Error::IllegalTransition(Transition::Task {
                    from: TaskStatus::Completed,
                    to: TaskStatus::Completed
                })
            ),
            "the loser gets a clear error: {lost:?}"
        );
    }
    let after = two.campaign_tasks(c.id).unwrap();
    let engage = after
        .iter()
        .filter(|t| t.task_type == TaskType::Engage)
        .count();
    assert_eq!(engage, 2 * posts.len(), "follow-ups of each complete once");
    assert_eq!(
        two.campaign_metric_entries(c.id, None, 100).unwrap().len(),
        2 * posts.len(),
        "metrics of each complete once"
    );
    let check = two.verify_audit_chain().unwrap();
    assert!(check.is_intact(), "{check:?}");
}
