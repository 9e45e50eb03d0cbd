//! The load check's database: `campaign-ops-loadgen` built (release) and run once, its
//! file cached under `target/load-data/` by the task count and the cache key loadgen
//! prints (data and store schema versions), rewritten when older than
//! [`MAX_DATA_AGE_DAYS`] (its tasks are placed around the day it was written).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::{Paths, Result, units};

/// The cached data is rewritten when older than this.
pub const MAX_DATA_AGE_DAYS: u64 = 3;

/// Builds `campaign-ops-loadgen` (release).
pub fn build_loadgen(paths: &Paths) -> Result<PathBuf> {
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&paths.root)
        .args(["build", "--release", "-p", "campaign-ops-loadgen"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building campaign-ops-loadgen failed ({status})"));
    }
    Ok(paths.target.join("release/campaign-ops-loadgen"))
}

/// What the cached data depends on, as loadgen says (`d<data version>-s<schema version>`).
pub fn cache_key(loadgen: &Path) -> Result<String> {
    let out = Command::new(loadgen)
        .arg("--cache-key")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", loadgen.display()))?;
    let key = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success()
        || key.is_empty()
        || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(format!(
            "{} --cache-key answered `{key}` ({}): rebuild it (`cargo build --release -p campaign-ops-loadgen`)",
            loadgen.display(),
            out.status
        ));
    }
    Ok(key)
}

/// The cached load database's name for `tasks` tasks and the cache `key`.
pub fn data_name(tasks: u32, key: &str) -> String {
    format!("load-{tasks}-{key}.redb")
}

/// The cached load database of `tasks` tasks, written when missing, stale or written by
/// another data or schema version (older files are removed: each is about a gigabyte).
pub fn data(paths: &Paths, loadgen: &Path, tasks: u32) -> Result<PathBuf> {
    let dir = paths.target.join("load-data");
    let name = data_name(tasks, &cache_key(loadgen)?);
    let db = dir.join(&name);
    let age = std::fs::metadata(&db)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    match age {
        Some(age) if age < Duration::from_secs(MAX_DATA_AGE_DAYS * 86_400) => {
            println!(
                "[load] data: {} (cached, written {} ago)",
                db.display(),
                units::duration(age)
            );
            return Ok(db);
        }
        Some(_) => println!("[load] data: older than {MAX_DATA_AGE_DAYS} days, rewriting it"),
        None => println!(
            "[load] data: writing {tasks} tasks to {} (once: later runs reuse it)",
            db.display()
        ),
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for old in std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))? {
        let old = old.map_err(|e| e.to_string())?.path();
        let stale = old.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            n.starts_with("load-") && (n.ends_with(".redb") || n.ends_with(".partial"))
        });
        if stale {
            std::fs::remove_file(&old)
                .map_err(|e| format!("cannot remove the old {}: {e}", old.display()))?;
        }
    }
    let partial = db.with_extension("partial");
    let status = Command::new(loadgen)
        .arg(&partial)
        .arg(tasks.to_string())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", loadgen.display()))?;
    if !status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(format!(
            "campaign-ops-loadgen failed ({status}): see its message above, then run `cargo xtask load` again"
        ));
    }
    std::fs::rename(&partial, &db).map_err(|e| format!("cannot move the data in place: {e}"))?;
    Ok(db)
}
