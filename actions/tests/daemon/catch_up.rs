//! Missed periods, on both backends: caught up once, oldest first and within the limit; a
//! clock that goes back runs nothing older than the latest run; a first start runs only
//! the latest period whatever the limit.

use campaign_ops_actions::{ActionSpec, DaemonConfig, DueKind, Schedule};
use campaign_ops_core::{FixedClock, RunStatus};
use chrono::Duration;

use crate::support::*;

on_both_backends! {
    #[test] fn missed_periods_are_caught_up_once_oldest_first_and_bounded;
    #[test] fn a_clock_that_goes_back_runs_no_period_older_than_the_latest_run;
    #[test] fn first_start_with_an_unbounded_catch_up_limit_runs_only_the_latest_period;
}

const DAILY: ActionSpec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);

/// At most three periods caught up.
fn limit_3() -> DaemonConfig {
    DaemonConfig {
        catch_up_limit: 3,
        ..DaemonConfig::default()
    }
}

/// The periods of the DAILY_NOTE ledger, ascending.
fn ledger(store: &impl campaign_ops_core::Store) -> Vec<String> {
    runs(store, "DAILY_NOTE")
        .into_iter()
        .map(|r| r.period)
        .collect()
}

fn missed_periods_are_caught_up_once_oldest_first_and_bounded<B: Backend>() {
    let store = B::fresh();
    let clock = FixedClock::new(t0()); // Wednesday 25 Nov 09:00 UTC
    let daemon = daemon_on(&store, &clock, &[DAILY], limit_3());
    // First start ever: only the latest period, nothing to catch up with.
    assert_eq!(
        labels(&daemon.run_due().unwrap()),
        ["2026-11-25"],
        "first start: the latest only"
    );
    assert_eq!(daemon.next_wake().unwrap(), Some(utc(2026, 11, 26, 6, 0)));
    drop(daemon);
    // Down for ten days: the three most recent periods run, oldest first.
    clock.advance(Duration::days(10));
    let daemon = daemon_on(&store, &clock, &[DAILY], limit_3());
    let out = daemon.run_due().unwrap();
    assert_eq!(labels(&out), ["2026-12-03", "2026-12-04", "2026-12-05"]);
    assert!(
        out.iter()
            .all(|o| o.run.status == RunStatus::Succeeded && o.due.kind == DueKind::Scheduled)
    );
    assert!(daemon.run_due().unwrap().is_empty(), "each period once");
    // Restarted again the same day: nothing more, and the skipped days stay skipped.
    let daemon = daemon_on(&store, &clock, &[DAILY], limit_3());
    assert!(daemon.run_due().unwrap().is_empty());
    let ledger = ledger(&store);
    assert_eq!(
        ledger,
        ["2026-11-25", "2026-12-03", "2026-12-04", "2026-12-05"]
    );
    assert_eq!(task_titles(&store), ledger);
}

fn a_clock_that_goes_back_runs_no_period_older_than_the_latest_run<B: Backend>() {
    let store = B::fresh();
    let clock = FixedClock::new(t0()); // Wednesday 25 Nov 09:00 UTC
    let daemon = daemon_on(&store, &clock, &[DAILY], limit_3());
    daemon.run_due().unwrap();
    clock.advance(Duration::days(10));
    daemon.run_due().unwrap(); // 3 to 5 December; 26 Nov to 2 Dec skipped
    // Back five days, then two more: among the skipped days, and before the first run; on
    // the daemon that ran them and on one started after them.
    let restarted = daemon_on(&store, &clock, &[DAILY], limit_3());
    for d in [&daemon, &restarted] {
        for back in [5, 7, 11] {
            clock.set(t0() + Duration::days(10 - back));
            assert!(d.run_due().unwrap().is_empty(), "{back} days back");
        }
    }
    let ledger = ledger(&store);
    assert_eq!(
        ledger,
        ["2026-11-25", "2026-12-03", "2026-12-04", "2026-12-05"]
    );
    assert_eq!(task_titles(&store), ledger);
    // Forward again past the latest run: the next period runs as usual.
    clock.set(t0() + Duration::days(11));
    assert_eq!(labels(&daemon.run_due().unwrap()), ["2026-12-06"]);
}

fn first_start_with_an_unbounded_catch_up_limit_runs_only_the_latest_period<B: Backend>() {
    let store = B::fresh();
    let clock = FixedClock::new(t0());
    let config = DaemonConfig {
        catch_up_limit: usize::MAX,
        ..DaemonConfig::default()
    };
    // Before: the walk back for missed periods had no history to stop at, and no end.
    let daemon = daemon_on(&store, &clock, &[DAILY], config);
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].due.period.label, "2026-11-25");
    clock.advance(Duration::days(3));
    assert_eq!(
        labels(&daemon.run_due().unwrap()),
        ["2026-11-26", "2026-11-27", "2026-11-28"]
    );
}
