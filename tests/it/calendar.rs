//! Calendar generation through the service: what a regeneration keeps (items whose
//! platform and slot still fit, with their tasks) and where a calendar ends.

use std::collections::BTreeMap;

use campaign_ops::service::CampaignUpdate;
use campaign_ops::{CalendarItem, Clock, Platform};
use chrono::{DateTime, Datelike, Days, TimeZone, Utc};

use crate::support::*;

fn slots(items: &[CalendarItem]) -> Vec<(Platform, DateTime<Utc>)> {
    items.iter().map(|i| (i.platform, i.scheduled_at)).collect()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

#[test]
fn regenerating_with_unchanged_inputs_keeps_every_item_and_task_and_a_change_only_what_no_longer_fits()
 {
    let ops = ops(); // Wednesday 25 Nov 2026, before the campaign starts on 1 Dec
    let mut new = new_campaign("Regenerate");
    new.activate = true;
    let c = ops.create_campaign(&alice(), new).unwrap();
    let (plan, items) = launch_calendar(&ops, c.id, 60);
    let ids: Vec<_> = items.iter().map(|i| i.id).collect();
    ops.generate_tasks_from_calendar(&alice(), &ids, Some("bob"))
        .unwrap();
    let tasks = ops.campaign_tasks(c.id).unwrap();
    assert_eq!(tasks.len(), items.len());

    // The same inputs, a day later: nothing is deleted or recreated.
    ops.clock().advance(chrono::Duration::days(1));
    let g = ops.generate_calendar(&alice(), plan.id, None).unwrap();
    assert!(g.created.is_empty(), "{} created", g.created.len());
    assert!(g.removed.is_empty(), "{} removed", g.removed.len());
    assert!(g.removed_tasks.is_empty() && g.kept.is_empty());
    assert_eq!(g.unchanged, ids);
    assert_eq!(
        ops.campaign_calendar(c.id).unwrap(),
        items,
        "same ids and content"
    );
    let after = ops.campaign_tasks(c.id).unwrap();
    assert_eq!(after, tasks, "same task ids, assignees kept");
    assert!(after.iter().all(|t| t.assignee.as_deref() == Some("bob")));
    let audit = ops.campaign_audit(c.id, None, 1000).unwrap();
    let entry = audit.last().unwrap();
    assert_eq!(entry.action, campaign_ops::AuditAction::CalendarGenerate);
    assert_eq!(
        entry.details.as_deref(),
        Some(&*format!(
            "0 created, 0 replaced, 0 kept, {} unchanged",
            ids.len()
        ))
    );

    // Again in the middle of the first week, Thursday 3 Dec: the posts before now are
    // history (kept), the rest still fit where they are.
    ops.clock().set(utc(2026, 12, 3, 12, 0));
    let g = ops.generate_calendar(&alice(), plan.id, None).unwrap();
    assert!(g.created.is_empty(), "{} created", g.created.len());
    assert!(g.removed.is_empty(), "{} removed", g.removed.len());
    let past: Vec<_> = items
        .iter()
        .filter(|i| i.scheduled_at < ops.clock().now())
        .map(|i| i.id)
        .collect();
    assert!(!past.is_empty());
    assert_eq!(g.kept, past);
    assert_eq!(g.kept.len() + g.unchanged.len(), ids.len());
    assert_eq!(ops.campaign_calendar(c.id).unwrap(), items);
    assert_eq!(ops.campaign_tasks(c.id).unwrap(), tasks);

    // LinkedIn down from 3 to 2 posts a week: X is untouched, and only future LinkedIn
    // items that no longer fit go, with their tasks.
    let update = with(CampaignUpdate::default(), |u| {
        u.cadence = Some(BTreeMap::from([(Platform::LinkedIn, 2)]))
    });
    ops.update_campaign(&alice(), c.id, update).unwrap();
    let g = ops.generate_calendar(&alice(), plan.id, None).unwrap();
    let now = ops.campaign_calendar(c.id).unwrap();
    let (x_before, li_before): (Vec<_>, Vec<_>) =
        items.iter().partition(|i| i.platform == Platform::X);
    for x in &x_before {
        assert!(now.contains(x), "{x:?}");
        assert!(g.unchanged.contains(&x.id) || g.kept.contains(&x.id));
    }
    assert!(!g.removed.is_empty());
    for id in &g.removed {
        let gone = li_before
            .iter()
            .find(|i| i.id == *id)
            .expect("a LinkedIn item");
        assert!(gone.scheduled_at > ops.clock().now());
        assert!(!slots(&now).contains(&(gone.platform, gone.scheduled_at)));
    }
    // Every LinkedIn item is history (kept), still there unchanged, or removed.
    for li in &li_before {
        let fates = [&g.kept, &g.unchanged, &g.removed].map(|ids| ids.contains(&li.id));
        assert_eq!(fates.iter().filter(|f| **f).count(), 1, "{li:?}");
    }
    let removed_tasks: Vec<_> = tasks
        .iter()
        .filter(|t| g.removed.contains(&t.calendar_item_id.unwrap()))
        .map(|t| t.id)
        .collect();
    assert_eq!(g.removed_tasks, removed_tasks);
    let left = ops.campaign_tasks(c.id).unwrap();
    assert_eq!(left.len(), tasks.len() - removed_tasks.len());
    // Nothing is created where an old item still fitted: two LinkedIn posts in each whole
    // week after this one, all of them old ones (this week's are history already).
    assert!(g.created.is_empty(), "{} created", g.created.len());
    assert_eq!(now.len(), g.kept.len() + g.unchanged.len());
    let mut per_week = BTreeMap::<_, usize>::new();
    for i in now.iter().filter(|i| i.platform == Platform::LinkedIn) {
        let local = i.scheduled_at.with_timezone(&c.time_zone).date_naive();
        let week = local.iso_week();
        *per_week.entry((week.year(), week.week())).or_default() += 1;
    }
    let weeks: Vec<_> = per_week.values().copied().collect();
    assert!(
        weeks[1..weeks.len() - 1].iter().all(|&n| n == 2),
        "{weeks:?}"
    );
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn the_calendar_ends_at_the_earlier_of_the_plan_end_and_the_campaign_end() {
    let ops = ops(); // Wednesday 25 Nov 2026
    let today = date(2026, 11, 25);
    // (campaign ends in, plan duration, last day the calendar may use)
    for (end_in, duration, last) in [
        (90, 14, today + Days::new(13)),
        (10, 30, today + Days::new(10)),
    ] {
        let mut new = new_campaign(&format!("Ends in {end_in} days"));
        new.start_date = today;
        new.end_date = Some(today + Days::new(end_in));
        new.activate = true;
        let c = ops.create_campaign(&alice(), new).unwrap();
        let plan = ops
            .generate_plan(&alice(), c.id, "Launch", duration)
            .unwrap();
        assert_eq!(plan.start_date, today);
        ops.generate_calendar(&alice(), plan.id, None).unwrap();
        let days: Vec<_> = ops
            .campaign_calendar(c.id)
            .unwrap()
            .iter()
            .map(|i| i.scheduled_at.with_timezone(&c.time_zone).date_naive())
            .collect();
        let latest = *days.iter().max().expect("a calendar");
        assert!(
            latest <= last,
            "{duration}-day plan, campaign ends in {end_in} days: item on {latest}, after {last}"
        );
        // Bounded, not cut short: the last week of the range has posts.
        assert!(latest + Days::new(7) > last, "{latest} vs {last}");
    }
}
