//! What a calendar's times break: an item outside every posting window of its platform
//! (in the campaign's zone), and two items of one platform in the same posting slot. The
//! generator never produces either; a person moving items by hand can, and the dashboard
//! shows it next to the item rather than refusing the move.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::{CalendarItem, CalendarItemId, CalendarItemStatus, Platform};
use crate::platform::{SLOT_MINUTES, sop};

/// One thing wrong with an item's time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScheduleIssue {
    /// The local time is in none of the platform's posting windows.
    OutsideWindow,
    /// Another item of the same platform is in the same posting slot.
    SlotConflict {
        /// The other item(s) in the slot, ascending id.
        with: Vec<CalendarItemId>,
    },
}

impl ScheduleIssue {
    /// The issue in words, for a person.
    pub fn message(&self, platform: Platform) -> String {
        match self {
            ScheduleIssue::OutsideWindow => {
                format!("outside {}'s posting windows", platform.label())
            }
            ScheduleIssue::SlotConflict { with } => {
                let ids: Vec<String> = with.iter().map(|id| format!("#{id}")).collect();
                format!("same slot as {}", ids.join(", "))
            }
        }
    }
}

/// Whether `at` falls inside one of `platform`'s posting windows in `tz`.
pub fn in_posting_window(platform: Platform, tz: Tz, at: DateTime<Utc>) -> bool {
    let local = at.with_timezone(&tz).naive_local();
    sop(platform)
        .windows
        .iter()
        .any(|w| w.contains(local.weekday(), local.time()))
}

/// The local posting slot an instant falls in: its wall time rounded down to a
/// [`SLOT_MINUTES`] boundary.
fn slot_of(tz: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    let local = at.with_timezone(&tz).naive_local();
    let minute = local.minute() - local.minute() % SLOT_MINUTES;
    local
        .with_minute(minute)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(local)
}

/// The schedule issues of `items` (one campaign's, in `tz`), by item; items without an
/// issue are absent. Cancelled items neither have nor cause issues. Conflicts are found
/// among `items` only: pass whole days (a calendar view does), and a slot's items are all
/// there.
pub fn schedule_issues(
    tz: Tz,
    items: &[CalendarItem],
) -> BTreeMap<CalendarItemId, Vec<ScheduleIssue>> {
    let live: Vec<&CalendarItem> = items
        .iter()
        .filter(|i| i.status != CalendarItemStatus::Cancelled)
        .collect();
    let mut slots: BTreeMap<(Platform, NaiveDateTime), Vec<CalendarItemId>> = BTreeMap::new();
    for item in &live {
        slots
            .entry((item.platform, slot_of(tz, item.scheduled_at)))
            .or_default()
            .push(item.id);
    }
    let mut issues: BTreeMap<CalendarItemId, Vec<ScheduleIssue>> = BTreeMap::new();
    for item in &live {
        if !in_posting_window(item.platform, tz, item.scheduled_at) {
            issues
                .entry(item.id)
                .or_default()
                .push(ScheduleIssue::OutsideWindow);
        }
        let slot = &slots[&(item.platform, slot_of(tz, item.scheduled_at))];
        if slot.len() > 1 {
            let mut with: Vec<CalendarItemId> =
                slot.iter().copied().filter(|id| *id != item.id).collect();
            with.sort();
            issues
                .entry(item.id)
                .or_default()
                .push(ScheduleIssue::SlotConflict { with });
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CampaignId, ContentType, PlanId};
    use chrono::TimeZone;

    fn item(id: u64, platform: Platform, at: DateTime<Utc>) -> CalendarItem {
        CalendarItem {
            id: CalendarItemId(id),
            campaign_id: CampaignId(1),
            plan_id: PlanId(1),
            platform,
            content_type: ContentType::Post,
            scheduled_at: at,
            title: "t".into(),
            copy: "c".into(),
            asset_ref: None,
            cta: None,
            theme: "w".into(),
            status: CalendarItemStatus::Planned,
            notes: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn berlin(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        // 2027-01-05 is a Tuesday; Berlin is UTC+1 in January.
        chrono_tz::Europe::Berlin
            .with_ymd_and_hms(2027, 1, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn windows_are_local_to_the_campaign_zone() {
        let tz = chrono_tz::Europe::Berlin;
        // LinkedIn: Tue–Thu 08–10 and 12–13 local.
        assert!(in_posting_window(Platform::LinkedIn, tz, berlin(5, 8, 30)));
        assert!(!in_posting_window(Platform::LinkedIn, tz, berlin(5, 10, 0)));
        assert!(
            !in_posting_window(Platform::LinkedIn, tz, berlin(4, 9, 0)),
            "a Monday"
        );
        // 08:30 Berlin is 07:30 UTC: in the window in Berlin, not in UTC.
        assert!(!in_posting_window(
            Platform::LinkedIn,
            chrono_tz::UTC,
            berlin(5, 8, 30)
        ));
    }

    #[test]
    fn conflicts_and_window_violations_are_listed_per_item() {
        let tz = chrono_tz::Europe::Berlin;
        let mut cancelled = item(4, Platform::X, berlin(6, 9, 5));
        cancelled.status = CalendarItemStatus::Cancelled;
        let items = [
            item(1, Platform::X, berlin(6, 9, 0)),
            item(2, Platform::X, berlin(6, 9, 10)),
            item(3, Platform::LinkedIn, berlin(6, 9, 0)),
            cancelled,
            item(5, Platform::Instagram, berlin(10, 10, 0)),
        ];
        let issues = schedule_issues(tz, &items);
        assert_eq!(
            issues[&CalendarItemId(1)],
            [ScheduleIssue::SlotConflict {
                with: vec![CalendarItemId(2)]
            }]
        );
        assert_eq!(
            issues[&CalendarItemId(2)],
            [ScheduleIssue::SlotConflict {
                with: vec![CalendarItemId(1)]
            }]
        );
        assert!(!issues.contains_key(&CalendarItemId(3)), "another platform");
        assert!(!issues.contains_key(&CalendarItemId(4)), "cancelled");
        // Sunday: Instagram has no window.
        assert_eq!(issues[&CalendarItemId(5)], [ScheduleIssue::OutsideWindow]);
        assert_eq!(
            issues[&CalendarItemId(1)][0].message(Platform::X),
            "same slot as #2"
        );
    }
}
