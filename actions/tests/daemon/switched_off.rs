//! Actions an admin switched off (a stored `ActionSetting`), on both backends: nothing of
//! theirs runs while off (no period, no queued request, no wake-up); switched on again,
//! the periods missed while off are not caught up (the latest runs, as on a first start)
//! and requests queued meanwhile run.

use campaign_ops_actions::{ActionSpec, DaemonConfig, DueKind, Schedule};
use campaign_ops_core::{Actor, FixedClock, RunStatus};
use chrono::Duration;

use crate::support::*;

on_both_backends! {
    #[test] fn a_switched_off_action_does_not_run_and_missed_periods_are_not_caught_up;
}

const DAILY: ActionSpec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);

fn a_switched_off_action_does_not_run_and_missed_periods_are_not_caught_up<B: Backend>() {
    let store = B::fresh();
    let clock = FixedClock::new(t0()); // Wednesday 25 Nov 09:00 UTC
    let config = DaemonConfig {
        catch_up_limit: 10,
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(&store, &clock, &[DAILY], config.clone());
    let ops = daemon.ops().clone();
    let ada = Actor::new("ada").unwrap();
    assert_eq!(labels(&daemon.run_due().unwrap()), ["2026-11-25"]);
    ops.set_action_enabled(&ada, "DAILY_NOTE", false).unwrap();
    // Off: three days pass, a run is asked for by hand; nothing runs, nothing to wake for.
    clock.advance(Duration::days(3));
    // (A request for a period of its own: 27 Nov, missed while off.)
    let asked = ops
        .request_action_run(&ada, "DAILY_NOTE", "2026-11-27")
        .unwrap();
    assert_eq!(asked.status, RunStatus::Queued);
    assert!(daemon.run_due().unwrap().is_empty(), "off: nothing runs");
    assert_eq!(daemon.next_wake().unwrap(), None, "off: no wake-up");
    // A daemon started while it is off does not run it either.
    let restarted = daemon_on(&store, &clock, &[DAILY], config.clone());
    assert!(restarted.run_due().unwrap().is_empty());
    // On again on 28 Nov at 12:00: the latest period (28 Nov) and the request (27 Nov)
    // run; 26 Nov, missed while it was off, is not caught up.
    clock.advance(Duration::hours(3));
    ops.set_action_enabled(&ada, "DAILY_NOTE", true).unwrap();
    let out = daemon.run_due().unwrap();
    let mut ran: Vec<(&str, DueKind)> = out
        .iter()
        .map(|o| (o.due.period.label.as_str(), o.due.kind))
        .collect();
    ran.sort();
    assert_eq!(
        ran,
        [
            ("2026-11-27", DueKind::Requested),
            ("2026-11-28", DueKind::Scheduled),
        ]
    );
    assert!(out.iter().all(|o| o.run.status == RunStatus::Succeeded));
    // From now on it is caught up as always: down two days, both periods run.
    clock.advance(Duration::days(2));
    let out = daemon.run_due().unwrap();
    assert_eq!(labels(&out), ["2026-11-29", "2026-11-30"]);
    // Switching to what it already is changes nothing (and is not audited).
    let head = ops.audit_head().unwrap();
    ops.set_action_enabled(&ada, "DAILY_NOTE", true).unwrap();
    assert_eq!(ops.audit_head().unwrap(), head);
}
