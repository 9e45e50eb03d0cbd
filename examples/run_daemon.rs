//! The daemon over a demo database with a simulated clock: the clock starts on a Wednesday
//! morning and is stepped from one due time to the next, as the daemon's `next_wake` says,
//! for `--days` simulated days; at each step the daemon runs what is due (the campaign
//! handlers and POST_SOCIAL), then the example prints what it did.
//!
//! ```text
//! cargo run --example run_daemon -- --days 9 --seconds-per-day 1
//! ```
//!
//! The simulated clock moves only when the example steps it, never while a handler runs,
//! so the runs and their results are the same on every run of the example, however fast
//! the machine; `--seconds-per-day` only paces the demo (real seconds of pause per
//! simulated day). Stops after `--days` simulated days, or at once on Ctrl-C / SIGTERM
//! (the current run stops at a batch boundary and resumes on the next start).

#[path = "support/post_social.rs"]
mod post_social;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use campaign_ops::actions::{Daemon, DaemonConfig, DaemonStats, Ops, Registry, shutdown_signal};
use campaign_ops::service::{CampaignFilter, NewCampaign, NewTask, is_escalation};
use campaign_ops::{
    ActionRun, Actor, Campaign, Clock, FixedClock, Objective, Platform, RedbStore, RunStatus,
    Store, TaskType,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use clap::Parser;

/// Runs the daemon over a demo database with a simulated clock.
#[derive(Parser)]
struct Args {
    /// Directory for the demo database (a temporary one when not given).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Simulated days to run.
    #[arg(long, default_value_t = 9)]
    days: u32,
    /// Real seconds of pause per simulated day: the pace of the demo, not its results.
    #[arg(long, default_value_t = 1.0)]
    seconds_per_day: f64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(args.seconds_per_day.is_finite() && args.seconds_per_day > 0.0) {
        eprintln!("error: --seconds-per-day must be positive");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let temp = tempfile::tempdir()?;
    let dir = args.dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let db = dir.join(format!("daemon-demo-{}.redb", std::process::id()));
    // Wednesday 25 November 2026, 09:00 UTC.
    let start = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let clock = FixedClock::new(start);
    let ops = campaign_ops::actions::ops(RedbStore::open(&db)?, clock.clone());
    seed(&ops, start)?;

    let registry = Registry::build()?;
    let names: Vec<&'static str> = registry.names().collect();
    println!(
        "database {}; actions: {}; a simulated day every {} s",
        db.display(),
        registry.names().collect::<Vec<_>>().join(", "),
        args.seconds_per_day
    );
    // Seeded jitter: a retry, if any, falls at the same simulated instant on every run.
    // POST_SOCIAL's settings reach it through the daemon's state map.
    let outbox = post_social::outbox_path(&db);
    let daemon = Daemon::new(ops.clone(), registry, DaemonConfig::default())?
        .with_jitter_seed(1)
        .with_state(post_social::PostSocialConfig::new(&outbox));
    let end = start + Duration::days(i64::from(args.days));
    let stats = simulate(Arc::new(daemon), &clock, end, args.seconds_per_day).await?;

    println!("\n{} wake-ups, {} runs:", stats.wakeups, stats.runs.len());
    for outcome in &stats.runs {
        println!("  {outcome}");
    }
    let runs = ledger(&ops, &names)?;
    let failed = runs
        .iter()
        .filter(|r| r.status == RunStatus::Failed)
        .count();
    println!("\nledger: {} records, {failed} failed", runs.len());
    for c in campaigns(&ops)? {
        let tasks = ops.campaign_tasks(c.id)?;
        let escalations = tasks.iter().filter(|t| is_escalation(t)).count();
        let analyze = tasks
            .iter()
            .filter(|t| t.task_type == TaskType::Analyze)
            .count();
        // A demo campaign has a few weeks: one page.
        let summaries = ops
            .store()
            .read(|tx| tx.weekly_summaries(c.id, None, 100))?;
        println!(
            "campaign {} '{}' ({}, {}): {escalations} escalations, {} summaries ({}), {analyze} ANALYZE tasks",
            c.id,
            c.name,
            c.time_zone,
            c.status,
            summaries.len(),
            summaries
                .iter()
                .map(|s| s.week.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    // The outbox lies next to the database, whose path the first line printed.
    println!(
        "POST_SOCIAL outbox: {} posts",
        post_social::posted_items(&outbox)?.len(),
    );
    println!(
        "clock stopped at {}",
        clock.now().format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
}

/// The daemon's loop on a simulated clock: run what is due, ask the daemon when it next has
/// work, pause for the demo's pace, step the clock there; until `end` or a signal. Like
/// `Daemon::run_until`, handlers run on a blocking thread and a signal cancels the current
/// run at its next batch boundary; unlike it, the clock never moves while they run.
async fn simulate(
    daemon: Arc<Daemon>,
    clock: &FixedClock,
    end: DateTime<Utc>,
    seconds_per_day: f64,
) -> Result<DaemonStats, Box<dyn std::error::Error>> {
    let mut signal = std::pin::pin!(shutdown_signal()?);
    let mut stats = DaemonStats::default();
    loop {
        stats.wakeups += 1;
        let worker = Arc::clone(&daemon);
        let mut job = tokio::task::spawn_blocking(move || {
            let outcomes = worker.run_due()?;
            Ok::<_, campaign_ops::actions::DaemonError>((outcomes, worker.next_wake()?))
        });
        let (outcomes, next_wake) = tokio::select! {
            joined = &mut job => joined??,
            () = &mut signal => {
                println!("signal received: stopping");
                daemon.cancel();
                stats.runs.extend(job.await??.0);
                return Ok(stats);
            }
        };
        stats.runs.extend(outcomes);
        let now = clock.now();
        let next = match next_wake {
            Some(at) if at <= end => at.max(now),
            _ => {
                clock.set(end.max(now));
                return Ok(stats);
            }
        };
        let days = (next - now).num_milliseconds() as f64 / 86_400_000.0;
        tokio::select! {
            () = tokio::time::sleep(std::time::Duration::from_secs_f64(days * seconds_per_day)) => {}
            () = &mut signal => {
                println!("signal received: stopping");
                return Ok(stats);
            }
        }
        clock.set(next);
    }
}

/// Every ledger record of the actions `names`, a page at a time.
fn ledger(ops: &Ops, names: &[&str]) -> campaign_ops::Result<Vec<ActionRun>> {
    let mut all = vec![];
    for name in names {
        let mut after: Option<String> = None;
        loop {
            let page = ops.list_action_runs(name, after.as_deref(), false, 100)?;
            after = page.last().map(|r| r.key.clone());
            let done = page.len() < 100;
            all.extend(page);
            if done {
                break;
            }
        }
    }
    Ok(all)
}

/// Every campaign, a page at a time.
fn campaigns(ops: &Ops) -> campaign_ops::Result<Vec<Campaign>> {
    let mut all = vec![];
    let mut after = None;
    loop {
        let page = ops.list_campaigns(&CampaignFilter::default(), 100, after)?;
        all.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}

/// Three campaigns in three zones with a calendar and a few overdue tasks; one ends soon.
fn seed(ops: &Ops, now: DateTime<Utc>) -> Result<(), Box<dyn std::error::Error>> {
    let actor = Actor::new("demo")?;
    let zones = [
        ("Berlin launch", "Europe/Berlin", None),
        ("New York launch", "America/New_York", None),
        (
            "Auckland pilot",
            "Pacific/Auckland",
            Some(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
        ),
    ];
    for (i, (name, zone, end)) in zones.into_iter().enumerate() {
        let mut new = NewCampaign::new(
            name,
            "Acme GmbH",
            Objective::LeadGeneration,
            vec![Platform::LinkedIn, Platform::X],
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            zone,
        );
        new.end_date = end;
        new.activate = true;
        new.owner = Some(format!("owner-{}", i + 1));
        let c = ops.create_campaign(&actor, new)?;
        let plan = ops.generate_plan(&actor, c.id, "Winter launch", 21)?;
        ops.generate_calendar(&actor, plan.id, None)?;
        for (title, hours) in [
            ("Send the press kit", -30),
            ("Answer partner emails", -2),
            ("Book the webinar", 40),
        ] {
            let mut task =
                NewTask::new(c.id, TaskType::Manual, title, now + Duration::hours(hours));
            task.assignee = Some("operator".into());
            ops.create_task(&actor, task)?;
        }
    }
    Ok(())
}
