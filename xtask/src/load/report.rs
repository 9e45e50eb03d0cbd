//! `target/load-report.md`: the figures of one `cargo xtask load` run, the targets judged
//! PASS or MISS, and where the time goes when one is missed.

use std::fmt::Write as _;

use super::browser::Load;
use super::wrk::Run;
use super::{CONNECTIONS, SECONDS, USER};
use crate::units;

/// p99 latency target at [`CONNECTIONS`] connections, milliseconds.
pub const P99_TARGET_MS: f64 = 10.0;
/// Throughput target, requests per second.
pub const RPS_TARGET: f64 = 2_000.0;

/// One asset's sizes.
pub struct Asset {
    /// The file under `/pkg/`.
    pub name: String,
    /// Uncompressed.
    pub raw: u64,
    /// Gzip, when the client accepts only gzip.
    pub gzip: u64,
    /// What a browser gets (`Accept-Encoding: br, gzip`).
    pub best: u64,
    /// The encoding the server chose for it.
    pub encoding: String,
}

/// Everything the report says.
pub struct Report {
    /// Tasks in the database.
    pub tasks: u32,
    /// The database file's size.
    pub db_size: u64,
    /// Task cards on the measured Today page.
    pub cards: usize,
    /// The page's HTML, uncompressed.
    pub page_bytes: u64,
    /// wrk at one connection.
    pub single: Run,
    /// wrk at [`CONNECTIONS`] connections.
    pub loaded: Run,
    /// Load averages before the single run, before and after the loaded one.
    pub load_before_single: String,
    /// See `load_before_single`.
    pub load_before: String,
    /// See `load_before_single`.
    pub load_after: String,
    /// The site's files.
    pub assets: Vec<Asset>,
    /// The first load of a fresh profile.
    pub cold: Load,
    /// The loads after it.
    pub warm: Vec<Load>,
    /// A profile of the server under load, when a target was missed.
    pub profile: Option<String>,
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

impl Report {
    /// Whether both targets are met.
    pub fn passes(&self) -> bool {
        self.loaded.p99_ms < P99_TARGET_MS
            && self.loaded.rps >= RPS_TARGET
            && self.loaded.errors == 0
    }

    /// `PASS` or `MISS`.
    pub fn verdict(&self) -> &'static str {
        verdict(self.passes())
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let mut s = String::new();
        let _ = writeln!(s, "# Load check: the signed-in Today page\n");
        let _ = writeln!(
            s,
            "`cargo xtask load`: the release server (`campaign-ops serve`, with its daemon) on a \
             copy of a {} database of {} tasks (10,000 active campaigns, 500 operators), \
             signed in as `{USER}`, who holds {} of them; their Today page has {} task \
             cards ({} of HTML, sent compressed). `wrk` runs {SECONDS} s per measurement on the \
             same machine ({cores} cores), which is shared with other work: the load average \
             (1, 5, 15 min) is quoted beside each figure.\n",
            units::bytes(self.db_size),
            self.tasks,
            self.tasks / 500,
            self.cards,
            units::bytes(self.page_bytes),
        );
        let _ = writeln!(s, "## Throughput and latency\n");
        let _ = writeln!(
            s,
            "| connections | requests/s | p50 | p90 | p99 | requests | errors | load average before |"
        );
        let _ = writeln!(
            s,
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        );
        for (run, load) in [
            (&self.single, &self.load_before_single),
            (&self.loaded, &self.load_before),
        ] {
            let _ = writeln!(
                s,
                "| {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {} | {} | {load} |",
                run.connections,
                run.rps,
                run.p50_ms,
                run.p90_ms,
                run.p99_ms,
                run.requests,
                run.errors
            );
        }
        let _ = writeln!(
            s,
            "\nLoad average after the {CONNECTIONS}-connection run: {}.\n",
            self.load_after
        );
        let _ = writeln!(s, "## Targets ({CONNECTIONS} connections)\n");
        let _ = writeln!(s, "| target | measured | verdict |");
        let _ = writeln!(s, "| --- | ---: | --- |");
        let _ = writeln!(
            s,
            "| p99 < {P99_TARGET_MS:.0} ms | {:.2} ms | {} |",
            self.loaded.p99_ms,
            verdict(self.loaded.p99_ms < P99_TARGET_MS)
        );
        let _ = writeln!(
            s,
            "| ≥ {RPS_TARGET:.0} requests/s | {:.0} | {} |",
            self.loaded.rps,
            verdict(self.loaded.rps >= RPS_TARGET)
        );
        let _ = writeln!(
            s,
            "| no errors | {} | {} |\n",
            self.loaded.errors,
            verdict(self.loaded.errors == 0)
        );
        if !self.passes() {
            let per_request = self.single.p50_ms;
            let _ = writeln!(s, "## Where the time goes\n");
            let _ = writeln!(
                s,
                "Alone (1 connection), a request takes {per_request:.2} ms (p50) end to end: with \
                 {cores} cores fully given to the server that bounds it at about {:.0} requests/s, \
                 before the other work on the machine and wrk's own share of the cores. At \
                 {CONNECTIONS} connections the rest of the p99 is queueing behind that cost.\n",
                cores as f64 * 1000.0 / per_request.max(0.001),
            );
            if let Some(profile) = &self.profile {
                let _ = writeln!(
                    s,
                    "The server's CPU under load (`perf record -g`, {CONNECTIONS} connections; \
                     self time per symbol, the top entries):\n\n```text\n{profile}\n```\n"
                );
            }
        }
        let _ = writeln!(s, "## Assets as served\n");
        let _ = writeln!(s, "| file | raw | gzip | as a browser gets it |");
        let _ = writeln!(s, "| --- | ---: | ---: | ---: |");
        for a in &self.assets {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} ({}) |",
                a.name,
                units::bytes(a.raw),
                units::bytes(a.gzip),
                units::bytes(a.best),
                a.encoding
            );
        }
        let total: u64 = self.assets.iter().map(|a| a.best).sum();
        let _ = writeln!(s, "\nIn all: {} on the wire.\n", units::bytes(total));
        let _ = writeln!(s, "## Time to interactive (headless Chromium)\n");
        let _ = writeln!(
            s,
            "From the navigation start of `/today` to the hydration marker (`data-hydrated=\"true\"`, \
             set by the WASM client), loaded from this server on loopback.\n"
        );
        let _ = writeln!(
            s,
            "| load | interactive | DOMContentLoaded | WASM downloaded |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | ---: |");
        let _ = writeln!(
            s,
            "| cold (fresh profile) | {:.0} ms | {:.0} ms | {:.0} ms |",
            self.cold.interactive, self.cold.dom_content_loaded, self.cold.wasm_loaded
        );
        let _ = writeln!(
            s,
            "| warm (median of {}) | {:.0} ms | {:.0} ms | cached |",
            self.warm.len(),
            median(self.warm.iter().map(|l| l.interactive).collect()),
            median(self.warm.iter().map(|l| l.dom_content_loaded).collect()),
        );
        s
    }
}
