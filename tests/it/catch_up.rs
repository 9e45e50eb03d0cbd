//! The campaign handlers when the daemon starts late or catches up missed periods: what a
//! late run creates must not be born overdue, and what caught-up periods count must not be
//! counted once per period.

use campaign_ops::actions::{
    Daemon, DaemonConfig, ESCALATE_OVERDUE_TASKS, Registry, WEEKLY_CAMPAIGN_SUMMARY,
};
use campaign_ops::service::{ANALYZE_DUE_AFTER, is_escalation};
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
