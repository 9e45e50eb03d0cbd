//! Which existing items a regeneration keeps: [`fitting`] decides, for future planned items
//! that a regeneration may replace, which still fit the calendar the request describes.
//!
//! Placement is not stable under what is kept: a started item counts as load on its day,
//! and a regeneration later in a week sees less of it, so a fresh draft may put a week's
//! posts in other slots than the items already there, although every one of those slots is
//! still a fine place for a post. Keeping only items on the fresh draft's exact slots would
//! then delete and recreate items (and their tasks, with their assignees) for no change of
//! input. So an item fits when its slot is one the calendar may use and its week still
//! has room for it; the fresh draft only says which items to keep first when a week has
//! fewer posts than items (a lower cadence, a shorter range).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::{
    CalendarRequest, WeekRange, cadence, date_range, draft_calendar, week_quota, week_slots,
    week_start,
};
use crate::Result;
use crate::model::{CalendarItem, Platform};
use crate::platform::SLOT_MINUTES;

/// For each of `candidates` (stored future planned items that may be replaced, none of
/// them among `req.kept`), whether it still fits the calendar `req` describes around the
/// items in `req.kept`: its platform has a cadence, its instant is a posting slot inside
/// the range and not before `req.not_before`, no kept item holds that slot, and its week
/// has room for it: the week's quota minus the kept items already in the week, filled
/// first by the candidates at the slots a fresh draft would choose, then by time. Posts
/// drafted around the kept and fitting items then fill what is left of each week.
///
/// Fails like [`draft_calendar`] on a bad request.
pub(crate) fn fitting(req: &CalendarRequest<'_>, candidates: &[CalendarItem]) -> Result<Vec<bool>> {
    // Nothing to decide (a first calendar): no draft. The caller drafts the same request
    // next, so a bad request still fails there, with the same error.
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let preferred: BTreeSet<(Platform, DateTime<Utc>)> = draft_calendar(req)?
        .into_iter()
        .map(|d| (d.platform, d.scheduled_at))
        .collect();
    let mut fits = vec![false; candidates.len()];
    let Some((first, last)) = date_range(req) else {
        return Ok(fits);
    };
    let campaign = req.campaign;
    let tz = campaign.time_zone;
    let monday_of = |at: DateTime<Utc>| week_start(at.with_timezone(&tz).date_naive());
    let slot_len = Duration::minutes(i64::from(SLOT_MINUTES));
    for &platform in &campaign.platforms {
        let per_week = cadence(campaign, platform);
        if per_week == 0 {
            continue;
        }
        let mut weeks: BTreeMap<_, Vec<usize>> = BTreeMap::new();
        for (i, c) in candidates.iter().enumerate() {
            if c.platform == platform {
                weeks.entry(monday_of(c.scheduled_at)).or_default().push(i);
            }
        }
        let kept: Vec<DateTime<Utc>> = req
            .kept
            .iter()
            .filter(|k| k.platform == platform)
            .map(|k| k.scheduled_at)
            .collect();
        for (monday, mut in_week) in weeks {
            let week = WeekRange {
                monday,
                first,
                last,
            };
            let slots = week_slots(campaign, platform, &week);
            let kept_in_week = kept.iter().filter(|&&k| monday_of(k) == monday).count();
            let room = week_quota(platform, per_week, &week, slots.len())
                .saturating_sub(kept_in_week as u64);
            in_week.retain(|&i| {
                let at = candidates[i].scheduled_at;
                at >= req.not_before
                    && slots.iter().any(|s| s.at == at)
                    && !kept.iter().any(|&k| k >= at && k < at + slot_len)
            });
            in_week.sort_by_key(|&i| {
                let at = candidates[i].scheduled_at;
                (!preferred.contains(&(platform, at)), at)
            });
            for i in in_week
                .into_iter()
                .take(usize::try_from(room).unwrap_or(usize::MAX))
            {
                fits[i] = true;
            }
        }
    }
    Ok(fits)
}
