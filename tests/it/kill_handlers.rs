//! The daemon killed mid-run with the real campaign handlers (the synthetic handler's case
//! is `kill`): a file with many active campaigns, overdue tasks and campaigns past their
//! end, the daemon in a child process committing one record per batch, SIGKILLed at seeded
//! random moments again and again, then let finish. Each period's effects must exist
//! exactly once: the records equal those of one unkilled run on a copy of the same file
//! (escalations, weekly summaries and their ANALYZE tasks, completed campaigns, the audit
//! log), every period Succeeded, and the checker finds nothing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration as StdDuration;

use campaign_ops::actions::{CAMPAIGN_ACTIONS, Daemon, DaemonConfig, Registry};
use campaign_ops::service::NewTask;
use campaign_ops::{CampaignOps, FixedClock, RedbStore, RunStatus, Store, TaskType};
use chrono::Duration;

use crate::support::{Ops, alice, date, new_campaign, t0};
use crate::writer_kill::{Rng, kill_dir, open_retrying};

const HANDLERS_CHILD_ENV: &str = "CAMPAIGN_OPS_TEST_KILL_HANDLERS_DB";
const CAMPAIGNS: u64 = 12;
const KILLS: u64 = 30;

fn daemon_on(store: RedbStore) -> Daemon {
    let config = DaemonConfig {
        // One record per transaction: the most commits, so the most moments to die in.
        batch_size: 1,
        max_interruptions: u32::MAX,
        ..DaemonConfig::default()
    };
    Daemon::on(
        store,
        FixedClock::new(t0()),
        Registry::build().unwrap(),
        config,
    )
    .unwrap()
}

/// The child's side; a no-op in a normal test run.
#[test]
fn handlers_child() {
    let Some(path) = std::env::var_os(HANDLERS_CHILD_ENV) else {
        return;
    };
    let store = open_retrying(std::path::Path::new(&path));
    println!("\nOPEN");
    daemon_on(store).run_due().expect("daemon step");
    println!("DONE");
}

/// Active campaigns with overdue assigned tasks, two of them past their end date.
fn setup(ops: &Ops) {
    for k in 0..CAMPAIGNS {
        let mut new = new_campaign(&format!("Handlers {k}"));
        new.start_date = date(2026, 10, 1);
        new.end_date = Some(if k < 2 {
            date(2026, 11, 20)
        } else {
            date(2027, 3, 1)
        });
        new.activate = true;
        let c = ops.create_campaign(&alice(), new).unwrap();
        for h in [30, 50] {
            let mut task = NewTask::new(
                c.id,
                TaskType::Manual,
                format!("Overdue {h}"),
                t0() - Duration::hours(h),
            );
            task.assignee = Some("bob".into());
            ops.create_task(&alice(), task).unwrap();
        }
    }
}

/// The records, and the ledger as (key, status): what a resumed run must have made once.
fn effects(store: &RedbStore) -> serde_json::Value {
    let mut dump =
        campaign_ops::core::conformance::logical_dump(store, 1..=CAMPAIGNS + 2, &CAMPAIGN_ACTIONS);
    let runs: Vec<(String, String)> = CAMPAIGN_ACTIONS
        .iter()
        .flat_map(|a| {
            store
                .read(|tx| tx.action_runs(a, None, false, 1000))
                .unwrap()
                .into_iter()
                .map(|r| (r.key, format!("{:?}", r.status)))
        })
        .collect();
    assert!(runs.iter().all(|(_, s)| s == "Succeeded"), "{runs:?}");
    dump["action_runs"] = serde_json::json!(runs);
    dump
}

fn spawn(path: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill_handlers::handlers_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HANDLERS_CHILD_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn each_period_of_the_real_handlers_has_its_effects_once_after_kills_and_restarts() {
    if std::env::var_os(HANDLERS_CHILD_ENV).is_some() {
        return;
    }
    let dir = kill_dir();
    let path = dir.path().join("handlers.redb");
    let copy = dir.path().join("clean.redb");
    {
        let store = RedbStore::open(&path).unwrap();
        setup(&CampaignOps::new(store, FixedClock::new(t0())));
    }
    std::fs::copy(&path, &copy).unwrap();

    // The reference: one run that nobody kills.
    let clean = RedbStore::open(&copy).unwrap();
    let started = std::time::Instant::now();
    let outcomes = daemon_on(clean.clone()).run_due().unwrap();
    // Kills land within a sixth of one whole run (measured here, at this machine's speed
    // now), so that most land mid-run and each resumed run gets only part of the way.
    let window_ms = (started.elapsed().as_millis() as u64 / 6).clamp(1, 120);
    assert!(outcomes.len() >= 3, "{outcomes:#?}");
    let expected = effects(&clean);

    let mut rng = Rng(0x4B11_1A11);
    let mut mid_run = 0;
    for round in 0..KILLS {
        let mut child = spawn(&path);
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut lines = out.lines().map_while(Result::ok);
        assert!(
            lines.any(|l| l.trim() == "OPEN"),
            "round {round}: the child did not open the file"
        );
        std::thread::sleep(StdDuration::from_millis(rng.next() % window_ms));
        let _ = child.kill();
        child.wait().unwrap();
        let store = open_retrying(&path);
        let report = store.verify().unwrap();
        assert!(report.is_sound(), "round {round}: {:#?}", report.findings);
        let open = CAMPAIGN_ACTIONS
            .iter()
            .map(|a| store.read(|tx| tx.open_action_runs(a, 10)).unwrap().len())
            .sum::<usize>();
        if open > 0 {
            mid_run += 1;
        }
    }
    let status = spawn(&path).wait().unwrap();
    assert!(status.success(), "the last, unkilled run failed: {status}");

    let store = RedbStore::open(&path).unwrap();
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:#?}", report.findings);
    assert_eq!(
        effects(&store),
        expected,
        "the killed and resumed runs differ from one clean run"
    );
    let runs: Vec<_> = CAMPAIGN_ACTIONS
        .iter()
        .flat_map(|a| {
            store
                .read(|tx| tx.action_runs(a, None, false, 100))
                .unwrap()
        })
        .collect();
    assert!(runs.iter().all(|r| r.status == RunStatus::Succeeded));
    eprintln!(
        "handlers kill loop: {KILLS} SIGKILLs, {mid_run} with a period left open, {} periods \
         each done once",
        runs.len()
    );
    assert!(mid_run >= 5, "too few kills mid-run: {mid_run}");
}
