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

/// A [`Store`] that counts write attempts and the retryable failures among them, and the
/// time spent in them: where the concurrent completes' time goes.
#[derive(Clone)]
struct Attempts<S> {
    inner: S,
    tally: std::sync::Arc<Tally>,
}

#[derive(Default)]
struct Tally {
    attempts: std::sync::atomic::AtomicU64,
    retried: std::sync::atomic::AtomicU64,
    /// Microseconds spent in attempts that failed retryably (redone work).
    wasted_us: std::sync::atomic::AtomicU64,
}

impl<S> Attempts<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            tally: Default::default(),
        }
    }

    /// (attempts, retried attempts, ms spent in retried attempts) so far.
    fn counts(&self) -> (u64, u64, f64) {
        use std::sync::atomic::Ordering::Relaxed;
        (
            self.tally.attempts.load(Relaxed),
            self.tally.retried.load(Relaxed),
            self.tally.wasted_us.load(Relaxed) as f64 / 1e3,
        )
    }
}

impl<S: Store> Store for Attempts<S> {
    fn read<R>(
        &self,
        f: impl FnOnce(&dyn campaign_ops_core::ReadTx) -> campaign_ops_core::Result<R>,
    ) -> campaign_ops_core::Result<R> {
        self.inner.read(f)
    }

    fn write_once<R>(
        &self,
        f: &mut dyn FnMut(&mut dyn campaign_ops_core::WriteTx) -> campaign_ops_core::Result<R>,
    ) -> campaign_ops_core::Result<R> {
        use std::sync::atomic::Ordering::Relaxed;
        let t = Instant::now();
        let out = self.inner.write_once(f);
        self.tally.attempts.fetch_add(1, Relaxed);
        if matches!(&out, Err(e) if e.is_retryable()) {
            self.tally.retried.fetch_add(1, Relaxed);
            self.tally
                .wasted_us
                .fetch_add(t.elapsed().as_micros() as u64, Relaxed);
        }
        out
    }
}

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
fn throughput<S: Store + Clone>(
    store: &S,
    pending: &mut Vec<TaskId>,
    clients: usize,
) -> (f64, usize) {
    let work: Vec<Vec<TaskId>> = (0..clients)
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
    ((clients * COMPLETES_PER_CLIENT) as f64 / secs, failed)
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of the hot statements (`PG_OPS_EXPLAIN=1`): which index
/// each uses and where its time goes.
fn explain(url: &str) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connecting");
    client.batch_execute("SET search_path = bench").unwrap();
    let (end_us, now_us) = (
        (now() + Span::days(1)).timestamp_micros(),
        now().timestamp_micros(),
    );
    let week = (now() - Span::days(3)).timestamp_micros();
    for sql in [
        "SELECT total.n, page.data FROM (SELECT count(*) AS n FROM campaigns WHERE TRUE) total \
         LEFT JOIN LATERAL (SELECT id, data FROM campaigns WHERE TRUE AND id > -1 ORDER BY id LIMIT 51) page \
         ON TRUE ORDER BY page.id"
            .to_owned(),
        "SELECT total.n, page.data FROM (SELECT count(*) AS n FROM campaigns WHERE strpos(search, 'campaign 42') > 0) total \
         LEFT JOIN LATERAL (SELECT id, data FROM campaigns WHERE strpos(search, 'campaign 42') > 0 AND id > -1 ORDER BY id LIMIT 51) page \
         ON TRUE ORDER BY page.id"
            .to_owned(),
        format!(
            "SELECT data FROM tasks WHERE assignee = 'op3' AND open \
             AND (due_us, due_ns) >= (-8334601228800000000, 0) AND (due_us, due_ns) < ({end_us}, 0) \
             ORDER BY due_us, due_ns, id LIMIT 1001"
        ),
        format!(
            "SELECT status, count(*) FROM tasks WHERE campaign_id = 7 \
             AND (due_us, due_ns) >= ({week}, 0) AND (due_us, due_ns) < ({now_us}, 0) GROUP BY status"
        ),
        format!(
            "SELECT data FROM metrics WHERE campaign_id = 7 \
             AND (at_us, at_ns, id) > ({week}, 0, -1) AND (at_us, at_ns) < ({now_us}, 0) \
             ORDER BY at_us, at_ns, id LIMIT 1000"
        ),
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1".to_owned(),
    ] {
        println!("\n{sql}");
        for row in client
            .query(&format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"), &[])
            .expect("EXPLAIN")
        {
            println!("  {}", row.get::<_, &str>(0));
        }
    }
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
    if std::env::var_os("PG_OPS_EXPLAIN").is_some() {
        explain(server.url());
    }
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
    let (redb_one, _) = throughput(&redb, &mut redb_pending, 1);
    let t = campaign_ops_pg::testing::statements_run();
    let (pg_one, _) = throughput(&pg, &mut pg_pending, 1);
    let per_complete =
        (campaign_ops_pg::testing::statements_run() - t) as f64 / COMPLETES_PER_CLIENT as f64;
    // Where a complete's time goes: the same on a server without fsync (no WAL flush).
    let (nosync_p50, nosync_tp) = match TestServer::start(false) {
        Some(fast) => {
            let store = PgStore::connect_with(
                fast.url(),
                PgOptions::default()
                    .with_schema("bench")
                    .with_max_connections(16),
            )
            .expect("connecting to the fsync-off server");
            let mut ids = build(&store, 40, "no fsync");
            let ops = CampaignOps::new(store.clone(), FixedClock::new(now()));
            let alice = Actor::new("alice").unwrap();
            let one = p50(100, |_| {
                let id = ids.pop().expect("a pending task");
                ops.mark_task_complete(&alice, id, Completion::default())
                    .unwrap();
            });
            let (tp, _) = throughput(&store, &mut ids, CLIENTS);
            (one, tp)
        }
        None => (f64::NAN, f64::NAN),
    };
    let (redb_tp, redb_failed) = throughput(&redb, &mut redb_pending, CLIENTS);
    let counted = Attempts::new(pg.clone());
    let (pg_tp, pg_failed) = throughput(&counted, &mut pg_pending, CLIENTS);
    let (attempts, retried, wasted_ms) = counted.counts();
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
        "| completes/s from 1 client | {redb_one:.0}/s | {pg_one:.0}/s | {:.2}x |",
        pg_one / redb_one
    );
    println!(
        "\nPgStore: {per_complete:.1} statements (round trips) per complete besides START \
         and COMMIT; on a server with fsync off: complete p50 {nosync_p50:.0} µs, {CLIENTS} \
         clients {nosync_tp:.0}/s"
    );
    println!(
        "\nPgStore, {CLIENTS} clients: {attempts} write attempts for {} completes, {retried} \
         failed retryably ({wasted_ms:.0} ms spent in them)",
        CLIENTS * COMPLETES_PER_CLIENT
    );
    println!(
        "\npg_ops: done ({} completes per side)",
        100 + (CLIENTS + 1) * COMPLETES_PER_CLIENT
    );
}
