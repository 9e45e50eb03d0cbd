//! Daemon fairness: an hourly action that keeps `run_due` busy (each of its runs takes the
//! simulated hour up to its next period) must not starve the real WEEKLY_CAMPAIGN_SUMMARY,
//! whose period runs in stages at each campaign's local Monday 08:00. Driven as a host or
//! the `run_daemon` example drives it: `run_due`, then the clock stepped to `next_wake`.

use std::sync::Mutex;

use campaign_ops::actions::campaign::SUMMARY_RELEASE;
use campaign_ops::actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry, Schedule,
    WEEKLY_CAMPAIGN_SUMMARY,
};
use campaign_ops::service::summary_release_at;
use campaign_ops::{Clock, FixedClock, RunStatus, Store, TaskType};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::support::*;

/// The clock BUSY_HOURLY moves, and the instant after which it stops taking time.
static BUSY: Mutex<Option<(FixedClock, DateTime<Utc>)>> = Mutex::new(None);

/// Takes a whole hour of the simulated clock, so that when it ends its next period is due:
/// without fairness, the loop never runs out of new hourly keys.
fn busy_hourly(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    if let Some((clock, end)) = BUSY.lock().unwrap().as_ref()
        && clock.now() < *end
    {
        clock.advance(Duration::hours(1));
    }
    Ok(ActionReport::new("busy for an hour"))
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

#[test]
fn a_busy_hourly_action_does_not_starve_the_staged_weekly_summary() {
    let ops = ops(); // Wednesday 25 Nov 2026 09:00 UTC
    let zones = ["Pacific/Auckland", "Europe/Berlin", "America/New_York"];
    let campaigns: Vec<_> = zones
        .iter()
        .map(|zone| {
            let mut new = new_campaign(zone);
            new.time_zone = (*zone).into();
            new.start_date = date(2026, 11, 1);
            new.activate = true;
            ops.create_campaign(&alice(), new).unwrap()
        })
        .collect();
    // Two Mondays ahead: W49 summarises W48, W50 summarises W49.
    let end = utc(2026, 12, 9, 9, 0);
    *BUSY.lock().unwrap() = Some((ops.clock().clone(), end));
    let busy = ActionSpec::new("BUSY_HOURLY", Schedule::hourly(0), busy_hourly);
    let mut registry = Registry::build().unwrap();
    registry.register(busy).unwrap();
    registry
        .enable_only(&["BUSY_HOURLY", WEEKLY_CAMPAIGN_SUMMARY])
        .unwrap();
    let actions_ops = campaign_ops::actions::ops(ops.store().clone(), ops.clock().clone());
    let daemon = Daemon::new(actions_ops, registry, DaemonConfig::default())
        .unwrap()
        .with_jitter_seed(7);

    let mut calls = 0;
    while ops.clock().now() < end {
        daemon.run_due().unwrap();
        calls += 1;
        assert!(calls < 10_000, "the loop makes progress");
        match daemon.next_wake().unwrap() {
            Some(at) if at > ops.clock().now() => ops.clock().set(at.min(end)),
            Some(_) => {}
            None => break,
        }
    }
    *BUSY.lock().unwrap() = None;

    // Every hour ran once: the busy action itself was not held back either.
    let hourly = ops
        .store()
        .read(|tx| tx.action_runs("BUSY_HOURLY", None, false, 10_000))
        .unwrap();
    assert_eq!(hourly.len(), 14 * 24 + 1);
    for c in &campaigns {
        let stored = ops
            .store()
            .read(|tx| tx.weekly_summaries(c.id, None, 100))
            .unwrap();
        let weeks: Vec<_> = stored.iter().map(|s| s.week.to_string()).collect();
        assert_eq!(weeks, ["2026-W48", "2026-W49"], "{}", c.name);
        for s in &stored {
            // Its turn came within the hour the busy action was taking at the release.
            let release = summary_release_at(c.time_zone, s.week.next(), SUMMARY_RELEASE);
            let late = s.generated_at - release;
            assert!(
                late >= Duration::zero() && late <= Duration::hours(1),
                "{} {}: released {release}, stored {}",
                c.name,
                s.week,
                s.generated_at
            );
        }
        let analyze = ops
            .campaign_tasks(c.id)
            .unwrap()
            .into_iter()
            .filter(|t| t.task_type == TaskType::Analyze)
            .count();
        assert_eq!(analyze, 2, "one ANALYZE task per summary of {}", c.name);
    }
    for week in ["2026-W49", "2026-W50"] {
        let run = ops
            .store()
            .read(|tx| {
                tx.action_run(&campaign_ops::ActionRun::key_for(
                    WEEKLY_CAMPAIGN_SUMMARY,
                    week,
                ))
            })
            .unwrap()
            .unwrap();
        assert_eq!(run.status, RunStatus::Succeeded, "{week}: {run:?}");
    }
}
