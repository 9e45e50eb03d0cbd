//! Plans, calendars and tasks through the service, on a real store: versioning, windows,
//! cadence per full week, idempotent regeneration, SOP tasks, follow-ups and ICS export.

use std::collections::BTreeMap;

use campaign_ops::Clock;
use campaign_ops::platform::sop;
use campaign_ops::service::Completion;
use campaign_ops::{
    AuditAction, CalendarItem, CalendarItemStatus, CampaignStatus, CompletionProof, EntityKind,
    Error, MetricKind, Platform, ProofKind, TaskStatus, TaskType,
};
use chrono::{Datelike, Duration, NaiveDate};

use crate::support::*;

/// A 90-day, 4-platform campaign starting 2026-12-01 in `tz`.
fn four_platform(ops: &Ops, name: &str, tz: &str) -> campaign_ops::Campaign {
    let mut n = new_campaign(name);
    n.platforms = Platform::ALL.to_vec();
    n.time_zone = tz.into();
    n.end_date = Some(date(2026, 12, 1) + Duration::days(89));
    n.cadence = BTreeMap::from([
        (Platform::LinkedIn, 3),
        (Platform::Instagram, 4),
        (Platform::X, 5),
        (Platform::Email, 1),
    ]);
    n.primary_cta = Some("Book a demo".into());
    n.activate = true;
    ops.create_campaign(&alice(), n).unwrap()
}

/// Items per (platform, ISO week) counted in the campaign's zone.
fn per_week(items: &[CalendarItem], tz: chrono_tz::Tz) -> BTreeMap<(Platform, (i32, u32)), usize> {
    let mut m = BTreeMap::new();
    for i in items {
        let w = i.scheduled_at.with_timezone(&tz).iso_week();
        *m.entry((i.platform, (w.year(), w.week()))).or_default() += 1;
    }
    m
}

/// ISO weeks entirely inside [start, end].
fn full_weeks(start: NaiveDate, end: NaiveDate) -> Vec<(i32, u32)> {
    start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| d.weekday() == chrono::Weekday::Mon && *d + Duration::days(6) <= end)
        .map(|d| (d.iso_week().year(), d.iso_week().week()))
        .collect()
}

#[test]
fn plans_are_versioned_and_kept() {
    let ops = ops();
    let c = four_platform(&ops, "Plans", "Europe/Berlin");
    let v1 = ops
        .generate_plan(&alice(), c.id, "Product launch", 90)
        .unwrap();
    let v2 = ops
        .generate_plan(&alice(), c.id, "Product launch", 60)
        .unwrap();
    assert_eq!((v1.version, v2.version), (1, 2));
    assert_eq!(v1.start_date, c.start_date);
    assert_eq!(v1.phases.iter().map(|p| p.days).sum::<u32>(), 90);
    assert_eq!(ops.list_plans(c.id).unwrap(), vec![v1.clone(), v2]);
    assert_eq!(ops.get_plan(v1.id).unwrap(), v1);
    assert_eq!(v1.generated_by, ops.planner().name());
    let actions = audit_actions(&ops, c.id);
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == AuditAction::PlanCreate)
            .count(),
        2
    );
}

#[test]
fn plan_input_rules_change_nothing() {
    let ops = ops();
    let c = four_platform(&ops, "Rules", "Europe/Berlin");
    for (focus, days) in [
        ("", 30),
        ("Launch", 0),
        ("Launch", 10_000),
        (&*"f".repeat(500), 30),
    ] {
        let before = snapshot(&ops);
        let err = ops.generate_plan(&alice(), c.id, focus, days).unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{err}");
        assert_eq!(snapshot(&ops), before);
    }
    ops.complete_campaign(&alice(), c.id).unwrap();
    assert_eq!(
        ops.generate_plan(&alice(), c.id, "Launch", 30),
        Err(Error::ReadOnly {
            entity: EntityKind::Campaign,
            id: c.id.to_string(),
            status: "completed".into(),
        })
    );
}

#[test]
fn calendar_respects_windows_cadence_and_dates_in_several_zones() {
    for tz_name in ["Europe/Berlin", "America/New_York", "Asia/Tokyo"] {
        let ops = ops();
        let c = four_platform(&ops, "Zones", tz_name);
        let plan = ops
            .generate_plan(&alice(), c.id, "Winter launch", 90)
            .unwrap();
        let generation = ops
            .generate_calendar(&alice(), plan.id, Some("Data you can trust"))
            .unwrap();
        let items = ops.campaign_calendar(c.id).unwrap();
        assert_eq!(generation.created.len(), items.len());
        assert!(!items.is_empty());
        let tz = c.time_zone;
        for item in &items {
            let local = item.scheduled_at.with_timezone(&tz);
            assert!(
                sop(item.platform)
                    .windows
                    .iter()
                    .any(|w| w.contains(local.weekday(), local.time())),
                "{tz_name}: {} at {local} is outside the {} windows",
                item.title,
                item.platform
            );
            let day = local.date_naive();
            assert!(c.runs_on(day), "{day} outside the campaign");
            assert!(item.scheduled_at >= t0());
            assert!(
                sop(item.platform)
                    .content_types
                    .contains(&item.content_type)
            );
        }
        let counts = per_week(&items, tz);
        let weeks = full_weeks(c.start_date, c.end_date.unwrap());
        assert!(weeks.len() >= 11);
        for week in weeks {
            for (platform, cadence) in &c.cadence {
                assert_eq!(
                    counts.get(&(*platform, week)).copied().unwrap_or(0),
                    *cadence as usize,
                    "{tz_name}: {platform} in week {week:?}"
                );
            }
        }
        // No two items share a platform and slot.
        let mut slots: Vec<_> = items.iter().map(|i| (i.platform, i.scheduled_at)).collect();
        let n = slots.len();
        slots.sort();
        slots.dedup();
        assert_eq!(slots.len(), n);
    }
}

#[test]
fn regenerating_three_times_never_duplicates_and_keeps_started_work() {
    let ops = ops();
    let c = four_platform(&ops, "Regen", "Europe/Berlin");
    let (plan, first) = launch_calendar(&ops, c.id, 90);
    let ids: Vec<_> = first.iter().map(|i| i.id).collect();
    let tasks = ops
        .generate_tasks_from_calendar(&alice(), &ids, Some("bob"))
        .unwrap();
    assert_eq!(tasks.created.len(), first.len());
    // Work starts on the first item: it must survive regeneration, with its task.
    let started = ops.start_task(&alice(), tasks.created[0]).unwrap();
    let started_item = started.calendar_item_id.unwrap();

    let mut plan_id = plan.id;
    for round in 0..3 {
        if round == 1 {
            // A re-plan replaces the older plan's items too.
            plan_id = ops
                .generate_plan(&alice(), c.id, "Launch, refined", 90)
                .unwrap()
                .id;
        }
        let g = ops
            .generate_calendar(&alice(), plan_id, Some("Round"))
            .unwrap();
        assert!(g.kept.contains(&started_item));
        let items = ops.campaign_calendar(c.id).unwrap();
        assert_eq!(items.len(), first.len(), "round {round}");
        assert_eq!(per_week(&items, c.time_zone), per_week(&first, c.time_zone));
        assert_eq!(items.iter().filter(|i| i.id == started_item).count(), 1);
        assert_eq!(
            ops.get_calendar_item(started_item).unwrap().status,
            CalendarItemStatus::InProgress
        );
    }
    // Every slot still fitted: the items stayed with their pending tasks, assignee kept,
    // and the started task with its item.
    let all_tasks = ops.campaign_tasks(c.id).unwrap();
    assert_eq!(all_tasks.len(), first.len());
    assert!(
        all_tasks
            .iter()
            .all(|t| t.assignee.as_deref() == Some("bob"))
    );
    assert!(all_tasks.iter().any(|t| t.id == started.id));
    // Task generation, run twice more, adds nothing: one POST task per item.
    let ids: Vec<_> = ops
        .campaign_calendar(c.id)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    let g1 = ops
        .generate_tasks_from_calendar(&alice(), &ids, None)
        .unwrap();
    let g2 = ops
        .generate_tasks_from_calendar(&alice(), &ids, None)
        .unwrap();
    assert!(g1.created.is_empty());
    assert!(g2.created.is_empty());
    assert_eq!(g2.already_tasked.len(), ids.len());
    assert_eq!(ops.campaign_tasks(c.id).unwrap().len(), ids.len());
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn tasks_carry_the_sop_and_completing_a_post_creates_follow_ups() {
    let ops = ops();
    let c = four_platform(&ops, "Tasks", "Europe/Berlin");
    let (_, items) = launch_calendar(&ops, c.id, 30);
    let item = items
        .iter()
        .find(|i| i.platform == Platform::LinkedIn)
        .unwrap();
    let g = ops
        .generate_tasks_from_calendar(&alice(), &[item.id], Some("bob"))
        .unwrap();
    let task = ops.get_task(g.created[0]).unwrap();
    assert_eq!(task.task_type, TaskType::Post);
    assert_eq!(task.due_at, item.scheduled_at);
    assert_eq!(task.assignee.as_deref(), Some("bob"));
    assert_eq!(task.copy.as_deref(), Some(item.copy.as_str()));
    assert_eq!(
        task.instructions,
        sop(Platform::LinkedIn)
            .checklist(item.content_type)
            .unwrap()
            .steps()
    );
    assert!(!task.instructions.is_empty());

    ops.clock().set(item.scheduled_at);
    ops.start_task(&alice(), task.id).unwrap();
    ops.clock().advance(Duration::minutes(5));
    let done = ops
        .mark_task_complete(
            &alice(),
            task.id,
            with(Completion::default(), |done| {
                done.outcome = Some("Posted".into());
                done.proof = Some(CompletionProof {
                    kind: ProofKind::Url,
                    value: "https://www.linkedin.com/feed/update/urn:li:activity:1".into(),
                });
                done.metrics = vec![(MetricKind::Impressions, 120.0)];
            }),
        )
        .unwrap();
    assert_eq!(done.status, TaskStatus::Completed);
    assert_eq!(
        ops.get_calendar_item(item.id).unwrap().status,
        CalendarItemStatus::Published
    );
    let follow_ups: Vec<_> = ops
        .campaign_tasks(c.id)
        .unwrap()
        .into_iter()
        .filter(|t| t.parent_task_id == Some(task.id))
        .collect();
    assert_eq!(follow_ups.len(), 2);
    let now = ops.clock().now();
    assert_eq!(follow_ups[0].due_at, now + Duration::hours(2));
    assert_eq!(follow_ups[1].due_at, now + Duration::hours(24));
    assert!(follow_ups.iter().all(|t| t.task_type == TaskType::Engage
        && t.assignee.as_deref() == Some("bob")
        && t.status == TaskStatus::Pending));
    // Completing the follow-up creates nothing more.
    ops.start_task(&alice(), follow_ups[0].id).unwrap();
    ops.mark_task_complete(&alice(), follow_ups[0].id, Completion::default())
        .unwrap();
    assert_eq!(ops.campaign_tasks(c.id).unwrap().len(), 3);
}

#[test]
fn task_generation_takes_items_of_one_campaign() {
    let ops = ops();
    let a = four_platform(&ops, "One", "Europe/Berlin");
    let b = four_platform(&ops, "Two", "Europe/Berlin");
    let mut items = vec![];
    for c in [&a, &b] {
        items.push(launch_calendar(&ops, c.id, 14).1[0].id);
    }
    let before = snapshot(&ops);
    let err = ops
        .generate_tasks_from_calendar(&alice(), &items, None)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "items"),
        "{err}"
    );
    assert_eq!(snapshot(&ops), before);
    assert_eq!(
        ops.generate_tasks_from_calendar(&alice(), &[campaign_ops::CalendarItemId(999_999)], None),
        Err(Error::not_found(EntityKind::CalendarItem, 999_999))
    );
}

#[test]
fn calendar_exports_as_ics_with_stable_uids() {
    let ops = ops();
    let c = four_platform(&ops, "Ics", "Europe/Berlin");
    let (_, items) = launch_calendar(&ops, c.id, 14);
    let a = ops.export_ics(c.id).unwrap();
    ops.clock().advance(Duration::hours(3));
    let b = ops.export_ics(c.id).unwrap();
    let uids = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&a).len(), items.len());
    assert_eq!(uids(&a), uids(&b));
    assert!(a.contains("TZID=Europe/Berlin"));
}

#[test]
fn completed_campaigns_refuse_calendar_work() {
    let ops = ops();
    let c = four_platform(&ops, "Done", "Europe/Berlin");
    let plan = ops.generate_plan(&alice(), c.id, "Launch", 14).unwrap();
    ops.complete_campaign(&alice(), c.id).unwrap();
    assert_eq!(
        ops.get_campaign(c.id).unwrap().status,
        CampaignStatus::Completed
    );
    let before = snapshot(&ops);
    assert_eq!(
        ops.generate_calendar(&alice(), plan.id, None),
        Err(Error::ReadOnly {
            entity: EntityKind::Campaign,
            id: c.id.to_string(),
            status: "completed".into(),
        })
    );
    assert_eq!(snapshot(&ops), before);
}

#[test]
fn a_task_move_records_every_related_write_in_its_audit_entry() {
    let ops = ops();
    let c = four_platform(&ops, "Audited Moves", "Europe/Berlin");
    let (_, items) = launch_calendar(&ops, c.id, 30);
    let ids: Vec<_> = items.iter().take(2).map(|i| i.id).collect();
    let g = ops
        .generate_tasks_from_calendar(&alice(), &ids, None)
        .unwrap();
    let (post, other) = (g.created[0], g.created[1]);
    let last_details = || {
        ops.campaign_audit(c.id, None, 1000)
            .unwrap()
            .pop()
            .unwrap()
            .details
    };

    ops.start_task(&alice(), post).unwrap();
    let started = last_details().expect("the item's move is recorded");
    assert!(started.contains(&format!("calendar item {}: planned -> in_progress", ids[0])));

    ops.mark_task_complete(
        &alice(),
        post,
        with(Completion::default(), |done| {
            done.metrics = vec![(MetricKind::Impressions, 10.0), (MetricKind::Likes, 2.0)]
        }),
    )
    .unwrap();
    let completed = last_details().unwrap();
    let metric_ids: Vec<String> = ops
        .campaign_metric_entries(c.id, None, 1000)
        .unwrap()
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    assert!(
        completed.contains(&format!("recorded metrics {}", metric_ids.join(", "))),
        "{completed}"
    );
    assert!(
        completed.contains("in_progress -> published"),
        "{completed}"
    );
    assert!(completed.contains("created follow-up tasks"), "{completed}");

    ops.skip_task(&alice(), other, None).unwrap();
    let skipped = last_details().unwrap();
    assert!(skipped.contains(&format!("calendar item {}: planned -> cancelled", ids[1])));
}
