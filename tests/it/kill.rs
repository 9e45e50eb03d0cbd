//! Crash consistency for real: the daemon runs in a child process that is SIGKILLed at
//! arbitrary moments (between batches, inside a commit, while opening the file), restarted
//! again and again, and finally let finish. The period's work must exist exactly once and
//! the ledger must say Succeeded once.
//!
//! The child is this test binary itself, re-run with `KILL_CHILD_ENV` set so that only
//! [`daemon_child`] does something. The same with the real campaign handlers, whose
//! effects must then exist exactly once: `kill_handlers`; real service calls killed at
//! random points: `writer_kill`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration as StdDuration;

use campaign_ops::actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry, Schedule,
};
use campaign_ops::{CampaignId, FixedClock, RedbStore, RunStatus, Store};

use crate::support::{put_task, t0};

const KILL_CHILD_ENV: &str = "CAMPAIGN_OPS_TEST_KILL_CHILD_DB";
const BATCHES: u64 = 60;

/// Sixty batches, one task each, committed with the checkpoint; a short pause between
/// batches leaves the parent a window to kill the process mid-run.
fn slow_batches(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let start = ctx.checkpoint().unwrap_or(0) + 1;
    for batch in start..=BATCHES {
        ctx.ensure_running()?;
        let title = format!("{} batch {batch}", ctx.period());
        ctx.ops().store().write(|tx| {
            put_task(tx, title.clone(), ctx.now())?;
            if batch == BATCHES {
                ctx.record_success(tx, Some(batch), &ActionReport::new("all batches"))
            } else {
                ctx.record_progress(tx, Some(batch))
            }
        })?;
        std::thread::sleep(StdDuration::from_millis(10));
    }
    Ok(ActionReport::new("all batches"))
}

/// The child's side; a no-op in a normal test run.
#[test]
fn daemon_child() {
    let Some(path) = std::env::var_os(KILL_CHILD_ENV) else {
        return;
    };
    // The killed predecessor's file lock goes with its process; opening may still race the
    // kernel releasing it, so retry briefly.
    let store = (0..200)
        .find_map(|_| {
            RedbStore::open(&path).ok().or_else(|| {
                std::thread::sleep(StdDuration::from_millis(5));
                None
            })
        })
        .expect("child opens the database");
    // On a line of its own: libtest has already printed "test kill::daemon_child ... ".
    println!("\nOPEN");
    let spec = ActionSpec::new("KILL_BATCHES", Schedule::daily(6, 0), slow_batches);
    let registry = Registry::from_specs([spec]).unwrap();
    // This test is about exactly-once under kills, not about the crash-loop limit: allow
    // every interruption.
    let config = DaemonConfig {
        max_interruptions: u32::MAX,
        ..DaemonConfig::default()
    };
    let daemon = Daemon::on(store, FixedClock::new(t0()), registry, config).unwrap();
    daemon.run_due().expect("daemon step");
}

/// The ledger checkpoint of the period (None: not started), read after a kill.
fn checkpoint(path: &std::path::Path) -> Option<u64> {
    let store = RedbStore::open(path).ok()?;
    store
        .read(|tx| tx.action_run("KILL_BATCHES 2026-11-25"))
        .ok()
        .flatten()
        .and_then(|r| r.checkpoint)
}

fn spawn_child(path: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill::daemon_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(KILL_CHILD_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_period_runs_once_when_the_daemon_process_is_killed_and_restarted_in_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.redb");
    // Once the child has the file open, kill it after 0–24 ms, a different moment each time
    // (a fixed sequence, so a failure reproduces): between batches and inside commits.
    let mut seen = Vec::new();
    for round in 0..30u64 {
        let mut child = spawn_child(&path);
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let opened = stdout
            .lines()
            .map_while(Result::ok)
            .any(|line| line.trim() == "OPEN");
        assert!(opened, "round {round}: the child did not open the database");
        std::thread::sleep(StdDuration::from_millis((round * 7) % 25));
        let _ = child.kill();
        child.wait().unwrap();
        seen.push(checkpoint(&path));
    }
    eprintln!("checkpoints after each kill: {seen:?}");
    // The kills must really have landed mid-run, many times over.
    let mid_run = seen
        .iter()
        .filter(|c| c.is_some_and(|c| c < BATCHES))
        .count();
    assert!(mid_run >= 10, "too few kills mid-run: {seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back: {seen:?}"
    );
    let status = spawn_child(&path).wait().unwrap();
    assert!(status.success(), "the last, unkilled run failed: {status}");

    let store = RedbStore::open(&path).unwrap();
    let titles: Vec<String> = store
        .read(|tx| tx.tasks_page(CampaignId(1), None, 1000))
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    let expected: Vec<String> = (1..=BATCHES)
        .map(|b| format!("2026-11-25 batch {b}"))
        .collect();
    assert_eq!(titles, expected, "every batch exactly once, in order");
    let runs = store
        .read(|tx| tx.action_runs("KILL_BATCHES", None, false, 10))
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Succeeded);
    assert_eq!(runs[0].checkpoint, Some(BATCHES));
    // A kill is not a failure: restarts continue the same attempt.
    assert_eq!(runs[0].attempts, 1);
}
