//! How busy the machine was during a measurement, and with what: the CPU time of every
//! process (`/proc/stat`), of the server (`/proc/<pid>/stat`) and of this process's
//! finished children (wrk, in `/proc/self/stat`). What is left is other work on the
//! machine (other builds and tests), in cores: a fairer measure of the noise than the
//! load average, which counts the server and wrk themselves.

/// Clock ticks per second of `/proc` times (`USER_HZ`, 100 on Linux).
const TICKS_PER_SEC: f64 = 100.0;

/// CPU times at one moment, in clock ticks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sample {
    /// Busy time of all CPUs.
    pub busy: u64,
    /// The server's own time (user + system).
    pub server: u64,
    /// This process's reaped children's time (wrk runs once finished).
    pub children: u64,
}

/// The busy ticks of the `cpu` line of `/proc/stat` (everything but idle and iowait).
pub fn busy_ticks(proc_stat: &str) -> Option<u64> {
    let line = proc_stat.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal (guest time is inside user).
    let get = |i: usize| fields.get(i).copied().unwrap_or(0);
    (fields.len() >= 4).then(|| get(0) + get(1) + get(2) + get(5) + get(6) + get(7))
}

/// `(utime + stime, cutime + cstime)` of a `/proc/<pid>/stat` line.
pub fn process_ticks(stat: &str) -> Option<(u64, u64)> {
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3 of the line, utime 14, stime 15, cutime 16, cstime 17.
    let num = |line_field: usize| fields.get(line_field - 3)?.parse::<u64>().ok();
    Some((num(14)? + num(15)?, num(16)? + num(17)?))
}

/// Now, for the server process `server`.
pub fn sample(server: u32) -> Sample {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    Sample {
        busy: busy_ticks(&read("/proc/stat")).unwrap_or(0),
        server: process_ticks(&read(&format!("/proc/{server}/stat"))).map_or(0, |t| t.0),
        children: process_ticks(&read("/proc/self/stat")).map_or(0, |t| t.1),
    }
}

/// Cores kept busy between `a` and `b` (`secs` apart) by others than the server and wrk.
pub fn other_cores(a: Sample, b: Sample, secs: f64) -> f64 {
    let busy = b.busy.saturating_sub(a.busy);
    let ours = b.server.saturating_sub(a.server) + b.children.saturating_sub(a.children);
    busy.saturating_sub(ours) as f64 / TICKS_PER_SEC / secs.max(0.001)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_proc_stat_and_a_process_line() {
        let stat = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n";
        assert_eq!(busy_ticks(stat), Some(100 + 5 + 50 + 3 + 2 + 1));
        assert_eq!(busy_ticks("intr 1 2"), None);
        let line = "4242 (my (odd) name) S 1 2 3 4 5 6 7 8 9 10 120 30 7 3 20 0 1 0 0";
        assert_eq!(process_ticks(line), Some((150, 10)));
        assert_eq!(process_ticks("garbage"), None);
    }

    #[test]
    fn others_are_what_is_left_of_the_busy_time() {
        let a = Sample {
            busy: 1_000,
            server: 100,
            children: 10,
        };
        let b = Sample {
            busy: 4_000,
            server: 1_600,
            children: 1_010,
        };
        // 3,000 busy ticks, 1,500 the server's, 1,000 wrk's: 500 ticks in 10 s = 0.5 cores.
        assert!((other_cores(a, b, 10.0) - 0.5).abs() < 1e-9);
        assert_eq!(other_cores(b, a, 10.0), 0.0);
    }
}
