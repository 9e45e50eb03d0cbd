//! Posting windows: the weekday and local time ranges in which a platform's audience is
//! most responsive.

use chrono::{NaiveTime, Weekday};

use crate::model::Platform;

/// A half-open local time range `[start, end)` on one weekday. A window with
/// `start == end` is a single send time (used for email).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingWindow {
    /// Day of the week.
    pub weekday: Weekday,
    /// Local start time.
    pub start: NaiveTime,
    /// Local end time (exclusive; equal to `start` for a single send time).
    pub end: NaiveTime,
}

/// Minutes between two posting slots inside a window.
pub const SLOT_MINUTES: u32 = 15;

impl PostingWindow {
    /// The local start times of the slots in this window: every [`SLOT_MINUTES`] from
    /// `start` while before `end`, or just `start` for a single send time.
    pub fn slot_starts(&self) -> Vec<NaiveTime> {
        self.slot_times().collect()
    }

    /// [`Self::slot_starts`] without collecting them (for code that walks them per day).
    pub(crate) fn slot_times(&self) -> impl Iterator<Item = NaiveTime> + Clone + use<> {
        let (start, end) = (self.start, self.end);
        let step = chrono::Duration::minutes(i64::from(SLOT_MINUTES));
        let single = start == end;
        std::iter::successors(Some(start), move |t| (!single).then(|| *t + step))
            .take_while(move |t| single || *t < end)
    }

    /// How many slots [`Self::slot_times`] gives, counted without walking them: one for a
    /// send time, else the slot minutes that fit before `end`.
    pub(crate) fn slot_count(&self) -> usize {
        use chrono::Timelike;
        if self.start == self.end {
            return 1;
        }
        if self.end < self.start {
            return 0;
        }
        let span = (self.end - self.start).num_seconds();
        let step = i64::from(SLOT_MINUTES) * 60;
        let count = span.div_euclid(step) + i64::from(span.rem_euclid(step) > 0);
        // The slot after the last must not pass midnight: a wall clock would wrap there and
        // walk on (a window that ends after 23:45), so such a window is walked as before.
        if i64::from(self.start.num_seconds_from_midnight()) + count * step < 86_400 {
            count as usize
        } else {
            self.slot_times().count()
        }
    }

    /// Whether a local weekday and time fall inside the window.
    pub fn contains(&self, weekday: Weekday, time: NaiveTime) -> bool {
        weekday == self.weekday
            && if self.start == self.end {
                time == self.start
            } else {
                time >= self.start && time < self.end
            }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid constant time")
}

fn days(days: &[Weekday], ranges: &[(u32, u32)]) -> Vec<PostingWindow> {
    days.iter()
        .flat_map(|&weekday| {
            ranges.iter().map(move |&(s, e)| PostingWindow {
                weekday,
                start: hm(s, 0),
                end: hm(e, 0),
            })
        })
        .collect()
}

/// The windows of `platform`, sorted by weekday then start.
pub(crate) fn posting_windows(platform: Platform) -> Vec<PostingWindow> {
    use Weekday::*;
    match platform {
        // Sprout Social 2023: Tue–Thu mornings and the lunch hour.
        Platform::LinkedIn => days(&[Tue, Wed, Thu], &[(8, 10), (12, 13)]),
        // Late mornings on weekdays; Sunday is the weakest day and gets no window.
        Platform::Instagram => {
            let mut w = days(&[Mon], &[(10, 12)]);
            w.extend(days(&[Tue], &[(9, 13)]));
            w.extend(days(&[Wed], &[(10, 13)]));
            w.extend(days(&[Thu], &[(10, 12)]));
            w.extend(days(&[Fri], &[(9, 11)]));
            w
        }
        Platform::X => days(&[Tue, Wed, Thu, Fri], &[(9, 12)]),
        // Email goes out at fixed send times: 09:00 or 12:00, Tue–Thu.
        Platform::Email => days(&[Tue, Wed, Thu], &[(9, 9), (12, 12)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_count_is_the_number_of_slot_starts() {
        let w = |s: (u32, u32), e: (u32, u32)| PostingWindow {
            weekday: Weekday::Tue,
            start: NaiveTime::from_hms_opt(s.0, s.1, 0).unwrap(),
            end: NaiveTime::from_hms_opt(e.0, e.1, 0).unwrap(),
        };
        for window in [
            w((9, 0), (9, 0)),
            w((9, 0), (9, 15)),
            w((9, 0), (9, 20)),
            w((9, 5), (12, 0)),
            w((8, 0), (10, 0)),
            w((12, 0), (9, 0)),
            w((22, 0), (23, 45)),
            w((23, 30), (23, 40)),
        ] {
            assert_eq!(
                window.slot_count(),
                window.slot_starts().len(),
                "{window:?}"
            );
        }
        for platform in Platform::ALL {
            for window in posting_windows(platform) {
                assert_eq!(
                    window.slot_count(),
                    window.slot_starts().len(),
                    "{window:?}"
                );
            }
        }
    }
}
