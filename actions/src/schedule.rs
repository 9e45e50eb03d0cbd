//! When an action is due: schedules in a time zone, their due instants and period labels.
//!
//! A schedule names wall-clock times ("daily at 00:05", "Mondays at 08:00", "every hour at
//! minute 0") in a time zone. Each due instant belongs to one *period* with a stable label,
//! which keys the run ledger:
//! - daily: the local date, `2026-11-25`;
//! - weekly: the ISO week of the local date, `2026-W48`;
//! - hourly: the due instant in UTC, `2026-11-25T09:00Z` (local hours repeat when clocks
//!   fall back, UTC ones never do).
//!
//! Daylight saving: a wall time that does not exist (spring forward) is due at the next
//! wall time that does (02:30 → 03:00 in Berlin on the last Sunday of March); a wall time
//! that happens twice (fall back) is due at the earlier instant only. So every daily and
//! weekly period has exactly one due instant.

use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use std::fmt;

use campaign_ops_core::planning::local_to_utc;
use campaign_ops_core::report::ReportWeek;

/// When an action runs, in wall-clock terms (the zone is supplied where it is evaluated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Schedule {
    /// Every hour at `minute` past the local hour.
    Hourly {
        /// 0 to 59.
        minute: u32,
    },
    /// Every day at `at` local time.
    Daily {
        /// Local wall-clock time.
        at: NaiveTime,
    },
    /// Every week on `weekday` at `at` local time.
    Weekly {
        /// Day of the week.
        weekday: Weekday,
        /// Local wall-clock time.
        at: NaiveTime,
    },
}

/// One due occurrence of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// When it is due (UTC).
    pub due_at: DateTime<Utc>,
    /// Its label, e.g. `2026-11-25` or `2026-W48` (see the module docs).
    pub label: String,
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// `hour:minute` as a `NaiveTime`, usable in `const` items such as `inventory::submit!`.
///
/// # Panics
/// At compile time (in a `const`) when the time does not exist.
pub const fn hm(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => panic!("not a wall-clock time"),
    }
}

impl Schedule {
    /// Every day at `hour:minute`.
    pub const fn daily(hour: u32, minute: u32) -> Self {
        Schedule::Daily {
            at: hm(hour, minute),
        }
    }

    /// Every `weekday` at `hour:minute`.
    pub const fn weekly(weekday: Weekday, hour: u32, minute: u32) -> Self {
        Schedule::Weekly {
            weekday,
            at: hm(hour, minute),
        }
    }

    /// Every hour at `minute` past.
    ///
    /// # Panics
    /// At compile time (in a `const`) when `minute` is over 59.
    pub const fn hourly(minute: u32) -> Self {
        assert!(minute < 60, "a minute is 0 to 59");
        Schedule::Hourly { minute }
    }

    /// The first due period strictly after `after`.
    pub fn next_after(&self, tz: Tz, after: DateTime<Utc>) -> Period {
        match *self {
            Schedule::Hourly { minute } => {
                // The local minute of a UTC minute depends only on the zone's offset, which
                // is whole minutes: walk UTC minutes (at most two hours) to the next match.
                let start = floor_minute(after) + Duration::minutes(1);
                (0..=120)
                    .map(|m| start + Duration::minutes(m))
                    .find(|t| t.with_timezone(&tz).minute() == minute)
                    .map(hourly_period)
                    .expect("every zone offset is whole minutes")
            }
            Schedule::Daily { .. } | Schedule::Weekly { .. } => {
                // A due instant lies on its own local date (a skipped wall time moves forward
                // by at most a few hours), so start a day early to be safe and walk forward.
                let from = after.with_timezone(&tz).date_naive() - Days::new(1);
                (0..=9)
                    .filter_map(|d| self.period_on(tz, from + Days::new(d)))
                    .find(|p| p.due_at > after)
                    .expect("a daily or weekly schedule is due within 9 days")
            }
        }
    }

    /// The last due period at or before `at`.
    pub fn latest_at(&self, tz: Tz, at: DateTime<Utc>) -> Period {
        match *self {
            Schedule::Hourly { minute } => {
                let start = floor_minute(at);
                (0..=120)
                    .map(|m| start - Duration::minutes(m))
                    .find(|t| t.with_timezone(&tz).minute() == minute)
                    .map(hourly_period)
                    .expect("every zone offset is whole minutes")
            }
            Schedule::Daily { .. } | Schedule::Weekly { .. } => {
                let from = at.with_timezone(&tz).date_naive() + Days::new(1);
                (0..=9)
                    .filter_map(|d| self.period_on(tz, from - Days::new(d)))
                    .find(|p| p.due_at <= at)
                    .expect("a daily or weekly schedule is due within 9 days")
            }
        }
    }

    /// The due period before `period` (strictly earlier due instant).
    pub fn previous(&self, tz: Tz, period: &Period) -> Period {
        self.latest_at(tz, period.due_at - Duration::nanoseconds(1))
    }

    /// The period a ledger label names, or `None` when the label is not one of this
    /// schedule's (e.g. a run requested by another action).
    pub fn period_for_label(&self, tz: Tz, label: &str) -> Option<Period> {
        match *self {
            Schedule::Hourly { minute } => {
                let at = chrono::NaiveDateTime::parse_from_str(label, "%Y-%m-%dT%H:%MZ").ok()?;
                let at = Utc.from_utc_datetime(&at);
                (at.with_timezone(&tz).minute() == minute).then(|| hourly_period(at))
            }
            Schedule::Daily { .. } => {
                let date = NaiveDate::parse_from_str(label, "%Y-%m-%d").ok()?;
                self.period_on(tz, date).filter(|p| p.label == label)
            }
            Schedule::Weekly { weekday, .. } => {
                let week: ReportWeek = label.parse().ok()?;
                let date = week.monday() + Days::new(u64::from(weekday.num_days_from_monday()));
                self.period_on(tz, date).filter(|p| p.label == label)
            }
        }
    }

    /// The period due on local `date`, if the schedule is due that day (daily and weekly).
    fn period_on(&self, tz: Tz, date: NaiveDate) -> Option<Period> {
        let (at, label) = match *self {
            Schedule::Hourly { .. } => return None,
            Schedule::Daily { at } => (at, date.format("%Y-%m-%d").to_string()),
            Schedule::Weekly { weekday, at } => {
                if date.weekday() != weekday {
                    return None;
                }
                (at, ReportWeek::of_date(date).to_string())
            }
        };
        let due_at = local_to_utc(tz, date.and_time(at))?;
        Some(Period { due_at, label })
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Hourly { minute } => write!(f, "hourly at :{minute:02}"),
            Schedule::Daily { at } => write!(f, "daily at {}", at.format("%H:%M")),
            Schedule::Weekly { weekday, at } => {
                write!(f, "weekly on {weekday} at {}", at.format("%H:%M"))
            }
        }
    }
}

fn floor_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("second 0 and nanosecond 0 always exist")
}

fn hourly_period(due_at: DateTime<Utc>) -> Period {
    Period {
        due_at,
        label: due_at.format("%Y-%m-%dT%H:%MZ").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Kolkata, Europe::Berlin};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn daily_is_due_at_local_time_and_labelled_by_local_date() {
        let s = Schedule::daily(0, 5);
        let p = s.next_after(Berlin, utc(2026, 11, 25, 9, 0));
        // 26 Nov 00:05 CET = 25 Nov 23:05 UTC, labelled with the local date.
        assert_eq!(p.due_at, utc(2026, 11, 25, 23, 5));
        assert_eq!(p.label, "2026-11-26");
        assert_eq!(s.latest_at(Berlin, utc(2026, 11, 25, 23, 5)), p);
        assert_eq!(
            s.latest_at(Berlin, utc(2026, 11, 25, 23, 4)).label,
            "2026-11-25"
        );
        assert_eq!(s.previous(Berlin, &p).label, "2026-11-25");
        assert_eq!(s.period_for_label(Berlin, "2026-11-26"), Some(p));
        assert_eq!(s.period_for_label(Berlin, "2026-W48"), None);
    }

    #[test]
    fn berlin_spring_forward_gap_moves_to_the_next_valid_time() {
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
        let s = Schedule::daily(2, 30);
        let sat = s.next_after(Berlin, utc(2026, 3, 27, 12, 0));
        assert_eq!(sat.due_at, utc(2026, 3, 28, 1, 30)); // 02:30 CET
        let sun = s.next_after(Berlin, sat.due_at);
        assert_eq!(sun.label, "2026-03-29");
        assert_eq!(sun.due_at, utc(2026, 3, 29, 1, 0)); // 03:00 CEST, the gap's end
        let mon = s.next_after(Berlin, sun.due_at);
        assert_eq!(mon.due_at, utc(2026, 3, 30, 0, 30)); // 02:30 CEST
        assert_eq!(s.previous(Berlin, &mon), sun);
        // An ordinary time that day moves with the offset.
        let eight = Schedule::daily(8, 0);
        assert_eq!(
            eight.next_after(Berlin, utc(2026, 3, 29, 0, 0)).due_at,
            utc(2026, 3, 29, 6, 0)
        );
    }

    #[test]
    fn new_york_fall_back_repeats_run_once_at_the_earlier_instant() {
        // 1 November 2026: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
        let s = Schedule::daily(1, 30);
        let sun = s.next_after(New_York, utc(2026, 10, 31, 12, 0));
        assert_eq!(sun.label, "2026-11-01");
        assert_eq!(sun.due_at, utc(2026, 11, 1, 5, 30)); // 01:30 EDT, the first one
        // The second 01:30 (06:30 UTC) is not another period.
        let next = s.next_after(New_York, sun.due_at);
        assert_eq!(next.label, "2026-11-02");
        assert_eq!(next.due_at, utc(2026, 11, 2, 6, 30)); // 01:30 EST
        assert_eq!(s.latest_at(New_York, utc(2026, 11, 1, 6, 30)), sun);
    }

    #[test]
    fn weekly_in_the_fall_back_hour_runs_once_at_the_earlier_instant() {
        // 25 October 2026: Berlin falls back from 03:00 CEST to 02:00 CET; 02:30 twice.
        let s = Schedule::weekly(Weekday::Sun, 2, 30);
        let p = s.next_after(Berlin, utc(2026, 10, 24, 12, 0));
        assert_eq!(p.label, "2026-W43");
        assert_eq!(p.due_at, utc(2026, 10, 25, 0, 30)); // 02:30 CEST, the first one
        // The second 02:30 (01:30 UTC) is inside the same period: the next is a week on.
        let next = s.next_after(Berlin, p.due_at);
        assert_eq!(next.label, "2026-W44");
        assert_eq!(next.due_at, utc(2026, 11, 1, 1, 30)); // 02:30 CET
        assert_eq!(s.latest_at(Berlin, utc(2026, 10, 25, 1, 30)), p);
        assert_eq!(s.period_for_label(Berlin, "2026-W43"), Some(p));
    }

    #[test]
    fn weekly_is_labelled_by_iso_week_and_follows_dst() {
        let s = Schedule::weekly(Weekday::Mon, 8, 0);
        // Monday 30 March 2026 08:00 CEST (after the change) = 06:00 UTC.
        let p = s.next_after(Berlin, utc(2026, 3, 25, 0, 0));
        assert_eq!(p.label, "2026-W14");
        assert_eq!(p.due_at, utc(2026, 3, 30, 6, 0));
        let before = s.previous(Berlin, &p);
        assert_eq!(before.label, "2026-W13");
        assert_eq!(before.due_at, utc(2026, 3, 23, 7, 0)); // 08:00 CET
        // New York, Monday 2 November 2026 08:00 EST = 13:00 UTC; a week earlier EDT.
        let ny = s.next_after(New_York, utc(2026, 10, 28, 0, 0));
        assert_eq!(
            (ny.label.as_str(), ny.due_at),
            ("2026-W45", utc(2026, 11, 2, 13, 0))
        );
        assert_eq!(s.previous(New_York, &ny).due_at, utc(2026, 10, 26, 12, 0));
        assert_eq!(s.period_for_label(New_York, "2026-W45"), Some(ny));
        // ISO week-year differs from the calendar year around New Year.
        let ny_eve = s.next_after(Tz::UTC, utc(2025, 12, 27, 0, 0));
        assert_eq!(ny_eve.label, "2026-W01");
        assert_eq!(ny_eve.due_at, utc(2025, 12, 29, 8, 0));
    }

    #[test]
    fn hourly_uses_local_minutes_and_utc_labels() {
        let s = Schedule::hourly(0);
        let p = s.next_after(Berlin, utc(2026, 11, 25, 9, 0));
        assert_eq!(p.due_at, utc(2026, 11, 25, 10, 0));
        assert_eq!(p.label, "2026-11-25T10:00Z");
        // Kolkata is UTC+05:30: local minute 0 is UTC minute 30.
        let k = s.next_after(Kolkata, utc(2026, 11, 25, 9, 0));
        assert_eq!(k.due_at, utc(2026, 11, 25, 9, 30));
        assert_eq!(
            s.latest_at(Kolkata, utc(2026, 11, 25, 9, 29)).due_at,
            utc(2026, 11, 25, 8, 30)
        );
        // Both 01:00 local hours of the New York fall-back night are separate periods.
        let first = s.next_after(New_York, utc(2026, 11, 1, 4, 30));
        let second = s.next_after(New_York, first.due_at);
        assert_eq!(first.due_at, utc(2026, 11, 1, 5, 0));
        assert_eq!(second.due_at, utc(2026, 11, 1, 6, 0));
        assert_ne!(first.label, second.label);
        assert_eq!(s.period_for_label(New_York, &second.label), Some(second));
        assert_eq!(s.period_for_label(Kolkata, "2026-11-25T10:00Z"), None);
    }

    #[test]
    fn next_and_previous_are_inverse_over_a_year_of_dst_changes() {
        for s in [
            Schedule::daily(2, 30),
            Schedule::weekly(Weekday::Sun, 2, 30),
            Schedule::hourly(15),
        ] {
            for tz in [Berlin, New_York] {
                let mut p = s.latest_at(tz, utc(2026, 1, 1, 0, 0));
                let end = utc(2027, 1, 1, 0, 0);
                while p.due_at < end {
                    let next = s.next_after(tz, p.due_at);
                    assert!(next.due_at > p.due_at, "{s} {tz}: {p} then {next}");
                    assert_ne!(next.label, p.label, "{s} {tz}");
                    assert_eq!(s.previous(tz, &next), p, "{s} {tz}");
                    assert_eq!(s.period_for_label(tz, &next.label).as_ref(), Some(&next));
                    p = next;
                }
            }
        }
    }
}
