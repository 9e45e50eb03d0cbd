//! Completing a task: `mark_task_complete` on a Pending POST task, ONE durable transaction
//! (the move, 2 metrics, 2 ENGAGE follow-ups, the calendar item, the audit entry), against
//! SQLite writing the same rows in one transaction at `synchronous=FULL`, with one
//! `fdatasync` of a small file on the same disk timed beside them (the floor), and the same
//! call on a tmpfs copy (no flush cost) to split the commit's flush from the rest.

use std::hint::black_box;
use std::path::Path;

use campaign_ops::core::platform::sop;
use campaign_ops::core::service::Completion;
use campaign_ops::{
    CalendarItem, CalendarItemId, CalendarItemStatus, CampaignId, CompletionProof, MetricKind,
    OperatorTask, PlanId, Platform, ProofKind, RedbStore, Sequence, Store, TaskId, TaskType,
};
use chrono::{DateTime, Duration as Span, Utc};
use redb::{ReadableDatabase, ReadableTableMetadata, TableDefinition};

use crate::dataset::{COMPLETION_CAMPAIGN, now, post_url};
use crate::harness::{Io, IoTally, Plan, Side, Stats, fmt, interleaved, pages, ratio, timed};
use crate::report::{Line, Target};
use crate::{Bench, BoxResult, Ops, Scratch};

const RATIO_TARGET: f64 = 0.5;

/// Fresh pending POST tasks (with their calendar items) of `campaign`, ids left to the store.
pub fn fresh_posts(
    n: usize,
    campaign: CampaignId,
    now: DateTime<Utc>,
) -> (Vec<CalendarItem>, Vec<OperatorTask>) {
    let platform = Platform::LinkedIn;
    let ct = sop(platform).default_content_type();
    let steps = sop(platform).checklist(ct).expect("default type").steps();
    (0..n)
        .map(|k| {
            let item = CalendarItem {
                id: CalendarItemId(0),
                campaign_id: campaign,
                plan_id: PlanId(campaign.0),
                platform,
                content_type: ct,
                scheduled_at: now + Span::minutes(30 + k as i64),
                title: format!("Bench post #{k}"),
                copy: "Our spring release is live: three things that change for you today."
                    .to_owned(),
                asset_ref: None,
                cta: Some("Book a demo".to_owned()),
                theme: "Launch".to_owned(),
                status: CalendarItemStatus::Planned,
                notes: None,
                created_at: now,
                updated_at: now,
            };
            let title = format!("Post on {}: {}", platform.label(), item.title);
            let task = OperatorTask {
                platform: Some(platform),
                content_type: Some(ct),
                instructions: steps.clone(),
                copy: Some(item.copy.clone()),
                assignee: Some("op-bench".to_owned()),
                ..OperatorTask::pending(
                    TaskId(0),
                    campaign,
                    TaskType::Post,
                    title,
                    item.scheduled_at,
                    now,
                )
            };
            (item, task)
        })
        .unzip()
}

/// Stores `items` with their POST `tasks` in one transaction; the tasks' ids.
pub fn insert_pool(
    store: &RedbStore,
    items: &[CalendarItem],
    tasks: &[OperatorTask],
) -> BoxResult<Vec<TaskId>> {
    Ok(store.write(|tx| {
        let mut ids = vec![];
        for (item, task) in items.iter().zip(tasks) {
            let item = CalendarItem {
                id: CalendarItemId(tx.next_id(Sequence::CalendarItem)?),
                ..item.clone()
            };
            tx.put_calendar_item(&item)?;
            let task = OperatorTask {
                id: TaskId(tx.next_id(Sequence::Task)?),
                calendar_item_id: Some(item.id),
                ..task.clone()
            };
            tx.put_task(&task)?;
            ids.push(task.id);
        }
        Ok(ids)
    })?)
}

pub fn proof(task: TaskId) -> CompletionProof {
    CompletionProof {
        kind: ProofKind::Url,
        value: post_url(Platform::LinkedIn, task),
    }
}

pub fn completion(task: TaskId) -> Completion {
    let mut completion = Completion::default();
    completion.outcome = Some("Published as planned.".to_owned());
    completion.proof = Some(proof(task));
    completion.metrics = vec![
        (MetricKind::Impressions, 1200.0),
        (MetricKind::Engagements, 85.0),
    ];
    completion
}

const TABLES: [&str; 3] = ["records", "index", "meta"];

/// Rows and tree shape of the three tables of a closed redb file, read with redb itself
/// (with a small cache: the page counts walk every tree).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    rows: [u64; 3],
    height: [u32; 3],
    pages: [u64; 3],
}

fn shape(path: &Path) -> BoxResult<Shape> {
    let db = redb::Builder::new()
        .set_cache_size(4 << 20)
        .open_read_only(path)?;
    let txn = db.begin_read()?;
    let mut s = Shape::default();
    let bytes: [TableDefinition<&[u8], &[u8]>; 2] = [
        TableDefinition::new(TABLES[0]),
        TableDefinition::new(TABLES[1]),
    ];
    for (k, def) in bytes.into_iter().enumerate() {
        let t = txn.open_table(def)?;
        let st = t.stats()?;
        (s.rows[k], s.height[k], s.pages[k]) = (
            t.len()?,
            st.tree_height(),
            st.leaf_pages() + st.branch_pages(),
        );
    }
    let meta: TableDefinition<&str, &[u8]> = TableDefinition::new(TABLES[2]);
    let t = txn.open_table(meta)?;
    let st = t.stats()?;
    (s.rows[2], s.height[2], s.pages[2]) = (
        t.len()?,
        st.tree_height(),
        st.leaf_pages() + st.branch_pages(),
    );
    Ok(s)
}

/// The same data set with the same pool of fresh tasks, in tmpfs.
struct Mem {
    file: Scratch,
    ops: Ops,
    pool: Vec<TaskId>,
    before: Shape,
}

impl Mem {
    fn new(
        b: &Bench,
        dir: &Path,
        items: &[CalendarItem],
        tasks: &[OperatorTask],
    ) -> BoxResult<Self> {
        let file = b.fresh_copy(dir, "completion.redb")?;
        let pool = insert_pool(&RedbStore::open(&file.0)?, items, tasks)?;
        let before = shape(&file.0)?;
        let ops = Bench::ops_on(RedbStore::open(&file.0)?);
        Ok(Mem {
            file,
            ops,
            pool,
            before,
        })
    }
}

/// Runs the completion benchmark.
pub fn run(b: &mut Bench) -> BoxResult<()> {
    let plan = Plan::new(5, 10, 20);
    let n = plan.calls() + 1;
    let now = now();
    let (items, tasks) = fresh_posts(n, COMPLETION_CAMPAIGN, now);
    let redb_pool = insert_pool(&b.store, &items, &tasks)?;
    let (_, sql_pool) = b.sql.insert_fresh(&[], &items, &tasks)?;
    let mem = match b.shm.clone() {
        Some(dir) => Some(Mem::new(b, &dir, &items, &tasks)?),
        None => None,
    };

    // Once, untimed: both sides write the same rows (and how many pages each writes).
    let (rid, sid) = (redb_pool[n - 1], sql_pool[n - 1]);
    let io = Io::now();
    let mut done = None;
    let append_bytes = crate::completion_log::appended(&b.store, || {
        done = Some(b.ops.mark_task_complete(&b.actor, rid, completion(rid)));
    })
    .unwrap_or(0);
    let done = done.expect("ran")?;
    let redb_pages = pages(Io::now().since(io).bytes);
    let io = Io::now();
    let s_done = b
        .sql
        .complete_task(&b.actor, sid, proof(sid), &completion(sid).metrics)?;
    let sql_pages = pages(Io::now().since(io).bytes);
    assert_eq!(done.status, s_done.status);
    let item = done.calendar_item_id.expect("a POST has an item");
    let (on_item, metrics) = b.store.read(|tx| {
        let on_item = tx.tasks_for_calendar_item(item)?.len();
        let metrics = tx
            .metrics_recorded(
                COMPLETION_CAMPAIGN,
                now,
                now + Span::seconds(1),
                None,
                10_000,
            )?
            .iter()
            .filter(|m| m.task_id == Some(rid))
            .count();
        Ok((on_item, metrics))
    })?;
    assert_eq!(
        (on_item, metrics),
        b.sql.completion_rows(sid)?,
        "completion rows"
    );

    let (ops, sql, actor) = (&b.ops, &mut b.sql, &b.actor);
    let (mut io_redb, mut io_sql, mut io_mem) =
        (IoTally::default(), IoTally::default(), IoTally::default());
    let mut redb_ids = redb_pool.iter().copied();
    let mut sql_ids = sql_pool.iter().copied();
    let probe = &mut b.probe;
    let mut redb_side = || {
        let id = redb_ids.next().expect("pool is big enough");
        let c = completion(id);
        io_redb.count(|| timed(|| drop(black_box(ops.mark_task_complete(actor, id, c).unwrap()))))
    };
    let mut sql_side = || {
        let id = sql_ids.next().expect("pool is big enough");
        let (p, m) = (proof(id), completion(id).metrics);
        io_sql.count(|| timed(|| drop(black_box(sql.complete_task(actor, id, p, &m).unwrap()))))
    };
    // One page, then what each side writes per completion in one run (redb's redo-log entry,
    // SQLite's WAL frames): each takes its turn.
    let mut turn = 0;
    let mut syncs = [vec![], vec![], vec![]];
    let mut sync_side = || {
        let (pages, scattered) = [(1, false), (redb_pages, false), (sql_pages, false)][turn % 3];
        let d = probe.sync(pages, scattered);
        syncs[turn % 3].push(d);
        turn += 1;
        d
    };
    let mut mem_ids = mem
        .as_ref()
        .map(|m| m.pool.clone())
        .unwrap_or_default()
        .into_iter();
    let mut mem_side = mem.as_ref().map(|m| {
        let ops = &m.ops;
        let io = &mut io_mem;
        let ids = &mut mem_ids;
        move || {
            let id = ids.next().expect("pool is big enough");
            let c = completion(id);
            io.count(|| timed(|| drop(black_box(ops.mark_task_complete(actor, id, c).unwrap()))))
        }
    });
    let mut sides: Vec<Side<'_>> = vec![&mut redb_side, &mut sql_side, &mut sync_side];
    if let Some(side) = mem_side.as_mut() {
        sides.push(side);
    }
    let stats = interleaved(plan, &mut sides);
    drop(sides);
    let (r, s) = (stats[0], stats[1]);
    let m = stats.get(3).copied();
    let [sync, redb_log, run] = syncs.map(Stats::of);

    let rows = format!("{on_item} tasks on the item, {metrics} metrics, 1 audit entry");
    let line = b.report.line(Line {
        id: "4",
        what: "complete a Pending POST task: `mark_task_complete` = ONE durable transaction \
               (the move, 2 metrics, 2 ENGAGE follow-ups, the calendar item, the audit entry); \
               SQLite: the same rows in one transaction, `synchronous=FULL`"
            .to_owned(),
        rows: rows.clone(),
        redb: Some(r),
        sqlite: Some(s),
    });
    let mut target = Target::vs_sqlite(
        "complete a task (ONE durable transaction), vs SQLite `synchronous=FULL`",
        RATIO_TARGET,
        line,
        "Completing a task",
    );
    target.measured = format!(
        "{}; one fdatasync of a 4 KiB file on the same disk, same run: {}",
        target.measured,
        fmt(sync.p50)
    );
    b.report.targets.push(target);
    b.report.line(Line {
        id: "4b",
        what: "one `fdatasync` of a 4 KiB file on the same disk (the floor of a durable commit)"
            .to_owned(),
        rows: "1 page".to_owned(),
        redb: Some(sync),
        sqlite: None,
    });
    b.report.line(Line {
        id: "4d",
        what: format!(
            "one `fdatasync` after writing {redb_pages} pages in one run (what one redb \
             completion writes: its redo-log entry)"
        ),
        rows: format!("{redb_pages} pages"),
        redb: Some(redb_log),
        sqlite: None,
    });
    b.report.line(Line {
        id: "4e",
        what: format!(
            "one `fdatasync` after rewriting {sql_pages} pages in one run (what one SQLite \
             completion writes)"
        ),
        rows: format!("{sql_pages} pages"),
        redb: Some(run),
        sqlite: None,
    });
    if let Some(m) = m {
        b.report.line(Line {
            id: "4c",
            what: "(4) on a copy of the same file in tmpfs: no flush cost".to_owned(),
            rows,
            redb: Some(m),
            sqlite: None,
        });
    }
    let after = match mem {
        Some(mem) => {
            let (before, calls) = (mem.before, plan.calls() as u64);
            drop(mem.ops);
            Some((shape(&mem.file.0)?, before, calls))
        }
        None => None,
    };
    b.report.split(
        "Completing a task",
        split(
            (r, s, m),
            (sync, redb_log, run, redb_pages, sql_pages),
            (&io_redb, &io_sql, &io_mem),
            after,
        ),
    );
    // The log's figures: the checkpoint of what the timed rounds logged, then a sustained
    // run whose mean includes the checkpoints on both sides.
    let checkpoint = crate::completion_log::checkpoint(&b.store)?;
    let sustained = crate::completion_log::sustained(b, SUSTAINED)?;
    let figures = crate::completion_log::LogFigures {
        append_bytes,
        checkpoint,
        sustained,
    };
    crate::completion_log::report(b, &figures, sync.p50);
    Ok(())
}

/// Completions per side in the sustained run (line 4f). Its mean includes the checkpoint
/// that closes it; more calls would only fill both sides' page caches further (the
/// process's peak RSS is a target too).
const SUSTAINED: usize = 600;

type Syncs = (Stats, Stats, Stats, usize, usize);

fn split(
    (r, s, m): (Stats, Stats, Option<Stats>),
    (sync, redb_log, run, redb_pages, sql_pages): Syncs,
    io: (&IoTally, &IoTally, &IoTally),
    shapes: Option<(Shape, Shape, u64)>,
) -> Vec<String> {
    let mut items = vec![];
    if let Some(m) = m {
        let flush = r.p50.saturating_sub(m.p50);
        items.push(format!(
            "redb on disk p50 {} vs the same call on tmpfs {}: the commit's flush costs {} \
             ({:.0}% of the call); computing, the B-tree work and handing the pages to the OS \
             {}.",
            fmt(r.p50),
            fmt(m.p50),
            fmt(flush),
            100.0 * ratio(flush, r.p50),
            fmt(m.p50)
        ));
        items.push(format!(
            "The flush is {:.1} times one `fdatasync` of one rewritten page ({}), measured in \
             the same rounds; SQLite's whole transaction is {:.1} times it. What the disk makes \
             of the page counts, same rounds: an `fdatasync` after writing {redb_pages} \
             pages in one run (redb's completion: its redo-log entry) takes {} — redb's flush is {:.1} \
             times that —, after rewriting {sql_pages} pages in one run (SQLite's WAL append) \
             {}.",
            ratio(flush, sync.p50),
            fmt(sync.p50),
            ratio(s.p50, sync.p50),
            fmt(redb_log.p50),
            ratio(flush, redb_log.p50),
            fmt(run.p50)
        ));
    }
    items.push(format!(
        "Written per completion (`/proc/self/io`): redb {} (its redo-log entry: the \
         `Durability::None` commit leaves the copied-on-write pages to the next checkpoint); \
         SQLite {} (WAL frames).{}",
        io.0.per_call(),
        io.1.per_call(),
        if m.is_some() {
            format!(" On tmpfs redb writes {}.", io.2.per_call())
        } else {
            String::new()
        }
    ));
    if let Some((after, before, calls)) = shapes {
        let per = |k: usize| (after.rows[k] as f64 - before.rows[k] as f64) / calls as f64;
        items.push(format!(
            "Rows: each completion added {:+.0} rows to `records`, {:+.0} to `index`, {:+.0} to \
             `meta` (counted with redb on the tmpfs copy before and after {calls} completions); \
             besides, it rewrites the task and the calendar item in `records`, the task's \
             `TASK_DUE` and queue entries in `index` and 3 keys of `meta` (`seq.metric`, \
             `seq.task`, `audit_head`). Trees: `records` height {} ({} pages), `index` height \
             {} ({} pages), `meta` height {}; all three are dirtied by every completion.",
            per(0),
            per(1),
            per(2),
            after.height[0],
            after.pages[0],
            after.height[1],
            after.pages[1],
            after.height[2]
        ));
    }
    items
}
