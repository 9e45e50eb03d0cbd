//! A host application's own scheduled action beside the built-in ones: POST_SOCIAL (in
//! `support/post_social.rs`) is registered with `inventory::submit!` here, outside the
//! library, and writes the campaign's queued posts to a local outbox file (no network).
//! The host hands the handler its settings (the outbox path) through the daemon's state
//! map: `Daemon::with_state(PostSocialConfig::new(outbox))`.
//!
//! ```text
//! cargo run --example host_post_social -- --dir /tmp/social --hours 48
//! cargo run --example host_post_social --no-default-features   # without the campaign handlers
//! ```
//!
//! It creates a demo campaign with a calendar, then moves a fixed clock forward an hour at
//! a time and lets the daemon run what is due, printing every run.

#[path = "support/post_social.rs"]
mod post_social;

use std::path::PathBuf;
use std::process::ExitCode;

use campaign_ops::actions::{Daemon, DaemonConfig, Registry};
use campaign_ops::service::NewCampaign;
use campaign_ops::{Actor, CampaignOps, Clock, FixedClock, Objective, Platform, RedbStore};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use clap::Parser;

/// Runs POST_SOCIAL (and the campaign handlers, if compiled in) over a demo database.
#[derive(Parser)]
struct Args {
    /// Directory for the demo database and its outbox (created; must not hold a database).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Simulated hours to run.
    #[arg(long, default_value_t = 24)]
    hours: u32,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let temp = tempfile::tempdir()?;
    let dir = args.dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("social.redb");
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap());
    let ops = CampaignOps::new(RedbStore::open(&db)?, clock.clone());
    let actor = Actor::new("host")?;
    let mut new = NewCampaign::new(
        format!("Social demo {}", std::process::id()),
        "Acme GmbH",
        Objective::Awareness,
        vec![Platform::LinkedIn, Platform::X],
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "Europe/Berlin",
    );
    new.activate = true;
    let campaign = ops.create_campaign(&actor, new)?;
    let plan = ops.generate_plan(&actor, campaign.id, "Winter launch", 14)?;
    let calendar = ops.generate_calendar(&actor, plan.id, None)?;
    println!(
        "campaign {} with {} calendar items; database {}",
        campaign.id,
        calendar.created.len(),
        db.display()
    );

    let registry = Registry::build()?;
    println!(
        "registered actions: {}",
        registry.names().collect::<Vec<_>>().join(", ")
    );
    let outbox = post_social::outbox_path(&db);
    let daemon = Daemon::on(
        ops.store().clone(),
        clock.clone(),
        registry,
        DaemonConfig::default(),
    )?
    .with_state(post_social::PostSocialConfig::new(&outbox));
    for _ in 0..=args.hours {
        for outcome in daemon.run_due()? {
            println!("{}  {outcome}", clock.now().format("%Y-%m-%d %H:%M UTC"));
        }
        clock.advance(Duration::hours(1));
    }
    let posted = post_social::posted_items(&outbox)?;
    println!("{} posts in {}", posted.len(), outbox.display());
    Ok(())
}
