//! The async loop, on both backends: it sleeps until the next due time (no polling), runs
//! handlers off the async threads, and stops on shutdown.

use std::sync::Mutex;

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry, Schedule,
};
use campaign_ops_core::{Clock, FixedClock};
use chrono::{DateTime, Duration, Utc};
use tokio::sync::oneshot;

use crate::support::*;

on_both_backends! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_async_loop_sleeps_until_the_due_time_runs_off_thread_and_stops_on_shutdown;
    #[tokio::test] async fn shutdown_while_sleeping_returns_at_once;
    #[tokio::test] async fn a_tiny_clock_rate_sleeps_at_most_max_sleep_instead_of_panicking;
}

/// The wall clock shifted by a fixed offset: real time passes, at a chosen instant.
#[derive(Clone)]
struct OffsetClock(Duration);

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

/// Told the label of the period the probe ran at its due time.
struct Woke(Mutex<Option<oneshot::Sender<String>>>);

fn wake_probe(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let woke = ctx.require_state::<Woke>()?;
    if ctx.period().label == "2026-11-25"
        && let Some(tx) = woke.0.lock().unwrap().take()
    {
        let _ = tx.send(ctx.period().label.clone());
    }
    Ok(ActionReport::new("probed"))
}

async fn the_async_loop_sleeps_until_the_due_time_runs_off_thread_and_stops_on_shutdown<
    B: Backend,
>() {
    let due = utc(2026, 11, 25, 12, 0);
    // The clock reads 300 ms before the due time.
    let clock = OffsetClock(due - Duration::milliseconds(300) - Utc::now());
    let (tx, rx) = oneshot::channel();
    let spec = ActionSpec::new("WAKE_PROBE", Schedule::daily(12, 0), wake_probe);
    let daemon = Daemon::on(
        B::fresh(),
        clock.clone(),
        Registry::from_specs([spec]).unwrap(),
        DaemonConfig::default(),
    )
    .unwrap()
    .with_state(Woke(Mutex::new(Some(tx))));
    let started = std::time::Instant::now();
    let stats = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        daemon.run_until(async {
            let _ = rx.await;
        }),
    )
    .await
    .expect("the daemon stops on shutdown")
    .unwrap();
    let labels: Vec<_> = stats
        .runs
        .iter()
        .map(|o| o.due.period.label.as_str())
        .collect();
    // First look: yesterday's period (first start); then one wake-up at the due time.
    assert_eq!(labels, ["2026-11-24", "2026-11-25"]);
    assert_eq!(stats.wakeups, 2, "no polling between the two");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= std::time::Duration::from_millis(250),
        "{elapsed:?}"
    );
    assert!(clock.now() >= due);
}

async fn shutdown_while_sleeping_returns_at_once<B: Backend>() {
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let daemon = daemon_on(&B::fresh(), &clock, &[spec], DaemonConfig::default());
    let (tx, rx) = oneshot::channel::<()>();
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

async fn a_tiny_clock_rate_sleeps_at_most_max_sleep_instead_of_panicking<B: Backend>() {
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);
    let config = DaemonConfig {
        clock_rate: 1e-300,
        max_sleep: std::time::Duration::from_millis(20),
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(&B::fresh(), &clock, &[spec], config);
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
