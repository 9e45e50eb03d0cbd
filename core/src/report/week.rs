//! The ISO week a report covers, and its bounds in a campaign's time zone.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::service::start_of_local_day;
use crate::{Error, Result};

/// An ISO 8601 week such as `2026-W48`: Monday to Sunday, week 1 being the week that holds
/// the year's first Thursday.
///
/// The year is the ISO week-numbering year, which differs from the calendar year around
/// 1 January (Monday 29 December 2025 lies in `2026-W01`). A year has 52 weeks, or 53 when
/// it starts on a Thursday (or is a leap year starting on a Wednesday); a week that does not
/// exist cannot be built. Orders chronologically; (de)serializes as its text form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReportWeek {
    // Field order matters: the derived Ord compares the year first.
    year: i32,
    week: u32,
}

impl ReportWeek {
    /// Week `week` of ISO year `year`; a validation error on field `week` when that week does
    /// not exist (week 0, weeks past 52, week 53 of a 52-week year) or its year is not
    /// 0 to 9999.
    pub fn new(year: i32, week: u32) -> Result<Self> {
        // Four-digit years only: the text form (and so serde) has exactly four digits, and
        // the bounds of weeks at the ends of chrono's calendar would overflow.
        if !(0..=9999).contains(&year) {
            return Err(Error::validation(
                "week",
                format!("the year must be 0 to 9999 (got {year})"),
            ));
        }
        // chrono knows which years have 53 weeks.
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)
            .map(|_| Self { year, week })
            .ok_or_else(|| {
                Error::validation(
                    "week",
                    format!(
                        "{year}-W{week:02} does not exist (an ISO year has weeks 1 to 52, or 53 in some years)"
                    ),
                )
            })
    }

    /// The ISO week a calendar date lies in.
    pub fn of_date(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        Self {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// The week holding `now` on the local calendar of `tz`.
    pub fn containing(now: DateTime<Utc>, tz: Tz) -> Self {
        Self::of_date(now.with_timezone(&tz).date_naive())
    }

    /// ISO week-numbering year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Week number, 1 to 53.
    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday that starts the week.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("a ReportWeek is validated on construction")
    }

    /// The Sunday that ends the week.
    pub fn sunday(self) -> NaiveDate {
        self.monday() + Days::new(6)
    }

    /// The week after this one.
    ///
    /// # Panics
    /// Only past the end of chrono's calendar (year 262143).
    pub fn next(self) -> Self {
        Self::of_date(self.monday() + Days::new(7))
    }

    /// The week before this one.
    ///
    /// # Panics
    /// Only before the start of chrono's calendar.
    pub fn previous(self) -> Self {
        Self::of_date(self.monday() - Days::new(7))
    }

    /// `[start, end)` of the week on the local calendar of `tz`, as UTC instants: from
    /// Monday 00:00 local to the next Monday 00:00 local. A week with a daylight-saving
    /// change lasts 167 or 169 hours. Where local midnight does not exist the day starts at
    /// its first valid instant (see [`start_of_local_day`]).
    pub fn bounds(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let monday = self.monday();
        (
            start_of_local_day(tz, monday),
            start_of_local_day(tz, monday + Days::new(7)),
        )
    }

    /// Whether `instant` falls within [`Self::bounds`] in `tz`.
    pub fn contains(self, instant: DateTime<Utc>, tz: Tz) -> bool {
        let (start, end) = self.bounds(tz);
        start <= instant && instant < end
    }
}

impl fmt::Display for ReportWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

impl FromStr for ReportWeek {
    type Err = Error;

    /// Parses `YYYY-Www` (`2026-W48`); also accepts a lower-case `w`, a one-digit week
    /// (`2026-W5`) and the basic form without hyphen (`2026W48`), surrounding blanks ignored.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::validation(
                "week",
                format!(
                    "'{}' is not an ISO week like 2026-W48",
                    crate::validate::shown(s)
                ),
            )
        };
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let (year, week) = s.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4 || !digits(year) || week.len() > 2 || !digits(week) {
            return Err(bad());
        }
        Self::new(
            year.parse().map_err(|_| bad())?,
            week.parse().map_err(|_| bad())?,
        )
    }
}

impl TryFrom<String> for ReportWeek {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<ReportWeek> for String {
    fn from(week: ReportWeek) -> Self {
        week.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::{America::New_York, Europe::Berlin};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn is_week_error(r: Result<ReportWeek>) -> bool {
        matches!(r, Err(Error::Validation { field, .. }) if field == "week")
    }

    #[test]
    fn parses_and_displays() {
        let w: ReportWeek = "2026-W48".parse().unwrap();
        assert_eq!((w.year(), w.week()), (2026, 48));
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(
            " 2026-w5 ".parse::<ReportWeek>().unwrap().to_string(),
            "2026-W05"
        );
        assert_eq!(
            "2026W05".parse::<ReportWeek>().unwrap().to_string(),
            "2026-W05"
        );
    }

    #[test]
    fn rejects_bad_input_on_field_week() {
        for bad in [
            "",
            "2026",
            "2026-48",
            "2026-W",
            "2026-W0",
            "2026-W54",
            "2026-W123",
            "26-W10",
            "2026-Wx",
            "2026-W+1",
            "abcd-W10",
            "2026--W10",
        ] {
            assert!(is_week_error(bad.parse()), "{bad:?} should fail");
        }
        // 2026 starts on a Thursday: 53 weeks. 2025 starts on a Wednesday: 52.
        assert!("2026-W53".parse::<ReportWeek>().is_ok());
        assert!(is_week_error("2025-W53".parse()));
        // 2020 is a leap year starting on a Wednesday: 53 weeks.
        assert!(ReportWeek::new(2020, 53).is_ok());
        assert!(is_week_error(ReportWeek::new(2021, 53)));
        assert!(is_week_error(ReportWeek::new(2026, 0)));
    }

    #[test]
    fn serde_uses_the_text_form() {
        let w = ReportWeek::new(2026, 9).unwrap();
        assert_eq!(serde_json::to_string(&w).unwrap(), "\"2026-W09\"");
        assert_eq!(
            serde_json::from_str::<ReportWeek>("\"2026-W09\"").unwrap(),
            w
        );
        assert!(serde_json::from_str::<ReportWeek>("\"2025-W53\"").is_err());
    }

    #[test]
    fn iso_year_differs_from_calendar_year_at_new_year() {
        let w = ReportWeek::of_date(NaiveDate::from_ymd_opt(2025, 12, 29).unwrap());
        assert_eq!(w.to_string(), "2026-W01");
        let w = ReportWeek::of_date(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap());
        assert_eq!(w.to_string(), "2026-W53");
        assert_eq!(w.next().to_string(), "2027-W01");
        assert_eq!(w.next().previous(), w);
        assert!(ReportWeek::new(2026, 53).unwrap() > ReportWeek::new(2026, 52).unwrap());
        assert!(ReportWeek::new(2027, 1).unwrap() > ReportWeek::new(2026, 53).unwrap());
    }

    #[test]
    fn berlin_spring_forward_week_lasts_167_hours() {
        // DST starts Sunday 29 March 2026 at 02:00 CET.
        let w = ReportWeek::new(2026, 13).unwrap();
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 3, 23).unwrap());
        let (start, end) = w.bounds(Berlin);
        assert_eq!(start, utc(2026, 3, 22, 23, 0)); // Monday 00:00 CET (+01)
        assert_eq!(end, utc(2026, 3, 29, 22, 0)); // Monday 00:00 CEST (+02)
        assert_eq!((end - start).num_hours(), 167);
        let (_, next_end) = w.next().bounds(Berlin);
        assert_eq!((next_end - end).num_hours(), 168);
    }

    #[test]
    fn new_york_fall_back_week_lasts_169_hours() {
        // DST ends Sunday 1 November 2026 at 02:00 EDT.
        let w44 = ReportWeek::new(2026, 44).unwrap();
        let (start, end) = w44.bounds(New_York);
        assert_eq!(start, utc(2026, 10, 26, 4, 0)); // Monday 00:00 EDT (-04)
        assert_eq!(end, utc(2026, 11, 2, 5, 0)); // Monday 00:00 EST (-05)
        assert_eq!((end - start).num_hours(), 169);
        let (start45, end45) = w44.next().bounds(New_York);
        assert_eq!(start45, end);
        assert_eq!((end45 - start45).num_hours(), 168);
    }

    #[test]
    fn containing_uses_the_local_calendar() {
        // Sunday 1 Nov 2026 23:30 EST is Monday 04:30 UTC: still week 44 in New York.
        let sunday_late = utc(2026, 11, 2, 4, 30);
        assert_eq!(
            ReportWeek::containing(sunday_late, New_York).to_string(),
            "2026-W44"
        );
        assert_eq!(
            ReportWeek::containing(sunday_late, Tz::UTC).to_string(),
            "2026-W45"
        );
        let w44 = ReportWeek::new(2026, 44).unwrap();
        assert!(w44.contains(sunday_late, New_York));
        assert!(!w44.contains(utc(2026, 11, 2, 5, 0), New_York));
        assert!(w44.contains(utc(2026, 10, 26, 4, 0), New_York));
        assert!(!w44.contains(utc(2026, 10, 26, 3, 59), New_York));
    }
}
