//! `campaign-ops-loadgen <DB> [TASKS]`: writes the database `cargo xtask load` runs the
//! server on (the file must not exist): the data set of `campaign_ops_loadgen` at `TASKS`
//! tasks (1,000,000 by default), as of the moment of writing, plus the operator
//! [`LOAD_USER`] to sign in as (added through the service: an argon2id hash, an audited
//! `user.add`). Shows its progress and ends with a one-line summary.
//!
//! `campaign-ops-loadgen --cache-key` prints what a cached database depends on (the data
//! version and the store's schema version), so the load check rewrites its cache when
//! either changes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use campaign_ops_core::service::CampaignOps;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::{Actor, Role, SystemClock};
use campaign_ops_loadgen::{DATA_VERSION, LOAD_PASSWORD, LOAD_USER, MIN_TASKS, Scale};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};
use chrono::{SubsecRound, Utc};
use indicatif::{ProgressBar, ProgressStyle};

const USAGE: &str = "usage: campaign-ops-loadgen <DB> [TASKS]   (TASKS: 1000000 by default)\n       \
                     campaign-ops-loadgen --cache-key";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("campaign-ops-loadgen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let (path, tasks) = match args.as_slice() {
        [flag] if flag == "--cache-key" => {
            println!("{}", cache_key());
            return Ok(());
        }
        [path] => (PathBuf::from(path), 1_000_000),
        [path, tasks] => (PathBuf::from(path), parse_tasks(tasks)?),
        _ => return Err(USAGE.to_owned()),
    };
    let scale = Scale::with_tasks(tasks).ok_or_else(|| {
        format!("TASKS must be at least {MIN_TASKS}, not {tasks}: the data set has 100 tasks per campaign and at least 100 campaigns")
    })?;
    if path.exists() {
        return Err(format!(
            "{} exists: remove it first (the load data is written into a new file)",
            path.display()
        ));
    }
    generate(&path, scale)
}

/// What a cached database depends on: `d<data version>-s<store schema version>`.
fn cache_key() -> String {
    format!("d{DATA_VERSION}-s{SCHEMA_VERSION}")
}

/// `1000000`, `1_000_000` or `1,000,000`.
fn parse_tasks(text: &str) -> Result<u32, String> {
    text.replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("TASKS must be a whole number, not `{text}`\n{USAGE}"))
}

fn generate(path: &Path, scale: Scale) -> Result<(), String> {
    let started = Instant::now();
    // Whole seconds, as the bench's fixed "now": stored instants stay round.
    let now = Utc::now().trunc_subsecs(0);
    let store = RedbStore::open(path).map_err(|e| {
        format!(
            "cannot create {}: {e} (is its directory there and writable?)",
            path.display()
        )
    })?;
    let bar = ProgressBar::new(u64::from(scale.tasks)).with_style(
        ProgressStyle::with_template(
            "writing [{bar:40}] {human_pos}/{human_len} tasks, {per_sec}, {eta} left",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    let written = campaign_ops_loadgen::write(&store, scale, now, |_, written| {
        bar.set_length(written.tasks_total);
        bar.set_position(written.tasks);
    })
    .map_err(|e| format!("writing the data set failed: {e}"))?;
    bar.finish_and_clear();

    let ops = CampaignOps::new(store, SystemClock);
    let actor = Actor::new("loadgen").map_err(|e| e.to_string())?;
    ops.add_user(
        &actor,
        NewUser::new(LOAD_USER, Role::Operator, LOAD_PASSWORD).display_name("Load operator"),
    )
    .map_err(|e| format!("adding the user {LOAD_USER} failed: {e}"))?;
    let queue = ops
        .operator_queue(LOAD_USER, "UTC")
        .map_err(|e| format!("reading {LOAD_USER}'s queue failed: {e}"))?;
    drop(ops);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {} tasks, {} calendar items, {} metrics of {} campaigns to {} ({:.0} MB) in {:.0} s; \
         {LOAD_USER} (password \"{LOAD_PASSWORD}\"): {} overdue, {} due today",
        written.tasks,
        written.items,
        written.metrics,
        written.campaigns,
        path.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        queue.overdue.len(),
        queue.due_today.len(),
    );
    Ok(())
}
