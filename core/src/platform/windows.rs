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
        if self.start == self.end {
            return vec![self.start];
        }
        let step = chrono::Duration::minutes(i64::from(SLOT_MINUTES));
        std::iter::successors(Some(self.start), |t| Some(*t + step))
            .take_while(|t| *t < self.end)
            .collect()
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
