//! Loops one store path on a copy of the bench data set, for `perf record` (the bench itself
//! spends most of its samples copying files and on the other side of each comparison).
//!
//! `cargo build --release -p campaign-ops-store --example profile_paths`, then
//! `perf record -g target/release/examples/profile_paths <copy.redb> plan|escalate|summary [n]`
//! on a tmpfs copy of `target/bench-data/v8-full/ops.redb` (`escalate` changes the copy:
//! use a fresh one per run; its `n` is the batch size, 1000 campaigns as the daemon's by
//! default). Prints the median per call.

use std::time::{Duration, Instant};

use campaign_ops_core::model::{Actor, CampaignId, CampaignStatus, Objective, Platform};
use campaign_ops_core::service::{CampaignPlanning, NewCampaign};
use campaign_ops_core::{CampaignOps, FixedClock, Store};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 18, 10, 30, 0).unwrap()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: profile_paths <db> plan|escalate|summary [n]")?;
    let mode = args.get(2).map(String::as_str).unwrap_or("plan");
    let default_n = if mode == "escalate" { 1000 } else { 100 };
    let n: usize = args
        .get(3)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(default_n);
    let ops = CampaignOps::new(RedbStore::open(path)?, FixedClock::new(now()));
    let actor = Actor::new("op-profile")?;
    let mut times = Vec::new();
    match mode {
        "plan" => {
            for k in 0..n {
                let mut new = NewCampaign::new(
                    format!("Profile plan {k} {}", std::process::id()),
                    "Bench client",
                    Objective::LeadGeneration,
                    Platform::ALL.to_vec(),
                    now().date_naive(),
                    "Europe/Berlin",
                );
                new.activate = true;
                new.primary_cta = Some("Book a demo".to_owned());
                let c = ops.create_campaign(&actor, new)?;
                let t = Instant::now();
                let planned =
                    ops.plan_campaign(&actor, c.id, &CampaignPlanning::new("spring launch", 90))?;
                times.push(t.elapsed());
                assert_eq!(planned.tasks.created.len(), 164);
            }
        }
        "escalate" => {
            let t = Instant::now();
            let mut after = None;
            let (mut created, mut listed) = (0, 0);
            loop {
                let ids = ops
                    .store()
                    .read(|tx| tx.campaign_ids(CampaignStatus::Active, after, n))?;
                let Some(&last) = ids.last() else { break };
                after = Some(last);
                let (batch, ()) = ops.escalate_batch(&actor, &ids, now(), |_, _| Ok(()))?;
                created += batch.created.len();
                listed += batch.escalated_tasks;
            }
            times.push(t.elapsed());
            println!("{created} escalation tasks listing {listed}");
            if let Some(log) = ops.store().log_status() {
                println!(
                    "redo log: {} checkpoint(s) during the pass, {} bytes in {} entries pending",
                    log.checkpoints, log.pending_bytes, log.pending_entries
                );
            }
        }
        "summary" => {
            for _ in 0..n {
                let t = Instant::now();
                std::hint::black_box(ops.generate_weekly_summary(CampaignId(1), None)?);
                times.push(t.elapsed());
            }
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    println!("{mode}: median {:?} over {}", median(times), n);
    Ok(())
}
