//! The escalation pass over every active campaign: ESCALATE_OVERDUE_TASKS run by the daemon
//! (`escalate_batch` over the active ids in the daemon's batches, each batch one durable
//! commit with its ledger note), on a fresh copy of the data set each round. Beside it, the
//! same pass on a tmpfs copy (no flush cost) and a pass of its reads alone, to say where the
//! time goes.

use std::time::{Duration, Instant};

use campaign_ops::actions::{Daemon, DaemonConfig, ESCALATE_OVERDUE_TASKS, Registry};
use campaign_ops::core::service::ESCALATION_DUE_AFTER;
use campaign_ops::store::DEFAULT_CACHE_SIZE;
use campaign_ops::{CampaignId, CampaignStatus, FixedClock, RedbStore, RunStatus, Store};
use chrono::{DateTime, Duration as Span, Utc};

use crate::dataset::now;
use crate::harness::{Io, MemPhase, Stats, fmt, ratio, rss_mib};
use crate::report::{Line, Target};
use crate::{Bench, BoxResult};

const TARGET: Duration = Duration::from_secs(1);
const ROUNDS: usize = 3;
/// redb's own default cache limit, beside RedbStore's [`DEFAULT_CACHE_SIZE`] (lines 7d, 7e).
const BIG_CACHE: usize = 1 << 30;
/// What `escalate_campaign` reads per range at most (its `OVERDUE_SCAN`).
const OVERDUE_SCAN: usize = 2000;

/// What one pass cost besides its time.
#[derive(Debug, Clone, Default)]
struct Cost {
    /// The run's report.
    report: String,
    /// What it wrote.
    io: Io,
    /// RSS at its start, its own peak (store opening included), and RSS once its store is
    /// dropped, MiB.
    mem: (f64, f64, f64),
}

/// One ESCALATE_OVERDUE_TASKS run by the daemon on the file at `path`: its time (the
/// daemon's `run_due`, store opening excluded) and its cost.
fn pass(path: &std::path::Path, cache: usize) -> BoxResult<(Duration, Cost)> {
    let mem = MemPhase::start();
    let store = RedbStore::builder().cache_size(cache).open(path)?;
    let mut registry = Registry::build()?;
    registry.enable_only(&[ESCALATE_OVERDUE_TASKS])?;
    let ops = campaign_ops::actions::ops(store, FixedClock::new(now()));
    let daemon = Daemon::new(ops, registry, DaemonConfig::default())?;
    let io = Io::now();
    let t = Instant::now();
    let out = daemon.run_due()?;
    let elapsed = t.elapsed();
    let io = Io::now().since(io);
    assert_eq!(out.len(), 1, "one escalation run");
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    let report = out[0].run.report.clone().unwrap_or_default();
    drop(daemon);
    let (before, peak) = mem.end();
    let mem = (before, peak, rss_mib());
    Ok((elapsed, Cost { report, io, mem }))
}

/// The number before `what` in `text` ("7688 escalation tasks created" → 7688).
fn count_before(text: &str, what: &str) -> u64 {
    text.split(what)
        .next()
        .and_then(|head| head.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// What the pass reads, alone: the active ids page by page, and per campaign the campaign
/// and its two open-task ranges as heads (`open_task_heads_due`, as `escalate_campaign`
/// reads them), in one read transaction per batch.
fn reads(path: &std::path::Path, cache: usize) -> BoxResult<(Duration, u64, (f64, f64, f64))> {
    let mem = MemPhase::start();
    let store = RedbStore::builder().cache_size(cache).open(path)?;
    let size = DaemonConfig::default().batch_size;
    let now = now();
    let horizon = now + ESCALATION_DUE_AFTER + Span::seconds(1);
    let t = Instant::now();
    let mut after: Option<CampaignId> = None;
    let mut tasks = 0u64;
    loop {
        let mut ids = store.read(|tx| tx.campaign_ids(CampaignStatus::Active, after, size + 1))?;
        let last = ids.len() <= size;
        ids.truncate(size);
        tasks += store.read(|tx| {
            let mut n = 0;
            for &id in &ids {
                if tx
                    .campaign(id)?
                    .is_some_and(|c| c.status == CampaignStatus::Active)
                {
                    let min = DateTime::<Utc>::MIN_UTC;
                    n += tx.open_task_heads_due(id, min, now, OVERDUE_SCAN)?.len() as u64;
                    n += tx
                        .open_task_heads_due(id, now, horizon, OVERDUE_SCAN)?
                        .len() as u64;
                }
            }
            Ok(n)
        })?;
        if last {
            let elapsed = t.elapsed();
            drop(store);
            let (before, peak) = mem.end();
            return Ok((elapsed, tasks, (before, peak, rss_mib())));
        }
        after = ids.last().copied();
    }
}

/// Runs the escalation benchmark.
pub fn run(b: &mut Bench) -> BoxResult<()> {
    let (mut disk, mut mem, mut read) = (vec![], vec![], vec![]);
    let (mut cost, mut read_tasks, mut memory) = (Cost::default(), 0, vec![]);
    let cache = DEFAULT_CACHE_SIZE;
    for round in 0..ROUNDS {
        for k in 0..3 {
            match (round + k) % 3 {
                0 => {
                    let file = b.fresh_copy(&b.work, "escalation.redb")?;
                    let (d, c) = pass(&file.0, cache)?;
                    memory.push(("on disk", c.mem));
                    cost = c;
                    disk.push(d);
                }
                1 => {
                    if let Some(dir) = &b.shm {
                        let file = b.fresh_copy(dir, "escalation.redb")?;
                        let (d, c) = pass(&file.0, cache)?;
                        memory.push(("on tmpfs", c.mem));
                        mem.push(d);
                    }
                }
                _ => {
                    let file = b.fresh_copy(&b.work, "escalation-reads.redb")?;
                    let (d, n, m) = reads(&file.0, cache)?;
                    memory.push(("reads alone", m));
                    read_tasks = n;
                    read.push(d);
                }
            }
        }
    }
    let (d, r) = (Stats::of(disk), Stats::of(read));
    let m = (!mem.is_empty()).then(|| Stats::of(mem));
    let active = b.manifest.campaigns;
    let size = DaemonConfig::default().batch_size as u64;
    b.report.line(Line {
        id: "7",
        what: format!(
            "escalation pass: ESCALATE_OVERDUE_TASKS by the daemon over {active} active \
             campaigns (`escalate_batch` in batches of {size}), fresh copy each round"
        ),
        rows: cost.report.clone(),
        redb: Some(d),
        sqlite: None,
    });
    if let Some(m) = m {
        b.report.line(Line {
            id: "7b",
            what: "(7) on a tmpfs copy: no flush cost".to_owned(),
            rows: "same".to_owned(),
            redb: Some(m),
            sqlite: None,
        });
    }
    b.report.line(Line {
        id: "7c",
        what: "(7)'s reads alone: active ids, each campaign and its two open-task ranges \
               (task heads)"
            .to_owned(),
        rows: format!("{read_tasks} open tasks read"),
        redb: Some(r),
        sqlite: None,
    });
    b.report.targets.push(Target::at_most(
        &format!(
            "escalation pass over {active} active campaigns / {} tasks",
            b.manifest.tasks
        ),
        TARGET,
        d,
        "Escalation pass",
    ));
    let mut items = vec![format!(
        "Whole pass p50 {} ({ROUNDS} rounds, each on a fresh copy: the OS cache warm from \
         the copy, redb's cache cold). The reads alone {} ({:.0}%): {read_tasks} open-task \
         heads decoded over {active} campaigns.",
        fmt(d.p50),
        fmt(r.p50),
        100.0 * ratio(r.p50, d.p50)
    )];
    if let Some(m) = m {
        items.push(format!(
            "On tmpfs {}: the flushes of the commits ({} batch commit(s) of up to {size} \
             campaigns, each with its ledger note, and the run's start record) cost {} ({:.0}%); \
             building the escalation tasks and their audit entries and writing them into the \
             trees, {}.",
            fmt(m.p50),
            active.div_ceil(size),
            fmt(d.p50.saturating_sub(m.p50)),
            100.0 * ratio(d.p50.saturating_sub(m.p50), d.p50),
            fmt(m.p50.saturating_sub(r.p50))
        ));
    }
    let created = count_before(&cost.report, " escalation tasks created").max(1);
    items.push(format!(
        "Written by one pass: {:.1} MiB in {} write calls, {:.1} KiB per escalation task \
         created ({created}: the task, listing up to 200 overdue tasks in its instructions, \
         its index entries and its audit entry).",
        cost.io.bytes as f64 / (1024.0 * 1024.0),
        cost.io.calls,
        cost.io.bytes as f64 / 1024.0 / created as f64
    ));
    b.report.split("Escalation pass", items);
    let passes: Vec<String> = memory
        .iter()
        .map(|(kind, (before, peak, after))| {
            format!("{kind} {before:.0} → {peak:.0} MiB ({after:.0} MiB once dropped)")
        })
        .collect();
    b.report.split(
        "Memory",
        vec![format!(
            "The escalation passes, in order, each opening a fresh `RedbStore` on its copy \
             (`RedbStore::open`: cache limit `DEFAULT_CACHE_SIZE`, 64 MiB) beside the \
             bench's own stores — RSS at the pass's start → its peak: {}. A pass writes {:.0} \
             MiB and reads {read_tasks} open tasks.",
            passes.join("; "),
            cost.io.bytes as f64 / (1024.0 * 1024.0)
        )],
    );
    Ok(())
}

/// The escalation pass on tmpfs and its reads alone again, on stores opened with redb's own
/// 1 GiB cache limit instead of [`DEFAULT_CACHE_SIZE`]: what the smaller default costs (lines
/// 7d, 7e). Run after the process's peak RSS was taken: these stores may grow to 1 GiB.
pub fn cache_effect(b: &mut Bench) -> BoxResult<()> {
    let (mut mem, mut read, mut rss) = (vec![], vec![], vec![]);
    let mut read_tasks = 0;
    for _ in 0..ROUNDS {
        let file = b.fresh_copy(&b.work, "escalation-reads.redb")?;
        let (d, n, m) = reads(&file.0, BIG_CACHE)?;
        rss.push(format!("reads alone {:.0} → {:.0} MiB", m.0, m.1));
        read_tasks = n;
        read.push(d);
        drop(file);
        if let Some(dir) = &b.shm {
            let file = b.fresh_copy(dir, "escalation.redb")?;
            let (d, c) = pass(&file.0, BIG_CACHE)?;
            rss.push(format!("on tmpfs {:.0} → {:.0} MiB", c.mem.0, c.mem.1));
            mem.push(d);
        }
    }
    let gib = BIG_CACHE >> 30;
    let mib = DEFAULT_CACHE_SIZE >> 20;
    b.report.line(Line {
        id: "7d",
        what: format!("(7c) with a {gib} GiB cache limit (redb's default) instead of {mib} MiB"),
        rows: format!("{read_tasks} open tasks read"),
        redb: Some(Stats::of(read)),
        sqlite: None,
    });
    if !mem.is_empty() {
        b.report.line(Line {
            id: "7e",
            what: format!("(7b) with a {gib} GiB cache limit instead of {mib} MiB"),
            rows: "same".to_owned(),
            redb: Some(Stats::of(mem)),
            sqlite: None,
        });
    }
    b.report.split_item(
        "Memory",
        format!(
            "Lines 7d and 7e, after the peak above was taken (not counted in it), each on a \
             fresh store with a {gib} GiB cache limit — RSS at the start → peak: {}.",
            rss.join("; ")
        ),
    );
    Ok(())
}
