//! Failures, on both backends: retried with backoff and jitter, then Failed visibly; a
//! retry that came due while the daemon was busy runs in the same call; a bad
//! configuration is refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, DueKind, Registry,
    RetryPolicy, Schedule,
};
use campaign_ops_core::{Clock, FixedClock, RunStatus};
use chrono::Duration;

use crate::support::*;

on_both_backends! {
    #[test] fn failures_retry_with_backoff_and_jitter_then_fail_visibly;
    #[test] fn a_retry_that_came_due_while_the_daemon_was_busy_gets_its_turn_in_the_same_call;
    #[test] fn bad_configuration_is_refused;
}

/// How often the FLAKY handler ran.
struct Failures(AtomicU32);

fn always_fails(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ctx.require_state::<Failures>()?
        .0
        .fetch_add(1, Ordering::SeqCst);
    Err(ActionError::failed("upstream unavailable"))
}

fn failures_retry_with_backoff_and_jitter_then_fail_visibly<B: Backend>() {
    let store = B::fresh();
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
        assert_eq!(out.len(), 1, "attempt {attempt}");
        let r = &out[0].run;
        assert_eq!(r.attempts, attempt);
        assert_eq!(r.last_error.as_deref(), Some("upstream unavailable"));
        if attempt < 3 {
            assert_eq!(r.status, RunStatus::Retrying);
            let next = r.next_attempt_at.unwrap();
            // base · 2^(n−1) ± 20 %: 48 to 72 s, then 96 to 144 s.
            let delay = next - clock.now();
            let base = Duration::minutes(1 << (attempt - 1));
            assert!(delay >= base * 4 / 5 && delay <= base * 6 / 5, "{delay}");
            // Not before its time.
            clock.set(next - Duration::seconds(1));
            assert!(daemon.run_due().unwrap().is_empty());
            assert_eq!(daemon.next_wake().unwrap(), Some(next));
            clock.set(next);
        } else {
            assert_eq!((r.status, r.next_attempt_at), (RunStatus::Failed, None));
        }
    }
    assert_eq!(failures.0.load(Ordering::SeqCst), 3);
    // Failed for good: visible in the ledger, never retried, and the next period still runs.
    let listed = daemon
        .ops()
        .list_action_runs("FLAKY", None, false, 10)
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, RunStatus::Failed);
    assert!(daemon.run_due().unwrap().is_empty());
    clock.set(utc(2026, 11, 26, 6, 0));
    assert_eq!(daemon.run_due().unwrap()[0].due.period.label, "2026-11-26");
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

fn a_retry_that_came_due_while_the_daemon_was_busy_gets_its_turn_in_the_same_call<B: Backend>() {
    let store = B::fresh();
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
    // The retry after that one is ahead: the loop sleeps until then (not tomorrow's 06:00
    // or an hour's max_sleep), and once it has come, the loop goes round again at once.
    let next = out[2].run.next_attempt_at.unwrap();
    assert!(next > clock.now());
    assert_eq!(daemon.next_wake().unwrap(), Some(next));
    clock.set(next);
    assert_eq!(daemon.next_wake().unwrap(), Some(next));
}

fn bad_configuration_is_refused<B: Backend>() {
    let ops = campaign_ops_actions::ops(B::fresh(), FixedClock::new(t0()));
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
        DaemonConfig {
            retry: RetryPolicy {
                max_attempts: 0,
                ..RetryPolicy::default()
            },
            ..DaemonConfig::default()
        },
    ] {
        let err = Daemon::new(ops.clone(), Registry::empty(), config).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid daemon configuration"),
            "{err}"
        );
    }
}
