//! Completing tasks through RedbStore's redo log, measured beyond the median of line 4:
//! the bytes one completion appends to the log, one checkpoint's cost, and a sustained run
//! of completions in a row on both sides whose **mean includes the checkpoints** (the
//! store's own, at its default `CheckpointLimits`, and SQLite's WAL autocheckpoints at its
//! default 1000 pages), so the median's saving is not bought with a hidden bill.

use std::hint::black_box;
use std::time::{Duration, Instant};

use campaign_ops::{RedbStore, TaskId};

use crate::completion::{completion, fresh_posts, insert_pool, proof};
use crate::dataset::{COMPLETION_CAMPAIGN, now};
use crate::harness::{Stats, fmt};
use crate::{Bench, BoxResult};

/// Completions per block: the sides alternate in blocks, so both meet the same disk.
const BLOCK: usize = 50;

/// One side of the sustained run.
#[derive(Debug, Clone, Copy)]
pub struct Sustained {
    /// Calls made.
    pub n: usize,
    /// Mean of every call, checkpoints included.
    pub mean: Duration,
    /// Median and p90.
    pub stats: Stats,
    /// The slowest call.
    pub max: Duration,
}

impl Sustained {
    fn of(samples: Vec<Duration>) -> Self {
        let n = samples.len();
        let total: Duration = samples.iter().sum();
        Sustained {
            n,
            mean: total / n as u32,
            max: samples.iter().copied().max().unwrap_or_default(),
            stats: Stats::of(samples),
        }
    }
}

/// What the log side measured.
#[derive(Debug, Clone)]
pub struct LogFigures {
    /// Bytes one completion appended to the log (frame + payload).
    pub append_bytes: u64,
    /// One explicit checkpoint after the timed rounds, and the entries it flushed.
    pub checkpoint: (Duration, u64),
    /// The sustained run.
    pub sustained: Run,
}

/// The sustained run of both sides.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// redb; its mean includes the closing checkpoint.
    pub redb: Sustained,
    /// SQLite; its mean includes its WAL autocheckpoints.
    pub sqlite: Sustained,
    /// Checkpoints the store ran by itself during the run.
    pub checkpoints: u64,
    /// The checkpoint that closed the run (making every completion of it durable in the
    /// database file), timed and counted in redb's mean.
    pub closing: Duration,
    /// The database file's growth during the run, bytes.
    pub grew: u64,
}

/// The log bytes `f` appended on `store` (`None` when a checkpoint ran meanwhile).
pub fn appended(store: &RedbStore, f: impl FnOnce()) -> Option<u64> {
    let before = store.log_status()?;
    f();
    let after = store.log_status()?;
    (after.checkpoints == before.checkpoints).then(|| after.pending_bytes - before.pending_bytes)
}

/// Times one checkpoint of what the log holds now.
pub fn checkpoint(store: &RedbStore) -> BoxResult<(Duration, u64)> {
    let pending = store.log_status().map_or(0, |s| s.pending_entries);
    let t = Instant::now();
    store.checkpoint()?;
    Ok((t.elapsed(), pending))
}

/// `n` completions in a row on each side, alternating in blocks.
pub fn sustained(b: &mut Bench, n: usize) -> BoxResult<Run> {
    let (items, tasks) = fresh_posts(n, COMPLETION_CAMPAIGN, now() + chrono::Duration::days(1));
    let redb_pool = insert_pool(&b.store, &items, &tasks)?;
    let (_, sql_pool) = b.sql.insert_fresh(&[], &items, &tasks)?;
    // Start from an empty log, as after any checkpoint.
    b.store.checkpoint()?;
    let db = b.store.path().expect("a file store");
    let len0 = std::fs::metadata(&db)?.len();
    let ck0 = b.store.log_status().map_or(0, |s| s.checkpoints);
    let (mut r, mut s) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    for block in 0..n.div_ceil(BLOCK) {
        let ids = block * BLOCK..((block + 1) * BLOCK).min(n);
        for k in ids.clone() {
            let id: TaskId = redb_pool[k];
            let c = completion(id);
            r.push(time(&mut || {
                drop(black_box(
                    b.ops.mark_task_complete(&b.actor, id, c.clone()).unwrap(),
                ))
            }));
        }
        for k in ids {
            let id = sql_pool[k];
            let (p, m) = (proof(id), completion(id).metrics);
            let (sql, actor) = (&mut b.sql, &b.actor);
            s.push(time(&mut || {
                drop(black_box(
                    sql.complete_task(actor, id, p.clone(), &m).unwrap(),
                ))
            }));
        }
    }
    let checkpoints = b.store.log_status().map_or(0, |s| s.checkpoints) - ck0;
    // The run's own checkpoint: with it every completion is durable in the database file
    // too, and redb's mean pays for it (a shorter interval than the default limits give,
    // so a conservative share).
    let t = Instant::now();
    b.store.checkpoint()?;
    let closing = t.elapsed();
    let grew = std::fs::metadata(&db)?.len().saturating_sub(len0);
    // Give back the page cache the run filled on the SQLite side (the peak RSS target
    // counts the phases after this one too).
    b.sql.conn.execute_batch("PRAGMA shrink_memory")?;
    let mut redb = Sustained::of(r.clone());
    redb.mean = (r.iter().sum::<Duration>() + closing) / n as u32;
    Ok(Run {
        redb,
        sqlite: Sustained::of(s),
        checkpoints,
        closing,
        grew,
    })
}

/// The report's lines and "where the time goes" items for `f`.
pub fn report(b: &mut Bench, f: &LogFigures, sync: Duration) {
    use crate::report::Line;
    let Run {
        redb: r,
        sqlite: s,
        checkpoints: ck,
        closing,
        grew,
    } = f.sustained;
    b.report.line(Line {
        id: "4f",
        what: format!(
            "{} completions in a row on each side (blocks of {BLOCK}, alternating): mean \
             redb {} including the {ck} checkpoints the store ran by itself (default limits) \
             and the closing checkpoint ({}), SQLite {} with its WAL autocheckpoints; \
             slowest call redb {}, SQLite {}",
            r.n,
            fmt(r.mean),
            fmt(closing),
            fmt(s.mean),
            fmt(r.max),
            fmt(s.max)
        ),
        rows: format!("{} completions", r.n),
        redb: Some(r.stats),
        sqlite: Some(s.stats),
    });
    let (d, entries) = f.checkpoint;
    b.report.line(Line {
        id: "4g",
        what: format!(
            "one explicit checkpoint (a `Durability::Immediate` redb commit, then a new log \
             epoch) after the timed rounds of (4): {entries} completions' pages"
        ),
        rows: format!("{entries} log entries"),
        redb: Some(Stats::of(vec![d])),
        sqlite: None,
    });
    let per = if entries > 0 { d / entries as u32 } else { d };
    let growth_per = grew as f64 / r.n.max(1) as f64;
    let limits = campaign_ops::store::CheckpointLimits::DEFAULT;
    b.report.split_item(
        "Completing a task",
        format!(
            "The redo log: a completion appends one entry of {} bytes to `<db>.wal` (its \
             physical changes: every key set or removed in `records`, `index`, `meta`) and \
             `fdatasync`s it — one `fdatasync` of a 4 KiB file costs {} here, same run — \
             then redb commits with `Durability::None`. The database file catches up at \
             checkpoints: one after the {entries} completions of the timed rounds took {} \
             ({} per completion, amortized). In the sustained run ({} completions per side) \
             the store checkpointed {ck} times by itself (limits: {} MiB of log or {} MiB of \
             database growth; the file grew {:.0} KiB per completion, so the limit is reached \
             about every {:.0} completions), and the checkpoint closing the run took {} ({} \
             per completion); mean per completion, checkpoints included: redb {} (median \
             {}), SQLite {} (median {}, its WAL autocheckpoints included): {:.2}× SQLite on \
             the means.",
            f.append_bytes,
            fmt(sync),
            fmt(d),
            fmt(per),
            r.n,
            limits.log_bytes >> 20,
            limits.db_growth_bytes >> 20,
            growth_per / 1024.0,
            if growth_per > 0.0 {
                (limits.db_growth_bytes as f64 / growth_per)
                    .min(limits.log_bytes as f64 / f.append_bytes.max(1) as f64)
            } else {
                limits.log_bytes as f64 / f.append_bytes.max(1) as f64
            },
            fmt(closing),
            fmt(closing / r.n.max(1) as u32),
            fmt(r.mean),
            fmt(r.stats.p50),
            fmt(s.mean),
            fmt(s.stats.p50),
            s.mean.as_secs_f64() / r.mean.as_secs_f64()
        ),
    );
}
