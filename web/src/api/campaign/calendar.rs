//! The calendar of one campaign: [`load_calendar`] gives a month or a week of it (one
//! bounded range query, the days in the campaign's zone), with platform filter chips and
//! each item's schedule issues (outside its posting windows, two items in one slot); and
//! [`reschedule`] moves an item to a local date and time (the no-JS form and the
//! drag-and-drop of the hydrated page call the same function).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// First and last hour row of the week view (items outside get rows of their own).
pub const WEEK_HOURS: (u32, u32) = (7, 20);

/// A month or week of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarView {
    /// Campaign id.
    pub campaign_id: u64,
    /// `month` or `week`.
    pub view: String,
    /// The date the view was asked for, `YYYY-MM-DD`.
    pub date: String,
    /// Heading, e.g. `January 2027` or `Week 2027-W01 (4–10 Jan)`.
    pub title: String,
    /// The campaign's IANA zone: every time shown is local to it.
    pub time_zone: String,
    /// A date in the previous month / week.
    pub prev: String,
    /// A date in the next month / week.
    pub next: String,
    /// Today in the campaign's zone.
    pub today: String,
    /// The days shown, Monday first, whole weeks.
    pub days: Vec<DayCell>,
    /// The week view's hour rows (empty for a month).
    pub hours: Vec<u32>,
    /// Filter chips, one per platform of the campaign.
    pub chips: Vec<PlatformChip>,
    /// The active filter as its query value (`x,linkedin`), empty for all platforms.
    pub filter: String,
    /// Items in the range before the filter.
    pub total: usize,
}

/// One day of the view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayCell {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Day of the month.
    pub day: u32,
    /// Weekday, e.g. `Tue`.
    pub weekday: String,
    /// Whether it lies in the month shown (always true in a week view).
    pub in_range: bool,
    /// Whether it is today in the campaign's zone.
    pub today: bool,
    /// Its items that pass the filter, in time order.
    pub items: Vec<ItemChip>,
}

/// One item in a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemChip {
    /// Item id.
    pub id: u64,
    /// Platform key (its colour).
    pub platform: String,
    /// Platform label.
    pub platform_label: String,
    /// Content type key.
    pub content_type: String,
    /// Local time, `HH:MM`.
    pub time: String,
    /// Local hour (the week view's row).
    pub hour: u32,
    /// Local date and time as `<input type="datetime-local">` takes it.
    pub local: String,
    /// Title.
    pub title: String,
    /// Status key.
    pub status: String,
    /// Schedule issues in words (posting window, slot conflicts).
    pub issues: Vec<String>,
}

/// One platform filter chip: a link that toggles the platform in the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformChip {
    /// Platform key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Whether the platform is shown.
    pub active: bool,
    /// The filter value the chip's link sets (empty: all platforms).
    pub toggle: String,
}

#[cfg(feature = "ssr")]
mod build {
    use super::*;
    use campaign_ops_core::planning::schedule_issues;
    use campaign_ops_core::service::start_of_local_day;
    use campaign_ops_core::{CalendarItem, Campaign, Platform};
    use chrono::{Datelike, Days, Months, NaiveDate, Timelike};

    /// Monday of `date`'s week.
    fn monday(date: NaiveDate) -> NaiveDate {
        date - Days::new(u64::from(date.weekday().num_days_from_monday()))
    }

    /// The first and the day after the last day shown, and the range's heading.
    pub(super) fn range(month: bool, date: NaiveDate) -> (NaiveDate, NaiveDate, String) {
        if month {
            let first = date.with_day(1).expect("day 1 exists");
            let next_month = first + Months::new(1);
            let last = next_month - Days::new(1);
            let end = monday(last) + Days::new(7);
            (monday(first), end, first.format("%B %Y").to_string())
        } else {
            let start = monday(date);
            let sunday = start + Days::new(6);
            let iso = start.iso_week();
            let title = format!(
                "Week {}-W{:02} ({} – {})",
                iso.year(),
                iso.week(),
                start.format("%-d %b"),
                sunday.format("%-d %b %Y")
            );
            (start, start + Days::new(7), title)
        }
    }

    /// The filter value with `p` toggled.
    fn toggled(active: &[Platform], all: &[Platform], p: Platform) -> String {
        let next: Vec<&str> = all
            .iter()
            .filter(|q| (**q == p) != active.contains(q))
            .map(|q| q.key())
            .collect();
        if next.len() == all.len() {
            String::new()
        } else {
            next.join(",")
        }
    }

    pub(super) struct Inputs<'a> {
        pub campaign: &'a Campaign,
        pub month: bool,
        pub date: NaiveDate,
        pub today: NaiveDate,
        pub filter: Vec<Platform>,
        pub items: Vec<CalendarItem>,
    }

    /// The view of `inputs.items` (all items of the range, unfiltered).
    pub(super) fn view(inputs: Inputs<'_>) -> CalendarView {
        let Inputs {
            campaign,
            month,
            date,
            today,
            filter,
            items,
        } = inputs;
        let tz = campaign.time_zone;
        let (start, end, title) = range(month, date);
        let issues = schedule_issues(tz, &items);
        let shown = |p: Platform| filter.is_empty() || filter.contains(&p);
        let mut days: Vec<DayCell> = start
            .iter_days()
            .take_while(|d| *d < end)
            .map(|d| DayCell {
                date: d.to_string(),
                day: d.day(),
                weekday: d.format("%a").to_string(),
                in_range: !month || d.month() == date.month(),
                today: d == today,
                items: vec![],
            })
            .collect();
        let mut hours: Vec<u32> = (WEEK_HOURS.0..=WEEK_HOURS.1).collect();
        for item in items.iter().filter(|i| shown(i.platform)) {
            let local = item.scheduled_at.with_timezone(&tz).naive_local();
            let index = (local.date() - start).num_days();
            let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) else {
                continue;
            };
            if !hours.contains(&local.hour()) {
                hours.push(local.hour());
            }
            day.items.push(ItemChip {
                id: item.id.0,
                platform: item.platform.key().to_owned(),
                platform_label: item.platform.label().to_owned(),
                content_type: item.content_type.key().to_owned(),
                time: local.format("%H:%M").to_string(),
                hour: local.hour(),
                local: local.format("%Y-%m-%dT%H:%M").to_string(),
                title: item.title.clone(),
                status: item.status.key().to_owned(),
                issues: issues
                    .get(&item.id)
                    .map(|list| list.iter().map(|i| i.message(item.platform)).collect())
                    .unwrap_or_default(),
            });
        }
        hours.sort_unstable();
        let (prev, next) = if month {
            let first = date.with_day(1).expect("day 1 exists");
            (first - Months::new(1), first + Months::new(1))
        } else {
            (date - Days::new(7), date + Days::new(7))
        };
        let all = &campaign.platforms;
        let active: Vec<Platform> = if filter.is_empty() {
            all.clone()
        } else {
            filter.clone()
        };
        CalendarView {
            campaign_id: campaign.id.0,
            view: if month { "month" } else { "week" }.to_owned(),
            date: date.to_string(),
            title,
            time_zone: tz.name().to_owned(),
            prev: prev.to_string(),
            next: next.to_string(),
            today: today.to_string(),
            days,
            hours: if month { vec![] } else { hours },
            chips: all
                .iter()
                .map(|&p| PlatformChip {
                    key: p.key().to_owned(),
                    label: p.label().to_owned(),
                    active: active.contains(&p),
                    toggle: toggled(&active, all, p),
                })
                .collect(),
            filter: filter.iter().map(|p| p.key()).collect::<Vec<_>>().join(","),
            total: items.len(),
        }
    }

    /// The instants of the range's local days in `tz`.
    pub(super) fn bounds(
        tz: chrono_tz::Tz,
        start: NaiveDate,
        end: NaiveDate,
    ) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        (start_of_local_day(tz, start), start_of_local_day(tz, end))
    }
}

/// A month (`view = "month"`, the default) or a week (`"week"`) of the calendar of
/// `campaign_id` around `date` (`YYYY-MM-DD`; default today in the campaign's zone, or its
/// first day if it has not started), showing the platforms in `platforms` (comma-separated
/// keys; blank for all) (Viewer). Errors name `view`, `date` or `platforms`.
#[server]
pub async fn load_calendar(
    /// The campaign.
    campaign_id: u64,
    /// `month` (default) or `week`.
    view: Option<String>,
    /// A day of the range, `YYYY-MM-DD`.
    date: Option<String>,
    /// Platform keys shown, comma-separated; blank for all.
    platforms: Option<String>,
) -> Result<CalendarView, AppError> {
    use campaign_ops_core::{CampaignId, Error, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let month = match view.as_deref().map(str::trim) {
            None | Some("") | Some("month") => true,
            Some("week") => false,
            Some(other) => {
                return Err(Error::validation(
                    "view",
                    format!("must be month or week (got '{other}')"),
                ));
            }
        };
        let campaign = ops.get_campaign(CampaignId(campaign_id))?;
        let tz = campaign.time_zone;
        let today = ops.clock().now().with_timezone(&tz).date_naive();
        let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => super::parse::date("date", d)?,
            None => today.max(campaign.start_date),
        };
        let filter = super::parse::platforms("platforms", platforms.as_deref())?;
        let (start, end, _) = build::range(month, date);
        let (from, until) = build::bounds(tz, start, end);
        let items = ops.calendar_between(campaign.id, from, until)?;
        Ok(build::view(build::Inputs {
            campaign: &campaign,
            month,
            date,
            today,
            filter,
            items,
        }))
    })
    .await
}

/// Moves item `item_id` to `scheduled_at`, a local date and time in the campaign's zone
/// (`YYYY-MM-DDTHH:MM`, as `<input type="datetime-local">` sends it; a wall time skipped by
/// a clock change becomes the next valid one, an ambiguous one the earlier) (Operator).
/// Only a planned item moves, never into the past; errors name `scheduled_at`.
#[server]
pub async fn reschedule(
    /// The item.
    item_id: u64,
    /// The new local date and time, `YYYY-MM-DDTHH:MM`.
    scheduled_at: String,
) -> Result<ItemChip, AppError> {
    use campaign_ops_core::planning::local_to_utc;
    use campaign_ops_core::{CalendarItemId, Error, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let id = CalendarItemId(item_id);
        let item = ops.get_calendar_item(id)?;
        let campaign = ops.get_campaign(item.campaign_id)?;
        let tz = campaign.time_zone;
        let local = super::parse::local_datetime("scheduled_at", &scheduled_at)?;
        let at = local_to_utc(tz, local)
            .ok_or_else(|| Error::validation("scheduled_at", "does not exist in the zone"))?;
        let moved = ops.reschedule_calendar_item(&caller.actor, id, at)?;
        let day = moved.scheduled_at.with_timezone(&tz).date_naive();
        let (from, until) = build::bounds(tz, day, day + chrono::Days::new(1));
        let items = ops.calendar_between(campaign.id, from, until)?;
        let view = build::view(build::Inputs {
            campaign: &campaign,
            month: false,
            date: day,
            today: day,
            filter: vec![],
            items,
        });
        view.days
            .into_iter()
            .flat_map(|d| d.items)
            .find(|i| i.id == item_id)
            .ok_or_else(|| Error::not_found(campaign_ops_core::EntityKind::CalendarItem, id))
    })
    .await
}
