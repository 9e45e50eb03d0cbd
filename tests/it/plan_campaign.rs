//! `plan_campaign`: plan, calendar and POST tasks in one call and one transaction, the same
//! records and audit entries as the three calls, and all or nothing.

use campaign_ops::core::testing::CountingStore;
use campaign_ops::service::CampaignPlanning;
use campaign_ops::{
    AuditAction, CampaignOps, EntityKind, Error, FixedClock, Platform, RedbStore, TaskType,
};

use crate::support::*;

fn four_platforms(
    ops: &CampaignOps<CountingStore<RedbStore>, FixedClock>,
    name: &str,
) -> campaign_ops::Campaign {
    let mut new = new_campaign(name);
    new.platforms = vec![
        Platform::LinkedIn,
        Platform::Instagram,
        Platform::X,
        Platform::Email,
    ];
    ops.create_campaign(&alice(), new).unwrap()
}

#[test]
fn one_call_one_transaction_the_same_as_three_calls() {
    let store = CountingStore::new(RedbStore::in_memory().unwrap());
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0()));
    let one = four_platforms(&ops, "One call");
    let three = four_platforms(&ops, "Three calls");

    let mut request = CampaignPlanning::new("Spring launch", 90);
    request.assignee = Some("olga".into());
    store.reset();
    let planned = ops.plan_campaign(&alice(), one.id, &request).unwrap();
    assert_eq!(store.write_attempts(), 1, "one write transaction");
    assert!(planned.calendar.created.len() > 40, "a 90-day calendar");
    assert_eq!(planned.tasks.created.len(), planned.calendar.created.len());

    let plan = ops
        .generate_plan(&alice(), three.id, "Spring launch", 90)
        .unwrap();
    let calendar = ops.generate_calendar(&alice(), plan.id, None).unwrap();
    let tasks = ops
        .generate_tasks_from_calendar(&alice(), &calendar.created, Some("olga"))
        .unwrap();

    // The same plan, slots and tasks, campaign for campaign.
    assert_eq!(planned.plan.version, plan.version);
    assert_eq!(planned.plan.phases, plan.phases);
    let slots = |c| {
        ops.campaign_calendar(c)
            .unwrap()
            .into_iter()
            .map(|i| (i.platform, i.scheduled_at, i.content_type))
            .collect::<Vec<_>>()
    };
    assert_eq!(slots(one.id), slots(three.id));
    let posts = |c| {
        ops.campaign_tasks(c)
            .unwrap()
            .into_iter()
            .map(|t| (t.task_type, t.due_at, t.assignee, t.instructions))
            .collect::<Vec<_>>()
    };
    assert_eq!(posts(one.id), posts(three.id));
    assert_eq!(tasks.created.len(), planned.tasks.created.len());
    assert!(posts(one.id).iter().all(|p| p.0 == TaskType::Post));

    // The same three audit entries.
    let actions = |c| audit_actions(&ops, c);
    let expected = [
        AuditAction::CampaignCreate,
        AuditAction::PlanCreate,
        AuditAction::CalendarGenerate,
        AuditAction::TasksGenerate,
    ];
    assert_eq!(actions(one.id), expected);
    assert_eq!(actions(three.id), expected);
    assert!(ops.verify_audit_chain().unwrap().is_intact());

    // Planning again keeps the calendar (unchanged inputs) and makes no duplicate tasks.
    let again = ops.plan_campaign(&alice(), one.id, &request).unwrap();
    assert_eq!(again.plan.version, 2);
    assert!(again.calendar.created.is_empty() && again.calendar.removed.is_empty());
    assert!(again.tasks.created.is_empty());
    assert_eq!(
        again.tasks.already_tasked.len(),
        planned.calendar.created.len()
    );
}

#[test]
fn a_refused_plan_campaign_changes_nothing() {
    let store = CountingStore::new(RedbStore::in_memory().unwrap());
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0()));
    let c = four_platforms(&ops, "Refused");
    let before = snapshot_of(&ops);

    let mut bad_assignee = CampaignPlanning::new("Launch", 30);
    bad_assignee.assignee = Some("olga\u{0}".into());
    let err = ops
        .plan_campaign(&alice(), c.id, &bad_assignee)
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, .. } if field == "assignee"),
        "{err}"
    );
    let err = ops
        .plan_campaign(&alice(), c.id, &CampaignPlanning::new("Launch", 0))
        .unwrap_err();
    assert!(matches!(err, Error::Validation { .. }), "{err}");

    ops.activate_campaign(&alice(), c.id).unwrap();
    ops.complete_campaign(&alice(), c.id).unwrap();
    let before_done = snapshot_of(&ops);
    let err = ops
        .plan_campaign(&alice(), c.id, &CampaignPlanning::new("Launch", 30))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ReadOnly {
                entity: EntityKind::Campaign,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot_of(&ops), before_done);
    assert_ne!(before, before_done, "the status moves were recorded");
}

fn snapshot_of(ops: &CampaignOps<CountingStore<RedbStore>, FixedClock>) -> serde_json::Value {
    campaign_ops::core::conformance::logical_dump(ops.store(), 1..=4, &[])
}
