//! The PgStore column: the read lines (1, 2, 2b, 3, 3b, 6, 6b) and the completion (4) on a
//! durable loopback PostgreSQL holding the same data set (`pg_load.rs`), timed in
//! interleaved rounds against redb on a fresh copy of the cached file (so the other areas'
//! writes are not in it), beside SQLite's p50 of the same line from its own rounds; and the
//! throughput of completes from 8 concurrent clients, redb, SQLite (8 connections on the
//! working copy, `BEGIN IMMEDIATE`, `synchronous=FULL`) and PostgreSQL, measured one after
//! the other in this run. Every query is checked equal on both sides before it is
//! timed. When no PostgreSQL is installed the section says so loudly instead of failing,
//! and so does a PostgreSQL failure (the rest of the report stands).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use campaign_ops::core::service::{CampaignFilter, Completion};
use campaign_ops::{
    Actor, CampaignOps, CompletionProof, FixedClock, MetricKind, Platform, ProofKind, RedbStore,
    Sequence, Store, TaskId, TaskStatus,
};

use crate::completion::fresh_posts;
use crate::dataset::{
    BIG_CAMPAIGN, COMPLETION_CAMPAIGN, QUEUE_ASSIGNEE, TYPICAL_CAMPAIGN, now, post_url,
};
use crate::harness::{Plan, Stats, fmt, interleaved, timed};
use crate::pg_load::{self, PgSide};
use crate::sql::Sql;
use crate::{Bench, BoxResult};

/// The concurrent clients of the throughput line.
const CLIENTS: usize = 8;
/// Completes per client.
const PER_CLIENT: usize = 40;
/// The list's text filter (as `reads.rs`).
const LIST_TEXT: &str = "client 04";

/// One line of the section.
struct PgLine {
    id: &'static str,
    what: String,
    redb: Stats,
    pg: Stats,
}

/// Runs the PgStore column and adds its section to the report; never fails the bench.
pub fn run(b: &mut Bench) -> BoxResult<()> {
    let section = match measure(b) {
        Ok(Some(text)) => text,
        Ok(None) => {
            let msg = "**NOT MEASURED: no PostgreSQL server is installed** (looked for \
                       `/usr/lib/postgresql/*/bin/initdb` and `pg_config --bindir`). Install \
                       PostgreSQL 15+ (`apt-get install -y postgresql`) for this column.";
            eprintln!(
                "\n*** ops bench: PgStore column NOT MEASURED: no PostgreSQL installed ***\n"
            );
            format!("\n## PostgreSQL (PgStore)\n\n{msg}\n")
        }
        Err(e) => {
            eprintln!("\n*** ops bench: PgStore column FAILED: {e} ***\n");
            format!("\n## PostgreSQL (PgStore)\n\n**FAILED: {e}**\n")
        }
    };
    b.report.extra.push(section);
    Ok(())
}

fn sqlite_p50(b: &Bench, id: &str) -> String {
    b.report
        .lines
        .iter()
        .find(|l| l.id == id)
        .and_then(|l| l.sqlite)
        .map_or("—".to_owned(), |s| fmt(s.p50))
}

fn measure(b: &mut Bench) -> BoxResult<Option<String>> {
    let copy = b.fresh_copy(&b.work, "pg-side.redb")?;
    let redb = RedbStore::open(&copy.0)?;
    let Some(side) = pg_load::open(b.scale, &b.manifest, &redb)? else {
        return Ok(None);
    };
    let rops = CampaignOps::new(redb.clone(), FixedClock::new(now()));
    let pops = CampaignOps::new(side.store.clone(), FixedClock::new(now()));
    let mut lines = vec![];
    reads(&rops, &pops, &mut lines)?;
    let actor = Actor::new("op-bench")?;
    let complete = complete_one(&redb, &side, &actor)?;
    lines.push(complete);
    let (redb_tp, pg_tp) = (throughput(&redb, &actor)?, throughput(&side.store, &actor)?);
    let sql_tp = sql_throughput(b, &actor)?;

    let mut out = String::new();
    let _ = writeln!(out, "\n## PostgreSQL (PgStore)\n");
    let _ = writeln!(
        out,
        "PgStore (crate `campaign-ops-pg`) on a durable loopback PostgreSQL (`fsync` on, \
         `synchronous_commit` on; the data set {} — this run's copy took {:.1} s), against redb \
         on a fresh copy of the cached file, in interleaved rounds in this process; SQLite's \
         p50 is its line's above (its own rounds, same run). > 1 in the last column: redb is \
         faster.\n",
        side.origin, side.copy_secs
    );
    let _ = writeln!(
        out,
        "| # | operation | redb p50 | SQLite p50 | PgStore p50 | PgStore p90 | PgStore / redb |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|");
    for l in &lines {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.2}× |",
            l.id,
            l.what,
            fmt(l.redb.p50),
            sqlite_p50(b, l.id),
            fmt(l.pg.p50),
            fmt(l.pg.p90),
            l.pg.p50.as_secs_f64() / l.redb.p50.as_secs_f64().max(1e-9)
        );
    }
    let _ = writeln!(
        out,
        "| 4t | completes/s from {CLIENTS} concurrent clients ({PER_CLIENT} each, distinct \
         Pending POST tasks) | {redb_tp:.0}/s | {sql_tp:.0}/s | {pg_tp:.0}/s | | PgStore \
         {:.2}× redb's, {:.2}× SQLite's |",
        pg_tp / redb_tp,
        pg_tp / sql_tp
    );
    let _ = writeln!(
        out,
        "\nWrites on PostgreSQL queue on one write lock per workspace (every mutation appends \
         to the one audit chain; see `campaign-ops-pg`'s docs) for their statements; the lock \
         passes on once a `COMMIT` is in the WAL, and the {CLIENTS} clients' flushes overlap \
         (group commit). So the throughput is bounded by the statements' round trips under \
         the lock, not by one fsync per complete. redb and SQLite (`BEGIN IMMEDIATE`, one \
         connection per client) are single-writer files: their writers take turns, each \
         with its own durable commit."
    );
    side.finish()?;
    Ok(Some(out))
}

type Side<'a> = &'a mut dyn FnMut() -> Duration;

/// `a` (redb) and `b` (PgStore) in interleaved rounds.
fn two(plan: Plan, a: Side<'_>, b: Side<'_>) -> (Stats, Stats) {
    let s = interleaved(plan, &mut [a, b]);
    (s[0], s[1])
}

fn reads<R: Store + Clone, P: Store + Clone>(
    rops: &CampaignOps<R, FixedClock>,
    pops: &CampaignOps<P, FixedClock>,
    lines: &mut Vec<PgLine>,
) -> BoxResult<()> {
    let plan = Plan::new(20, 10, 30);
    // 1: the operator queue.
    let tz = "Europe/Berlin";
    assert_eq!(
        rops.operator_queue(QUEUE_ASSIGNEE, tz)?,
        pops.operator_queue(QUEUE_ASSIGNEE, tz)?,
        "PgStore: the same queue"
    );
    let (r, p) = two(
        plan,
        &mut || timed(|| drop(black_box(rops.operator_queue(QUEUE_ASSIGNEE, tz)))),
        &mut || timed(|| drop(black_box(pops.operator_queue(QUEUE_ASSIGNEE, tz)))),
    );
    lines.push(PgLine {
        id: "1",
        what: format!("`operator_queue` of `{QUEUE_ASSIGNEE}`"),
        redb: r,
        pg: p,
    });
    // 2, 2b: today + overdue.
    for (id, campaign) in [("2", TYPICAL_CAMPAIGN), ("2b", BIG_CAMPAIGN)] {
        let on_redb = (
            rops.get_today_tasks(campaign)?,
            rops.get_overdue_tasks(campaign)?,
        );
        let on_pg = (
            pops.get_today_tasks(campaign)?,
            pops.get_overdue_tasks(campaign)?,
        );
        assert_eq!(
            on_redb, on_pg,
            "PgStore: the same today and overdue tasks of {campaign}"
        );
        let (r, p) = two(
            plan,
            &mut || {
                timed(|| {
                    black_box(rops.get_today_tasks(campaign).unwrap());
                    black_box(rops.get_overdue_tasks(campaign).unwrap());
                })
            },
            &mut || {
                timed(|| {
                    black_box(pops.get_today_tasks(campaign).unwrap());
                    black_box(pops.get_overdue_tasks(campaign).unwrap());
                })
            },
        );
        lines.push(PgLine {
            id,
            what: format!("`get_today_tasks` + `get_overdue_tasks`, campaign {campaign}"),
            redb: r,
            pg: p,
        });
    }
    // 3, 3b: the weekly summary.
    for (id, campaign) in [("3", TYPICAL_CAMPAIGN), ("3b", BIG_CAMPAIGN)] {
        assert_eq!(
            rops.generate_weekly_summary(campaign, None)?,
            pops.generate_weekly_summary(campaign, None)?,
            "PgStore: the same weekly summary of {campaign}"
        );
        let (r, p) = two(
            plan,
            &mut || timed(|| drop(black_box(rops.generate_weekly_summary(campaign, None)))),
            &mut || timed(|| drop(black_box(pops.generate_weekly_summary(campaign, None)))),
        );
        lines.push(PgLine {
            id,
            what: format!("`generate_weekly_summary`, campaign {campaign}"),
            redb: r,
            pg: p,
        });
    }
    // 6, 6b: the campaign list.
    for (id, text) in [("6", None), ("6b", Some(LIST_TEXT))] {
        let mut filter = CampaignFilter::default();
        filter.text = text.map(str::to_owned);
        assert_eq!(
            rops.list_campaigns(&filter, 50, None)?,
            pops.list_campaigns(&filter, 50, None)?,
            "PgStore: the same campaign page"
        );
        let (r, p) = two(
            plan,
            &mut || timed(|| drop(black_box(rops.list_campaigns(&filter, 50, None)))),
            &mut || timed(|| drop(black_box(pops.list_campaigns(&filter, 50, None)))),
        );
        lines.push(PgLine {
            id,
            what: match text {
                None => "`list_campaigns`, first page of 50, no filter".to_owned(),
                Some(t) => format!("`list_campaigns`, first page of 50, text filter `{t}`"),
            },
            redb: r,
            pg: p,
        });
    }
    Ok(())
}

/// A completion as the completion area's: outcome, proof, two metrics.
fn completion(task: TaskId) -> Completion {
    let mut c = Completion::default();
    c.outcome = Some("Published as planned.".to_owned());
    c.proof = Some(CompletionProof {
        kind: ProofKind::Url,
        value: post_url(Platform::LinkedIn, task),
    });
    c.metrics = vec![
        (MetricKind::Impressions, 1200.0),
        (MetricKind::Engagements, 85.0),
    ];
    c
}

/// `n` fresh Pending POST tasks (with their calendar items) in the completion campaign,
/// written in one transaction: the same rows on both sides.
fn pool(store: &impl Store, n: usize) -> BoxResult<Vec<TaskId>> {
    let (items, tasks) = fresh_posts(n, COMPLETION_CAMPAIGN, now());
    Ok(store.write(|tx| {
        let mut ids = vec![];
        for (item, task) in items.iter().zip(&tasks) {
            let mut item = item.clone();
            item.id = campaign_ops::CalendarItemId(tx.next_id(Sequence::CalendarItem)?);
            tx.put_calendar_item(&item)?;
            let mut task = task.clone();
            task.id = TaskId(tx.next_id(Sequence::Task)?);
            task.calendar_item_id = Some(item.id);
            tx.put_task(&task)?;
            ids.push(task.id);
        }
        Ok(ids)
    })?)
}

/// Line 4: one durable complete of a Pending POST task, interleaved.
fn complete_one(redb: &RedbStore, side: &PgSide, actor: &Actor) -> BoxResult<PgLine> {
    let plan = Plan::new(5, 10, 10);
    let n = plan.calls();
    let (mut rpool, mut ppool) = (pool(redb, n)?, pool(&side.store, n)?);
    let rops = CampaignOps::new(redb.clone(), FixedClock::new(now()));
    let pops = CampaignOps::new(side.store.clone(), FixedClock::new(now()));
    let (r, p) = two(
        plan,
        &mut || {
            let id = rpool.pop().expect("pool");
            timed(|| {
                drop(black_box(
                    rops.mark_task_complete(actor, id, completion(id)).unwrap(),
                ))
            })
        },
        &mut || {
            let id = ppool.pop().expect("pool");
            timed(|| {
                drop(black_box(
                    pops.mark_task_complete(actor, id, completion(id)).unwrap(),
                ))
            })
        },
    );
    Ok(PgLine {
        id: "4",
        what: "complete a Pending POST task (`mark_task_complete`, one durable transaction)"
            .to_owned(),
        redb: r,
        pg: p,
    })
}

/// Completes per second from [`CLIENTS`] threads, each with its own service handle on
/// `store`, each completing [`PER_CLIENT`] tasks of its own; every call must succeed.
fn throughput<S: Store + Clone + 'static>(store: &S, actor: &Actor) -> BoxResult<f64> {
    let ids = pool(store, CLIENTS * PER_CLIENT)?;
    let t = Instant::now();
    let failed: usize = std::thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(PER_CLIENT)
            .map(|chunk| {
                let ops = CampaignOps::new(store.clone(), FixedClock::new(now()));
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter(|id| {
                            let done = ops.mark_task_complete(actor, **id, completion(**id));
                            if let Err(e) = &done {
                                eprintln!("ops bench: a concurrent complete failed: {e}");
                            }
                            !matches!(done, Ok(t) if t.status == TaskStatus::Completed)
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let secs = t.elapsed().as_secs_f64();
    if failed > 0 {
        return Err(format!("{failed} of {} concurrent completes failed", ids.len()).into());
    }
    Ok(ids.len() as f64 / secs)
}

/// Completes per second from [`CLIENTS`] threads on SQLite, each on a connection of its own
/// to the working copy (WAL: the writers take turns on its one write lock, waiting in
/// SQLite's busy handler), each completing [`PER_CLIENT`] fresh tasks of its own.
fn sql_throughput(b: &mut Bench, actor: &Actor) -> BoxResult<f64> {
    let (items, tasks) = fresh_posts(CLIENTS * PER_CLIENT, COMPLETION_CAMPAIGN, now());
    let (_, ids) = b.sql.insert_fresh(&[], &items, &tasks)?;
    let path = b.work.join("ops.sqlite");
    let conns = (0..CLIENTS)
        .map(|_| Sql::open(&path))
        .collect::<Result<Vec<_>, _>>()?;
    let t = Instant::now();
    let failed: usize = std::thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(PER_CLIENT)
            .zip(conns)
            .map(|(chunk, mut sql)| {
                s.spawn(move || {
                    let failed = chunk
                        .iter()
                        .filter(|id| {
                            let c = completion(**id);
                            let proof = c.proof.clone().expect("a proof");
                            let done = sql.complete_task(actor, **id, proof, &c.metrics);
                            if let Err(e) = &done {
                                eprintln!("ops bench: a concurrent SQLite complete failed: {e}");
                            }
                            !matches!(done, Ok(t) if t.status == TaskStatus::Completed)
                        })
                        .count();
                    drop(sql);
                    failed
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let secs = t.elapsed().as_secs_f64();
    if failed > 0 {
        return Err(format!(
            "{failed} of {} concurrent SQLite completes failed",
            ids.len()
        )
        .into());
    }
    Ok(ids.len() as f64 / secs)
}
