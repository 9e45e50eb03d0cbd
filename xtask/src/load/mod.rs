//! `cargo xtask load`: the load check of the signed-in Today page (a README command, not a
//! test). Builds the dashboard (release) and `campaign-ops-loadgen`, writes the database
//! of 1,000,000 tasks once ([`data`]: cached under `target/load-data/`), starts the
//! release server on a fresh copy of it and signs in as the operator with about 2,000
//! tasks ([`server`]), runs `wrk` at 1 connection (a request's own cost) and [`ROUNDS`]
//! times at 32 ([`wrk`]), with the load average and the cores other work took ([`cpu`]),
//! measures the assets as served compressed and the time to interactive in headless
//! Chromium ([`browser`]); then the same again on a server with the page cache off
//! (`CAMPAIGN_OPS_PAGE_CACHE=off`, every request rendered), and writes
//! `target/load-report.md` with the targets judged PASS or MISS on the median round of
//! each configuration, the default's being the verdict ([`report`]; with a `perf` profile
//! of each).

mod browser;
mod cpu;
mod data;
mod http;
mod report;
mod server;
mod wrk;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Paths, Result, units};

/// The operator the load data holds about 2,000 tasks for, and its password (loadgen's).
const USER: &str = "op-042";
const PASSWORD: &str = "load check passphrase";
/// The session cookie's name.
const COOKIE: &str = "campaign_ops_session";
/// Connections and seconds of the measured run.
const CONNECTIONS: u32 = 32;
const SECONDS: u32 = 15;
/// Measured runs at [`CONNECTIONS`]: the report judges their median (by requests/s), as
/// the machine is shared and one run may fall on a busy moment.
const ROUNDS: usize = 3;
/// The address the server under load listens on.
const ADDR: &str = "127.0.0.1:3077";

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// One wrk run at `connections` with the load average before and after it and the cores
/// other work kept busy meanwhile.
fn measure(server: u32, url: &str, cookie: &str, connections: u32) -> Result<report::Round> {
    let load_before = load_average();
    let (cpu_before, started) = (cpu::sample(server), Instant::now());
    let run = wrk::run(url, cookie, connections, SECONDS)?;
    let other_cores = cpu::other_cores(
        cpu_before,
        cpu::sample(server),
        started.elapsed().as_secs_f64(),
    );
    Ok(report::Round {
        run,
        load_before,
        load_after: load_average(),
        other_cores,
    })
}

/// Where the server's CPU goes under load, from `perf record -g` over 8 s of another
/// 32-connection run (`None` without perf or its permission).
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
    // perf pads its columns to the longest symbol: one space between fields is enough.
    let top: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .take(30)
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().filter(|w| *w != "-").collect();
            words.join(" ")
        })
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

/// The server configurations measured: the default (judged) and the page cache off.
const CONFIGS: [(&str, &[(&str, &str)]); 2] = [
    ("default: page cache on", &[]),
    ("page cache off", &[("CAMPAIGN_OPS_PAGE_CACHE", "off")]),
];

/// wrk at 1 connection and [`ROUNDS`] times at [`CONNECTIONS`] against a started server,
/// and a profile of it under load.
fn measure_config(
    paths: &Paths,
    pid: u32,
    url: &str,
    cookie: &str,
    name: &str,
    setting: &[(&str, &str)],
) -> Result<report::Config> {
    println!("[load] {name}: warming up (3 s), then wrk at 1 connection ({SECONDS} s)");
    wrk::run(url, cookie, 4, 3)?;
    let single = measure(pid, url, cookie, 1)?;
    let mut rounds = Vec::new();
    for round in 1..=ROUNDS {
        println!(
            "[load] {name}: wrk at {CONNECTIONS} connections, round {round} of {ROUNDS} ({SECONDS} s)"
        );
        let r = measure(pid, url, cookie, CONNECTIONS)?;
        println!(
            "[load]   {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms (load average {}, other work {:.1} cores)",
            r.run.rps, r.run.p50_ms, r.run.p99_ms, r.load_before, r.other_cores
        );
        rounds.push(r);
    }
    println!("[load] {name}: profiling the server under load (perf)");
    let profile = profile(paths, pid, url, cookie);
    Ok(report::Config {
        name: name.to_owned(),
        setting: setting
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
        single,
        rounds,
        profile,
    })
}

/// `cargo xtask load`, the dashboard built (`paths.server`) or `options.prebuilt`.
pub fn run(paths: &Paths, options: &Options) -> Result<()> {
    let started = Instant::now();
    let tasks = options.tasks;
    wrk::check_installed()?;
    let (binary, loadgen) = match &options.prebuilt {
        Some(dir) => (dir.join("campaign-ops"), dir.join("campaign-ops-loadgen")),
        None => (paths.server.clone(), data::build_loadgen(paths)?),
    };
    let db = data::data(paths, &loadgen, tasks)?;
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let url = format!("http://{ADDR}/today");
    let mut configs = Vec::new();
    let mut page_facts = None;
    let mut assets = Vec::new();
    let mut interactive = Err("not measured".to_owned());
    for (i, (name, setting)) in CONFIGS.into_iter().enumerate() {
        println!(
            "[load] starting {} on a copy of the data: {name}",
            binary.display()
        );
        let server = server::start_server(paths, &binary, &db, setting)?;
        let token = server::sign_in()?;
        let cookie = format!("{COOKIE}={token}");
        let page = http::request(ADDR, "GET", "/today", &[("Cookie", &cookie)], b"")?;
        if page.status != 200 {
            return Err(format!("GET /today as {USER}: {}", page.status));
        }
        if i == 0 {
            let html = String::from_utf8_lossy(&page.body);
            // The open task's card is the page's only article; rows are the links with a
            // row id.
            let cards = html.matches("<article").count();
            let rows = html.matches("id=\"row-").count();
            let (wire, encoding) = server::served(
                "/today",
                &[("Cookie", &cookie), ("Accept-Encoding", "br, gzip")],
            )?;
            page_facts = Some((rows, cards, page.body.len() as u64, wire, encoding));
        }
        let pid = server.0.id();
        configs.push(measure_config(paths, pid, &url, &cookie, name, setting)?);
        if i == 0 {
            println!("[load] assets as served");
            for name in [
                "campaign-ops_bg.wasm",
                "campaign-ops.js",
                "campaign-ops.css",
            ] {
                let path = format!("/pkg/{name}");
                let (raw, _) = server::served(&path, &[("Accept-Encoding", "identity")])?;
                let (gzip, _) = server::served(&path, &[("Accept-Encoding", "gzip")])?;
                let (best, encoding) = server::served(&path, &[("Accept-Encoding", "br, gzip")])?;
                assets.push(report::Asset {
                    name: name.to_owned(),
                    raw,
                    gzip,
                    best,
                    encoding,
                });
            }
            println!("[load] time to interactive in headless Chromium");
            // The browser is the last and least certain step on a busy machine: its
            // failure is written into the report rather than losing the figures above.
            interactive =
                browser::time_to_interactive(&format!("http://{ADDR}"), COOKIE, &token, 5)
                    .inspect_err(|e| println!("[load] no time to interactive: {e}"));
        }
        drop(server);
    }
    let (rows, cards, page_bytes, page_wire, page_encoding) =
        page_facts.expect("the first configuration ran");

    let report = report::Report {
        tasks,
        db_size,
        rows,
        cards,
        page_bytes,
        page_wire,
        page_encoding,
        configs,
        assets,
        interactive,
    };
    let path = paths.target.join("load-report.md");
    std::fs::write(&path, report.markdown())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let summary: Vec<String> = report
        .configs
        .iter()
        .map(|c| {
            let m = &report::median_round(&c.rounds).run;
            format!(
                "{}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms ({})",
                c.name,
                m.rps,
                m.p50_ms,
                m.p99_ms,
                report::verdict(c.passes())
            )
        })
        .collect();
    println!(
        "load check in {} at {CONNECTIONS} connections (median of {ROUNDS} rounds): {}; judged on \
         the default: {}; time to interactive {} cold -> {}",
        units::duration(started.elapsed()),
        summary.join("; "),
        report.verdict(),
        report.interactive.as_ref().map_or_else(
            |_| "not measured".to_owned(),
            |(cold, _)| format!("{:.0} ms", cold.interactive)
        ),
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests;
