//! The campaign handlers when the daemon starts late or catches up missed periods: what a
//! late run creates must not be born overdue, and what caught-up periods count must not be
//! counted once per period.

use campaign_ops::actions::{
    CAMPAIGN_TICK, Daemon, DaemonConfig, ESCALATE_OVERDUE_TASKS, Registry, RunOutcome,
    WEEKLY_CAMPAIGN_SUMMARY,
};
use campaign_ops::service::{ANALYZE_DUE_AFTER, NewTask, is_escalation};
use campaign_ops::{Clock, TaskType};
use chrono::{DateTime, TimeZone, Utc};

use crate::support::*;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn daemon(ops: &Ops, names: &[&str]) -> Daemon {
    let mut registry = Registry::build().unwrap();
    registry.enable_only(names).unwrap();
    let actions_ops = campaign_ops::actions::ops(ops.store().clone(), ops.clock().clone());
    Daemon::new(actions_ops, registry, DaemonConfig::default())
        .unwrap()
        .with_jitter_seed(7)
}

#[test]
fn a_summary_caught_up_days_late_gets_an_analyze_task_due_ahead_not_escalated() {
    let ops = ops(); // Wednesday 25 Nov 2026 09:00 UTC, in W48
    let mut new = new_campaign("Berlin launch");
    new.start_date = date(2026, 11, 1);
    new.activate = true;
    let c = ops.create_campaign(&alice(), new).unwrap();
    // The daemon first starts on Thursday of W49: Berlin's release of the W48 summary
    // (Monday 30 Nov 08:00 CET) is three days past, and so is release + 24 h.
    let late = utc(2026, 12, 3, 12, 0);
    ops.clock().set(late);
    let d = daemon(&ops, &[WEEKLY_CAMPAIGN_SUMMARY, ESCALATE_OVERDUE_TASKS]);
    let out = d.run_due().unwrap();
    let keys: Vec<_> = out.iter().map(|o| o.run.key.as_str()).collect();
    // The summary first, then the weekly escalation of the same run.
    assert_eq!(
        keys,
        [
            "WEEKLY_CAMPAIGN_SUMMARY 2026-W49",
            "ESCALATE_OVERDUE_TASKS 2026-W49"
        ]
    );
    let tasks = ops.campaign_tasks(c.id).unwrap();
    let analyze: Vec<_> = tasks
        .iter()
        .filter(|t| t.task_type == TaskType::Analyze)
        .collect();
    assert_eq!(analyze.len(), 1);
    assert_eq!(analyze[0].created_at, late);
    assert_eq!(
        analyze[0].due_at,
        late + ANALYZE_DUE_AFTER,
        "due after creation"
    );
    assert!(
        tasks.iter().all(|t| !is_escalation(t)),
        "the escalation of the same run did not list it: {tasks:#?}"
    );
    assert!(ops.get_overdue_tasks(c.id).unwrap().is_empty());
    // Nor does an escalation right after.
    let (batch, ()) = ops
        .escalate_batch(&alice(), &[c.id], ops.clock().now(), |_, _| Ok(()))
        .unwrap();
    assert!(batch.created.is_empty(), "{batch:?}");
}

/// The number before `what` in a tick's report ("… 2 newly overdue in 1 campaigns …").
fn reported(outcome: &RunOutcome, what: &str) -> u32 {
    let report = outcome.run.report.as_deref().unwrap_or_default();
    let before = &report[..report.find(what).unwrap_or_else(|| panic!("{report}"))];
    before.split_whitespace().last().unwrap().parse().unwrap()
}

#[test]
fn caught_up_ticks_count_each_overdue_task_in_exactly_one_period() {
    let ops = ops(); // Wednesday 25 Nov 2026 09:00 UTC
    let mut new = new_campaign("Berlin launch");
    new.start_date = date(2026, 11, 1);
    new.activate = true;
    let c = ops.create_campaign(&alice(), new).unwrap();
    // The tick is due daily at 00:05 UTC (the daemon's zone). First start: today's period.
    let d = daemon(&ops, &[CAMPAIGN_TICK]);
    let out = d.run_due().unwrap();
    assert_eq!(out[0].run.period, "2026-11-25");
    let due = [
        utc(2026, 11, 25, 12, 0), // overdue in the period closed by the tick of the 26th
        utc(2026, 11, 26, 6, 0),  // the 27th
        utc(2026, 11, 27, 6, 0),  // the 28th
        utc(2026, 11, 27, 18, 0), // the 28th
        utc(2026, 11, 28, 3, 0),  // after the 28th's tick was due: the 29th
        utc(2026, 11, 28, 20, 0), // coming due when the daemon is back; the 29th
    ];
    for (i, due_at) in due.into_iter().enumerate() {
        let task = NewTask::new(c.id, TaskType::Manual, format!("Task {i}"), due_at);
        ops.create_task(&alice(), task).unwrap();
    }
    // Down for three days: the ticks of the 26th, 27th and 28th run by catch-up.
    ops.clock().set(utc(2026, 11, 28, 9, 0));
    let out = d.run_due().unwrap();
    let periods: Vec<_> = out.iter().map(|o| o.run.period.as_str()).collect();
    assert_eq!(periods, ["2026-11-26", "2026-11-27", "2026-11-28"]);
    let mut overdue: Vec<_> = out.iter().map(|o| reported(o, "newly overdue")).collect();
    assert_eq!(overdue, [1, 1, 2], "each period counts its own tasks once");
    // Coming due before the next tick: only the latest period has a next tick ahead.
    let coming: Vec<_> = out
        .iter()
        .map(|o| reported(o, "tasks coming due"))
        .collect();
    assert_eq!(coming, [0, 0, 1]);
    // The next tick counts what became overdue after the 28th's due time, no task again.
    ops.clock().set(utc(2026, 11, 29, 0, 5));
    let out = d.run_due().unwrap();
    assert_eq!(out[0].run.period, "2026-11-29");
    overdue.push(reported(&out[0], "newly overdue"));
    assert_eq!(overdue[3], 2);
    // Over the four periods: every task that became overdue, each once.
    assert_eq!(overdue.iter().sum::<u32>() as usize, due.len());
}
