//! Restarts and interruptions, on both backends (RedbStore on a file reopened for each
//! daemon incarnation): a period runs once across restarts, a crash inside a handler
//! resumes without redoing committed batches, a handler that keeps taking its process down
//! ends Failed, and a displaced handler commits nothing. The handlers' switches reach them
//! through the daemon's state map, not statics, so both backends' tests run in parallel.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, DueKind,
    RetryPolicy, Schedule,
};
use campaign_ops_core::{FixedClock, RunStatus};
use chrono::Duration;

use crate::support::*;

on_both_backends! {
    #[test] fn a_period_runs_once_when_the_daemon_is_stopped_and_restarted_mid_run_again_and_again;
    #[test] fn a_crash_inside_a_handler_resumes_after_the_last_committed_batch;
    #[test] fn a_handler_that_keeps_crashing_its_process_is_retried_then_failed_not_looped;
    #[test] fn two_daemon_handles_on_one_store_never_commit_a_batch_twice;
}

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

fn a_period_runs_once_when_the_daemon_is_stopped_and_restarted_mid_run_again_and_again<
    B: Backend,
>() {
    let stores = B::reopenable();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("KILLED_BATCHES", Schedule::daily(6, 0), killed_each_batch);
    for restart in 0..20 {
        let daemon = daemon_on(&stores.open(), &clock, &[spec], DaemonConfig::default());
        with_kill_switch(daemon).run_due().unwrap();
        // Time moves on within the same day between incarnations.
        clock.advance(Duration::minutes(10));
        let store = stores.open();
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
    let store = stores.open();
    assert_eq!(runs(&store, "KILLED_BATCHES").len(), 1);
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
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

fn a_crash_inside_a_handler_resumes_after_the_last_committed_batch<B: Backend>() {
    let stores = B::reopenable();
    let clock = FixedClock::new(t0());
    let crashed = Arc::new(CrashedOnce(AtomicBool::new(false)));
    let spec = ActionSpec::new("CRASHY", Schedule::daily(6, 0), crashes_after_first_batch);
    let daemon = daemon_on(&stores.open(), &clock, &[spec], DaemonConfig::default())
        .with_shared_state(Arc::clone(&crashed));
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
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
    // Restart after the backoff: the run continues at batch 2.
    clock.advance(Duration::minutes(5));
    let store = stores.open();
    let daemon =
        daemon_on(&store, &clock, &[spec], DaemonConfig::default()).with_shared_state(crashed);
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].due.kind, DueKind::Retry);
    assert_eq!(
        (out[0].run.status, out[0].run.attempts),
        (RunStatus::Succeeded, 2)
    );
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
    assert!(daemon.run_due().unwrap().is_empty());
}

/// Simulates a handler that takes its process down every time: it stops before settling.
fn always_interrupted(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ctx.require_state::<KillSwitch>()?
        .0
        .store(true, Ordering::SeqCst);
    ctx.ensure_running()?;
    Ok(ActionReport::new("never reached"))
}

fn a_handler_that_keeps_crashing_its_process_is_retried_then_failed_not_looped<B: Backend>() {
    let stores = B::reopenable();
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
        let daemon = daemon_on(&stores.open(), &clock, &[spec], config.clone());
        with_kill_switch(daemon).run_due().unwrap();
        let r = run(&stores.open(), "CRASH_LOOP", "2026-11-25").unwrap();
        seen.push((r.status, r.attempts, r.interruptions));
        // Past any retry delay, within the same day.
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
            // The fourth interruption counts as a failed attempt: retried with backoff.
            (Retrying, 1, 4),
            (Running, 2, 0),
            (Running, 2, 1),
            (Running, 2, 2),
            (Running, 2, 3),
            // The second attempt is the last: Failed, visibly, and never started again.
            (Failed, 2, 4),
            (Failed, 2, 4),
            (Failed, 2, 4),
        ]
    );
    let failed = run(&stores.open(), "CRASH_LOOP", "2026-11-25").unwrap();
    assert!(
        failed
            .last_error
            .as_deref()
            .unwrap()
            .contains("interrupted 4 times"),
        "{failed:?}"
    );
    assert!(failed.finished_at.is_some());
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

fn two_daemon_handles_on_one_store_never_commit_a_batch_twice<B: Backend>() {
    let store = B::fresh();
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
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].run.status, RunStatus::Running, "{}", out[0]);
    assert_eq!(out[0].run.checkpoint, Some(4));
    steps.to(5);
    let out = second.join().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
    let ledger = runs(&store, "TWO_HANDLES");
    assert_eq!((ledger.len(), ledger[0].attempts), (1, 1));
}
