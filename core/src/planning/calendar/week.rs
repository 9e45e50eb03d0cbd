//! One week of one platform in a calendar's range: its in-range posting slots and its
//! quota (rules 2 and 4 of [`super`]'s docs), shared by drafting and by the fit of kept
//! items.

use chrono::{Days, NaiveDate};

use crate::model::{Campaign, Platform};
use crate::planning::localtime::window_instants;
use crate::planning::slots::Slot;
use crate::platform::sop;

/// One ISO week and the calendar's date range.
pub(super) struct WeekRange {
    pub(super) monday: NaiveDate,
    pub(super) first: NaiveDate,
    pub(super) last: NaiveDate,
}

impl WeekRange {
    pub(super) fn contains(&self, date: NaiveDate) -> bool {
        date >= self.first && date <= self.last
    }

    pub(super) fn whole_week_in_range(&self) -> bool {
        self.monday >= self.first
            && self
                .monday
                .checked_add_days(Days::new(6))
                .is_some_and(|sunday| sunday <= self.last)
    }

    /// Day of this week (0 = Monday) of a local date, if it falls in the week.
    pub(super) fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.monday).num_days();
        (0..7).contains(&d).then_some(d as usize)
    }
}

/// `num / den` rounded half up.
pub(super) fn round_div(num: u64, den: u64) -> u64 {
    (2 * num + den) / (2 * den)
}

/// Every posting slot of `platform` on the week's in-range days, in time order; a skipped
/// wall time that maps onto another slot's instant (spring forward) is the same slot and
/// appears once.
pub(super) fn week_slots(campaign: &Campaign, platform: Platform, week: &WeekRange) -> Vec<Slot> {
    let tz = campaign.time_zone;
    let sop = sop(platform);
    let mut in_range: Vec<Slot> = Vec::with_capacity(sop.weekly_capacity() as usize);
    // Slots come in time order (windows are sorted and the wall-time mapping keeps order),
    // so a repeated instant can only be the last one; the full search is kept for the case
    // where they do not, so that the result never depends on it.
    let mut sorted = true;
    for day in 0..7 {
        let Some(date) = week.monday.checked_add_days(Days::new(day as u64)) else {
            break;
        };
        if !week.contains(date) {
            continue;
        }
        for (window, w) in sop.windows.iter().enumerate() {
            // Resolves the window's ends in the zone, not every slot (see `window_instants`).
            window_instants(tz, date, w, |at| {
                let new = match in_range.last() {
                    None => true,
                    Some(last) if sorted && at > last.at => true,
                    Some(last) if sorted && at == last.at => false,
                    _ => !in_range.iter().any(|s| s.at == at),
                };
                if new {
                    sorted &= in_range.last().is_none_or(|last| at > last.at);
                    in_range.push(Slot { day, window, at });
                }
            });
        }
    }
    in_range
}

/// Posts of `platform` the week gets in all (rule 2): the cadence for a whole week, its
/// share of the `in_range` slots for a week cut by the range, at least 1.
pub(super) fn week_quota(
    platform: Platform,
    per_week: u32,
    week: &WeekRange,
    in_range: usize,
) -> u64 {
    let capacity = u64::from(sop(platform).weekly_capacity().max(1));
    if week.whole_week_in_range() {
        u64::from(per_week)
    } else {
        round_div(u64::from(per_week) * in_range as u64, capacity).max(1)
    }
}
