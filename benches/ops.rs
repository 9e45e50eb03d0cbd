//! The side-by-side benchmark of issue "Store and actions v2": campaign-ops (`CampaignOps` on
//! a [`RedbStore`] file, durable commits) against the same work on SQLite (rusqlite, WAL,
//! `synchronous=FULL`, the natural indexes), on a generated data set of 10,000 campaigns and
//! 1,000,000 tasks.
//!
//! ```sh
//! cargo bench --bench ops                            # writes target/bench-report.md
//! OPS_BENCH_SCALE=small cargo bench --bench ops      # a tenth of the data, to try it out
//! ```
//!
//! The data set is generated once (in a child process, so that its memory does not count
//! against the bench process) and cached under `target/bench-data/v<N>-<scale>/`; each run
//! works on fresh copies of the cached files, so the writes of one run never leak into the
//! next. The sides of a comparison are timed in interleaved rounds in one process; the report
//! quotes medians (and p90), ratios measured in the same run, where the time goes, and ends
//! with the targets table. Nothing here fails on a time: the targets are judged in the report.
//!
//! Areas: `ops/reads.rs` (operator queue, today / overdue, weekly summary, campaign list),
//! `ops/completion.rs` (completing a task), `ops/planning.rs` (plan + calendar + tasks),
//! `ops/escalation.rs` (the escalation pass), `ops/pg.rs` and `ops/pg_load.rs` (the PgStore
//! column on a loopback PostgreSQL); `ops/report.rs` writes the report.

#[allow(dead_code)]
mod common;
#[path = "ops/completion.rs"]
mod completion;
#[path = "ops/completion_log.rs"]
mod completion_log;
#[path = "ops/dataset.rs"]
mod dataset;
#[path = "ops/dataset_build.rs"]
mod dataset_build;
#[path = "ops/escalation.rs"]
mod escalation;
#[path = "ops/harness.rs"]
mod harness;
#[path = "ops/pg.rs"]
mod pg;
#[path = "ops/pg_load.rs"]
mod pg_load;
#[path = "ops/planning.rs"]
mod planning;
#[path = "ops/reads.rs"]
mod reads;
#[path = "ops/report.rs"]
mod report;
#[path = "ops/sql.rs"]
mod sql;
#[path = "ops/sql_read.rs"]
mod sql_read;
#[path = "ops/sql_write.rs"]
mod sql_write;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use campaign_ops::{Actor, CampaignOps, FixedClock, RedbStore, Store, TaskId};

pub use common::{BoxResult, Scratch, target_dir};
use common::{ScratchDir, run_child, shm_dir};
use dataset::{Manifest, Scale, now};
use harness::{MemPhase, SyncProbe};
use report::{Report, Target};
use sql::Sql;

/// The service as the bench runs it.
pub type Ops = CampaignOps<RedbStore, FixedClock>;

/// Peak RSS target of the bench process.
const RSS_TARGET_MIB: f64 = 150.0;

/// What every area works with.
pub struct Bench {
    /// Data-set scale.
    pub scale: Scale,
    /// The cached data set's counts.
    pub manifest: Manifest,
    /// The cached data set (`ops.redb`, `ops.sqlite`): copied, never written.
    pub cached: PathBuf,
    /// Scratch space on the same disk as the working copies.
    pub work: PathBuf,
    /// Scratch space in tmpfs (`/dev/shm`), where a flush costs nothing; `None` without one.
    pub shm: Option<PathBuf>,
    /// The working copy's store.
    pub store: RedbStore,
    /// The service on it, clock fixed at [`now`].
    pub ops: Ops,
    /// The SQLite working copy.
    pub sql: Sql,
    /// Who acts.
    pub actor: Actor,
    /// Times `fdatasync`s of a file of its own on the same disk as the working copies.
    pub probe: SyncProbe,
    /// What the run measured.
    pub report: Report,
}

impl Bench {
    /// A fresh copy of the cached redb file at `dir/name`, deleted when the guard drops.
    pub fn fresh_copy(&self, dir: &Path, name: &str) -> BoxResult<Scratch> {
        let path = dir.join(name);
        std::fs::copy(self.cached.join("ops.redb"), &path)?;
        Ok(Scratch(path))
    }

    /// The service on `store` with the bench's clock.
    pub fn ops_on(store: RedbStore) -> Ops {
        CampaignOps::new(store, FixedClock::new(now()))
    }
}

fn main() -> ExitCode {
    if let Ok(dir) = std::env::var("OPS_BENCH_GENERATE") {
        return match generate_child(Path::new(&dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("generating the data set failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if !common::is_bench_run() {
        println!("ops: a benchmark; run it with `cargo bench --bench ops`");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(path) => {
            println!("report written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ops bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scale() -> Scale {
    match std::env::var("OPS_BENCH_SCALE").as_deref() {
        Ok("small") => dataset::SMALL,
        _ => dataset::FULL,
    }
}

fn generate_child(dir: &Path) -> BoxResult<()> {
    let m = dataset::generate(scale(), &dir.join("ops.redb"), &dir.join("ops.sqlite"))?;
    std::fs::write(dir.join("manifest.txt"), m.to_text())?;
    Ok(())
}

/// The cached data set, generated (in a child process) when missing.
fn data_set(scale: Scale) -> BoxResult<(PathBuf, Manifest, bool)> {
    let dir = target_dir()
        .join("bench-data")
        .join(format!("v{}-{}", dataset::VERSION, scale.name));
    if let Ok(text) = std::fs::read_to_string(dir.join("manifest.txt"))
        && let Some(m) = Manifest::parse(&text)
    {
        return Ok((dir, m, false));
    }
    eprintln!(
        "generating the {} data set into {} (once; later runs reuse it)",
        scale.name,
        dir.display()
    );
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    run_child(
        "generating the data set",
        &[
            ("OPS_BENCH_GENERATE", dir.as_os_str()),
            ("OPS_BENCH_SCALE", scale.name.as_ref()),
        ],
    )?;
    let text = std::fs::read_to_string(dir.join("manifest.txt"))?;
    let m = Manifest::parse(&text).ok_or("unreadable manifest")?;
    Ok((dir, m, true))
}

fn mib(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / (1024.0 * 1024.0))
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn run() -> BoxResult<PathBuf> {
    let started = Instant::now();
    let scale = scale();
    let load_start = load();
    let (cached, manifest, generated) = data_set(scale)?;

    // Fresh working copies: this run's writes must not change the cached data set.
    let work = target_dir().join("bench-data").join("work");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let t = Instant::now();
    let (redb_path, sqlite_path) = (work.join("ops.redb"), work.join("ops.sqlite"));
    std::fs::copy(cached.join("ops.redb"), &redb_path)?;
    std::fs::copy(cached.join("ops.sqlite"), &sqlite_path)?;
    let copy_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let store = RedbStore::open(&redb_path)?;
    let sql = Sql::open(&sqlite_path)?;
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let shm = shm_dir("campaign-ops-bench");
    // Declared before the stores, so dropped after them.
    let _scratch = (ScratchDir(work.clone()), shm.clone().map(ScratchDir));
    let probe = SyncProbe::new(&work, 256)?;
    let mut b = Bench {
        scale,
        manifest,
        cached,
        work,
        shm,
        ops: Bench::ops_on(store.clone()),
        store,
        sql,
        actor: Actor::new("op-bench")?,
        probe,
        report: Report::default(),
    };

    // Both files hold the same data set.
    assert_eq!(b.sql.count("tasks")?, b.manifest.tasks, "SQLite task count");
    assert_eq!(b.sql.synchronous()?, 2, "SQLite runs with synchronous=FULL");
    let n = b.manifest.tasks;
    let (last, past_last) = b.store.read(|tx| {
        Ok((
            tx.task(TaskId(n))?.is_some(),
            tx.task(TaskId(n + 1))?.is_some(),
        ))
    })?;
    assert!(last && !past_last, "redb task count");

    let m = &b.manifest;
    b.report.facts = vec![
        format!(
            "Machine: {} CPUs ({}); shared and noisy — load average at start `{load_start}`.",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu_model()
        ),
        format!(
            "Files: redb {:.0} MiB, SQLite {:.0} MiB. Generation ({}): {:.0} s — redb {:.0} s, \
             SQLite {:.0} s. This run: copying both {copy_secs:.1} s, opening both \
             {open_ms:.0} ms.",
            mib(&redb_path),
            mib(&sqlite_path),
            if generated { "this run" } else { "cached" },
            m.total_secs,
            m.redb_secs,
            m.sqlite_secs
        ),
        format!(
            "redb: `CampaignOps` on `RedbStore::open` (schema v{}; durable commits through the \
             redo log: one append + `fdatasync` of `<db>.wal` each, then a redb \
             `Durability::None` commit, checkpoints at the default `CheckpointLimits`; cache \
             limit `DEFAULT_CACHE_SIZE`, {} MiB). SQLite: rusqlite (bundled), \
         `journal_mode=WAL`, **`synchronous=FULL` for every write** (an fsync of the WAL per \
         commit), `cache_size` 32 MiB, tasks as columns, indexes campaigns(name_key) unique, \
         campaigns(status), tasks(assignee, status, due_at), tasks(campaign_id, due_at), \
         tasks(calendar_item_id), metrics(campaign_id, recorded_at), \
         calendar_items(campaign_id, scheduled_at), plans(campaign_id, version), \
         audit(campaign_id, seq); text search with `LIKE '%…%'`.",
            campaign_ops::store::SCHEMA_VERSION,
            campaign_ops::store::DEFAULT_CACHE_SIZE >> 20
        ),
        match &b.shm {
            Some(dir) => format!("tmpfs scratch: `{}`.", dir.display()),
            None => "no `/dev/shm`: the tmpfs splits are left out.".to_owned(),
        },
    ];

    // `OPS_BENCH_ONLY=planning,escalation` runs only those areas (to profile one of them);
    // the report then holds only their lines and targets.
    let only = std::env::var("OPS_BENCH_ONLY").ok();
    let wanted = |area: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|a| a == area))
    };
    type Area = fn(&mut Bench) -> BoxResult<()>;
    let areas: [(&str, &str, Area); 4] = [
        ("reads", "the reads", reads::run),
        ("completion", "completing tasks", completion::run),
        ("planning", "planning", planning::run),
        ("escalation", "the escalation passes", escalation::run),
    ];
    for (area, label, run) in areas {
        if wanted(area) {
            let phase = MemPhase::start();
            run(&mut b)?;
            b.report.mem(label, phase);
        }
    }
    let peak = harness::peak_rss_mib();
    if wanted("escalation") {
        escalation::cache_effect(&mut b)?;
    }
    // After the peak above: the PgStore column's own work is not the bench's footprint.
    if wanted("pg") {
        pg::run(&mut b)?;
    }
    b.report.targets.push(tick_target());

    b.report.targets.push(Target {
        operation: "peak RSS of the bench process (VmHWM, every phase above)".to_owned(),
        target: format!("< {RSS_TARGET_MIB:.0} MiB"),
        measured: format!("{peak:.0} MiB"),
        pass: peak < RSS_TARGET_MIB,
        see: "Memory",
    });
    let Bench {
        ops,
        store,
        sql,
        mut report,
        scale,
        manifest,
        ..
    } = b;
    drop(ops);
    drop(store);
    sql.close()?;
    report.facts.push(format!(
        "Whole run {:.0} s; load average at end `{}`.",
        started.elapsed().as_secs_f64(),
        load()
    ));
    let text = report.render(scale, &manifest);
    let path = target_dir().join("bench-report.md");
    std::fs::write(&path, &text)?;
    println!("{text}");
    Ok(path)
}

/// The CAMPAIGN_TICK row, from the tick bench's own report (`cargo bench --bench tick`
/// writes `target/bench-tick.md` with its targets table).
fn tick_target() -> Target {
    let path = target_dir().join("bench-tick.md");
    let row = std::fs::read_to_string(&path).ok().and_then(|text| {
        text.lines()
            .find(|l| l.starts_with("| CAMPAIGN_TICK"))
            .map(str::to_owned)
    });
    let when = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%d %H:%M UTC"));
    match (row, when) {
        (Some(row), Some(when)) => {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            Target {
                operation: cells.get(1).copied().unwrap_or("CAMPAIGN_TICK").to_owned(),
                target: cells.get(2).copied().unwrap_or("≤ 250 ms").to_owned(),
                measured: format!(
                    "{} (separate process: `target/bench-tick.md` of {when})",
                    cells.get(3).copied().unwrap_or("?")
                ),
                pass: row.contains("**PASS**"),
                see: "`target/bench-tick.md`",
            }
        }
        _ => Target {
            operation: "CAMPAIGN_TICK over 10,000 campaigns".to_owned(),
            target: "≤ 250 ms".to_owned(),
            measured: "not measured yet: run `cargo bench --bench tick`".to_owned(),
            pass: false,
            see: "`cargo bench --bench tick`",
        },
    }
}
