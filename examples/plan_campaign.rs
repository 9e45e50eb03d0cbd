//! Plan a 90-day, 4-platform campaign end to end: create it, plan it, build its content
//! calendar and operator tasks, print one week, and optionally write the calendar as .ics.
//!
//! ```text
//! cargo run --example plan_campaign -- --tz America/New_York --start 2027-01-04 --ics launch.ics
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use campaign_ops::planning::content_draft;
use campaign_ops::platform::check_content;
use campaign_ops::service::{CampaignFilter, CampaignPlanning, NewCampaign, PlannedCampaign};
use campaign_ops::{
    Actor, CalendarItem, CampaignOps, Clock, Error, Objective, Platform, RedbStore, Store,
    SystemClock,
};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use clap::Parser;

/// Plans a campaign and prints a week of its calendar.
#[derive(Parser)]
struct Args {
    /// IANA time zone of the campaign.
    #[arg(long, default_value = "Europe/Berlin")]
    tz: String,
    /// First day of the campaign (YYYY-MM-DD); today in the campaign's zone when omitted.
    #[arg(long)]
    start: Option<NaiveDate>,
    /// Store in this redb file instead of in memory.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Write the campaign calendar to this .ics file.
    #[arg(long)]
    ics: Option<PathBuf>,
    /// Operator the tasks are assigned to.
    #[arg(long, default_value = "olivia")]
    assignee: String,
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
    let store = match &args.db {
        Some(path) => RedbStore::open(path)?,
        None => RedbStore::in_memory()?,
    };
    let ops = CampaignOps::new(store, SystemClock);
    let me = Actor::new("planner-script")?;
    let tz: chrono_tz::Tz = args
        .tz
        .parse()
        .map_err(|_| Error::validation("tz", format!("'{}' is not an IANA time zone", args.tz)))?;
    let start = args
        .start
        .unwrap_or_else(|| Utc::now().with_timezone(&tz).date_naive());

    let existing = ops
        .list_campaigns(&CampaignFilter::default(), 1, None)?
        .total;
    let mut new = NewCampaign::new(
        format!("Q1 launch #{}", existing + 1),
        "Acme Analytics",
        Objective::LeadGeneration,
        Platform::ALL.to_vec(),
        start,
        &args.tz,
    );
    new.description = "Launch of Acme's self-serve analytics for mid-size retailers".into();
    new.end_date = Some(start + Duration::days(89));
    new.primary_cta = Some("Start a free trial".into());
    new.cadence = BTreeMap::from([
        (Platform::LinkedIn, 3),
        (Platform::Instagram, 4),
        (Platform::X, 5),
        (Platform::Email, 1),
    ]);
    new.activate = true;
    let campaign = ops.create_campaign(&me, new)?;
    // Plan, calendar and POST tasks in one call and one transaction.
    let mut planning = CampaignPlanning::new("Self-serve analytics launch", 90);
    planning.content_theme = Some("Answers in minutes, not weeks".into());
    planning.assignee = Some(args.assignee.clone());
    let PlannedCampaign {
        plan,
        calendar,
        tasks,
    } = ops.plan_campaign(&me, campaign.id, &planning)?;

    println!(
        "campaign #{} {:?}: {} to {} ({})",
        campaign.id,
        campaign.name,
        campaign.start_date,
        campaign.end_date.unwrap_or(campaign.start_date),
        campaign.time_zone
    );
    println!(
        "plan v{} by {}: {}",
        plan.version, plan.generated_by, plan.positioning
    );
    for phase in &plan.phases {
        println!(
            "  day {:>2}+{:<2} {:<28} KPIs: {}",
            phase.start_day,
            phase.days,
            phase.name,
            phase
                .kpis
                .iter()
                .map(|k| {
                    let gap = if k.unit == "%" { "" } else { " " };
                    format!("{} {}{gap}{}", k.name, k.target, k.unit)
                })
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    println!(
        "calendar: {} items, {} POST tasks for {}",
        calendar.created.len(),
        tasks.created.len(),
        args.assignee
    );

    let items = ops.campaign_calendar(campaign.id)?;
    print_first_full_week(&items, tz);

    let drafts_with_errors = items
        .iter()
        .filter(|i| {
            check_content(
                i.platform,
                i.content_type,
                &content_draft(i.platform, &i.title, &i.copy),
            )
            .iter()
            .any(|issue| issue.is_error())
        })
        .count();
    println!("\ncontent check: {drafts_with_errors} item(s) break a platform rule");

    if let Some(path) = &args.ics {
        std::fs::write(path, ops.export_ics(campaign.id)?)?;
        println!("wrote {} ({} events)", path.display(), items.len());
    }
    let entries = ops
        .store()
        .read(|tx| tx.audit_for_campaign(campaign.id, None, 1000))?;
    println!(
        "audit: {} entries for the campaign, chain {} (as of {})",
        entries.len(),
        if ops.verify_audit_chain()?.is_intact() {
            "intact"
        } else {
            "BROKEN"
        },
        ops.clock().now().format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
}

/// Prints the first Monday-to-Sunday week that has items, in the campaign's local time.
fn print_first_full_week(items: &[CalendarItem], tz: chrono_tz::Tz) {
    let Some(first) = items.first() else {
        println!("(no items)");
        return;
    };
    let local_day = |i: &CalendarItem| i.scheduled_at.with_timezone(&tz).date_naive();
    let first_day = local_day(first);
    let monday = first_day.week(Weekday::Mon).first_day();
    let monday = if monday < first_day {
        monday + Duration::days(7)
    } else {
        monday
    };
    println!("\nweek of {monday} ({tz}):");
    for item in items
        .iter()
        .filter(|i| (monday..monday + Duration::days(7)).contains(&local_day(i)))
    {
        let local = item.scheduled_at.with_timezone(&tz);
        println!(
            "  {} {} {:<12} {:<9} {}",
            local.weekday(),
            local.format("%H:%M"),
            item.platform.label(),
            item.content_type,
            item.title
        );
    }
}
