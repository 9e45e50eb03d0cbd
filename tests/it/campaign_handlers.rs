//! The campaign handlers (feature `campaign-ops`) at the right local times, once: the tick
//! at midnight in the daemon's zone, escalations not duplicated, the weekly summary at
//! Monday 08:00 in each campaign's zone across DST and the date line.

use campaign_ops::actions::{
    CAMPAIGN_TICK, DaemonConfig, ESCALATE_OVERDUE_TASKS, Registry, WEEKLY_CAMPAIGN_SUMMARY,
};
use campaign_ops::service::{NewTask, is_escalation, summary_ref};
use campaign_ops::{Campaign, CampaignStatus, OperatorTask, RunStatus, Store, TaskId, TaskType};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;

use crate::support::*;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn only(names: &[&str]) -> Registry {
    let mut r = Registry::build().unwrap();
    r.enable_only(names).unwrap();
    r
}

fn active(ops: &Ops, name: &str, zone: &str) -> Campaign {
    let mut new = new_campaign(name);
    new.time_zone = zone.into();
    new.start_date = date(2026, 10, 1);
    new.activate = true;
    ops.create_campaign(&alice(), new).unwrap()
}

fn task(ops: &Ops, c: &Campaign, title: &str, due_at: DateTime<Utc>) -> TaskId {
    let mut new = NewTask::new(c.id, TaskType::Manual, title, due_at);
    new.assignee = Some("bob".into());
    ops.create_task(&alice(), new).unwrap().id
}

fn escalations(ops: &Ops, c: &Campaign) -> Vec<OperatorTask> {
    ops.campaign_tasks(c.id)
        .unwrap()
        .into_iter()
        .filter(is_escalation)
        .collect()
}

fn status(ops: &Ops, action: &str, period: &str) -> Option<RunStatus> {
    ops.store()
        .read(|tx| tx.action_run(&campaign_ops::ActionRun::key_for(action, period)))
        .unwrap()
        .map(|r| r.status)
}

#[test]
fn the_tick_runs_at_local_midnight_and_five_minutes_in_the_daemon_zone() {
    let ops = ops();
    ops.clock().set(utc(2026, 11, 25, 23, 4)); // 00:04 on the 26th in Berlin
    let config = DaemonConfig {
        time_zone: chrono_tz::Europe::Berlin,
        ..DaemonConfig::default()
    };
    let d = daemon(&ops, only(&[CAMPAIGN_TICK]), config);
    let out = d.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].due.period.label, "2026-11-25");
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 25, 23, 5)));
    ops.clock().set(utc(2026, 11, 25, 23, 5));
    let out = d.run_due().unwrap();
    assert_eq!(out[0].due.period.label, "2026-11-26");
    assert_eq!(out[0].run.status, RunStatus::Succeeded);
}

#[test]
fn tick_completes_ended_campaigns_and_escalations_are_not_duplicated() {
    let ops = ops(); // Wednesday 25 Nov 2026 09:00 UTC
    let a = active(&ops, "Alpha", "Europe/Berlin");
    let mut ended = new_campaign("Ended");
    ended.start_date = date(2026, 11, 1);
    ended.end_date = Some(date(2026, 11, 20));
    ended.activate = true;
    let ended = ops.create_campaign(&alice(), ended).unwrap();
    let old = task(&ops, &a, "Old overdue", utc(2026, 11, 20, 9, 0));
    let fresh = task(&ops, &a, "Newly overdue", utc(2026, 11, 24, 10, 0));
    let later = task(&ops, &a, "Later today", utc(2026, 11, 25, 15, 0));

    let d = daemon(
        &ops,
        only(&[CAMPAIGN_TICK, ESCALATE_OVERDUE_TASKS]),
        DaemonConfig::default(),
    );
    let out = d.run_due().unwrap();
    let keys: Vec<_> = out.iter().map(|o| o.run.key.as_str()).collect();
    // The weekly escalation (Monday 09:00), the tick, and the tick's request.
    assert_eq!(
        keys,
        [
            "ESCALATE_OVERDUE_TASKS 2026-W48",
            "CAMPAIGN_TICK 2026-11-25",
            "ESCALATE_OVERDUE_TASKS 2026-11-25"
        ]
    );
    assert!(
        out.iter().all(|o| o.run.status == RunStatus::Succeeded),
        "{out:#?}"
    );
    let tick = out[1].run.report.clone().unwrap();
    assert!(
        tick.contains("1 tasks coming due, 1 newly overdue"),
        "{tick}"
    );
    assert!(
        tick.contains("escalation requested") && tick.contains("1 campaigns completed"),
        "{tick}"
    );
    assert_eq!(
        ops.get_campaign(ended.id).unwrap().status,
        CampaignStatus::Completed
    );

    let reviews = escalations(&ops, &a);
    assert_eq!(reviews.len(), 1, "the requested run found nothing new");
    assert_eq!(reviews[0].related_task_ids, [old, fresh]);
    assert_eq!(reviews[0].assignee.as_deref(), Some(a.owner.as_str()));
    assert_eq!(reviews[0].task_type, TaskType::Review);

    // Next day: two more tasks overdue; only they are escalated.
    ops.clock().set(utc(2026, 11, 26, 9, 0));
    let newer = task(&ops, &a, "Overdue on Thursday", utc(2026, 11, 26, 8, 0));
    d.run_due().unwrap();
    let reviews = escalations(&ops, &a);
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[1].related_task_ids, [later, newer]);

    // Once the first review is closed, its tasks (still overdue) are escalated again.
    ops.start_task(&alice(), reviews[0].id).unwrap();
    ops.mark_task_complete(&alice(), reviews[0].id, Default::default())
        .unwrap();
    ops.clock().set(utc(2026, 11, 30, 9, 0)); // Monday: weekly escalation + tick
    d.run_due().unwrap();
    let reviews = escalations(&ops, &a);
    assert_eq!(reviews.len(), 3);
    assert_eq!(reviews[2].related_task_ids, [old, fresh]);
    assert_eq!(
        status(&ops, ESCALATE_OVERDUE_TASKS, "2026-W49"),
        Some(RunStatus::Succeeded)
    );
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn weekly_summary_is_released_monday_0800_in_each_campaign_zone_once() {
    let ops = ops();
    // Created in W43, so that W43 has something to summarise.
    ops.clock().set(utc(2026, 10, 20, 12, 0));
    let berlin = active(&ops, "Berlin launch", "Europe/Berlin");
    let ny = active(&ops, "New York launch", "America/New_York");
    // Sunday 1 Nov 2026: New York falls back from EDT to EST at 02:00.
    ops.clock().set(utc(2026, 11, 1, 12, 0));
    let d = daemon(
        &ops,
        only(&[WEEKLY_CAMPAIGN_SUMMARY]),
        DaemonConfig::default(),
    );
    // First start: last week's period (W44) runs, summarising W43 for both.
    let out = d.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].run.period.as_str(), out[0].run.status),
        ("2026-W44", RunStatus::Succeeded)
    );
    // W45 opens at Monday 08:00 UTC+14 = Sunday 18:00 UTC.
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 1, 18, 0)));
    ops.clock().set(utc(2026, 11, 1, 18, 0));
    let out = d.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Running);
    // Berlin: Monday 08:00 CET = 07:00 UTC.
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 2, 7, 0)));
    ops.clock().set(utc(2026, 11, 2, 6, 59));
    assert!(d.run_due().unwrap().is_empty());
    let weeks = |c: &Campaign| {
        ops.store()
            .read(|tx| tx.weekly_summaries(c.id, None, 100))
            .unwrap()
            .into_iter()
            .map(|s| s.week.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(weeks(&berlin), ["2026-W43"]);
    ops.clock().set(utc(2026, 11, 2, 7, 0));
    d.run_due().unwrap();
    assert_eq!(weeks(&berlin), ["2026-W43", "2026-W44"]);
    assert_eq!(weeks(&ny), ["2026-W43"]);
    // New York: Monday 08:00 EST = 13:00 UTC (12:00 UTC would be EDT, a week earlier).
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 2, 13, 0)));
    ops.clock().set(utc(2026, 11, 2, 12, 0));
    d.run_due().unwrap();
    assert_eq!(weeks(&ny), ["2026-W43"]);
    ops.clock().set(utc(2026, 11, 2, 13, 0));
    d.run_due().unwrap();
    assert_eq!(weeks(&ny), ["2026-W43", "2026-W44"]);
    assert_eq!(
        status(&ops, WEEKLY_CAMPAIGN_SUMMARY, "2026-W45"),
        Some(RunStatus::Succeeded)
    );

    // Restarts and later looks the same week add nothing.
    for hour in 0..5 {
        ops.clock().set(utc(2026, 11, 2, 14 + hour, 0));
        let again = daemon(
            &ops,
            only(&[WEEKLY_CAMPAIGN_SUMMARY]),
            DaemonConfig::default(),
        );
        assert!(again.run_due().unwrap().is_empty());
    }
    for c in [&berlin, &ny] {
        assert_eq!(weeks(c), ["2026-W43", "2026-W44"]);
        let analyze: Vec<_> = ops
            .campaign_tasks(c.id)
            .unwrap()
            .into_iter()
            .filter(|t| t.task_type == TaskType::Analyze)
            .collect();
        assert_eq!(analyze.len(), 2, "one ANALYZE task per summary");
        let w44 = "2026-W44".parse().unwrap();
        assert_eq!(analyze[1].asset_ref, Some(summary_ref(c.id, w44)));
        assert_eq!(analyze[1].assignee.as_deref(), Some(c.owner.as_str()));
    }
}

#[test]
fn weekly_summary_follows_berlin_spring_forward() {
    let ops = ops();
    ops.clock().set(utc(2026, 3, 29, 12, 0)); // Sunday, CEST since 01:00 UTC
    let berlin = active(&ops, "Spring", "Europe/Berlin");
    let d = daemon(
        &ops,
        only(&[WEEKLY_CAMPAIGN_SUMMARY]),
        DaemonConfig::default(),
    );
    d.run_due().unwrap(); // W13's period (first start)
    ops.clock().set(utc(2026, 3, 29, 18, 0)); // W14 opens
    d.run_due().unwrap();
    // Monday 30 March 08:00 CEST = 06:00 UTC (07:00 UTC the week before).
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 3, 30, 6, 0)));
    ops.clock().set(utc(2026, 3, 30, 6, 0));
    d.run_due().unwrap();
    let stored = ops
        .store()
        .read(|tx| tx.weekly_summaries(berlin.id, None, 100))
        .unwrap();
    let last = stored.last().unwrap();
    assert_eq!(last.week.to_string(), "2026-W13");
    assert_eq!(last.time_zone, Tz::Europe__Berlin);
    assert_eq!(
        status(&ops, WEEKLY_CAMPAIGN_SUMMARY, "2026-W14"),
        Some(RunStatus::Succeeded)
    );
}

fn summarised_weeks(ops: &Ops, c: &Campaign) -> Vec<String> {
    ops.store()
        .read(|tx| tx.weekly_summaries(c.id, None, 100))
        .unwrap()
        .into_iter()
        .map(|s| s.week.to_string())
        .collect()
}

#[test]
fn weekly_summary_from_utc_plus_14_to_utc_minus_12_skips_campaigns_created_after_the_week() {
    let ops = ops();
    ops.clock().set(utc(2026, 11, 18, 12, 0)); // Wednesday of W47
    let kiritimati = active(&ops, "Line Islands", "Pacific/Kiritimati"); // UTC+14
    let baker = active(&ops, "Baker Island", "Etc/GMT+12"); // UTC-12
    let paused = active(&ops, "Paused over Monday", "Europe/Berlin");
    let d = daemon(
        &ops,
        only(&[WEEKLY_CAMPAIGN_SUMMARY]),
        DaemonConfig::default(),
    );
    // First start in W47: its period summarises W46, before any of them existed.
    ops.clock().set(utc(2026, 11, 22, 12, 0));
    let out = d.run_due().unwrap();
    assert_eq!(out[0].run.period, "2026-W47");
    assert_eq!(out[0].run.status, RunStatus::Succeeded);
    let report = out[0].run.report.clone().unwrap();
    assert!(report.contains("3 created after the week"), "{report}");
    // W48 opens at Monday 23 Nov 08:00 UTC+14 = Sunday 22 Nov 18:00 UTC: Kiritimati.
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 22, 18, 0)));
    ops.clock().set(utc(2026, 11, 22, 18, 0));
    ops.pause_campaign(&alice(), paused.id, None).unwrap();
    d.run_due().unwrap();
    assert_eq!(summarised_weeks(&ops, &kiritimati), ["2026-W47"]);
    // Baker Island's Monday 08:00 is Monday 20:00 UTC, 26 hours later.
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 23, 20, 0)));
    // Monday 10:00 UTC: Berlin's release (07:00 UTC) has passed while paused; a new
    // London campaign (release 08:00 UTC, passed) and a Los Angeles one (local Monday
    // 02:00; release 16:00 UTC) are created on the Monday: no W47 behind them.
    ops.clock().set(utc(2026, 11, 23, 10, 0));
    ops.resume_campaign(&alice(), paused.id).unwrap();
    let london = active(&ops, "London, created Monday", "Europe/London");
    let la = active(&ops, "LA, created Monday", "America/Los_Angeles");
    assert!(d.run_due().unwrap().is_empty());
    assert_eq!(d.next_wake().unwrap(), Some(utc(2026, 11, 23, 20, 0)));
    ops.clock().set(utc(2026, 11, 23, 20, 0));
    let out = d.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    assert_eq!(summarised_weeks(&ops, &baker), ["2026-W47"]);
    // Resumed while the period was still open: summarised, late, once.
    assert_eq!(summarised_weeks(&ops, &paused), ["2026-W47"]);
    assert!(summarised_weeks(&ops, &london).is_empty());
    assert!(summarised_weeks(&ops, &la).is_empty());
    assert_eq!(
        status(&ops, WEEKLY_CAMPAIGN_SUMMARY, "2026-W48"),
        Some(RunStatus::Succeeded)
    );
}

#[test]
fn the_tick_completes_a_campaign_the_day_after_its_end_date_in_its_own_zone() {
    use campaign_ops::service::TickWindow;
    let ops = ops();
    let ending = |name: &str, zone: &str, end| {
        let mut new = new_campaign(name);
        new.time_zone = zone.into();
        new.start_date = date(2026, 11, 1);
        new.end_date = Some(end);
        new.activate = true;
        ops.create_campaign(&alice(), new).unwrap()
    };
    // At 25 Nov 09:00 UTC it is 25 Nov 23:00 in UTC+14 and 24 Nov 21:00 in UTC-12.
    let east = ending("East", "Pacific/Kiritimati", date(2026, 11, 25));
    let west = ending("West", "Etc/GMT+12", date(2026, 11, 24));
    let ids = [east.id, west.id];
    let tick = |at| {
        let window = TickWindow::new(at - Duration::days(1), at, at, at + Duration::days(1));
        let (batch, ()) = ops
            .tick_batch(&alice(), &ids, window, |_, _| Ok(()))
            .unwrap();
        batch.completed
    };
    assert!(
        tick(utc(2026, 11, 25, 9, 59)).is_empty(),
        "end dates are inclusive"
    );
    assert_eq!(tick(utc(2026, 11, 25, 10, 0)), [east.id]); // 26 Nov 00:00 in UTC+14
    assert!(tick(utc(2026, 11, 25, 11, 59)).is_empty());
    assert_eq!(tick(utc(2026, 11, 25, 12, 0)), [west.id]); // 25 Nov 00:00 in UTC-12
    for c in [&east, &west] {
        assert_eq!(
            ops.get_campaign(c.id).unwrap().status,
            CampaignStatus::Completed
        );
    }
}

#[test]
fn an_escalated_task_completed_then_a_new_overdue_one_gets_a_review_of_its_own() {
    let ops = ops(); // Wednesday 25 Nov 2026 09:00 UTC
    let a = active(&ops, "Alpha", "Europe/Berlin");
    let first = task(&ops, &a, "First overdue", utc(2026, 11, 24, 9, 0));
    let d = daemon(
        &ops,
        only(&[ESCALATE_OVERDUE_TASKS]),
        DaemonConfig::default(),
    );
    d.run_due().unwrap(); // the weekly escalation of W48 (first start)
    assert_eq!(escalations(&ops, &a)[0].related_task_ids, [first]);
    ops.start_task(&alice(), first).unwrap();
    ops.mark_task_complete(&alice(), first, Default::default())
        .unwrap();
    let second = task(&ops, &a, "Second overdue", utc(2026, 11, 30, 8, 0));
    ops.clock().set(utc(2026, 11, 30, 9, 0)); // Monday: W49's escalation
    d.run_due().unwrap();
    let reviews = escalations(&ops, &a);
    assert_eq!(reviews.len(), 2, "the first review is still open");
    assert_eq!(reviews[1].related_task_ids, [second], "only the new one");
    // Run again (a request on top of the weekly run): nothing new.
    let (batch, ()) = ops
        .escalate_batch(&alice(), &[a.id], utc(2026, 11, 30, 9, 0), |_, _| Ok(()))
        .unwrap();
    assert!(batch.created.is_empty());
    assert_eq!(batch.already_escalated, 1);
}
