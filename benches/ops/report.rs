//! What the run measured and how it is written to `target/bench-report.md`: the results
//! table (both sides), where the time goes, memory, and the targets table at the end.

use std::fmt::Write as _;
use std::time::Duration;

use crate::dataset::{Manifest, Scale, now};
use crate::harness::{Stats, fmt, ratio};

/// One line of the results table.
pub struct Line {
    /// Short id the other sections refer to.
    pub id: &'static str,
    /// What was measured.
    pub what: String,
    /// The rows involved (checked equal on both sides where there are two).
    pub rows: String,
    /// The campaign-ops side.
    pub redb: Option<Stats>,
    /// The SQLite side.
    pub sqlite: Option<Stats>,
}

impl Line {
    /// SQLite p50 / redb p50.
    pub fn ratio(&self) -> Option<f64> {
        Some(ratio(self.sqlite?.p50, self.redb?.p50))
    }
}

/// One row of the targets table.
pub struct Target {
    /// The operation.
    pub operation: String,
    /// The target, in words.
    pub target: String,
    /// The measured figure (and what it was measured against).
    pub measured: String,
    /// Met or not.
    pub pass: bool,
    /// Where its breakdown is, for a miss.
    pub see: &'static str,
}

impl Target {
    /// A "p50 ≤ limit" target.
    pub fn at_most(operation: &str, limit: Duration, s: Stats, see: &'static str) -> Self {
        Target {
            operation: operation.to_owned(),
            target: format!("p50 ≤ {}", crate::harness::limit(limit)),
            measured: format!("p50 {} (p90 {})", fmt(s.p50), fmt(s.p90)),
            pass: s.p50 <= limit,
            see,
        }
    }

    /// A "≥ x× SQLite" target on the medians of a line.
    pub fn vs_sqlite(operation: &str, at_least: f64, l: &Line, see: &'static str) -> Self {
        let (r, s) = (l.redb.expect("redb side"), l.sqlite.expect("SQLite side"));
        let x = l.ratio().unwrap_or(0.0);
        Target {
            operation: operation.to_owned(),
            target: format!("≥ {at_least}× SQLite"),
            measured: format!(
                "{x:.2}× (redb {}, SQLite {}; line {})",
                fmt(r.p50),
                fmt(s.p50),
                l.id
            ),
            pass: x >= at_least,
            see,
        }
    }
}

/// A subsection of "Where the time goes": measured figures, one bullet each.
pub struct Split {
    /// The area (matches a target's `see`).
    pub area: &'static str,
    /// Bullets.
    pub items: Vec<String>,
}

/// Everything the run collected.
#[derive(Default)]
pub struct Report {
    /// Results table.
    pub lines: Vec<Line>,
    /// "Where the time goes".
    pub splits: Vec<Split>,
    /// Targets table.
    pub targets: Vec<Target>,
    /// Each phase's RSS at its start and its own peak, MiB.
    pub rss: Vec<(&'static str, f64, f64)>,
    /// Header facts, one bullet each.
    pub facts: Vec<String>,
    /// Further sections (markdown, each with its heading), after "Results": the PgStore
    /// column (`pg.rs`).
    pub extra: Vec<String>,
}

impl Report {
    /// Adds a results line.
    pub fn line(&mut self, line: Line) -> &Line {
        self.lines.push(line);
        self.lines.last().expect("just pushed")
    }

    /// Adds a "where the time goes" subsection.
    pub fn split(&mut self, area: &'static str, items: Vec<String>) {
        self.splits.push(Split { area, items });
    }

    /// Adds `item` to the subsection `area`, creating it when missing.
    pub fn split_item(&mut self, area: &'static str, item: String) {
        match self.splits.iter_mut().find(|s| s.area == area) {
            Some(split) => split.items.push(item),
            None => self.split(area, vec![item]),
        }
    }

    /// Notes a phase's memory ([`crate::harness::MemPhase`]).
    pub fn mem(&mut self, phase: &'static str, m: crate::harness::MemPhase) {
        let (before, peak) = m.end();
        self.rss.push((phase, before, peak));
    }

    /// The markdown report.
    pub fn render(&self, scale: Scale, m: &Manifest) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# campaign-ops benchmark: RedbStore vs SQLite\n");
        let _ = writeln!(
            out,
            "Written by `cargo bench --bench ops` (benches/ops.rs, benches/ops/). Medians (p50) \
             and p90 of single calls; the sides of a comparison are timed in interleaved rounds \
             in one process, and every ratio (SQLite p50 / redb p50, > 1: redb is faster) comes \
             from the same run. Clock fixed at {} (a Wednesday, 11:30 in Berlin). Nothing here \
             fails on a time: the targets are judged in the table at the end.\n",
            now().format("%Y-%m-%d %H:%M UTC")
        );
        let _ = writeln!(
            out,
            "- Data set `{}`: {} campaigns, {} tasks (campaign 1: {}; {} operators), {} calendar \
             items, {} metrics, {} audit entries.",
            scale.name,
            m.campaigns,
            m.tasks,
            scale.big_tasks,
            scale.operators,
            m.items,
            m.metrics,
            m.audit
        );
        for f in &self.facts {
            let _ = writeln!(out, "- {f}");
        }
        let _ = writeln!(out, "\n## Results\n");
        let _ = writeln!(
            out,
            "| # | operation | rows | redb p50 | redb p90 | SQLite p50 | SQLite p90 | SQLite / redb |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|");
        for l in &self.lines {
            let cell = |s: Option<Stats>, p90: bool| {
                s.map_or("—".to_owned(), |s| fmt(if p90 { s.p90 } else { s.p50 }))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                l.id,
                l.what,
                l.rows,
                cell(l.redb, false),
                cell(l.redb, true),
                cell(l.sqlite, false),
                cell(l.sqlite, true),
                l.ratio().map_or("—".to_owned(), |x| format!("{x:.2}×")),
            );
        }
        let samples: Vec<String> = self
            .lines
            .iter()
            .map(|l| format!("{} {}", l.id, l.redb.or(l.sqlite).map_or(0, |s| s.n)))
            .collect();
        let _ = writeln!(out, "\nSamples per side: {}.", samples.join(", "));
        for section in &self.extra {
            out.push_str(section);
        }

        let _ = writeln!(out, "\n## Where the time goes\n");
        let _ = writeln!(
            out,
            "Measured in this run, for every area (those with a MISS below first matter). \
             \"tmpfs\" is the same service call on a copy of the same file in `/dev/shm`, where a \
             flush costs nothing: RedbStore has no durability setting, so this is how the \
             compute + B-tree + page-write part is split from the disk flush (the equivalent of \
             redb `Durability::None`)."
        );
        for s in self.splits.iter().filter(|s| s.area != "Memory") {
            let missed = self.targets.iter().any(|t| t.see == s.area && !t.pass);
            let _ = writeln!(
                out,
                "\n### {}{}\n",
                s.area,
                if missed { " (MISS)" } else { "" }
            );
            for item in &s.items {
                let _ = writeln!(out, "- {item}");
            }
        }

        let _ = writeln!(out, "\n## Memory\n");
        let _ = writeln!(
            out,
            "RSS of the bench process at the start of each phase and the phase's own peak \
             (VmHWM reset at its start); the process's peak is the highest of them. The \
             data-set generation runs in a child process (its own peak: {:.0} MiB).\n",
            m.peak_rss_mib
        );
        let _ = writeln!(out, "| phase | RSS at start | peak |");
        let _ = writeln!(out, "|---|---:|---:|");
        for (phase, before, peak) in &self.rss {
            let _ = writeln!(out, "| {phase} | {before:.0} MiB | {peak:.0} MiB |");
        }
        for s in self.splits.iter().filter(|s| s.area == "Memory") {
            for item in &s.items {
                let _ = writeln!(out, "\n- {item}");
            }
        }

        let _ = writeln!(out, "\n## Targets\n");
        let _ = writeln!(out, "| operation | target | measured | result |");
        let _ = writeln!(out, "|---|---|---|---|");
        for t in &self.targets {
            let _ = writeln!(
                out,
                "| {} | {} | {} | **{}**{} |",
                t.operation,
                t.target,
                t.measured,
                if t.pass { "PASS" } else { "MISS" },
                if t.pass || t.see.is_empty() {
                    String::new()
                } else {
                    format!(" (see {})", t.see)
                }
            );
        }
        let (pass, all) = (
            self.targets.iter().filter(|t| t.pass).count(),
            self.targets.len(),
        );
        let _ = writeln!(out, "\n{pass} of {all} targets met.");
        out
    }
}
