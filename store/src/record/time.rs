//! Integer forms of chrono values: instants, dates and time zones.
//!
//! An instant is stored as `i64` microseconds since the Unix epoch (UTC) plus the
//! sub-microsecond rest in nanoseconds. The rest is kept because domain instants can carry
//! it: [`campaign_ops_core::SystemClock`] reads `Utc::now()`, which has nanoseconds on
//! Linux, and every stored `created_at` / `updated_at` / `at` comes from the clock. It is 0
//! (one byte in postcard) for the whole-second instants of plans and calendars.
//!
//! chrono can also hold a leap second (nanoseconds 1e9 and up, only at second :59); such an
//! instant keeps its exact value, with 1000 added to the rest. Index keys order it inside
//! its :59 second rather than after it: a consistent order for an instant no clock
//! produces.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An instant in integer form (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) struct Time {
    /// Microseconds since 1970-01-01 00:00 UTC (floor).
    pub(crate) micros: i64,
    /// Nanoseconds past `micros` (0 to 999), plus 1000 for a leap second.
    pub(crate) sub: u16,
}

const LEAP: u16 = 1000;

impl Time {
    /// The integer form of `t`.
    pub(crate) fn of(t: DateTime<Utc>) -> Self {
        let nanos = t.timestamp_subsec_nanos();
        let (leap, nanos) = if nanos >= 1_000_000_000 {
            (LEAP, nanos - 1_000_000_000)
        } else {
            (0, nanos)
        };
        // `timestamp()` is at most ~8.2e12 s for chrono's range: times 1e6 fits in an i64.
        let micros = t.timestamp() * 1_000_000 + i64::from(nanos / 1000);
        Self {
            micros,
            sub: (nanos % 1000) as u16 + leap,
        }
    }

    /// The instant back; `Err` (a corrupt record's message) out of chrono's range.
    pub(crate) fn to_utc(self) -> Result<DateTime<Utc>, String> {
        if self.sub >= 2 * LEAP {
            return Err(format!("bad sub-microsecond part {}", self.sub));
        }
        let secs = self.micros.div_euclid(1_000_000);
        let micros = self.micros.rem_euclid(1_000_000) as u32;
        let leap = if self.sub >= LEAP { 1_000_000_000 } else { 0 };
        let nanos = micros * 1000 + u32::from(self.sub % LEAP) + leap;
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| format!("instant {}us+{}ns out of range", self.micros, self.sub))
    }
}

/// An optional instant in integer form.
pub(crate) fn opt_time(t: Option<DateTime<Utc>>) -> Option<Time> {
    t.map(Time::of)
}

/// An optional instant back.
pub(crate) fn opt_utc(t: Option<Time>) -> Result<Option<DateTime<Utc>>, String> {
    t.map(Time::to_utc).transpose()
}

/// A date as days since 0001-01-01 (day 1), chrono's `num_days_from_ce`.
pub(crate) fn date(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

/// A date back from [`date`].
pub(crate) fn to_date(days: i32) -> Result<NaiveDate, String> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| format!("date {days} out of range"))
}

/// A time zone by its IANA name (stable across chrono-tz releases, unlike its enum order).
pub(crate) fn zone(tz: Tz) -> String {
    tz.name().to_owned()
}

/// A time zone back from its IANA name.
pub(crate) fn to_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>()
        .map_err(|_| format!("unknown time zone '{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn instants_round_trip_exactly() {
        let cases = [
            Utc.timestamp_opt(0, 0).unwrap(),
            Utc.timestamp_opt(-1, 999_999_999).unwrap(),
            Utc.timestamp_opt(1_790_000_000, 123_456_789).unwrap(),
            Utc.timestamp_opt(-62_135_596_800, 1).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            // A leap second (chrono accepts them at :59).
            Utc.timestamp_opt(1_483_228_799, 1_500_000_001).unwrap(),
        ];
        for t in cases {
            assert_eq!(Time::of(t).to_utc(), Ok(t), "{t:?}");
        }
    }

    #[test]
    fn order_follows_the_instants() {
        let a = Time::of(Utc.timestamp_opt(-1, 999_999_999).unwrap());
        let b = Time::of(Utc.timestamp_opt(0, 0).unwrap());
        let c = Time::of(Utc.timestamp_opt(0, 1).unwrap());
        let d = Time::of(Utc.timestamp_opt(0, 1000).unwrap());
        assert!(a < b && b < c && c < d);
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(
            Time {
                micros: i64::MAX,
                sub: 0
            }
            .to_utc()
            .is_err()
        );
        assert!(
            Time {
                micros: 0,
                sub: 2500
            }
            .to_utc()
            .is_err()
        );
        assert!(to_date(i32::MAX).is_err());
        assert!(to_zone("Mars/Olympus").is_err());
        assert_eq!(
            to_zone(&zone(chrono_tz::Asia::Tokyo)),
            Ok(chrono_tz::Asia::Tokyo)
        );
    }
}
