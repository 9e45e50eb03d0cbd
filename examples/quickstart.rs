//! Quickstart: create, list, pause, resume and complete a campaign on a redb file, then
//! print its audit trail and verify the audit chain.
//!
//! ```text
//! cargo run --example quickstart -- --db campaign-ops.redb
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use campaign_ops::service::{CampaignFilter, NewCampaign};
use campaign_ops::{Actor, CampaignOps, Objective, Platform, RedbStore, SystemClock};
use chrono::{Duration, Utc};
use clap::Parser;

/// Runs one campaign through its life on a redb file.
#[derive(Parser)]
struct Args {
    /// The database file (created when missing).
    #[arg(long, default_value = "campaign-ops.redb")]
    db: PathBuf,
    /// Who acts (recorded in the audit log).
    #[arg(long, default_value = "quickstart")]
    actor: String,
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

fn run(args: Args) -> campaign_ops::Result<()> {
    let ops = CampaignOps::new(RedbStore::open(&args.db)?, SystemClock);
    let actor = Actor::new(&args.actor)?;

    // Names are unique, so each run on the same file creates the next one.
    let existing = ops
        .list_campaigns(&CampaignFilter::default(), 1, None)?
        .total;
    let today = Utc::now().date_naive();
    let mut new = NewCampaign::new(
        format!("Quickstart launch #{}", existing + 1),
        "Acme GmbH",
        Objective::LeadGeneration,
        vec![Platform::LinkedIn, Platform::X, Platform::Email],
        today,
        "Europe/Berlin",
    );
    new.end_date = Some(today + Duration::days(90));
    new.primary_cta = Some("Book a demo".into());
    new.cadence.insert(Platform::X, 4);
    new.metadata
        .insert("utm_campaign".into(), "quickstart".into());

    let campaign = ops.create_campaign(&actor, new)?;
    println!(
        "created  #{} {:?} ({})",
        campaign.id, campaign.name, campaign.status
    );
    ops.activate_campaign(&actor, campaign.id)?;
    ops.pause_campaign(&actor, campaign.id, Some("waiting for creative approval"))?;
    ops.resume_campaign(&actor, campaign.id)?;
    let done = ops.complete_campaign(&actor, campaign.id)?;
    println!("now      #{} is {}", done.id, done.status);

    let page = ops.list_campaigns(&CampaignFilter::default(), 20, None)?;
    println!("\n{} campaign(s) in {}:", page.total, args.db.display());
    for c in &page.items {
        println!(
            "  #{:<4} {:<10} {:<32} {}",
            c.id, c.status, c.name, c.client_name
        );
    }

    println!("\naudit trail of #{}:", campaign.id);
    for e in ops.campaign_audit(campaign.id, None, 1000)? {
        println!(
            "  {:>4}  {}  {:<12} {:<18} {}",
            e.seq,
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            e.details.unwrap_or_default()
        );
    }
    let check = ops.verify_audit_chain()?;
    println!(
        "\naudit chain: {} entries, {}",
        check.entries,
        if check.is_intact() {
            "intact"
        } else {
            "BROKEN"
        }
    );
    Ok(())
}
