//! The daemon's ledger rules on the in-memory store: a period runs once across restarts and
//! interruptions, a crash inside a handler resumes without redoing committed batches, missed
//! periods are caught up within the limit, failures retry with backoff and end visibly
//! Failed, and a displaced handler commits nothing. The handlers' switches reach them
//! through the daemon's state map, not statics.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, DueKind, Registry,
    RetryPolicy, Schedule,
};
use campaign_ops_core::{Clock, FixedClock, RunStatus};
use chrono::Duration;

use crate::support::*;

/// The cancel flag of the daemon running the handler: setting it is the handler's
/// simulated kill of its own process.
struct KillSwitch(Arc<AtomicBool>);

fn with_kill_switch(daemon: Daemon) -> Daemon {
    let flag = daemon.cancel_flag();
    daemon.with_state(KillSwitch(flag))
}

fn killed_each_batch(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let switch = ctx.require_state::<KillSwitch>()?;
    // After one committed batch, "kill" the process: the next batch never starts.
    ten_batches(ctx, |batch| {
        if batch > ctx.checkpoint().unwrap_or(0) + 1 {
            switch.0.store(true, Ordering::SeqCst);
        }
    })
}

#[test]
fn a_period_runs_once_when_the_daemon_is_stopped_and_restarted_mid_run_again_and_again() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("KILLED_BATCHES", Schedule::daily(6, 0), killed_each_batch);
    for restart in 0..20 {
        let daemon = daemon_on(&store, &clock, &[spec], DaemonConfig::default());
        with_kill_switch(daemon).run_due().unwrap();
        // Time moves on within the same day between incarnations.
        clock.advance(Duration::minutes(10));
        let r = run(&store, "KILLED_BATCHES", "2026-11-25").unwrap();
        let done = u64::min(restart + 1, 10);
        assert_eq!(r.checkpoint, Some(done), "restart {restart}");
        assert_eq!(
            task_titles(&store),
            expected_titles("2026-11-25")[..done as usize]
        );
        let want = if done == 10 {
            RunStatus::Succeeded
        } else {
            RunStatus::Running
        };
        assert_eq!(r.status, want, "restart {restart}");
        assert_eq!(r.attempts, 1, "interruptions continue the same attempt");
    }
    assert_eq!(runs(&store, "KILLED_BATCHES").len(), 1);
}

/// Set once the handler has crashed: shared by the two daemon incarnations.
struct CrashedOnce(AtomicBool);

fn crashes_after_first_batch(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let crashed = ctx.require_state::<CrashedOnce>()?;
    ten_batches(ctx, |batch| {
        if batch == 2 && !crashed.0.swap(true, Ordering::SeqCst) {
            panic!("simulated crash after batch 1");
        }
    })
}

#[test]
fn a_crash_inside_a_handler_resumes_after_the_last_committed_batch() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let crashed = Arc::new(CrashedOnce(AtomicBool::new(false)));
    let spec = ActionSpec::new("CRASHY", Schedule::daily(6, 0), crashes_after_first_batch);
    let daemon = daemon_on(&store, &clock, &[spec], DaemonConfig::default())
        .with_shared_state(Arc::clone(&crashed));
    let out = daemon.run_due().unwrap();
    let r = &out[0].run;
    assert_eq!(
        (r.status, r.attempts, r.checkpoint),
        (RunStatus::Retrying, 1, Some(1))
    );
    assert!(r.last_error.as_deref().unwrap().contains("simulated crash"));
    assert!(
        daemon.run_due().unwrap().is_empty(),
        "not before the backoff"
    );
    drop(daemon);
    clock.advance(Duration::minutes(5));
    let daemon =
        daemon_on(&store, &clock, &[spec], DaemonConfig::default()).with_shared_state(crashed);
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].due.kind, DueKind::Retry);
    assert_eq!(
        (out[0].run.status, out[0].run.attempts),
        (RunStatus::Succeeded, 2)
    );
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
}

#[test]
fn missed_periods_are_caught_up_once_oldest_first_and_bounded_and_a_clock_going_back_runs_nothing()
{
    let store = memory();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        catch_up_limit: 3,
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(&store, &clock, &[spec], config.clone());
    let labels = |d: &Daemon| -> Vec<String> {
        d.run_due()
            .unwrap()
            .into_iter()
            .map(|o| o.due.period.label)
            .collect()
    };
    assert_eq!(
        labels(&daemon),
        ["2026-11-25"],
        "first start: the latest only"
    );
    assert_eq!(daemon.next_wake().unwrap(), Some(utc(2026, 11, 26, 6, 0)));
    clock.advance(Duration::days(10));
    let daemon = daemon_on(&store, &clock, &[spec], config);
    assert_eq!(labels(&daemon), ["2026-12-03", "2026-12-04", "2026-12-05"]);
    assert!(daemon.run_due().unwrap().is_empty());
    for back in [5, 7, 11] {
        clock.set(t0() + Duration::days(10 - back));
        assert!(daemon.run_due().unwrap().is_empty(), "{back} days back");
    }
    let ledger: Vec<_> = runs(&store, "DAILY_NOTE")
        .into_iter()
        .map(|r| r.period)
        .collect();
    assert_eq!(
        ledger,
        ["2026-11-25", "2026-12-03", "2026-12-04", "2026-12-05"]
    );
    assert_eq!(task_titles(&store), ledger);
    clock.set(t0() + Duration::days(11));
    assert_eq!(labels(&daemon), ["2026-12-06"]);
}

#[test]
fn first_start_with_an_unbounded_catch_up_limit_runs_only_the_latest_period() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        catch_up_limit: usize::MAX,
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(&store, &clock, &[spec], config);
    assert_eq!(daemon.run_due().unwrap().len(), 1);
    clock.advance(Duration::days(3));
    assert_eq!(daemon.run_due().unwrap().len(), 3);
}

/// How often the FLAKY handler ran.
struct Failures(AtomicU32);

fn always_fails(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ctx.require_state::<Failures>()?
        .0
        .fetch_add(1, Ordering::SeqCst);
    Err(ActionError::failed("upstream unavailable"))
}

#[test]
fn failures_retry_with_backoff_and_jitter_then_fail_visibly() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("FLAKY", Schedule::daily(6, 0), always_fails);
    let config = DaemonConfig {
        retry: RetryPolicy {
            max_attempts: 3,
            base: Duration::minutes(1),
            cap: Duration::minutes(10),
            jitter: 0.2,
        },
        ..DaemonConfig::default()
    };
    let failures = Arc::new(Failures(AtomicU32::new(0)));
    let daemon = daemon_on(&store, &clock, &[spec], config).with_shared_state(failures.clone());
    for attempt in 1..=3u32 {
        let out = daemon.run_due().unwrap();
        let r = &out[0].run;
        assert_eq!(r.attempts, attempt);
        if attempt < 3 {
            assert_eq!(r.status, RunStatus::Retrying);
            let next = r.next_attempt_at.unwrap();
            let delay = next - clock.now();
            let base = Duration::minutes(1 << (attempt - 1));
            assert!(delay >= base * 4 / 5 && delay <= base * 6 / 5, "{delay}");
            clock.set(next - Duration::seconds(1));
            assert!(daemon.run_due().unwrap().is_empty());
            assert_eq!(daemon.next_wake().unwrap(), Some(next));
            clock.set(next);
        } else {
            assert_eq!((r.status, r.next_attempt_at), (RunStatus::Failed, None));
        }
    }
    assert_eq!(failures.0.load(Ordering::SeqCst), 3);
    let listed = daemon
        .ops()
        .list_action_runs("FLAKY", None, false, 10)
        .unwrap();
    assert_eq!(listed[0].status, RunStatus::Failed);
    assert!(daemon.run_due().unwrap().is_empty());
    clock.set(utc(2026, 11, 26, 6, 0));
    assert_eq!(daemon.run_due().unwrap()[0].due.period.label, "2026-11-26");
}

#[test]
fn bad_configuration_is_refused() {
    let ops = campaign_ops_actions::ops(memory(), FixedClock::new(t0()));
    for config in [
        DaemonConfig {
            catch_up_limit: 0,
            ..DaemonConfig::default()
        },
        DaemonConfig {
            batch_size: 0,
            ..DaemonConfig::default()
        },
        DaemonConfig {
            clock_rate: 0.0,
            ..DaemonConfig::default()
        },
    ] {
        let err = Daemon::new(ops.clone(), Registry::empty(), config).unwrap_err();
        assert!(err.to_string().starts_with("invalid daemon configuration"));
    }
}

/// Where each of the two handles is, for the two-handles test.
#[derive(Default)]
struct Steps {
    step: Mutex<u32>,
    moved: Condvar,
}

impl Steps {
    fn to(&self, n: u32) {
        *self.step.lock().unwrap() = n;
        self.moved.notify_all();
    }

    fn wait_for(&self, n: u32) {
        let guard = self.step.lock().unwrap();
        let _unused = self
            .moved
            .wait_timeout_while(guard, std::time::Duration::from_secs(20), |s| *s < n)
            .unwrap();
    }
}

fn paused_twice(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let steps = ctx.require_state::<Steps>()?;
    ten_batches(ctx, |batch| match (ctx.checkpoint(), batch) {
        // The first handle, after its first batch: lets the second take over, waits.
        (None, 2) => {
            steps.to(1);
            steps.wait_for(4);
        }
        // The second handle, resumed after batch 1, three batches in: lets the first go on.
        (Some(1), 5) => {
            steps.to(3);
            steps.wait_for(5);
        }
        _ => {}
    })
}

#[test]
fn two_daemon_handles_on_one_store_never_commit_a_batch_twice() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let steps = Arc::new(Steps::default());
    let spec = ActionSpec::new("TWO_HANDLES", Schedule::daily(6, 0), paused_twice);
    let handle = || {
        daemon_on(&store, &clock, &[spec], DaemonConfig::default())
            .with_shared_state(Arc::clone(&steps))
    };
    let (first, second) = (handle(), handle());
    let first = std::thread::spawn(move || first.run_due().unwrap());
    steps.wait_for(1);
    // The record says Running, as after a crash: the second handle takes the run over.
    let second = std::thread::spawn(move || second.run_due().unwrap());
    steps.wait_for(3);
    steps.to(4);
    // The first handle's next batch is refused, and it leaves the record to its new owner.
    let out = first.join().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Running, "{}", out[0]);
    assert_eq!(out[0].run.checkpoint, Some(4));
    steps.to(5);
    let out = second.join().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
    let ledger = runs(&store, "TWO_HANDLES");
    assert_eq!((ledger.len(), ledger[0].attempts), (1, 1));
}

/// Simulates a handler that takes its process down every time: it stops before settling.
fn always_interrupted(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ctx.require_state::<KillSwitch>()?
        .0
        .store(true, Ordering::SeqCst);
    ctx.ensure_running()?;
    Ok(ActionReport::new("never reached"))
}

#[test]
fn a_handler_that_keeps_crashing_its_process_is_retried_then_failed_not_looped() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("CRASH_LOOP", Schedule::daily(6, 0), always_interrupted);
    let config = DaemonConfig {
        max_interruptions: 3,
        retry: RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        },
        ..DaemonConfig::default()
    };
    let mut seen = vec![];
    for _ in 0..12 {
        let daemon = daemon_on(&store, &clock, &[spec], config.clone());
        with_kill_switch(daemon).run_due().unwrap();
        let r = run(&store, "CRASH_LOOP", "2026-11-25").unwrap();
        seen.push((r.status, r.attempts, r.interruptions));
        clock.advance(Duration::minutes(20));
    }
    use RunStatus::*;
    assert_eq!(
        seen,
        [
            (Running, 1, 0),
            (Running, 1, 1),
            (Running, 1, 2),
            (Running, 1, 3),
            (Retrying, 1, 4),
            (Running, 2, 0),
            (Running, 2, 1),
            (Running, 2, 2),
            (Running, 2, 3),
            (Failed, 2, 4),
            (Failed, 2, 4),
            (Failed, 2, 4),
        ]
    );
}

/// The clock the SLOW handler moves, as a handler that takes ten minutes would.
struct SlowClock(FixedClock);

fn slow(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ctx.require_state::<SlowClock>()?
        .0
        .advance(Duration::minutes(10));
    Ok(ActionReport::new("took ten minutes"))
}

fn fails(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    Err(ActionError::failed("not yet"))
}

#[test]
fn a_retry_that_came_due_while_the_daemon_was_busy_gets_its_turn_in_the_same_call() {
    let store = memory();
    let clock = FixedClock::new(t0());
    // Same due time: A_FAILS runs first (name order), then B_SLOW takes ten minutes.
    let specs = [
        ActionSpec::new("A_FAILS", Schedule::daily(6, 0), fails),
        ActionSpec::new("B_SLOW", Schedule::daily(6, 0), slow),
    ];
    let daemon = daemon_on(&store, &clock, &specs, DaemonConfig::default())
        .with_state(SlowClock(clock.clone()));
    let out = daemon.run_due().unwrap();
    let made: Vec<_> = out.iter().map(|o| (o.due.action, o.due.kind)).collect();
    // The retry came due during B_SLOW: made in the same call, not left for a later one.
    assert_eq!(
        made,
        [
            ("A_FAILS", DueKind::Scheduled),
            ("B_SLOW", DueKind::Scheduled),
            ("A_FAILS", DueKind::Retry)
        ]
    );
    assert!(out[0].run.next_attempt_at.unwrap() <= out[2].run.last_attempt_at);
    // The retry after that one is ahead: the loop sleeps until then.
    let next = out[2].run.next_attempt_at.unwrap();
    assert!(next > clock.now());
    assert_eq!(daemon.next_wake().unwrap(), Some(next));
}
