//! PgStore beside RedbStore on one generated data set, in one run: the p50 of the page
//! queries and of a durable task completion, and the throughput of completes from 8
//! concurrent clients (where a server database should beat a single-writer file).
//!
//! `cargo bench -p campaign-ops-pg --bench pg_ops`; `CAMPAIGNS` (default 1000, 100 tasks
//! each) scales the data. PostgreSQL runs durably (`fsync` on) on a throwaway loopback
//! server, redb on a file in a temp dir. The full 10k-campaign / 1M-task comparison with
//! SQLite is the root crate's `cargo bench --bench ops`.

use std::time::{Duration, Instant};

use campaign_ops_core::conformance::{campaign, task};
use campaign_ops_core::model::*;
use campaign_ops_core::service::{CampaignFilter, Completion};
use campaign_ops_core::{Actor, CampaignOps, FixedClock, Sequence, Store};
use campaign_ops_pg::testing::TestServer;
use campaign_ops_pg::{PgOptions, PgStore};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, Duration as Span, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};

const TASKS_PER_CAMPAIGN: u64 = 100;
const CLIENTS: usize = 8;
const COMPLETES_PER_CLIENT: usize = 40;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

/// Builds `n` active campaigns of `TASKS_PER_CAMPAIGN` tasks each (due ±50 days around
/// now, 20 operators, 60 % pending), one transaction per campaign; the pending task ids.
fn build<S: Store>(store: &S, n: u64, label: &str) -> Vec<TaskId> {
    let bar = ProgressBar::new(n).with_style(
        ProgressStyle::with_template("{msg:>8} {bar:40} {pos}/{len} campaigns {elapsed}").unwrap(),
    );
    bar.set_message(label.to_owned());
    let mut pending = vec![];
    for i in 0..n {
        let ids = store
            .write(|tx| {
                let c = tx.next_id(Sequence::Campaign)?;
                let mut record = campaign(c, &format!("Campaign {c}"), CampaignStatus::Active);
                record.client_name = format!("Client {}", c % 50);
                tx.put_campaign(&record)?;
                let mut ids = vec![];
                for k in 0..TASKS_PER_CAMPAIGN {
                    let id = tx.next_id(Sequence::Task)?;
                    let due = now() + Span::hours((k as i64 * 24 + c as i64) % 2400 - 1200);
                    let status = match k % 10 {
                        0..=5 => TaskStatus::Pending,
                        6 => TaskStatus::InProgress,
                        7 => TaskStatus::Blocked,
                        _ => TaskStatus::Completed,
                    };
                    let who = format!("op{}", (c + k) % 20);
                    tx.put_task(&task(id, c, Some(&who), due, status))?;
                    if status == TaskStatus::Pending {
                        ids.push(TaskId(id));
                    }
                }
                Ok(ids)
            })
            .expect("building the data set");
        pending.extend(ids);
        if i % 10 == 0 {
            bar.set_position(i);
        }
    }
    bar.finish_with_message(label.to_owned());
    pending
}

/// The median of `reps` runs of `f`, in microseconds.
fn p50(reps: usize, mut f: impl FnMut(usize)) -> f64 {
    let mut times: Vec<Duration> = (0..reps)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    times.sort();
    times[reps / 2].as_secs_f64() * 1e6
}

struct Row {
    name: &'static str,
    redb: f64,
    pg: f64,
}

fn queries<S: Store + Clone>(store: &S, pending: &mut Vec<TaskId>, n: u64) -> Vec<f64> {
    let ops = CampaignOps::new(store.clone(), FixedClock::new(now()));
    let alice = Actor::new("alice").unwrap();
    let mut text = CampaignFilter::default();
    text.text = Some("campaign 42".into());
    vec![
        p50(200, |_| {
            ops.list_campaigns(&CampaignFilter::default(), 50, None)
                .unwrap();
        }),
        p50(200, |_| {
            ops.list_campaigns(&text, 50, None).unwrap();
        }),
        p50(200, |i| {
            ops.operator_queue(&format!("op{}", i % 20), "UTC").unwrap();
        }),
        p50(200, |i| {
            ops.generate_weekly_summary(CampaignId(1 + (i as u64 * 7) % n), None)
                .unwrap();
        }),
        p50(100, |_| {
            let id = pending.pop().expect("a pending task");
            ops.mark_task_complete(&alice, id, Completion::default())
                .unwrap();
        }),
    ]
}

/// Completes per second from `CLIENTS` threads, each with its own service handle, each
/// completing its own `COMPLETES_PER_CLIENT` tasks; and how many calls failed.
fn throughput<S: Store + Clone>(store: &S, pending: &mut Vec<TaskId>) -> (f64, usize) {
    let work: Vec<Vec<TaskId>> = (0..CLIENTS)
        .map(|_| pending.split_off(pending.len() - COMPLETES_PER_CLIENT))
        .collect();
    let t = Instant::now();
    let failed: usize = std::thread::scope(|s| {
        let handles: Vec<_> = work
            .into_iter()
            .map(|ids| {
                let ops = CampaignOps::new(store.clone(), FixedClock::new(now()));
                s.spawn(move || {
                    let alice = Actor::new("alice").unwrap();
                    ids.into_iter()
                        .filter(|id| {
                            let result = ops.mark_task_complete(&alice, *id, Completion::default());
                            if let Err(e) = &result {
                                eprintln!("pg_ops: a concurrent complete failed: {e}");
                            }
                            result.is_err()
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let secs = t.elapsed().as_secs_f64();
    ((CLIENTS * COMPLETES_PER_CLIENT) as f64 / secs, failed)
}

fn main() {
    // `cargo test --benches` runs bench binaries without `--bench`: build only, as the
    // root crate's benches do.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: u64 = std::env::var("CAMPAIGNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let Some(server) = TestServer::start(true) else {
        eprintln!("pg_ops: no PostgreSQL installed; nothing measured");
        return;
    };
    let pg = PgStore::connect_with(
        server.url(),
        PgOptions::default()
            .with_schema("bench")
            .with_max_connections(16),
    )
    .expect("connecting to the bench server");
    let dir = tempfile::tempdir().unwrap();
    let redb = RedbStore::open(dir.path().join("bench.redb")).unwrap();
    println!(
        "pg_ops: {n} campaigns x {TASKS_PER_CAMPAIGN} tasks, durable on both sides ({})",
        std::thread::available_parallelism().map_or(0, |p| p.get())
    );
    let mut redb_pending = build(&redb, n, "redb");
    let mut pg_pending = build(&pg, n, "postgres");
    // Planner statistics for the freshly loaded tables (autovacuum would get there later).
    pg.analyze().expect("ANALYZE");
    let r = queries(&redb, &mut redb_pending, n);
    let p = queries(&pg, &mut pg_pending, n);
    let names = [
        "campaign page of 50, no filter",
        "campaign page of 50, text filter",
        "operator queue",
        "weekly summary (100-task campaign)",
        "complete a task (one durable transaction)",
    ];
    let rows: Vec<Row> = names
        .iter()
        .zip(r.iter().zip(&p))
        .map(|(name, (&redb, &pg))| Row { name, redb, pg })
        .collect();
    let (redb_tp, redb_failed) = throughput(&redb, &mut redb_pending);
    let (pg_tp, pg_failed) = throughput(&pg, &mut pg_pending);
    println!("\n| operation | RedbStore p50 | PgStore p50 | PgStore / redb |");
    println!("|---|---|---|---|");
    for row in &rows {
        println!(
            "| {} | {:.0} µs | {:.0} µs | {:.2}x |",
            row.name,
            row.redb,
            row.pg,
            row.pg / row.redb
        );
    }
    println!(
        "| completes/s from {CLIENTS} concurrent clients | {redb_tp:.0}/s ({redb_failed} failed) | {pg_tp:.0}/s ({pg_failed} failed) | {:.2}x |",
        pg_tp / redb_tp
    );
    println!(
        "\npg_ops: done ({} completes per side)",
        100 + CLIENTS * COMPLETES_PER_CLIENT
    );
}
