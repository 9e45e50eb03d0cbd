//! Local wall-clock time to UTC across daylight-saving changes.
//!
//! Posting windows are wall-clock times in the campaign's zone, so a 10:30 post stays at
//! 10:30 local when the clocks change (its UTC instant moves instead). Two cases need a rule:
//! - a wall time that does not exist (spring forward, e.g. 02:30 in Berlin on the last Sunday
//!   of March) maps to the next wall time that does (03:00), and a posting slot only takes
//!   it if that time is still inside the slot's window; otherwise the slot is dropped and
//!   placement moves on to the next free slot;
//! - a wall time that happens twice (fall back) maps to the earlier instant, so that the
//!   post goes out at its first occurrence and never an hour "late".

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use crate::platform::{PostingWindow, SLOT_MINUTES};

/// How one local wall-clock time maps onto instants in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocalResolution {
    /// The usual case: exactly one instant.
    Unique(DateTime<Utc>),
    /// Fall back: the wall time happens twice.
    Ambiguous {
        /// Its first occurrence (still on summer time).
        earlier: DateTime<Utc>,
        /// Its second occurrence.
        later: DateTime<Utc>,
    },
    /// Spring forward: the wall time never happens.
    Skipped {
        /// The first wall time after it that exists (the end of the gap).
        next_valid: NaiveDateTime,
        /// The instant of `next_valid`.
        instant: DateTime<Utc>,
    },
}

impl LocalResolution {
    /// The instant campaign-ops uses: the only one, the earlier one, or that of the next
    /// valid wall time.
    pub fn instant(self) -> DateTime<Utc> {
        match self {
            LocalResolution::Unique(at) => at,
            LocalResolution::Ambiguous { earlier, .. } => earlier,
            LocalResolution::Skipped { instant, .. } => instant,
        }
    }
}

/// How `local` maps onto instants in `tz`. `None` only if no valid wall time follows within
/// a day, which no real zone does.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> Option<LocalResolution> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Some(LocalResolution::Unique(at.with_timezone(&Utc))),
        LocalResult::Ambiguous(a, b) => Some(LocalResolution::Ambiguous {
            earlier: a.min(b).with_timezone(&Utc),
            later: a.max(b).with_timezone(&Utc),
        }),
        LocalResult::None => {
            // Gaps are whole minutes long (30 or 60 minutes in practice): walk forward to
            // the first wall-clock minute that exists.
            let start = local
                .with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(local);
            (1..=24 * 60).find_map(|m| {
                let candidate = start + Duration::minutes(m);
                match tz.from_local_datetime(&candidate) {
                    LocalResult::Single(at) => Some(LocalResolution::Skipped {
                        next_valid: candidate,
                        instant: at.with_timezone(&Utc),
                    }),
                    LocalResult::Ambiguous(a, b) => Some(LocalResolution::Skipped {
                        next_valid: candidate,
                        instant: a.min(b).with_timezone(&Utc),
                    }),
                    LocalResult::None => None,
                }
            })
        }
    }
}

/// `local` in `tz` as a UTC instant under the rules above (earlier instant when ambiguous,
/// next valid wall time when skipped).
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    resolve_local(tz, local).map(LocalResolution::instant)
}

/// The instant of the posting slot starting at `time` on `date` in `window`, or `None` when
/// the slot cannot be used: `date` is not the window's weekday, `time` is outside the
/// window, or the wall time is skipped by a clock change and the next valid wall time falls
/// outside the window.
pub fn slot_instant(
    tz: Tz,
    date: NaiveDate,
    window: &PostingWindow,
    time: NaiveTime,
) -> Option<DateTime<Utc>> {
    if !window.contains(date.weekday(), time) {
        return None;
    }
    match resolve_local(tz, date.and_time(time))? {
        LocalResolution::Skipped {
            next_valid,
            instant,
        } => (next_valid.date() == date && window.contains(date.weekday(), next_valid.time()))
            .then_some(instant),
        other => Some(other.instant()),
    }
}

/// Calls `each` with the instants of the posting slots of `window` on `date`, in time
/// order: what [`slot_instant`] gives for each of the window's slot starts, the slots it
/// refuses left out.
///
/// Resolving every 15-minute slot in the zone on its own was most of the work of placing
/// a calendar. Here the zone is asked about the window's first and last slot only: when both
/// are unique wall times at the same UTC offset, no clock change falls inside the window
/// (no zone changes its offset twice within a few hours: an ignored test checks every
/// zone's four-hour windows from 1970 to 2040), so every slot's instant is its wall time
/// minus that offset. A window that holds a change, or one of whose ends is
/// skipped or ambiguous (the few DST days), has each slot resolved on its own as before.
pub(crate) fn window_instants(
    tz: Tz,
    date: NaiveDate,
    window: &PostingWindow,
    each: impl FnMut(DateTime<Utc>),
) {
    if window.weekday != date.weekday() {
        return;
    }
    let count = window.slot_count();
    if count == 0 {
        return;
    }
    // Slot k starts k slots after the first, in wall time and, inside one offset, in UTC.
    let step = Duration::minutes(i64::from(SLOT_MINUTES));
    let first = date.and_time(window.start);
    let last = first + step * (count as i32 - 1);
    match (
        tz.offset_from_local_datetime(&first),
        tz.offset_from_local_datetime(&last),
    ) {
        (LocalResult::Single(a), LocalResult::Single(b)) if a == b => {
            let first_at =
                (first - Duration::seconds(i64::from(a.fix().local_minus_utc()))).and_utc();
            std::iter::successors(Some(first_at), |at| Some(*at + step))
                .take(count)
                .for_each(each);
        }
        _ => window
            .slot_times()
            .filter_map(|time| slot_instant(tz, date, window, time))
            .for_each(each),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::fixtures::{date, utc};
    use chrono::Weekday;

    fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
        d.and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn spring_forward_gap_moves_to_next_valid_time() {
        // Berlin, Sun 29 March 2026: 02:00 CET jumps to 03:00 CEST.
        let tz = Tz::Europe__Berlin;
        let day = date(2026, 3, 29);
        let r = resolve_local(tz, at(day, 2, 30)).unwrap();
        assert_eq!(
            r,
            LocalResolution::Skipped {
                next_valid: at(day, 3, 0),
                instant: utc(2026, 3, 29, 1, 0),
            }
        );
        assert_eq!(
            local_to_utc(tz, at(day, 2, 30)),
            Some(utc(2026, 3, 29, 1, 0))
        );
        // Either side of the gap is unique: 01:59 CET and 03:00 CEST.
        assert_eq!(
            local_to_utc(tz, at(day, 1, 45)),
            Some(utc(2026, 3, 29, 0, 45))
        );
        assert_eq!(
            local_to_utc(tz, at(day, 3, 15)),
            Some(utc(2026, 3, 29, 1, 15))
        );
    }

    #[test]
    fn gap_slot_is_kept_only_inside_its_window() {
        let tz = Tz::Europe__Berlin;
        let sunday = date(2026, 3, 29);
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let wide = PostingWindow {
            weekday: Weekday::Sun,
            start: hm(2, 0),
            end: hm(4, 0),
        };
        assert_eq!(
            slot_instant(tz, sunday, &wide, hm(2, 15)),
            Some(utc(2026, 3, 29, 1, 0)),
            "03:00 is still in the 02:00–04:00 window"
        );
        let narrow = PostingWindow {
            weekday: Weekday::Sun,
            start: hm(2, 0),
            end: hm(3, 0),
        };
        assert_eq!(slot_instant(tz, sunday, &narrow, hm(2, 15)), None);
        let send_time = PostingWindow {
            weekday: Weekday::Sun,
            start: hm(2, 30),
            end: hm(2, 30),
        };
        assert_eq!(slot_instant(tz, sunday, &send_time, hm(2, 30)), None);
        // Outside the window or on another weekday: never a slot.
        assert_eq!(slot_instant(tz, sunday, &wide, hm(5, 0)), None);
        assert_eq!(slot_instant(tz, date(2026, 3, 30), &wide, hm(2, 15)), None);
    }

    #[test]
    fn fall_back_ambiguity_takes_the_earlier_instant() {
        // New York, Sun 1 Nov 2026: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
        let tz = Tz::America__New_York;
        let day = date(2026, 11, 1);
        let r = resolve_local(tz, at(day, 1, 30)).unwrap();
        assert_eq!(
            r,
            LocalResolution::Ambiguous {
                earlier: utc(2026, 11, 1, 5, 30),
                later: utc(2026, 11, 1, 6, 30),
            }
        );
        assert_eq!(
            local_to_utc(tz, at(day, 1, 30)),
            Some(utc(2026, 11, 1, 5, 30))
        );
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let window = PostingWindow {
            weekday: Weekday::Sun,
            start: hm(1, 0),
            end: hm(2, 0),
        };
        assert_eq!(
            slot_instant(tz, day, &window, hm(1, 30)),
            Some(utc(2026, 11, 1, 5, 30))
        );
    }

    #[test]
    fn window_instants_are_the_slot_instants_every_day_in_odd_zones() {
        // Zones with 30-minute DST (Lord Howe), DST at midnight (Havana, Santiago), negative
        // DST (Dublin), two changes a year around Ramadan (Casablanca), 45-minute offsets
        // (Chatham), and the usual ones; windows cover every hour of the day, so that some
        // hold a change and some end in a gap or an overlap.
        let zones = [
            Tz::Australia__Lord_Howe,
            Tz::America__Havana,
            Tz::America__Santiago,
            Tz::Europe__Dublin,
            Tz::Africa__Casablanca,
            Tz::Pacific__Chatham,
            Tz::Europe__Berlin,
            Tz::America__New_York,
            Tz::Australia__Sydney,
        ];
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let mut days = 0;
        for tz in zones {
            let mut d = date(2026, 1, 1);
            while d < date(2027, 1, 1) {
                let windows = (0..8).map(|i| PostingWindow {
                    weekday: d.weekday(),
                    start: hm(i * 3, 0),
                    end: if i == 7 { hm(23, 45) } else { hm(i * 3 + 3, 0) },
                });
                let single = PostingWindow {
                    weekday: d.weekday(),
                    start: hm(2, 30),
                    end: hm(2, 30),
                };
                for w in windows.chain([single]) {
                    let mut fast = Vec::new();
                    window_instants(tz, d, &w, |at| fast.push(at));
                    let slow: Vec<_> = w
                        .slot_starts()
                        .into_iter()
                        .filter_map(|t| slot_instant(tz, d, &w, t))
                        .collect();
                    assert_eq!(fast, slow, "{tz} {d} {w:?}");
                }
                d = d.succ_opt().unwrap();
                days += 1;
            }
            // Another weekday's window has no slot that day.
            let other = PostingWindow {
                weekday: date(2026, 3, 3).weekday(),
                start: hm(9, 0),
                end: hm(12, 0),
            };
            let mut none = Vec::new();
            window_instants(tz, date(2026, 3, 4), &other, |at| none.push(at));
            assert!(none.is_empty());
        }
        assert_eq!(days, 9 * 365);
    }

    /// The same over every zone chrono-tz knows, 1970 to 2040, in four-hour windows (the
    /// longest posting window). About three minutes in release mode: run it by hand with
    /// `--ignored`.
    #[test]
    #[ignore = "exhaustive: every zone, 71 years; run in release with --ignored"]
    fn window_instants_are_the_slot_instants_in_every_zone() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for tz in chrono_tz::TZ_VARIANTS {
            let mut d = date(1970, 1, 1);
            while d < date(2041, 1, 1) {
                for i in 0..6 {
                    let w = PostingWindow {
                        weekday: d.weekday(),
                        start: hm(i * 4, 0),
                        end: if i == 5 { hm(23, 45) } else { hm(i * 4 + 4, 0) },
                    };
                    let mut fast = Vec::new();
                    window_instants(tz, d, &w, |at| fast.push(at));
                    let slow: Vec<_> = w
                        .slot_starts()
                        .into_iter()
                        .filter_map(|t| slot_instant(tz, d, &w, t))
                        .collect();
                    assert_eq!(fast, slow, "{tz} {d} {w:?}");
                }
                d = d.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn local_time_is_kept_across_the_change() {
        let tz = Tz::Europe__Berlin;
        // 10:30 local before (CET, UTC+1) and after (CEST, UTC+2) the change.
        assert_eq!(
            local_to_utc(tz, at(date(2026, 3, 27), 10, 30)),
            Some(utc(2026, 3, 27, 9, 30))
        );
        assert_eq!(
            local_to_utc(tz, at(date(2026, 3, 31), 10, 30)),
            Some(utc(2026, 3, 31, 8, 30))
        );
    }
}
