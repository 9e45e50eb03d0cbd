//! Durations and sizes for people.

use std::time::Duration;

/// `4m12s`, `38s`, `1.4s`.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else if secs >= 10 {
        format!("{secs}s")
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// `1.2 MB`, `380 KB`, `512 B` (powers of 1000, like the browser shows).
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{} KB", n / 1_000),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_read_these() {
        assert_eq!(duration(Duration::from_secs(252)), "4m12s");
        assert_eq!(duration(Duration::from_millis(1400)), "1.4s");
        assert_eq!(bytes(1_234_567), "1.2 MB");
        assert_eq!(bytes(380_123), "380 KB");
        assert_eq!(bytes(512), "512 B");
    }
}
