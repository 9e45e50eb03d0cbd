//! A small timing harness: interleaved rounds of the two sides, medians and p90, and the
//! process's memory from `/proc/self/status`.

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
    fn of(mut samples: Vec<Duration>) -> Self {
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
    /// Rounds; the sides alternate which goes first.
    pub rounds: usize,
    /// Timed calls per side and round.
    pub per_round: usize,
}

impl Plan {
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

/// Runs both sides in interleaved rounds, so that a noisy neighbour hurts both alike.
pub fn pair(
    plan: Plan,
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> (Stats, Stats) {
    for _ in 0..plan.warmup {
        a();
        b();
    }
    let mut sa = Vec::with_capacity(plan.rounds * plan.per_round);
    let mut sb = Vec::with_capacity(plan.rounds * plan.per_round);
    for round in 0..plan.rounds {
        let mut run_a = |sa: &mut Vec<Duration>| (0..plan.per_round).for_each(|_| sa.push(a()));
        let mut run_b = |sb: &mut Vec<Duration>| (0..plan.per_round).for_each(|_| sb.push(b()));
        if round % 2 == 0 {
            run_a(&mut sa);
            run_b(&mut sb);
        } else {
            run_b(&mut sb);
            run_a(&mut sa);
        }
    }
    (Stats::of(sa), Stats::of(sb))
}

/// Runs one side alone.
pub fn single(plan: Plan, mut a: impl FnMut() -> Duration) -> Stats {
    for _ in 0..plan.warmup {
        a();
    }
    Stats::of((0..plan.rounds * plan.per_round).map(|_| a()).collect())
}

fn status_kib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident set size of this process (VmHWM), MiB; 0 where /proc is missing.
pub fn peak_rss_mib() -> f64 {
    status_kib("VmHWM:").unwrap_or(0.0) / 1024.0
}

/// Current resident set size (VmRSS), MiB.
pub fn rss_mib() -> f64 {
    status_kib("VmRSS:").unwrap_or(0.0) / 1024.0
}

/// A duration for the report: µs below 10 ms, else ms.
pub fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 10_000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}
