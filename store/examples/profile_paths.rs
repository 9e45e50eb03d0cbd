//! Loops one store path on a copy of the bench data set, for `perf record` (the bench itself
//! spends most of its samples copying files and on the other side of each comparison).
//!
//! `cargo build --release -p campaign-ops-store --example profile_paths`, then
//! `perf record -g target/release/examples/profile_paths <copy.redb> plan|escalate|summary [n]`
//! on a tmpfs copy of `target/bench-data/v8-full/ops.redb` (`escalate` changes the copy:
//! use a fresh one per run; its `n` is the batch size, 1000 campaigns as the daemon's by
//! default). Prints the median, mean, p90 and max per call.

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
        .ok_or("usage: profile_paths <db> plan|escalate|reads|summary [n]")?;
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
        "reads" => {
            // A/B of the pass's reads on one file, rounds alternating: every active
            // campaign's two open-task ranges as heads (what the pass reads) and as whole
            // tasks (what it read before), `n` rounds each.
            let (mut heads, mut whole) = (Vec::new(), Vec::new());
            for round in 0..2 * n {
                let as_heads = round % 2 == 0;
                let t = Instant::now();
                let read = pass_reads(ops.store(), as_heads)?;
                let took = t.elapsed();
                if as_heads { &mut heads } else { &mut whole }.push(took);
                println!(
                    "round {round}: {read} open tasks as {}: {took:?}",
                    if as_heads { "heads" } else { "whole tasks" }
                );
            }
            println!(
                "reads: heads median {:?}, whole tasks median {:?}",
                median(heads),
                median(whole)
            );
            return Ok(());
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
    // The mean and the tail too: a planning that merges the planned items' recent run
    // (schema 8, about one in 25) costs more than the median one.
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    let mut sorted = times.clone();
    sorted.sort();
    let p90 = sorted[sorted.len() * 9 / 10];
    let max = sorted[sorted.len() - 1];
    println!(
        "{mode}: median {:?} mean {mean:?} p90 {p90:?} max {max:?} over {}",
        median(times),
        n
    );
    Ok(())
}

/// The escalation pass's reads over every active campaign, in batches of 1000 campaigns per
/// read transaction: the two open-task ranges of each, as heads or as whole tasks. Returns
/// how many tasks it read.
fn pass_reads(store: &RedbStore, as_heads: bool) -> Result<usize, Box<dyn std::error::Error>> {
    use campaign_ops_core::ReadTx;
    use campaign_ops_core::service::ESCALATION_DUE_AFTER;
    let horizon = now() + ESCALATION_DUE_AFTER + chrono::Duration::seconds(1);
    let ranges = [(DateTime::<Utc>::MIN_UTC, now()), (now(), horizon)];
    let mut after = None;
    let mut read = 0;
    loop {
        let ids = store.read(|tx| tx.campaign_ids(CampaignStatus::Active, after, 1000))?;
        let Some(&last) = ids.last() else {
            return Ok(read);
        };
        after = Some(last);
        read += store.read(|tx: &dyn ReadTx| {
            let mut n = 0;
            for &id in &ids {
                tx.campaign(id)?;
                for (from, until) in ranges {
                    n += if as_heads {
                        tx.open_task_heads_due(id, from, until, 2000)?.len()
                    } else {
                        tx.open_tasks_due(id, from, until, 2000)?.len()
                    };
                }
            }
            Ok(n)
        })?;
    }
}
