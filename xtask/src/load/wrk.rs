//! Runs `wrk` (Debian's package) and reads its `--latency` output.

use std::process::Command;

use crate::Result;

/// What one wrk run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Connections.
    pub connections: u32,
    /// Requests per second.
    pub rps: f64,
    /// Median latency, milliseconds.
    pub p50_ms: f64,
    /// 90th percentile latency, milliseconds.
    pub p90_ms: f64,
    /// 99th percentile latency, milliseconds.
    pub p99_ms: f64,
    /// Requests completed.
    pub requests: u64,
    /// Responses that were not 2xx or 3xx, and socket errors.
    pub errors: u64,
}

/// Fails with what to do when wrk is not installed.
pub fn check_installed() -> Result<()> {
    match Command::new("wrk").arg("--version").output() {
        Ok(_) => Ok(()),
        Err(_) => Err(
            "wrk is not installed: `apt-get install wrk` (Debian's package), then run \
                       `cargo xtask load` again"
                .to_owned(),
        ),
    }
}

/// `wrk -t2 -c<connections> -d<secs>s --latency -H "Cookie: <cookie>" <url>`.
pub fn run(url: &str, cookie: &str, connections: u32, secs: u32) -> Result<Run> {
    let threads = connections.clamp(1, 2);
    let out = Command::new("wrk")
        .args([
            format!("-t{threads}"),
            format!("-c{connections}"),
            format!("-d{secs}s"),
            "--latency".to_owned(),
            "-H".to_owned(),
            format!("Cookie: {cookie}"),
            "-H".to_owned(),
            "Accept-Encoding: br, gzip".to_owned(),
            url.to_owned(),
        ])
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "wrk failed ({}): {text}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse(&text, connections).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))
}

/// A wrk duration (`812.00us`, `3.20ms`, `1.01s`) in milliseconds.
fn millis(s: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = s.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// Reads wrk's `--latency` report.
pub fn parse(text: &str, connections: u32) -> Option<Run> {
    let percentile = |p: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(p))
            .and_then(|rest| millis(rest.trim()))
    };
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let non_2xx: u64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let socket: u64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map(|rest| {
            rest.split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0);
    Some(Run {
        connections,
        rps,
        p50_ms: percentile("50%")?,
        p90_ms: percentile("90%")?,
        p99_ms: percentile("99%")?,
        requests,
        errors: non_2xx + socket,
    })
}

#[cfg(test)]
mod tests {
    const OUT: &str = "Running 15s test @ http://127.0.0.1:3000/today
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.10ms    2.01ms  40.00ms   80.00%
  Latency Distribution
     50%  812.00us
     75%    9.00ms
     90%   11.50ms
     99%    1.02s
  30000 requests in 15.00s, 300.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2000.50
Transfer/sec:     20.00MB
";

    #[test]
    fn reads_rate_percentiles_and_errors() {
        let run = super::parse(OUT, 32).unwrap();
        assert_eq!(run.rps, 2000.5);
        assert!((run.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(run.p90_ms, 11.5);
        assert_eq!(run.p99_ms, 1020.0);
        assert_eq!(run.requests, 30000);
        assert_eq!(run.errors, 7);
        assert!(super::parse("nothing", 32).is_none());
    }
}
