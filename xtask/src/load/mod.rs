//! `cargo xtask load`: the load check of the signed-in Today page (a README command, not a
//! test). Builds the dashboard (release) and `campaign-ops-loadgen`, writes the database
//! of 1,000,000 tasks once (cached as `target/load-data/load.redb`, rewritten when older
//! than [`MAX_DATA_AGE_DAYS`], since its tasks are placed around the day it was written),
//! starts the release server on a fresh copy of it, signs in as the operator with about
//! 2,000 tasks, runs `wrk` at 32 connections (and at 1, to show a request's own cost),
//! measures the assets as served compressed and the time to interactive in headless
//! Chromium, and writes `target/load-report.md` with the targets judged PASS or MISS.

mod browser;
mod http;
mod report;
mod wrk;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::{Paths, Result, units};

/// The operator the load data holds about 2,000 tasks for, and its password (loadgen's).
const USER: &str = "op-042";
const PASSWORD: &str = "load check passphrase";
/// The session cookie's name.
const COOKIE: &str = "campaign_ops_session";
/// Connections and seconds of the measured run.
const CONNECTIONS: u32 = 32;
const SECONDS: u32 = 15;
/// The cached data is rewritten when older than this.
const MAX_DATA_AGE_DAYS: u64 = 3;
/// The address the server under load listens on.
const ADDR: &str = "127.0.0.1:3077";

/// The server under load; stopped on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Builds `campaign-ops-loadgen` (release).
fn build_loadgen(paths: &Paths) -> Result<PathBuf> {
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

/// The cached load database of `tasks` tasks, written when missing or stale.
fn data(paths: &Paths, loadgen: &Path, tasks: u32) -> Result<PathBuf> {
    let dir = paths.target.join("load-data");
    let db = dir.join(format!("load-{tasks}.redb"));
    let age = std::fs::metadata(&db)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    match age {
        Some(age) if age < Duration::from_secs(MAX_DATA_AGE_DAYS * 86_400) => {
            println!(
                "[load] data: {} (written {} ago)",
                db.display(),
                units::duration(age)
            );
            return Ok(db);
        }
        Some(_) => println!("[load] data: older than {MAX_DATA_AGE_DAYS} days, rewriting it"),
        None => println!("[load] data: writing {tasks} tasks to {}", db.display()),
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let partial = db.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let status = Command::new(loadgen)
        .arg(&partial)
        .arg(tasks.to_string())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", loadgen.display()))?;
    if !status.success() {
        return Err(format!("campaign-ops-loadgen failed ({status})"));
    }
    std::fs::rename(&partial, &db).map_err(|e| format!("cannot move the data in place: {e}"))?;
    Ok(db)
}

/// Starts the release server on a copy of `db`, waiting until it answers.
fn start_server(paths: &Paths, binary: &Path, db: &Path) -> Result<Server> {
    let run = db.with_file_name("run.redb");
    std::fs::copy(db, &run).map_err(|e| format!("cannot copy {}: {e}", db.display()))?;
    let log = std::fs::File::create(paths.target.join("load-data/server.log"))
        .map_err(|e| format!("cannot create the server log: {e}"))?;
    let child = Command::new(binary)
        .args(["serve", "--db"])
        .arg(&run)
        .args(["--addr", ADDR])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let server = Server(child);
    let started = Instant::now();
    while http::request(ADDR, "GET", "/sign-in", &[], b"").is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "the server did not answer on {ADDR} in 2 minutes (see target/load-data/server.log)"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(server)
}

/// Signs [`USER`] in through the sign-in form; returns the session token.
fn sign_in() -> Result<String> {
    let body = format!("name={USER}&password={}", PASSWORD.replace(' ', "+"));
    let res = http::request(
        ADDR,
        "POST",
        "/sign-in",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &format!("http://{ADDR}")),
            ("Referer", &format!("http://{ADDR}/sign-in")),
        ],
        body.as_bytes(),
    )?;
    res.headers_named("set-cookie")
        .find_map(|c| c.strip_prefix(&format!("{COOKIE}=")))
        .and_then(|rest| rest.split(';').next())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "signing in as {USER} set no session cookie ({})",
                res.status
            )
        })
}

/// The bytes of `path` as sent with `encoding` (`identity`, `gzip`, `br`) and the
/// encoding the server chose.
fn served_size(path: &str, encoding: &str) -> Result<(u64, String)> {
    let res = http::request(ADDR, "GET", path, &[("Accept-Encoding", encoding)], b"")?;
    if res.status != 200 {
        return Err(format!("GET {path}: {}", res.status));
    }
    let chosen = res
        .header("content-encoding")
        .unwrap_or("identity")
        .to_owned();
    Ok((res.body.len() as u64, chosen))
}

/// When a target is missed: where the server's CPU goes under load, from `perf record -g`
/// over 8 s of a second 32-connection run (`None` without perf or its permission).
fn profile(paths: &Paths, pid: u32, url: &str, cookie: &str) -> Option<String> {
    let data = paths.target.join("load-data/perf.data");
    let (url, cookie) = (url.to_owned(), cookie.to_owned());
    let load = std::thread::spawn(move || wrk::run(&url, &cookie, CONNECTIONS, 10));
    std::thread::sleep(Duration::from_secs(1));
    let recorded = Command::new("perf")
        .args(["record", "-F", "499", "-g", "-o"])
        .arg(&data)
        .args(["-p", &pid.to_string(), "--", "sleep", "8"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = load.join();
    if !recorded.is_ok_and(|s| s.success()) {
        println!("[load] no profile: perf is missing or may not record here");
        return None;
    }
    let out = Command::new("perf")
        .args([
            "report",
            "--stdio",
            "--no-children",
            "--sort",
            "dso,symbol",
            "-g",
            "none",
            "-i",
        ])
        .arg(&data)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let top: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(30)
        .collect();
    (!top.is_empty()).then(|| top.join("\n"))
}

/// The options of `cargo xtask load`.
pub struct Options {
    /// `--tasks N`: the database's size (1,000,000 without it).
    pub tasks: u32,
    /// `--prebuilt DIR`: use `DIR/campaign-ops` and `DIR/campaign-ops-loadgen` as they are
    /// (built before, e.g. in another target directory) instead of building.
    pub prebuilt: Option<PathBuf>,
}

impl Options {
    /// Reads `[--tasks N] [--prebuilt DIR]`.
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            tasks: 1_000_000,
            prebuilt: None,
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| {
                format!("{flag} takes a value: `cargo xtask load [--tasks N] [--prebuilt DIR]`")
            })?;
            match flag.as_str() {
                "--tasks" => {
                    options.tasks = value
                        .replace(['_', ','], "")
                        .parse()
                        .ok()
                        .filter(|n| *n >= 10_000)
                        .ok_or_else(|| {
                            format!("--tasks takes a number of at least 10000, not `{value}`")
                        })?
                }
                "--prebuilt" => options.prebuilt = Some(PathBuf::from(value)),
                other => {
                    return Err(format!(
                        "unknown option `{other}`: `cargo xtask load [--tasks N] [--prebuilt DIR]`"
                    ));
                }
            }
        }
        Ok(options)
    }
}

/// `cargo xtask load`, the dashboard built (`paths.server`) or `options.prebuilt`.
pub fn run(paths: &Paths, options: &Options) -> Result<()> {
    let started = Instant::now();
    let tasks = options.tasks;
    wrk::check_installed()?;
    let (server, loadgen) = match &options.prebuilt {
        Some(dir) => (dir.join("campaign-ops"), dir.join("campaign-ops-loadgen")),
        None => (paths.server.clone(), build_loadgen(paths)?),
    };
    let db = data(paths, &loadgen, tasks)?;
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("[load] starting {} on a copy of the data", server.display());
    let server = start_server(paths, &server, &db)?;
    let token = sign_in()?;
    let cookie = format!("{COOKIE}={token}");
    let page = http::request(ADDR, "GET", "/today", &[("Cookie", &cookie)], b"")?;
    if page.status != 200 {
        return Err(format!("GET /today as {USER}: {}", page.status));
    }
    let html = String::from_utf8_lossy(&page.body);
    let cards = html.matches("<article class=\"task\"").count();
    let url = format!("http://{ADDR}/today");

    println!("[load] warming up (3 s), then wrk at 1 connection ({SECONDS} s)");
    wrk::run(&url, &cookie, 4, 3)?;
    let before_single = load_average();
    let single = wrk::run(&url, &cookie, 1, SECONDS)?;
    println!("[load] wrk at {CONNECTIONS} connections ({SECONDS} s)");
    let before = load_average();
    let loaded = wrk::run(&url, &cookie, CONNECTIONS, SECONDS)?;
    let after = load_average();

    println!("[load] assets as served");
    let mut assets = Vec::new();
    for name in [
        "campaign-ops_bg.wasm",
        "campaign-ops.js",
        "campaign-ops.css",
    ] {
        let path = format!("/pkg/{name}");
        let (raw, _) = served_size(&path, "identity")?;
        let (gzip, _) = served_size(&path, "gzip")?;
        let (best, encoding) = served_size(&path, "br, gzip")?;
        assets.push(report::Asset {
            name: name.to_owned(),
            raw,
            gzip,
            best,
            encoding,
        });
    }
    let missed = loaded.p99_ms >= report::P99_TARGET_MS || loaded.rps < report::RPS_TARGET;
    let profile = if missed {
        println!("[load] a target is missed: profiling the server under load (perf)");
        profile(paths, server.0.id(), &url, &cookie)
    } else {
        None
    };
    println!("[load] time to interactive in headless Chromium");
    let (cold, warm) = browser::time_to_interactive(&format!("http://{ADDR}"), COOKIE, &token, 5)?;
    drop(server);

    let report = report::Report {
        tasks,
        db_size,
        cards,
        page_bytes: page.body.len() as u64,
        single,
        loaded,
        load_before_single: before_single,
        load_before: before,
        load_after: after,
        assets,
        cold,
        warm,
        profile,
    };
    let path = paths.target.join("load-report.md");
    std::fs::write(&path, report.markdown())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "load check in {}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms at {CONNECTIONS} connections ({}), \
         time to interactive {:.0} ms cold -> {}",
        units::duration(started.elapsed()),
        report.loaded.rps,
        report.loaded.p50_ms,
        report.loaded.p99_ms,
        report.verdict(),
        report.cold.interactive,
        path.display()
    );
    Ok(())
}
