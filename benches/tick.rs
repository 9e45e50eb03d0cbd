//! Benchmark of one full CAMPAIGN_TICK over many active campaigns and tasks, on a RedbStore
//! file. Writes its results to `target/bench-tick.md`.
//!
//! ```text
//! cargo bench --bench tick                                  # 10,000 campaigns, 1,000,000 tasks
//! BENCH_TICK_CAMPAIGNS=1000 BENCH_TICK_TASKS=100000 cargo bench --bench tick
//! ```
//!
//! The data is written directly through the store in a few large transactions (one fsync
//! per commit). Each timed tick runs a new daily period (the clock moves a day), through
//! the daemon exactly as in production: ledger record, batched commits with checkpoints.

use std::collections::BTreeMap;
use std::time::Instant;

use campaign_ops::actions::{CAMPAIGN_TICK, Daemon, DaemonConfig, Registry};
use campaign_ops::{
    Campaign, CampaignId, CampaignStatus, FixedClock, Objective, OperatorTask, Platform, RedbStore,
    RunStatus, Sequence, Store, TaskId, TaskType,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

const RUNS: usize = 5;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let campaigns = env("BENCH_TICK_CAMPAIGNS", 10_000);
    let tasks = env("BENCH_TICK_TASKS", 1_000_000);
    let dir = tempfile::tempdir()?;
    let store = RedbStore::open(dir.path().join("tick.redb"))?;
    let start = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();

    let built = Instant::now();
    seed(&store, campaigns, tasks, start)?;
    let build_time = built.elapsed();
    println!("built {campaigns} campaigns and {tasks} tasks in {build_time:.1?}");

    let clock = FixedClock::new(start);
    let mut registry = Registry::build()?;
    registry.enable_only(&[CAMPAIGN_TICK])?;
    let daemon = Daemon::new(
        campaign_ops::actions::ops(store.clone(), clock.clone()),
        registry,
        DaemonConfig::default(),
    )?;
    let mut times = vec![];
    let mut report = String::new();
    for run in 0..RUNS {
        let t = Instant::now();
        let out = daemon.run_due()?;
        let elapsed = t.elapsed();
        assert_eq!(out.len(), 1, "one tick per run");
        assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
        report = out[0].run.report.clone().unwrap_or_default();
        println!("run {run}: {elapsed:.1?} — {report}");
        times.push(elapsed);
        clock.advance(Duration::days(1));
    }
    times.sort();
    let median = times[RUNS / 2];
    let md = format!(
        "# CAMPAIGN_TICK benchmark\n\n\
         - data: {campaigns} active campaigns, {tasks} tasks (RedbStore file, built in {build_time:.1?})\n\
         - batch size: {} campaigns per write transaction\n\
         - runs: {RUNS}, each a new daily period\n\
         - median: {median:.1?} (min {:.1?}, max {:.1?}); target < 1 s for 10,000 campaigns / 1,000,000 tasks\n\
         - last report: {report}\n",
        DaemonConfig::default().batch_size,
        times[0],
        times[RUNS - 1],
    );
    std::fs::create_dir_all("target")?;
    std::fs::write("target/bench-tick.md", &md)?;
    print!("\n{md}");
    Ok(())
}

/// Campaigns in a few zones, and tasks spread over 120 days around `now`, in large
/// transactions.
fn seed(
    store: &RedbStore,
    campaigns: usize,
    tasks: usize,
    now: chrono::DateTime<Utc>,
) -> campaign_ops::Result<()> {
    let zones = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::Asia::Tokyo,
        chrono_tz::UTC,
    ];
    store.write(|tx| {
        for i in 0..campaigns {
            let id = CampaignId(tx.next_id(Sequence::Campaign)?);
            tx.put_campaign(&Campaign {
                id,
                name: format!("Campaign {i}"),
                client_name: "Bench".into(),
                objective: Objective::Awareness,
                description: String::new(),
                platforms: vec![Platform::LinkedIn],
                start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                end_date: None,
                time_zone: zones[i % zones.len()],
                cadence: BTreeMap::from([(Platform::LinkedIn, 3)]),
                primary_cta: None,
                owner: "owner".into(),
                status: CampaignStatus::Active,
                metadata: BTreeMap::new(),
                created_at: now,
                updated_at: now,
            })?;
        }
        Ok(())
    })?;
    const PER_TX: usize = 100_000;
    let mut made = 0;
    while made < tasks {
        let n = PER_TX.min(tasks - made);
        store.write(|tx| {
            for k in made..made + n {
                let campaign = CampaignId((k % campaigns) as u64 + 1);
                // Spread over 120 days, 60 before and 60 after now, at varying hours.
                let offset =
                    Duration::minutes(((k * 7919) % (120 * 24 * 60)) as i64) - Duration::days(60);
                let id = TaskId(tx.next_id(Sequence::Task)?);
                tx.put_task(&OperatorTask {
                    assignee: Some(format!("op{}", k % 50)),
                    ..OperatorTask::pending(
                        id,
                        campaign,
                        TaskType::Manual,
                        format!("Task {k}"),
                        now + offset,
                        now,
                    )
                })?;
            }
            Ok(())
        })?;
        made += n;
    }
    Ok(())
}
