//! A small timing harness: interleaved rounds of several sides, medians and p90, the
//! process's memory and I/O counters from `/proc/self`, and the cost of an `fdatasync`.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Summary of one side's samples.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Samples taken.
    pub n: usize,
    /// Median.
    pub p50: Duration,
    /// 90th percentile.
    pub p90: Duration,
}

impl Stats {
    /// The median and p90 of `samples` (at least one).
    pub fn of(mut samples: Vec<Duration>) -> Self {
        assert!(!samples.is_empty(), "no samples");
        samples.sort_unstable();
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        Stats {
            n: samples.len(),
            p50: at(0.5),
            p90: at(0.9),
        }
    }
}

/// How many samples to take: `rounds` rounds of `per_round` calls of each side, after
/// `warmup` untimed calls of each.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Untimed calls first.
    pub warmup: usize,
    /// Rounds; each round starts with another side.
    pub rounds: usize,
    /// Timed calls per side and round.
    pub per_round: usize,
}

impl Plan {
    /// A plan of `rounds` rounds of `per_round` calls after `warmup` untimed ones.
    pub fn new(warmup: usize, rounds: usize, per_round: usize) -> Self {
        Self {
            warmup,
            rounds,
            per_round,
        }
    }

    /// Calls of one side in all (warm-up included).
    pub fn calls(&self) -> usize {
        self.warmup + self.rounds * self.per_round
    }
}

/// Times a call of `f` (which returns what it timed, so a caller can leave set-up out).
pub fn timed(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// One side of a comparison: a call that returns the time of what it timed.
pub type Side<'a> = &'a mut dyn FnMut() -> Duration;

/// Runs every side in interleaved rounds (round `r` starts with side `r mod n`), so that a
/// noisy neighbour hurts all of them alike.
pub fn interleaved(plan: Plan, sides: &mut [Side<'_>]) -> Vec<Stats> {
    for _ in 0..plan.warmup {
        for side in sides.iter_mut() {
            side();
        }
    }
    let n = sides.len();
    let mut samples = vec![Vec::with_capacity(plan.rounds * plan.per_round); n];
    for round in 0..plan.rounds {
        for k in 0..n {
            let s = (round + k) % n;
            for _ in 0..plan.per_round {
                samples[s].push(sides[s]());
            }
        }
    }
    samples.into_iter().map(Stats::of).collect()
}

/// Two sides in interleaved rounds.
pub fn pair(
    plan: Plan,
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> (Stats, Stats) {
    let s = interleaved(plan, &mut [&mut a, &mut b]);
    (s[0], s[1])
}

fn status_kib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The highest VmHWM seen before a [`MemPhase`] reset it, KiB.
static PEAK_KIB: AtomicU64 = AtomicU64::new(0);

/// Peak resident set size of this process since it started (VmHWM, and the peaks before
/// each [`MemPhase`] reset it), MiB; 0 where /proc is missing.
pub fn peak_rss_mib() -> f64 {
    let now = status_kib("VmHWM:").unwrap_or(0.0);
    now.max(PEAK_KIB.load(Ordering::Relaxed) as f64) / 1024.0
}

/// Current resident set size (VmRSS), MiB.
pub fn rss_mib() -> f64 {
    status_kib("VmRSS:").unwrap_or(0.0) / 1024.0
}

/// The peaks of the phases under way (outermost first), KiB: folded in whenever a phase
/// inside them resets VmHWM.
static OPEN_PHASES: Mutex<Vec<u64>> = Mutex::new(Vec::new());

/// A phase's own memory: the RSS when it starts and its own peak, by resetting VmHWM to the
/// current RSS at the start (`/proc/self/clear_refs`). Phases nest: an outer phase's peak
/// includes its inner ones', and [`peak_rss_mib`] keeps the peak of the whole process.
#[derive(Debug)]
pub struct MemPhase {
    /// VmRSS at the start, MiB.
    pub before: f64,
}

impl MemPhase {
    /// Starts a phase.
    pub fn start() -> Self {
        let hwm = status_kib("VmHWM:").unwrap_or(0.0) as u64;
        PEAK_KIB.fetch_max(hwm, Ordering::Relaxed);
        let mut open = OPEN_PHASES.lock().expect("not poisoned");
        open.iter_mut().for_each(|p| *p = (*p).max(hwm));
        open.push(0);
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        MemPhase { before: rss_mib() }
    }

    /// (RSS at the start, the phase's peak), MiB.
    pub fn end(self) -> (f64, f64) {
        let hwm = status_kib("VmHWM:").unwrap_or(0.0) as u64;
        let mut open = OPEN_PHASES.lock().expect("not poisoned");
        let mine = open.pop().unwrap_or(0).max(hwm);
        open.iter_mut().for_each(|p| *p = (*p).max(hwm));
        (self.before, mine as f64 / 1024.0)
    }
}

/// The write counters of `/proc/self/io`: bytes handed to `write`-family calls and how many
/// such calls, cumulative for the process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Io {
    /// `wchar`: bytes written.
    pub bytes: u64,
    /// `syscw`: write calls.
    pub calls: u64,
}

impl Io {
    /// The counters now (zero where /proc is missing).
    pub fn now() -> Self {
        let text = std::fs::read_to_string("/proc/self/io").unwrap_or_default();
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.trim().parse().ok())
                .unwrap_or(0)
        };
        Io {
            bytes: get("wchar:"),
            calls: get("syscw:"),
        }
    }

    /// What was written since `earlier`.
    pub fn since(self, earlier: Io) -> Io {
        Io {
            bytes: self.bytes.saturating_sub(earlier.bytes),
            calls: self.calls.saturating_sub(earlier.calls),
        }
    }
}

/// Adds up the writes of many calls, to report them per call.
#[derive(Debug, Clone, Copy, Default)]
pub struct IoTally {
    total: Io,
    calls: u64,
}

impl IoTally {
    /// Runs `f`, counting what it writes (the `/proc` reads stay outside `f`'s timing).
    pub fn count(&mut self, f: impl FnOnce() -> Duration) -> Duration {
        let before = Io::now();
        let d = f();
        let w = Io::now().since(before);
        self.total.bytes += w.bytes;
        self.total.calls += w.calls;
        self.calls += 1;
        d
    }

    /// "N KiB in M writes" per call.
    pub fn per_call(&self) -> String {
        let n = self.calls.max(1) as f64;
        format!(
            "{:.1} KiB in {:.1} writes",
            self.total.bytes as f64 / n / 1024.0,
            self.total.calls as f64 / n
        )
    }
}

const PAGE: usize = 4096;

/// A file of its own in `dir` whose `fdatasync` is timed after rewriting some of its 4 KiB
/// pages (untimed): one page, pages scattered over the file as a B-tree commit leaves them,
/// or pages in one run as a log append does. What no durable commit of that many pages on
/// that disk beats.
pub struct SyncProbe {
    file: File,
    pages: u64,
    n: u8,
    rng: u64,
}

impl SyncProbe {
    /// Creates `dir/fdatasync-probe` of `mib` MiB, written in full (no holes) and synced.
    pub fn new(dir: &Path, mib: u64) -> std::io::Result<Self> {
        let mut file = File::create(dir.join("fdatasync-probe"))?;
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..mib {
            file.write_all(&chunk)?;
        }
        file.sync_all()?;
        Ok(Self {
            file,
            pages: mib * (1 << 20) / PAGE as u64,
            n: 0,
            rng: 0x9e37_79b9_7f4a_7c15,
        })
    }

    /// Rewrites `pages` pages (scattered at random over the file, or one run from its start)
    /// and times one `fdatasync`.
    pub fn sync(&mut self, pages: usize, scattered: bool) -> Duration {
        self.n = self.n.wrapping_add(1);
        let pages = pages.max(1);
        if scattered {
            let block = vec![self.n; PAGE];
            for _ in 0..pages {
                self.rng = self
                    .rng
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let page = (self.rng >> 33) % self.pages;
                self.file
                    .write_all_at(&block, page * PAGE as u64)
                    .expect("write");
            }
        } else {
            let run = vec![self.n; pages * PAGE];
            self.file.write_all_at(&run, 0).expect("write");
        }
        timed(|| self.file.sync_data().expect("fdatasync"))
    }
}

/// Pages of 4 KiB in `bytes`, rounded up.
pub fn pages(bytes: u64) -> usize {
    bytes.div_ceil(PAGE as u64) as usize
}

/// A duration for the report: µs below 10 ms, else ms.
pub fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 10_000.0 {
        format!("{us:.1} µs")
    } else if us < 10_000_000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{:.2} s", us / 1e6)
    }
}

/// `a / b` of two medians (how many times faster `b` is than `a`).
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-12)
}

/// Per-phase samples of a call timed phase by phase (`Instant`s taken between the phases),
/// reported as each phase's median.
pub struct Phases {
    names: Vec<&'static str>,
    samples: Vec<Vec<Duration>>,
}

impl Phases {
    /// Phases named `names`, in order.
    pub fn new(names: &[&'static str]) -> Self {
        Self {
            names: names.to_vec(),
            samples: vec![vec![]; names.len()],
        }
    }

    /// One call's marks: `marks[0]` before the first phase, `marks[k + 1]` after phase `k`.
    pub fn record(&mut self, marks: &[Instant]) {
        assert_eq!(
            marks.len(),
            self.names.len() + 1,
            "one mark per phase boundary"
        );
        for (k, w) in marks.windows(2).enumerate() {
            self.samples[k].push(w[1] - w[0]);
        }
    }

    /// Calls recorded.
    pub fn count(&self) -> usize {
        self.samples.first().map_or(0, Vec::len)
    }

    /// The calls' totals (all phases of a call added up).
    pub fn total(&self) -> Stats {
        Stats::of(
            (0..self.count())
                .map(|i| self.samples.iter().map(|s| s[i]).sum())
                .collect(),
        )
    }

    /// The median of one phase.
    pub fn p50(&self, name: &str) -> Duration {
        let k = self.names.iter().position(|n| *n == name).expect("a phase");
        Stats::of(self.samples[k].clone()).p50
    }

    /// "name p50, name p50, …" with each phase's share of their sum.
    pub fn summary(&self) -> String {
        let p50: Vec<Duration> = self
            .samples
            .iter()
            .map(|s| Stats::of(s.clone()).p50)
            .collect();
        let sum: Duration = p50.iter().sum();
        let parts: Vec<String> = self
            .names
            .iter()
            .zip(&p50)
            .map(|(n, d)| {
                format!(
                    "{n} {} ({:.0}%)",
                    fmt(*d),
                    100.0 * d.as_secs_f64() / sum.as_secs_f64().max(1e-12)
                )
            })
            .collect();
        format!("{} (sum of medians {})", parts.join(", "), fmt(sum))
    }
}

/// A round limit for the report: "15 µs", "1 ms", "250 ms", "1 s".
pub fn limit(d: Duration) -> String {
    let us = d.as_micros();
    if us < 1000 {
        format!("{us} µs")
    } else if us < 1_000_000 && us.is_multiple_of(1000) {
        format!("{} ms", us / 1000)
    } else if us.is_multiple_of(1_000_000) {
        format!("{} s", us / 1_000_000)
    } else {
        fmt(d)
    }
}
