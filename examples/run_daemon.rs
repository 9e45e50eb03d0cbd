//! The daemon over a demo database with a fast clock: a simulated day passes every
//! `--seconds-per-day` real seconds, and the daemon sleeps (scaled) until each due time,
//! runs the campaign handlers and POST_SOCIAL, then prints what it did.
//!
//! ```text
//! cargo run --example run_daemon -- --days 9 --seconds-per-day 1
//! ```
//!
//! Stops after `--days` simulated days, or at once on Ctrl-C / SIGTERM (the current run
//! stops at a batch boundary and resumes on the next start).

#[path = "support/post_social.rs"]
mod post_social;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use campaign_ops::actions::{Daemon, DaemonConfig, Ops, Registry, shutdown_signal};
use campaign_ops::service::{CampaignFilter, NewCampaign, NewTask, is_escalation};
use campaign_ops::{
    ActionRun, Actor, Campaign, Clock, Objective, Platform, RedbStore, RunStatus, Store, TaskType,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use clap::Parser;

/// Runs the daemon over a demo database with a fast clock.
#[derive(Parser)]
struct Args {
    /// Directory for the demo database (a temporary one when not given).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Simulated days to run.
    #[arg(long, default_value_t = 9)]
    days: u32,
    /// Real seconds per simulated day.
    #[arg(long, default_value_t = 1.0)]
    seconds_per_day: f64,
}

/// A clock that starts at `start` and runs `rate` times faster than the wall clock.
#[derive(Clone)]
struct FastClock {
    start: DateTime<Utc>,
    real_start: Instant,
    rate: f64,
}

impl Clock for FastClock {
    fn now(&self) -> DateTime<Utc> {
        let real = self.real_start.elapsed().as_secs_f64();
        self.start + Duration::milliseconds((real * self.rate * 1000.0) as i64)
    }
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
    let rate = 86_400.0 / args.seconds_per_day;
    let clock = FastClock {
        start,
        real_start: Instant::now(),
        rate,
    };
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
    let config = DaemonConfig {
        clock_rate: rate,
        ..DaemonConfig::default()
    };
    // POST_SOCIAL's settings reach it through the daemon's state map.
    let outbox = post_social::outbox_path(&db);
    let daemon = Daemon::new(ops.clone(), registry, config)?
        .with_state(post_social::PostSocialConfig::new(&outbox));
    let signal = shutdown_signal()?;
    let limit = std::time::Duration::from_secs_f64(args.seconds_per_day * f64::from(args.days));
    let stats = daemon
        .run_until(async move {
            tokio::select! {
                () = signal => println!("signal received: stopping"),
                () = tokio::time::sleep(limit) => {}
            }
        })
        .await?;

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
    println!(
        "POST_SOCIAL outbox: {} posts in {}",
        post_social::posted_items(&outbox)?.len(),
        outbox.display()
    );
    println!(
        "clock stopped at {}",
        clock.now().format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
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
