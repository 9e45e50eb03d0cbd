//! `target/load-report.md`: the figures of one `cargo xtask load` run, the targets judged
//! PASS or MISS, and where the time goes when one is missed.

use std::fmt::Write as _;

use super::browser::Load;
use super::wrk::Run;
use super::{CONNECTIONS, ROUNDS, SECONDS, USER};
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

/// One wrk run and how busy the machine was.
pub struct Round {
    /// What wrk measured.
    pub run: Run,
    /// The load average (1, 5, 15 min) before it.
    pub load_before: String,
    /// The load average after it.
    pub load_after: String,
    /// Cores kept busy meanwhile by other work than the server and wrk.
    pub other_cores: f64,
}

/// The index of the round of median requests/s (the upper one of an even count).
pub fn median_index(rounds: &[Round]) -> usize {
    let mut order: Vec<usize> = (0..rounds.len()).collect();
    order.sort_by(|&a, &b| rounds[a].run.rps.total_cmp(&rounds[b].run.rps));
    order[order.len() / 2]
}

/// The round of median requests/s.
pub fn median_round(rounds: &[Round]) -> &Round {
    &rounds[median_index(rounds)]
}

/// One server configuration's measurements.
pub struct Config {
    /// What it is, e.g. `the default (page cache on)`.
    pub name: String,
    /// The environment the server ran with (`NAME=value …`, empty for none).
    pub setting: String,
    /// wrk at one connection.
    pub single: Round,
    /// wrk at [`CONNECTIONS`] connections, [`ROUNDS`] times.
    pub rounds: Vec<Round>,
    /// A profile of the server under load.
    pub profile: Option<String>,
}

impl Config {
    /// The judged run: the median round at [`CONNECTIONS`].
    pub fn measured(&self) -> &Run {
        &median_round(&self.rounds).run
    }

    /// Whether both targets are met (and nothing failed).
    pub fn passes(&self) -> bool {
        let m = self.measured();
        m.p99_ms < P99_TARGET_MS && m.rps >= RPS_TARGET && m.errors == 0
    }
}

impl Config {
    /// `### name` and the table of its runs.
    fn runs_table(&self, s: &mut String) {
        let setting = if self.setting.is_empty() {
            "no settings".to_owned()
        } else {
            format!("`{}`", self.setting)
        };
        let _ = writeln!(s, "### {} ({setting})\n", self.name);
        let _ = writeln!(
            s,
            "| run | connections | requests/s | p50 | p90 | p99 | requests | errors | load average before → after | other work |"
        );
        let _ = writeln!(
            s,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
        );
        let median_at = median_index(&self.rounds);
        let runs = std::iter::once(("alone".to_owned(), &self.single)).chain(
            self.rounds.iter().enumerate().map(|(i, r)| {
                let mark = if i == median_at { " (median)" } else { "" };
                (format!("round {}{mark}", i + 1), r)
            }),
        );
        for (name, r) in runs {
            let run = &r.run;
            let _ = writeln!(
                s,
                "| {name} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.2} ms | {} | {} | {} → {} | {:.1} cores |",
                run.connections,
                run.rps,
                run.p50_ms,
                run.p90_ms,
                run.p99_ms,
                run.requests,
                run.errors,
                r.load_before,
                r.load_after,
                r.other_cores,
            );
        }
        let _ = writeln!(s);
    }
}

/// Everything the report says.
pub struct Report {
    /// Tasks in the database.
    pub tasks: u32,
    /// The database file's size.
    pub db_size: u64,
    /// Task rows on the measured Today page (its inbox).
    pub rows: usize,
    /// Task cards on it (the open task, in full).
    pub cards: usize,
    /// The page's HTML, uncompressed.
    pub page_bytes: u64,
    /// The page as sent to wrk (`Accept-Encoding: br, gzip`).
    pub page_wire: u64,
    /// The encoding it was sent in.
    pub page_encoding: String,
    /// The configurations measured; the first is the default, which the verdict judges.
    pub configs: Vec<Config>,
    /// The site's files.
    pub assets: Vec<Asset>,
    /// The first load of a fresh profile.
    pub interactive: Result<(Load, Vec<Load>), String>,
}

/// `PASS` or `MISS`.
pub fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

impl Report {
    /// Whether the default configuration (the first) meets both targets.
    pub fn passes(&self) -> bool {
        self.configs.first().is_some_and(Config::passes)
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
             copy of a {} database of {} tasks ({} campaigns), signed in as `{USER}`, who holds \
             about {} of them; their Today page has {} task rows and {} open task card ({} of HTML, {} as sent, {}). \
             `wrk` runs {SECONDS} s per measurement on the same machine ({cores} cores) as the \
             server, which is shared with other work: beside each figure are the load average \
             (1, 5, 15 min) and the cores other work than the server and wrk kept busy during \
             the run. Each configuration's targets are judged on the median of {ROUNDS} rounds.\n",
            units::bytes(self.db_size),
            self.tasks,
            self.tasks / 100,
            self.tasks / 500,
            self.rows,
            self.cards,
            units::bytes(self.page_bytes),
            units::bytes(self.page_wire),
            self.page_encoding,
        );
        let _ = writeln!(
            s,
            "Each configuration runs on its own server process on a fresh copy of the data. \
             **The targets are judged on the first configuration, {}**; the \
             others are shown beside it, each judged on its own.\n",
            self.configs.first().map_or("none", |c| c.name.as_str())
        );
        let _ = writeln!(s, "## Throughput and latency\n");
        for c in &self.configs {
            c.runs_table(&mut s);
        }
        let _ = writeln!(s, "## Targets ({CONNECTIONS} connections, median round)\n");
        let _ = writeln!(s, "| configuration | target | measured | verdict |");
        let _ = writeln!(s, "| --- | --- | ---: | --- |");
        for (i, c) in self.configs.iter().enumerate() {
            let m = c.measured();
            let name = if i == 0 {
                format!("**{}** (judged)", c.name)
            } else {
                c.name.clone()
            };
            let _ = writeln!(
                s,
                "| {name} | p99 < {P99_TARGET_MS:.0} ms | {:.2} ms | {} |",
                m.p99_ms,
                verdict(m.p99_ms < P99_TARGET_MS)
            );
            let _ = writeln!(
                s,
                "| {name} | ≥ {RPS_TARGET:.0} requests/s | {:.0} | {} |",
                m.rps,
                verdict(m.rps >= RPS_TARGET)
            );
            let _ = writeln!(
                s,
                "| {name} | no errors | {} | {} |",
                m.errors,
                verdict(m.errors == 0)
            );
        }
        let _ = writeln!(
            s,
            "\nVerdict (the default configuration): **{}**.\n",
            self.verdict()
        );
        let _ = writeln!(s, "## Where the time goes\n");
        for c in &self.configs {
            let per_request = c.single.run.p50_ms;
            let median = median_round(&c.rounds);
            let queue = f64::from(CONNECTIONS) * per_request;
            let _ = writeln!(
                s,
                "### {}\n\nAlone (1 connection), a request takes {per_request:.2} ms (p50) end to \
                 end: with {cores} cores fully given to the server that bounds it at about {:.0} \
                 requests/s, before the other work on the machine and wrk's own share of the \
                 cores. At {CONNECTIONS} connections a request queues behind at most the others' \
                 cost, about {CONNECTIONS} × {per_request:.2} ms = {queue:.1} ms.\n",
                c.name,
                cores as f64 * 1000.0 / per_request.max(0.001),
            );
            let p99 = median.run.p99_ms;
            if p99 > 2.0 * queue {
                let _ = writeln!(
                    s,
                    "The median round's p99 of {p99:.2} ms is beyond that: the rest is wrk's own \
                     share of the cores and time the server's threads waited for a core while \
                     other work kept {:.1} cores busy (load average {} → {}).\n",
                    median.other_cores, median.load_before, median.load_after,
                );
            } else {
                let _ = writeln!(
                    s,
                    "The median round's p99 of {p99:.2} ms is that queueing.\n"
                );
            }
            match &c.profile {
                Some(profile) => {
                    let _ = writeln!(
                        s,
                        "The server's CPU under load (`perf record -g`, {CONNECTIONS} \
                         connections; self time per symbol, the top entries):\n\n```text\n{profile}\n```\n"
                    );
                }
                None => {
                    let _ = writeln!(s, "No profile: perf is missing or may not record here.\n");
                }
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
        match &self.interactive {
            Ok((cold, warm)) => {
                let _ = writeln!(
                    s,
                    "| cold (fresh profile) | {:.0} ms | {:.0} ms | {:.0} ms |",
                    cold.interactive, cold.dom_content_loaded, cold.wasm_loaded
                );
                let _ = writeln!(
                    s,
                    "| warm (median of {}) | {:.0} ms | {:.0} ms | cached |",
                    warm.len(),
                    median(warm.iter().map(|l| l.interactive).collect()),
                    median(warm.iter().map(|l| l.dom_content_loaded).collect()),
                );
            }
            Err(e) => {
                let _ = writeln!(s, "| not measured: {} | | | |", e.replace('|', "/"));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(rps: f64, p99_ms: f64) -> Round {
        Round {
            run: Run {
                connections: CONNECTIONS,
                rps,
                p50_ms: p99_ms / 4.0,
                p90_ms: p99_ms / 2.0,
                p99_ms,
                requests: (rps * f64::from(SECONDS)) as u64,
                errors: 0,
            },
            load_before: "1.00 2.00 3.00".to_owned(),
            load_after: "2.00 2.00 3.00".to_owned(),
            other_cores: 0.25,
        }
    }

    fn config(name: &str, setting: &str, rounds: Vec<Round>) -> Config {
        Config {
            name: name.to_owned(),
            setting: setting.to_owned(),
            single: Round {
                run: Run {
                    connections: 1,
                    ..round(900.0, 2.0).run
                },
                ..round(0.0, 0.0)
            },
            rounds,
            profile: Some(format!("12% campaign-ops render ({name})")),
        }
    }

    fn report(default: Vec<Round>, uncached: Vec<Round>) -> Report {
        let load = Load {
            interactive: 300.0,
            dom_content_loaded: 120.0,
            wasm_loaded: 200.0,
        };
        Report {
            tasks: 1_000_000,
            db_size: 1 << 30,
            rows: 50,
            cards: 1,
            page_bytes: 200_000,
            page_wire: 20_000,
            page_encoding: "br".to_owned(),
            configs: vec![
                config("cache on", "", default),
                config("cache off", "CAMPAIGN_OPS_PAGE_CACHE=off", uncached),
            ],
            assets: vec![Asset {
                name: "campaign-ops_bg.wasm".to_owned(),
                raw: 1_000_000,
                gzip: 300_000,
                best: 250_000,
                encoding: "br".to_owned(),
            }],
            interactive: Ok((load, vec![load; 3])),
        }
    }

    #[test]
    fn the_median_round_of_the_default_is_judged_and_every_configuration_shown() {
        let rounds = vec![
            round(2_500.0, 8.0),
            round(1_500.0, 30.0),
            round(2_100.0, 9.0),
        ];
        assert_eq!(median_index(&rounds), 2);
        let r = report(rounds, vec![round(1_200.0, 40.0)]);
        assert!(r.passes(), "judged on the default");
        let md = r.markdown();
        assert!(md.contains("| round 3 (median) | 32 | 2100 |"), "{md}");
        assert!(
            md.contains("| **cache on** (judged) | p99 < 10 ms | 9.00 ms | PASS |"),
            "{md}"
        );
        assert!(
            md.contains("| **cache on** (judged) | ≥ 2000 requests/s | 2100 | PASS |"),
            "{md}"
        );
        assert!(
            md.contains("| cache off | p99 < 10 ms | 40.00 ms | MISS |"),
            "{md}"
        );
        assert!(
            md.contains("| cache off | ≥ 2000 requests/s | 1200 | MISS |"),
            "{md}"
        );
        assert!(
            md.contains("### cache off (`CAMPAIGN_OPS_PAGE_CACHE=off`)"),
            "{md}"
        );
        assert!(
            md.contains("Verdict (the default configuration): **PASS**"),
            "{md}"
        );
        assert!(md.contains("0.2 cores"), "{md}");
        assert!(md.contains("12% campaign-ops render (cache off)"), "{md}");
        assert!(md.contains("32 × 0.50 ms = 16.0 ms"), "{md}");
        assert!(md.contains("p99 of 9.00 ms is that queueing"), "{md}");
        assert!(
            md.contains("p99 of 40.00 ms is beyond that") && md.contains("0.2 cores busy"),
            "{md}"
        );
    }

    #[test]
    fn a_miss_of_the_default_is_the_verdict() {
        let mut slow = round(2_400.0, 14.0);
        slow.run.errors = 3;
        let r = report(vec![slow], vec![round(2_500.0, 8.0)]);
        assert!(!r.passes());
        let md = r.markdown();
        assert!(
            md.contains("| **cache on** (judged) | p99 < 10 ms | 14.00 ms | MISS |"),
            "{md}"
        );
        assert!(
            md.contains("| **cache on** (judged) | no errors | 3 | MISS |"),
            "{md}"
        );
        assert!(
            md.contains("Verdict (the default configuration): **MISS**"),
            "{md}"
        );
        assert!(md.contains("## Where the time goes"), "{md}");
        assert!(md.contains("12% campaign-ops render (cache on)"), "{md}");
    }
}
