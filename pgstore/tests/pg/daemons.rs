//! Two daemon processes racing for the same periods on one database: every period's effects
//! exactly once; one daemon SIGKILLed in the middle of a period, the other takes the period
//! over from its checkpoint once the lease has expired.
//!
//! The children are this test binary re-run with `CHILD_ENV` set, so that only
//! [`daemon_child`] does something. Both read one shared timeline (a fixed instant plus the
//! real time since the parent started), so that the lease expires for real.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, SystemTime, UNIX_EPOCH};

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry, Schedule,
};
use campaign_ops_core::conformance;
use campaign_ops_core::{
    CampaignId, Clock, OperatorTask, RunStatus, Sequence, Store, TaskId, TaskType,
};
use campaign_ops_pg::testing::TestServer;
use chrono::{DateTime, Duration, TimeZone, Utc};

const CHILD_ENV: &str = "CAMPAIGN_OPS_TEST_RACE_CHILD";
const ACTION: &str = "RACE_BATCHES";
const BATCHES: u64 = 25;
const PERIODS: [&str; 4] = ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"];
const LEASE_MS: i64 = 1500;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

/// `t0()` plus the real time since `base_ms` (Unix milliseconds, the parent's start).
#[derive(Debug)]
struct SharedTimeline {
    base_ms: i64,
}

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

impl Clock for SharedTimeline {
    fn now(&self) -> DateTime<Utc> {
        t0() + Duration::milliseconds(unix_ms() - self.base_ms)
    }
}

/// `BATCHES` batches, one task each (titled by period and batch, assigned to the daemon
/// that wrote it), committed with the checkpoint; a pause between batches.
fn slow_batches(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let role = std::env::var("RACE_ROLE").unwrap_or_default();
    let start = ctx.checkpoint().unwrap_or(0) + 1;
    for batch in start..=BATCHES {
        ctx.ensure_running()?;
        let title = format!("{} batch {batch}", ctx.period().label);
        ctx.ops().store().write(|tx| {
            let id = TaskId(tx.next_id(Sequence::Task)?);
            let mut task = OperatorTask::pending(
                id,
                CampaignId(1),
                TaskType::Manual,
                title.clone(),
                ctx.now(),
                ctx.now(),
            );
            task.assignee = Some(role.clone());
            tx.put_task(&task)?;
            let report = ActionReport::new("all batches");
            ctx.record_batch(tx, batch == BATCHES, Some(batch), &report)
        })?;
        println!("BATCH {} {batch}", ctx.period().label);
        std::thread::sleep(StdDuration::from_millis(20));
    }
    Ok(ActionReport::new("all batches"))
}

/// The child's side; a no-op in a normal test run.
#[test]
fn daemon_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let store = campaign_ops_pg::PgStore::connect_with(
        &var("RACE_URL"),
        campaign_ops_pg::PgOptions::default().with_schema(var("RACE_SCHEMA")),
    )
    .expect("the child connects");
    let clock = SharedTimeline {
        base_ms: var("RACE_BASE_MS").parse().unwrap(),
    };
    let spec = ActionSpec::new(ACTION, Schedule::daily(6, 0), slow_batches);
    let registry = Registry::from_specs([spec]).unwrap();
    let config = DaemonConfig {
        lease: Some(Duration::milliseconds(LEASE_MS)),
        ..DaemonConfig::default()
    };
    let daemon = Daemon::on(store.clone(), clock, registry, config).unwrap();
    println!("\nOPEN");
    // Bounded: 40 s of polling at most, then the child fails.
    for _ in 0..800 {
        for outcome in daemon.run_due().expect("daemon step") {
            println!("RAN {outcome}");
        }
        let runs = store
            .read(|tx| tx.action_runs(ACTION, None, false, 10))
            .unwrap();
        let done = runs
            .iter()
            .filter(|r| r.status == RunStatus::Succeeded)
            .count();
        if done == PERIODS.len() + 1 {
            return;
        }
        std::thread::sleep(StdDuration::from_millis(50));
    }
    panic!("the periods did not all succeed in time");
}

fn spawn_child(pg: &TestServer, schema: &str, role: &str, base_ms: i64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "daemons::daemon_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .env("RACE_URL", pg.url())
        .env("RACE_SCHEMA", schema)
        .env("RACE_ROLE", role)
        .env("RACE_BASE_MS", base_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn two_daemon_processes_run_each_period_once_and_take_over_a_killed_one() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let store = pg.store_in(&schema).unwrap();
    // The period before the four: the high-water mark, so that the daemons catch up with
    // exactly the four after it.
    let seed = conformance::run(ACTION, "2026-11-21", RunStatus::Succeeded);
    store.write(|tx| tx.put_action_run(&seed)).unwrap();

    let base_ms = unix_ms();
    let mut a = spawn_child(&pg, &schema, "A", base_ms);
    let mut b = spawn_child(&pg, &schema, "B", base_ms);
    // Kill A with SIGKILL after its fifth committed batch: in the middle of a period.
    let a_out = BufReader::new(a.stdout.take().unwrap());
    let batches = a_out
        .lines()
        .map_while(Result::ok)
        .filter(|l| l.starts_with("BATCH "))
        .take(5)
        .count();
    assert_eq!(batches, 5, "daemon A never got far enough into a period");
    a.kill().unwrap();
    a.wait().unwrap();

    let b_out: Vec<String> = BufReader::new(b.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .collect();
    let status = b.wait().unwrap();
    assert!(
        status.success(),
        "daemon B failed: {status}\n{}",
        b_out.join("\n")
    );

    // Every batch of every period exactly once.
    let tasks = store
        .read(|tx| tx.tasks_page(CampaignId(1), None, 10_000))
        .unwrap();
    for period in PERIODS {
        let of: Vec<&OperatorTask> = tasks
            .iter()
            .filter(|t| t.title.starts_with(&format!("{period} batch ")))
            .collect();
        let titles: Vec<&str> = of.iter().map(|t| t.title.as_str()).collect();
        let expected: Vec<String> = (1..=BATCHES)
            .map(|n| format!("{period} batch {n}"))
            .collect();
        assert_eq!(
            titles, expected,
            "period {period}: every batch once, in order"
        );
    }
    assert_eq!(tasks.len() as u64, BATCHES * PERIODS.len() as u64);
    // The period A was killed in was finished by B from A's checkpoint, after the lease.
    let shared: Vec<&str> = PERIODS
        .into_iter()
        .filter(|p| {
            let who = |role: &str| {
                tasks.iter().any(|t| {
                    t.title.starts_with(&format!("{p} ")) && t.assignee.as_deref() == Some(role)
                })
            };
            who("A") && who("B")
        })
        .collect();
    assert_eq!(
        shared.len(),
        1,
        "exactly one period was taken over: {shared:?}"
    );
    let of = |role: &str| {
        tasks
            .iter()
            .filter(|t| t.title.starts_with(&format!("{} ", shared[0])))
            .filter(|t| t.assignee.as_deref() == Some(role))
            .map(|t| t.created_at)
            .collect::<Vec<_>>()
    };
    let (a_last, b_first) = (
        *of("A").iter().max().unwrap(),
        *of("B").iter().min().unwrap(),
    );
    assert!(
        b_first - a_last >= Duration::milliseconds(LEASE_MS),
        "B took over only after the lease expired: A's last batch {a_last}, B's first {b_first}"
    );
    assert!(
        of("A").len() >= 5 && (of("A").len() as u64) < BATCHES,
        "A was killed mid-period"
    );
    let runs = store
        .read(|tx| tx.action_runs(ACTION, None, false, 10))
        .unwrap();
    for run in &runs[1..] {
        assert_eq!(run.status, RunStatus::Succeeded, "{}", run.key);
        assert_eq!(run.checkpoint, Some(BATCHES), "{}", run.key);
        assert_eq!(
            run.attempts, 1,
            "a takeover continues the attempt: {}",
            run.key
        );
    }
}
