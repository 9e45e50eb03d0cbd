//! Calendar drafting: [`draft_calendar`] turns a campaign and its plan into dated, written
//! calendar items, one per posting slot it picks.
//!
//! The rules, in order:
//! 1. Range: from the later of the plan's and the campaign's start through the earlier of
//!    the plan's last day (start + duration − 1) and the campaign's end date: a plan does
//!    not speak for the days after it, so a campaign longer than its plan is calendared
//!    further by its next plan. Never an instant before `not_before` (the service passes
//!    "now"), and never more than [`MAX_CALENDAR_DAYS`] days past the later of that start
//!    and `not_before`'s day (a guard: no plan is longer).
//! 2. Weeks are ISO weeks (Monday to Sunday) in the campaign's zone. A week wholly inside the
//!    range gets exactly the platform's cadence. A week cut by the range's start or end gets
//!    `round(cadence × in-range slots ÷ weekly slots)`, at least 1 when it has any slot, so a
//!    campaign that starts on a Thursday still posts that week. A week cut by `not_before`
//!    gets the same share of what is left of it (again at least 1 while any slot is left),
//!    but never more than its quota minus the kept items already in the week: regenerating
//!    on a Friday neither crams the missed posts into Friday nor repeats published ones.
//! 3. Kept items (already stored and not to be replaced) count toward their week's quota and
//!    occupy their 15-minute slot.
//! 4. Within a week posts spread over the days and windows ([`super::slots::place`]); every
//!    instant is a slot start inside a posting window in local time, kept across daylight
//!    saving changes ([`super::localtime`]).
//! 5. A cadence above the platform's weekly slots fails with `cadence.<platform>`.
//! 6. Titles differ within a platform's week, kept items' titles included (see
//!    [`super::copy`]): an email's subject takes another template, a post's title another
//!    angle or a " (2)".
//!
//! On regeneration the service first asks `fit.rs` which stored future items still fit
//! (usable slot, room in their week) and keeps those too, so that drafting only fills what
//! they leave open.

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{CalendarItem, Campaign, CampaignPlan, ContentType, Platform};
use crate::planning::copy::{self, CopyItem};
use crate::planning::planner::MAX_PLAN_DAYS;
use crate::planning::slots::{self, Slot};
use crate::planning::stage::Stage;
use crate::platform::{Draft, SLOT_MINUTES, sop};
use crate::{Error, Result, validate};

/// Longest content theme, in characters.
pub const MAX_CONTENT_THEME_CHARS: usize = 200;

/// Most days one calendar generation drafts ahead: as long as the longest plan.
pub const MAX_CALENDAR_DAYS: u32 = MAX_PLAN_DAYS;

/// What to draft a calendar for.
#[derive(Debug, Clone, Copy)]
pub struct CalendarRequest<'a> {
    /// The campaign: platforms, cadence, dates, time zone, client and CTA.
    pub campaign: &'a Campaign,
    /// The plan the calendar follows (must belong to `campaign`).
    pub plan: &'a CampaignPlan,
    /// An optional theme running through all items (e.g. "spring series").
    pub content_theme: Option<&'a str>,
    /// No item is scheduled before this instant (the service passes "now").
    pub not_before: DateTime<Utc>,
    /// Items that already exist and stay: they count toward their week's quota and their
    /// slots are taken.
    pub kept: &'a [CalendarItem],
}

/// A calendar item as drafted; the service adds ids, status and timestamps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarDraft {
    /// Platform.
    pub platform: Platform,
    /// Form of the content.
    pub content_type: ContentType,
    /// When it goes out: a slot start inside a posting window, in the campaign's zone.
    pub scheduled_at: DateTime<Utc>,
    /// Working title; for email, the subject line (at most 50 characters).
    pub title: String,
    /// Draft copy within the platform's limits.
    pub copy: String,
    /// Call to action.
    pub cta: Option<String>,
    /// The plan's theme of the week the item falls in.
    pub theme: String,
}

impl CalendarDraft {
    /// The draft [`crate::platform::check_content`] checks for this item (see
    /// [`super::content_draft`]).
    pub fn content_draft(&self) -> Draft {
        copy::content_draft(self.platform, &self.title, &self.copy)
    }
}

/// Drafts the calendar for `req`, sorted by time then platform. An empty range (campaign
/// over, or `not_before` past its end) gives an empty calendar, not an error.
pub fn draft_calendar(req: &CalendarRequest<'_>) -> Result<Vec<CalendarDraft>> {
    let campaign = req.campaign;
    let plan = req.plan;
    if plan.campaign_id != campaign.id {
        return Err(Error::validation(
            "plan_id",
            format!(
                "plan {} belongs to campaign {}, not {}",
                plan.id, plan.campaign_id, campaign.id
            ),
        ));
    }
    let content_theme =
        validate::optional_line("content_theme", req.content_theme, MAX_CONTENT_THEME_CHARS)?;
    for &platform in &campaign.platforms {
        check_capacity(platform, cadence(campaign, platform))?;
    }

    let tz = campaign.time_zone;
    let Some((first, last)) = date_range(req) else {
        return Ok(Vec::new());
    };
    let today = req.not_before.with_timezone(&tz).date_naive();

    let mut placed: Vec<(DateTime<Utc>, Platform)> = Vec::new();
    for &platform in &campaign.platforms {
        let per_week = cadence(campaign, platform);
        if per_week == 0 {
            continue;
        }
        let mut kept: Vec<DateTime<Utc>> = req
            .kept
            .iter()
            .filter(|k| k.platform == platform)
            .map(|k| k.scheduled_at)
            .collect();
        kept.sort_unstable();
        // Weeks wholly before `not_before` can take no new post: start at today's week.
        let mut monday = week_start(first.max(today));
        loop {
            let week = WeekRange {
                monday,
                first,
                last,
            };
            for at in place_week(campaign, platform, per_week, &week, req.not_before, &kept)? {
                placed.push((at, platform));
            }
            match monday.checked_add_days(Days::new(7)) {
                Some(next) if next <= last => monday = next,
                _ => break,
            }
        }
    }
    placed.sort();

    // Titles already used per platform and week, so that new ones differ from them.
    let mut titles: BTreeMap<(Platform, NaiveDate), Vec<String>> = BTreeMap::new();
    let week_of = |at: DateTime<Utc>| week_start(at.with_timezone(&tz).date_naive());
    for k in req.kept {
        titles
            .entry((k.platform, week_of(k.scheduled_at)))
            .or_default()
            .push(k.title.clone());
    }
    let writer = ItemWriter::new(req, content_theme.as_deref());
    let mut ordinals = [0usize; Platform::ALL.len()];
    let drafts = placed
        .into_iter()
        .map(|(at, platform)| {
            let slot = Platform::ALL
                .iter()
                .position(|p| *p == platform)
                .unwrap_or(0);
            let ordinal = ordinals[slot];
            ordinals[slot] += 1;
            // Each platform walks through all angles; the offset keeps posts that go out
            // together on different platforms on different angles.
            let taken = titles.entry((platform, week_of(at))).or_default();
            let item = writer.write(platform, at, ordinal + slot, ordinal, taken);
            taken.push(item.title.clone());
            item
        })
        .collect();
    Ok(drafts)
}

/// The local dates the calendar may use (rule 1 of the module docs), `None` when empty.
fn date_range(req: &CalendarRequest<'_>) -> Option<(NaiveDate, NaiveDate)> {
    let (campaign, plan) = (req.campaign, req.plan);
    let first = plan.start_date.max(campaign.start_date);
    if plan.duration_days == 0 {
        return None;
    }
    // The plan's last day, or the campaign's end date when that comes first: a plan does
    // not speak for the days after its duration, however long the campaign runs.
    let plan_last = after(plan.start_date, plan.duration_days - 1);
    let last = campaign
        .end_date
        .map_or(plan_last, |end| end.min(plan_last));
    let today = req
        .not_before
        .with_timezone(&campaign.time_zone)
        .date_naive();
    let last = last.min(after(first.max(today), MAX_CALENDAR_DAYS - 1));
    (first <= last).then_some((first, last))
}

/// `date` plus `days`, or the last representable date when that lies beyond it.
fn after(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The Monday of `date`'s ISO week (`date` itself in the first days chrono can represent,
/// whose Monday it cannot).
fn week_start(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// Posts per week of `platform` (0 when the campaign sets none).
fn cadence(campaign: &Campaign, platform: Platform) -> u32 {
    campaign.cadence.get(&platform).copied().unwrap_or(0)
}

/// Fails when `per_week` posts cannot fit the platform's weekly posting slots.
fn check_capacity(platform: Platform, per_week: u32) -> Result<()> {
    let capacity = sop(platform).weekly_capacity();
    if per_week <= capacity {
        return Ok(());
    }
    let days: Vec<String> = {
        let mut d: Vec<String> = sop(platform)
            .windows
            .iter()
            .map(|w| w.weekday.to_string())
            .collect();
        d.dedup();
        d
    };
    Err(Error::validation(
        format!("cadence.{}", platform.key()),
        format!(
            "{per_week} posts a week do not fit {}: its posting windows ({}) hold {capacity} \
             slots of {SLOT_MINUTES} minutes a week; use at most {capacity}",
            platform.label(),
            days.join(", ")
        ),
    ))
}

/// The instants of the new posts of `platform` in one week.
fn place_week(
    campaign: &Campaign,
    platform: Platform,
    per_week: u32,
    week: &WeekRange,
    not_before: DateTime<Utc>,
    kept: &[DateTime<Utc>], // sorted
) -> Result<Vec<DateTime<Utc>>> {
    let tz = campaign.time_zone;
    let in_range = week_slots(campaign, platform, week);
    let available: Vec<Slot> = in_range
        .iter()
        .copied()
        .filter(|s| s.at >= not_before)
        .collect();
    if available.is_empty() {
        return Ok(Vec::new());
    }

    let quota = week_quota(platform, per_week, week, in_range.len());
    let share = if available.len() == in_range.len() {
        quota
    } else {
        round_div(quota * available.len() as u64, in_range.len() as u64).max(1)
    };

    let mut kept_per_day = [0u32; 7];
    let (mut kept_in_week, mut kept_ahead) = (0u64, 0u64);
    for &k in kept {
        if let Some(day) = week.day_of(k.with_timezone(&tz).date_naive()) {
            kept_per_day[day] += 1;
            kept_in_week += 1;
            if k >= not_before {
                kept_ahead += 1;
            }
        }
    }
    let new = quota
        .saturating_sub(kept_in_week)
        .min(share.saturating_sub(kept_ahead));
    if new == 0 {
        return Ok(Vec::new());
    }

    let slot_len = Duration::minutes(i64::from(SLOT_MINUTES));
    // `kept` is sorted: the first kept instant at or after the slot start decides.
    let occupied: Vec<bool> = available
        .iter()
        .map(|s| {
            let i = kept.partition_point(|&k| k < s.at);
            kept.get(i).is_some_and(|&k| k < s.at + slot_len)
        })
        .collect();
    let free = occupied.iter().filter(|o| !**o).count();
    let chosen =
        slots::place(&available, &occupied, &kept_per_day, new as u32).ok_or_else(|| {
            Error::validation(
                format!("cadence.{}", platform.key()),
                format!(
                    "the week of {} needs {new} more {} posts but only {free} posting slots \
                     are free",
                    week.monday,
                    platform.label()
                ),
            )
        })?;
    Ok(chosen.into_iter().map(|i| available[i].at).collect())
}

/// Writes a calendar's items. What all of them share is prepared once per calendar: the
/// copy inputs ([`copy::Copywriter`]) and the funnel stage of each plan phase (recognising
/// one in a phase name lower-cases and splits the name).
struct ItemWriter<'a> {
    req: &'a CalendarRequest<'a>,
    copywriter: copy::Copywriter,
    /// The stage of each of the plan's phases, in order.
    stages: Vec<Option<Stage>>,
}

impl<'a> ItemWriter<'a> {
    fn new(req: &'a CalendarRequest<'a>, content_theme: Option<&str>) -> Self {
        let plan = req.plan;
        ItemWriter {
            copywriter: copy::Copywriter::new(
                &plan.focus_area,
                &req.campaign.client_name,
                content_theme,
                req.campaign.primary_cta.as_deref(),
            ),
            stages: plan
                .phases
                .iter()
                .map(|p| Stage::from_phase_name(&p.name))
                .collect(),
            req,
        }
    }

    /// Writes the `ordinal`-th item of `platform`, with messaging angle number
    /// `angle_index`.
    fn write(
        &self,
        platform: Platform,
        at: DateTime<Utc>,
        angle_index: usize,
        ordinal: usize,
        taken_titles: &[String],
    ) -> CalendarDraft {
        let plan = self.req.plan;
        let local = at.with_timezone(&self.req.campaign.time_zone).date_naive();
        let day = u32::try_from((local - plan.start_date).num_days().max(0)).unwrap_or(u32::MAX);
        // Past the plan's last week (a campaign that runs longer than its plan) the last theme
        // and phase carry on until the campaign is re-planned.
        let theme = plan
            .weekly_themes
            .get((day / 7) as usize)
            .or(plan.weekly_themes.last())
            .map_or_else(|| plan.focus_area.clone(), |t| t.theme.clone());
        let phase = plan
            .phases
            .iter()
            .position(|p| day >= p.start_day && day - p.start_day < p.days)
            .or(plan.phases.len().checked_sub(1));
        let stage = phase
            .and_then(|i| self.stages[i])
            .unwrap_or_else(|| Stage::by_position(day, plan.duration_days));
        let angle = if plan.messaging_angles.is_empty() {
            plan.focus_area.as_str()
        } else {
            plan.messaging_angles[angle_index % plan.messaging_angles.len()].as_str()
        };
        let content_type = copy::content_type_for(platform, ordinal);
        let written = self.copywriter.write(&CopyItem {
            platform,
            content_type,
            stage,
            weekly_theme: &theme,
            angle,
            variant: ordinal,
            taken_titles,
        });
        CalendarDraft {
            platform,
            content_type,
            scheduled_at: at,
            title: written.title,
            copy: written.copy,
            cta: written.cta,
            theme,
        }
    }
}

mod fit;
mod week;
pub(crate) use fit::fitting;
use week::{WeekRange, round_div, week_quota, week_slots};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod timing;
