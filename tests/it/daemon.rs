//! The daemon's ledger rules with test handlers registered explicitly (no inventory): a
//! period runs once across restarts and interruptions, a crash inside a handler resumes
//! without redoing committed batches, missed periods are caught up within the limit,
//! failures retry with backoff and end visibly Failed; and the async loop sleeps until the
//! due time and stops on shutdown. All on RedbStore files and a FixedClock moved by hand.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use campaign_ops::actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, DueKind, Registry,
    RetryPolicy, Schedule,
};
use campaign_ops::{ActionRun, CampaignId, Clock, FixedClock, RedbStore, RunStatus, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::support::{put_task, t0};

fn daemon_on(
    store: RedbStore,
    clock: &FixedClock,
    specs: &[ActionSpec],
    config: DaemonConfig,
) -> Daemon {
    let registry = Registry::from_specs(specs.iter().copied()).unwrap();
    Daemon::on(store, clock.clone(), registry, config)
        .unwrap()
        .with_jitter_seed(7)
}

/// The action's ledger records, ascending key (a test makes a handful).
fn runs(store: &RedbStore, action: &str) -> Vec<ActionRun> {
    store
        .read(|tx| tx.action_runs(action, None, false, 1000))
        .unwrap()
}

/// The titles of campaign 1's tasks, ascending id (a test makes a handful).
fn task_titles(store: &RedbStore) -> Vec<String> {
    store
        .read(|tx| tx.tasks_page(CampaignId(1), None, 1000))
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

/// Ten batches, one task each, checkpoint = batch number; resumes after the checkpoint.
/// Before each batch it consults `stop` (a test's simulated kill).
fn ten_batches(ctx: &ActionContext<'_>, stop: impl Fn(u64)) -> Result<ActionReport, ActionError> {
    let start = ctx.checkpoint().unwrap_or(0) + 1;
    for batch in start..=10 {
        stop(batch);
        ctx.ensure_running()?;
        let label = format!("{} batch {batch}", ctx.period());
        ctx.ops().store().write(|tx| {
            put_task(tx, label.clone(), ctx.now())?;
            if batch == 10 {
                ctx.record_success(tx, Some(batch), &ActionReport::new("10 batches"))
            } else {
                ctx.record_progress(tx, Some(batch))
            }
        })?;
    }
    Ok(ActionReport::new("10 batches"))
}

fn expected_titles(period: &str) -> Vec<String> {
    (1..=10).map(|b| format!("{period} batch {b}")).collect()
}

/// The cancel flag of the daemon incarnation currently running KILLED_BATCHES.
static KILL_SWITCH: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

fn killed_each_batch(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    // After one committed batch, "kill" the process: the next batch never starts.
    ten_batches(ctx, |batch| {
        if batch > ctx.checkpoint().unwrap_or(0) + 1
            && let Some(flag) = KILL_SWITCH.lock().unwrap().as_ref()
        {
            flag.store(true, Ordering::SeqCst);
        }
    })
}

#[test]
fn a_period_runs_once_when_the_daemon_is_stopped_and_restarted_mid_run_again_and_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restarts.redb");
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("KILLED_BATCHES", Schedule::daily(6, 0), killed_each_batch);
    for restart in 0..20 {
        let daemon = daemon_on(
            RedbStore::open(&path).unwrap(),
            &clock,
            &[spec],
            DaemonConfig::default(),
        );
        *KILL_SWITCH.lock().unwrap() = Some(daemon.cancel_flag());
        daemon.run_due().unwrap();
        drop(daemon);
        // Time moves on within the same day between incarnations.
        clock.advance(Duration::minutes(10));
        let store = RedbStore::open(&path).unwrap();
        let run = store
            .read(|tx| tx.action_run("KILLED_BATCHES 2026-11-25"))
            .unwrap()
            .unwrap();
        let done = u64::min(restart + 1, 10);
        assert_eq!(run.checkpoint, Some(done), "restart {restart}");
        assert_eq!(
            task_titles(&store),
            expected_titles("2026-11-25")[..done as usize]
        );
        let want = if done == 10 {
            RunStatus::Succeeded
        } else {
            RunStatus::Running
        };
        assert_eq!(run.status, want, "restart {restart}");
        // Interruptions continue the same attempt.
        assert_eq!(run.attempts, 1);
    }
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(runs(&store, "KILLED_BATCHES").len(), 1);
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
}

static CRASHED_ONCE: AtomicBool = AtomicBool::new(false);

fn crashes_after_first_batch(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ten_batches(ctx, |batch| {
        if batch == 2 && !CRASHED_ONCE.swap(true, Ordering::SeqCst) {
            panic!("simulated crash after batch 1");
        }
    })
}

#[test]
fn a_crash_inside_a_handler_resumes_after_the_last_committed_batch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.redb");
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("CRASHY", Schedule::daily(6, 0), crashes_after_first_batch);
    {
        let daemon = daemon_on(
            RedbStore::open(&path).unwrap(),
            &clock,
            &[spec],
            DaemonConfig::default(),
        );
        let out = daemon.run_due().unwrap();
        assert_eq!(out.len(), 1);
        let run = &out[0].run;
        assert_eq!(
            (run.status, run.attempts, run.checkpoint),
            (RunStatus::Retrying, 1, Some(1))
        );
        assert!(
            run.last_error
                .as_deref()
                .unwrap()
                .contains("simulated crash")
        );
        // Not due again until the backoff has passed.
        assert!(daemon.run_due().unwrap().is_empty());
    }
    // Restart after the backoff: the run continues at batch 2.
    clock.advance(Duration::minutes(5));
    let store = RedbStore::open(&path).unwrap();
    let daemon = daemon_on(store.clone(), &clock, &[spec], DaemonConfig::default());
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

fn quick(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let label = ctx.period().label.clone();
    ctx.ops().store().write(|tx| {
        put_task(tx, label.clone(), ctx.now())?;
        ctx.record_success(tx, None, &ActionReport::new(format!("noted {label}")))
    })?;
    Ok(ActionReport::new("noted"))
}

#[test]
fn missed_periods_are_caught_up_once_oldest_first_and_bounded() {
    let store = RedbStore::in_memory().unwrap();
    let clock = FixedClock::new(t0()); // Wednesday 25 Nov 09:00 UTC
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        catch_up_limit: 3,
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(store.clone(), &clock, &[spec], config.clone());
    // First start ever: only the latest period, nothing to catch up with.
    let out = daemon.run_due().unwrap();
    assert_eq!(
        out.iter()
            .map(|o| o.due.period.label.as_str())
            .collect::<Vec<_>>(),
        ["2026-11-25"]
    );
    assert_eq!(
        daemon.next_wake().unwrap(),
        Some(Utc.with_ymd_and_hms(2026, 11, 26, 6, 0, 0).unwrap())
    );
    drop(daemon);
    // Down for ten days: the three most recent periods run, oldest first.
    clock.advance(Duration::days(10));
    let daemon = daemon_on(store.clone(), &clock, &[spec], config.clone());
    let out = daemon.run_due().unwrap();
    let labels: Vec<_> = out.iter().map(|o| o.due.period.label.clone()).collect();
    assert_eq!(labels, ["2026-12-03", "2026-12-04", "2026-12-05"]);
    assert!(
        out.iter()
            .all(|o| o.run.status == RunStatus::Succeeded && o.due.kind == DueKind::Scheduled)
    );
    // Restarted again the same day: nothing more, and the skipped days stay skipped.
    let daemon = daemon_on(store.clone(), &clock, &[spec], config);
    assert!(daemon.run_due().unwrap().is_empty());
    let ledger: Vec<_> = runs(&store, "DAILY_NOTE")
        .into_iter()
        .map(|r| r.period)
        .collect();
    assert_eq!(
        ledger,
        ["2026-11-25", "2026-12-03", "2026-12-04", "2026-12-05"]
    );
    assert_eq!(task_titles(&store), ledger);
}

static FAILURES: AtomicU32 = AtomicU32::new(0);

fn always_fails(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    FAILURES.fetch_add(1, Ordering::SeqCst);
    Err(ActionError::failed("upstream unavailable"))
}

#[test]
fn failures_retry_with_backoff_and_jitter_then_fail_visibly() {
    let store = RedbStore::in_memory().unwrap();
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
    let daemon = daemon_on(store.clone(), &clock, &[spec], config);
    let mut delays = vec![];
    for attempt in 1..=3u32 {
        let out = daemon.run_due().unwrap();
        assert_eq!(out.len(), 1, "attempt {attempt}");
        let run = &out[0].run;
        assert_eq!(run.attempts, attempt);
        assert_eq!(run.last_error.as_deref(), Some("upstream unavailable"));
        if attempt < 3 {
            assert_eq!(run.status, RunStatus::Retrying);
            let next = run.next_attempt_at.unwrap();
            delays.push(next - clock.now());
            // Not before its time.
            clock.set(next - Duration::seconds(1));
            assert!(daemon.run_due().unwrap().is_empty());
            assert_eq!(daemon.next_wake().unwrap(), Some(next));
            clock.set(next);
        } else {
            assert_eq!(run.status, RunStatus::Failed);
            assert_eq!(run.next_attempt_at, None);
        }
    }
    // base · 2^(n−1) ± 20 %.
    assert!(
        delays[0] >= Duration::seconds(48) && delays[0] <= Duration::seconds(72),
        "{delays:?}"
    );
    assert!(
        delays[1] >= Duration::seconds(96) && delays[1] <= Duration::seconds(144),
        "{delays:?}"
    );
    // Failed for good: visible in the ledger, never retried, and the next period still runs.
    let ops = daemon.ops();
    let listed = ops.list_action_runs("FLAKY", None, false, 10).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, RunStatus::Failed);
    assert!(daemon.run_due().unwrap().is_empty());
    clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 6, 0, 0).unwrap());
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].due.period.label, "2026-11-26");
}

#[test]
fn bad_configuration_is_refused() {
    let store = RedbStore::in_memory().unwrap();
    let ops = campaign_ops::actions::ops(store, FixedClock::new(t0()));
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

/// The wall clock shifted by a fixed offset: real time passes, at a chosen instant.
#[derive(Clone)]
struct OffsetClock(Duration);

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

static WOKE: Mutex<Option<tokio::sync::oneshot::Sender<String>>> = Mutex::new(None);

fn wake_probe(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    if ctx.period().label == "2026-11-25"
        && let Some(tx) = WOKE.lock().unwrap().take()
    {
        let _ = tx.send(ctx.period().label.clone());
    }
    Ok(ActionReport::new("probed"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_async_loop_sleeps_until_the_due_time_runs_off_thread_and_stops_on_shutdown() {
    let due = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    // The clock reads 300 ms before the due time.
    let clock = OffsetClock(due - Duration::milliseconds(300) - Utc::now());
    let (tx, rx) = tokio::sync::oneshot::channel();
    *WOKE.lock().unwrap() = Some(tx);
    let spec = ActionSpec::new("WAKE_PROBE", Schedule::daily(12, 0), wake_probe);
    let daemon = Daemon::on(
        RedbStore::in_memory().unwrap(),
        clock.clone(),
        Registry::from_specs([spec]).unwrap(),
        DaemonConfig::default(),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let shutdown = async {
        let _ = rx.await;
    };
    let stats = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        daemon.run_until(shutdown),
    )
    .await
    .expect("the daemon stops on shutdown")
    .unwrap();
    let elapsed = started.elapsed();
    let labels: Vec<_> = stats
        .runs
        .iter()
        .map(|o| o.due.period.label.as_str())
        .collect();
    // First look: yesterday's period (first start); then one wake-up at the due time.
    assert_eq!(labels, ["2026-11-24", "2026-11-25"]);
    assert_eq!(stats.wakeups, 2, "no polling between the two");
    assert!(
        elapsed >= std::time::Duration::from_millis(250),
        "{elapsed:?}"
    );
    assert!(clock.now() >= due);
}

#[tokio::test]
async fn shutdown_while_sleeping_returns_at_once() {
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let daemon = daemon_on(
        RedbStore::in_memory().unwrap(),
        &clock,
        &[spec],
        DaemonConfig::default(),
    );
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::spawn(daemon.run_until(async {
        let _ = rx.await;
    }));
    tx.send(()).unwrap();
    let stats = tokio::time::timeout(std::time::Duration::from_secs(20), run)
        .await
        .expect("stops without waiting for the next due time")
        .unwrap()
        .unwrap();
    assert!(stats.wakeups <= 1);
}

/// Steps of the two-handles test: which handler is where.
static STEP: (Mutex<u32>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

fn step_to(n: u32) {
    *STEP.0.lock().unwrap() = n;
    STEP.1.notify_all();
}

fn wait_for_step(n: u32) {
    let guard = STEP.0.lock().unwrap();
    let _unused = STEP
        .1
        .wait_timeout_while(guard, std::time::Duration::from_secs(20), |s| *s < n)
        .unwrap();
}

fn paused_twice(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    ten_batches(ctx, |batch| match (ctx.checkpoint(), batch) {
        // The first handle, after its first batch: lets the second take over, waits.
        (None, 2) => {
            step_to(1);
            wait_for_step(4);
        }
        // The second handle, resumed after batch 1, three batches in: lets the first go on.
        (Some(1), 5) => {
            step_to(3);
            wait_for_step(5);
        }
        _ => {}
    })
}

#[test]
fn two_daemon_handles_on_one_store_never_commit_a_batch_twice() {
    let store = RedbStore::in_memory().unwrap();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("TWO_HANDLES", Schedule::daily(6, 0), paused_twice);
    let first = daemon_on(store.clone(), &clock, &[spec], DaemonConfig::default());
    let second = daemon_on(store.clone(), &clock, &[spec], DaemonConfig::default());
    let first = std::thread::spawn(move || first.run_due().unwrap());
    wait_for_step(1);
    // The record says Running, as after a crash: the second handle takes the run over.
    let second = std::thread::spawn(move || second.run_due().unwrap());
    wait_for_step(3);
    step_to(4);
    // The first handle's next batch is refused, and it leaves the record to its new owner.
    let out = first.join().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].run.status, RunStatus::Running, "{}", out[0]);
    assert_eq!(out[0].run.checkpoint, Some(4));
    step_to(5);
    let out = second.join().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    assert_eq!(task_titles(&store), expected_titles("2026-11-25"));
    let ledger = runs(&store, "TWO_HANDLES");
    assert_eq!((ledger.len(), ledger[0].attempts), (1, 1));
}

#[test]
fn a_clock_that_goes_back_runs_no_period_older_than_the_latest_run() {
    let store = RedbStore::in_memory().unwrap();
    let clock = FixedClock::new(t0()); // Wednesday 25 Nov 09:00 UTC
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        catch_up_limit: 3,
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(store.clone(), &clock, &[spec], config);
    daemon.run_due().unwrap();
    clock.advance(Duration::days(10));
    daemon.run_due().unwrap(); // 3 to 5 December; 26 Nov to 2 Dec skipped
    // Back five days, then two more: among the skipped days, and before the first run.
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
    // Forward again past the latest run: the next period runs as usual.
    clock.set(t0() + Duration::days(11));
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].due.period.label, "2026-12-06");
}

#[test]
fn first_start_with_an_unbounded_catch_up_limit_runs_only_the_latest_period() {
    let store = RedbStore::in_memory().unwrap();
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        catch_up_limit: usize::MAX,
        ..DaemonConfig::default()
    };
    // Before: the walk back for missed periods had no history to stop at, and no end.
    let daemon = daemon_on(store.clone(), &clock, &[spec], config);
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].due.period.label, "2026-11-25");
    clock.advance(Duration::days(3));
    let labels: Vec<_> = daemon
        .run_due()
        .unwrap()
        .into_iter()
        .map(|o| o.due.period.label)
        .collect();
    assert_eq!(labels, ["2026-11-26", "2026-11-27", "2026-11-28"]);
}

/// The clock the SLOW handler moves, as a handler that takes ten minutes would.
static SLOW_CLOCK: Mutex<Option<FixedClock>> = Mutex::new(None);

fn slow(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    if let Some(clock) = SLOW_CLOCK.lock().unwrap().as_ref() {
        clock.advance(Duration::minutes(10));
    }
    Ok(ActionReport::new("took ten minutes"))
}

fn fails(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    Err(ActionError::failed("not yet"))
}

#[test]
fn a_retry_that_came_due_while_the_daemon_was_busy_gets_its_turn_in_the_same_call() {
    let store = RedbStore::in_memory().unwrap();
    let clock = FixedClock::new(t0());
    *SLOW_CLOCK.lock().unwrap() = Some(clock.clone());
    // Same due time: A_FAILS runs first (name order), then B_SLOW takes ten minutes.
    let specs = [
        ActionSpec::new("A_FAILS", Schedule::daily(6, 0), fails),
        ActionSpec::new("B_SLOW", Schedule::daily(6, 0), slow),
    ];
    let daemon = daemon_on(store, &clock, &specs, DaemonConfig::default());
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
    *SLOW_CLOCK.lock().unwrap() = None;
}

#[tokio::test]
async fn a_tiny_clock_rate_sleeps_at_most_max_sleep_instead_of_panicking() {
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        clock_rate: 1e-300,
        max_sleep: std::time::Duration::from_millis(20),
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(RedbStore::in_memory().unwrap(), &clock, &[spec], config);
    let stats = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        daemon.run_until(tokio::time::sleep(std::time::Duration::from_millis(100))),
    )
    .await
    .expect("stops on shutdown")
    .unwrap();
    // Woke every max_sleep (20 ms) for 100 ms; nothing more to run after the first look.
    assert!(stats.wakeups >= 2, "{}", stats.wakeups);
    assert_eq!(stats.runs.len(), 1);
}

/// The cancel flag of the daemon incarnation currently running CRASH_LOOP (its own switch:
/// tests run in parallel).
static CRASH_SWITCH: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

/// Simulates a handler that takes its process down every time: it stops before settling.
fn always_interrupted(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    if let Some(flag) = CRASH_SWITCH.lock().unwrap().as_ref() {
        flag.store(true, Ordering::SeqCst);
    }
    ctx.ensure_running()?;
    Ok(ActionReport::new("never reached"))
}

#[test]
fn a_handler_that_keeps_crashing_its_process_is_retried_then_failed_not_looped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash-loop.redb");
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
    let run = |store: &RedbStore| {
        store
            .read(|tx| tx.action_run("CRASH_LOOP 2026-11-25"))
            .unwrap()
            .unwrap()
    };
    let mut seen = vec![];
    for _ in 0..12 {
        let daemon = daemon_on(
            RedbStore::open(&path).unwrap(),
            &clock,
            &[spec],
            config.clone(),
        );
        *CRASH_SWITCH.lock().unwrap() = Some(daemon.cancel_flag());
        daemon.run_due().unwrap();
        drop(daemon);
        let store = RedbStore::open(&path).unwrap();
        let r = run(&store);
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
    let store = RedbStore::open(&path).unwrap();
    let failed = run(&store);
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
