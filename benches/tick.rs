//! Benchmark of CAMPAIGN_TICK over many active campaigns and tasks, on a RedbStore file,
//! through the daemon exactly as in production (ledger record, batched commits with
//! checkpoints). Writes `target/bench-tick.md`, which ends with its targets table (the
//! `ops` report quotes its CAMPAIGN_TICK row).
//!
//! ```text
//! cargo bench --bench tick                                  # 10,000 campaigns, 1,000,000 tasks
//! BENCH_TICK_CAMPAIGNS=1000 BENCH_TICK_TASKS=100000 cargo bench --bench tick
//! ```
//!
//! The data is written by a child process (so that its memory does not count against the
//! bench process) directly through the store, in a few large transactions, into
//! `target/bench-data/tick/`. Each timed tick runs a new daily period (the clock moves a
//! day). Beside the ticks on disk: the same ticks on a tmpfs copy (`/dev/shm`, where a flush
//! costs nothing) and the tick's reads alone, to say where the time goes.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
#[path = "ops/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use campaign_ops::actions::{CAMPAIGN_TICK, Daemon, DaemonConfig, Registry};
use campaign_ops::{
    Campaign, CampaignId, CampaignStatus, Clock, FixedClock, Objective, OperatorTask, Platform,
    RedbStore, RunStatus, Sequence, Store, TaskId, TaskType,
};
use chrono::{DateTime, Duration as Span, NaiveDate, TimeZone, Utc};

use common::{BoxResult, ScratchDir, run_child, shm_dir, target_dir};
use harness::{Io, Stats, fmt, ratio};

const RUNS: usize = 9;
const TARGET: Duration = Duration::from_millis(250);
const RSS_TARGET_MIB: f64 = 150.0;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

fn main() -> ExitCode {
    if let Ok(path) = std::env::var("TICK_BENCH_SEED") {
        let (campaigns, tasks) = (
            env("BENCH_TICK_CAMPAIGNS", 10_000),
            env("BENCH_TICK_TASKS", 1_000_000),
        );
        return match RedbStore::open(&path).and_then(|s| seed(&s, campaigns, tasks, start())) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("seeding failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if !common::is_bench_run() {
        println!("tick: a benchmark; run it with `cargo bench --bench tick`");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(path) => {
            println!("report written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tick bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The daemon with only CAMPAIGN_TICK enabled, on its own clock.
struct Ticker {
    daemon: Daemon,
    clock: FixedClock,
}

impl Ticker {
    fn new(store: &RedbStore) -> BoxResult<Self> {
        let clock = FixedClock::new(start());
        let mut registry = Registry::build()?;
        registry.enable_only(&[CAMPAIGN_TICK])?;
        let ops = campaign_ops::actions::ops(store.clone(), clock.clone());
        let daemon = Daemon::new(ops, registry, DaemonConfig::default())?;
        Ok(Self { daemon, clock })
    }

    /// One tick of a new daily period (the clock then moves a day): its time, its report
    /// and what it wrote.
    fn tick(&self) -> BoxResult<(Duration, String, Io)> {
        let before = Io::now();
        let t = Instant::now();
        let out = self.daemon.run_due()?;
        let elapsed = t.elapsed();
        let io = Io::now().since(before);
        assert_eq!(out.len(), 1, "one tick per run");
        assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
        self.clock.advance(Span::days(1));
        Ok((elapsed, out[0].run.report.clone().unwrap_or_default(), io))
    }
}

/// The tick's reads alone for the period due at `due` (00:05 UTC, the daemon's daily
/// schedule), run at `now`: the active ids in the daemon's batches, and per campaign the
/// campaign and its two counting queries.
fn reads(store: &RedbStore, now: DateTime<Utc>) -> BoxResult<Duration> {
    let due = now
        .date_naive()
        .and_hms_opt(0, 5, 0)
        .expect("valid")
        .and_utc();
    let (since, until) = (due - Span::days(1), due + Span::days(1));
    let size = DaemonConfig::default().batch_size;
    let t = Instant::now();
    let mut after: Option<CampaignId> = None;
    loop {
        let mut ids = store.read(|tx| tx.campaign_ids(CampaignStatus::Active, after, size + 1))?;
        let last = ids.len() <= size;
        ids.truncate(size);
        store.read(|tx| {
            for &id in &ids {
                if tx
                    .campaign(id)?
                    .is_some_and(|c| c.status == CampaignStatus::Active)
                {
                    std::hint::black_box(tx.task_counts(id, now, until)?.open());
                    std::hint::black_box(tx.task_counts(id, since, due.min(now))?.open());
                }
            }
            Ok(())
        })?;
        if last {
            return Ok(t.elapsed());
        }
        after = ids.last().copied();
    }
}

fn run() -> BoxResult<PathBuf> {
    let campaigns = env("BENCH_TICK_CAMPAIGNS", 10_000);
    let tasks = env("BENCH_TICK_TASKS", 1_000_000);
    let dir = target_dir().join("bench-data").join("tick");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    // Removed when `run` returns, also on failure (after the stores, declared later).
    let _dir = ScratchDir(dir.clone());
    let path = dir.join("tick.redb");
    let built = Instant::now();
    run_child("seeding", &[("TICK_BENCH_SEED", path.as_os_str())])?;
    let build_time = built.elapsed();
    println!("built {campaigns} campaigns and {tasks} tasks in {build_time:.1?}");

    // A tmpfs copy of the seeded file (no flush cost), ticked in the same rounds.
    let shm = shm_dir("campaign-ops-tick");
    let _shm = shm.clone().map(ScratchDir);
    let mem_path = match &shm {
        Some(dir) => {
            let copy = dir.join("tick.redb");
            std::fs::copy(&path, &copy)?;
            Some(copy)
        }
        None => None,
    };
    let store = RedbStore::open(&path)?;
    let disk_ticker = Ticker::new(&store)?;
    let mem_store = mem_path.as_ref().map(RedbStore::open).transpose()?;
    let mem_ticker = mem_store.as_ref().map(Ticker::new).transpose()?;
    let (mut disk, mut mem, mut read) = (vec![], vec![], vec![]);
    let (mut report, mut io) = (String::new(), Io::default());
    // One untimed round first, then RUNS rounds, each starting with another of the three.
    for round in 0..=RUNS {
        for k in 0..3 {
            let timed = round > 0;
            match (round + k) % 3 {
                0 => {
                    let (d, r, w) = disk_ticker.tick()?;
                    println!("tick on disk: {d:.1?} — {r}");
                    (report, io) = (r, w);
                    if timed {
                        disk.push(d);
                    }
                }
                1 => {
                    if let Some(t) = &mem_ticker {
                        let d = t.tick()?.0;
                        println!("tick on tmpfs: {d:.1?}");
                        if timed {
                            mem.push(d);
                        }
                    }
                }
                _ => {
                    // The reads of the disk ticker's next period.
                    let d = reads(&store, disk_ticker.clock.now())?;
                    if timed {
                        read.push(d);
                    }
                }
            }
        }
    }
    drop((disk_ticker, mem_ticker, store, mem_store));
    let mem = (!mem.is_empty()).then(|| Stats::of(mem));
    let (d, r) = (Stats::of(disk), Stats::of(read));
    let peak = harness::peak_rss_mib();
    let size = DaemonConfig::default().batch_size;

    let mut md = String::new();
    let _ = writeln!(md, "# CAMPAIGN_TICK benchmark\n");
    let _ = writeln!(
        md,
        "Written by `cargo bench --bench tick` (benches/tick.rs). {campaigns} active campaigns, \
         {tasks} tasks (pending, spread over 120 days around now) in a RedbStore file, seeded \
         by a child process in {build_time:.1?}. Ticks through the daemon, each a new daily \
         period: a ledger record, then batches of {size} campaigns, each one durable commit \
         with its checkpoint. One untimed round, then {RUNS} rounds of: a tick on disk, a tick \
         on a tmpfs copy, the reads alone (each round starts with another). Machine load at \
         the end `{}`.\n",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let _ = writeln!(md, "| # | what | p50 | p90 | runs |");
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    let mut row = |id: &str, what: &str, s: Stats| {
        let _ = writeln!(
            md,
            "| {id} | {what} | {} | {} | {} |",
            fmt(s.p50),
            fmt(s.p90),
            s.n
        );
    };
    row("1", "CAMPAIGN_TICK by the daemon, file on disk", d);
    if let Some(m) = mem {
        row("2", "the same on a tmpfs copy (no flush cost)", m);
    }
    row(
        "3",
        "the tick's reads alone (ids, campaigns, 2 counting queries each)",
        r,
    );
    let _ = writeln!(md, "\nLast report: {report}\n");
    let _ = writeln!(md, "## Where the time goes\n");
    let _ = writeln!(
        md,
        "- The reads alone take {} of the tick's {} ({:.0}%): {} counting range scans of the \
         `TASK_DUE` index, no task record decoded.",
        fmt(r.p50),
        fmt(d.p50),
        100.0 * ratio(r.p50, d.p50),
        2 * campaigns
    );
    if let Some(m) = mem {
        let flush = d.p50.saturating_sub(m.p50);
        let _ = writeln!(
            md,
            "- On tmpfs {}: the commits' flushes ({} batch commit(s), the ledger's start record) \
             cost {} ({:.0}%); the rest beyond the reads (the ledger notes, the daemon, \
             writing the pages) {}.",
            fmt(m.p50),
            campaigns.div_ceil(size),
            fmt(flush),
            100.0 * ratio(flush, d.p50),
            fmt(m.p50.saturating_sub(r.p50))
        );
    }
    let _ = writeln!(
        md,
        "- Written by one tick: {:.1} KiB in {} write calls.\n",
        io.bytes as f64 / 1024.0,
        io.calls
    );
    let _ = writeln!(md, "## Targets\n");
    let _ = writeln!(md, "| operation | target | measured | result |");
    let _ = writeln!(md, "|---|---|---|---|");
    let verdict = |ok: bool| if ok { "**PASS**" } else { "**MISS**" };
    let _ = writeln!(
        md,
        "| CAMPAIGN_TICK over {campaigns} campaigns / {tasks} tasks | p50 ≤ {} | p50 {} (p90 {}) | {} |",
        harness::limit(TARGET),
        fmt(d.p50),
        fmt(d.p90),
        verdict(d.p50 <= TARGET)
    );
    let _ = writeln!(
        md,
        "| peak RSS of the tick bench process (VmHWM; seeding in a child) | < {RSS_TARGET_MIB:.0} MiB | {peak:.0} MiB | {} |",
        verdict(peak < RSS_TARGET_MIB)
    );
    let out = target_dir().join("bench-tick.md");
    std::fs::write(&out, &md)?;
    print!("\n{md}");
    Ok(out)
}

/// Campaigns in a few zones, and tasks spread over 120 days around `now`, in large
/// transactions.
fn seed(
    store: &RedbStore,
    campaigns: usize,
    tasks: usize,
    now: DateTime<Utc>,
) -> campaign_ops::Result<()> {
    let zones = [
        chrono_tz::Europe::Berlin,
        chrono_tz::America::New_York,
        chrono_tz::Asia::Tokyo,
        chrono_tz::UTC,
    ];
    store.write(|tx| {
        for i in 0..campaigns {
            let id = CampaignId(tx.next_id(Sequence::Campaign)?);
            tx.put_campaign(&Campaign {
                id,
                name: format!("Campaign {i}"),
                client_name: "Bench".into(),
                objective: Objective::Awareness,
                description: String::new(),
                platforms: vec![Platform::LinkedIn],
                start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                end_date: None,
                time_zone: zones[i % zones.len()],
                cadence: BTreeMap::from([(Platform::LinkedIn, 3)]),
                primary_cta: None,
                owner: "owner".into(),
                status: CampaignStatus::Active,
                metadata: BTreeMap::new(),
                created_at: now,
                updated_at: now,
            })?;
        }
        Ok(())
    })?;
    const PER_TX: usize = 100_000;
    let mut made = 0;
    while made < tasks {
        let n = PER_TX.min(tasks - made);
        store.write(|tx| {
            for k in made..made + n {
                let campaign = CampaignId((k % campaigns) as u64 + 1);
                // Spread over 120 days, 60 before and 60 after now, at varying hours.
                let offset = Span::minutes(((k * 7919) % (120 * 24 * 60)) as i64) - Span::days(60);
                let id = TaskId(tx.next_id(Sequence::Task)?);
                tx.put_task(&OperatorTask {
                    assignee: Some(format!("op{}", k % 50)),
                    ..OperatorTask::pending(
                        id,
                        campaign,
                        TaskType::Manual,
                        format!("Task {k}"),
                        now + offset,
                        now,
                    )
                })?;
            }
            Ok(())
        })?;
        made += n;
    }
    Ok(())
}
