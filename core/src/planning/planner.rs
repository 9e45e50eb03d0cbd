//! The planner seam: what a planner is given ([`PlanRequest`]), what it returns
//! ([`PlanDraft`]), and the rules every plan must keep, whichever planner wrote it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Campaign, PlanPhase, WeeklyTheme};
use crate::{Error, Result, validate};

/// Shortest plan, in days: one full week, so that every plan has a whole weekly rhythm.
pub const MIN_PLAN_DAYS: u32 = 7;
/// Longest plan, in days: one year; beyond that a plan is guesswork and should be re-planned.
pub const MAX_PLAN_DAYS: u32 = 365;
/// Longest focus area, in characters (after trimming).
pub const MAX_FOCUS_AREA_CHARS: usize = 200;
/// Fewest messaging angles a plan carries.
pub const MIN_ANGLES: usize = 3;
/// Most messaging angles a plan carries.
pub const MAX_ANGLES: usize = 5;
/// Most phases a plan may have.
pub const MAX_PHASES: usize = 8;
/// Longest positioning statement, in characters.
pub const MAX_POSITIONING_CHARS: usize = 1000;

/// What a planner is asked to plan.
#[derive(Debug, Clone, Copy)]
pub struct PlanRequest<'a> {
    /// The campaign being planned.
    pub campaign: &'a Campaign,
    /// What the plan concentrates on, e.g. "spring product launch".
    pub focus_area: &'a str,
    /// Number of days the plan covers.
    pub duration_days: u32,
    /// First day of the plan, in the campaign's time zone.
    pub start_date: NaiveDate,
}

/// A plan as a planner produces it; the service adds id, version, dates and created time to
/// make a [`crate::CampaignPlan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDraft {
    /// How the offer is positioned.
    pub positioning: String,
    /// Messaging angles to rotate through (3 to 5).
    pub messaging_angles: Vec<String>,
    /// Consecutive phases from day 0 that together cover the duration.
    pub phases: Vec<PlanPhase>,
    /// One theme per started week of the plan, numbered from 1.
    pub weekly_themes: Vec<WeeklyTheme>,
}

/// Produces a [`PlanDraft`] for a campaign.
pub trait Planner: Send + Sync {
    /// Short stable name, stored as the plan's `generated_by` (e.g. `template`).
    fn name(&self) -> &str;

    /// Plans `request`; fails with [`Error::Validation`] on a request that breaks
    /// [`validate_plan_request`].
    fn plan(&self, request: &PlanRequest<'_>) -> Result<PlanDraft>;
}

/// Number of (started) weeks in a plan of `duration_days`: one weekly theme each.
pub fn week_count(duration_days: u32) -> u32 {
    duration_days.div_ceil(7)
}

/// The last day a plan may cover: local times on it stay in the year 9999 in UTC in every
/// zone (offsets are at most 14 hours), where dates end for campaign-ops
/// ([`crate::validate::LATEST_YEAR`]).
pub const LAST_PLAN_DAY: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(9999, 12, 30) {
    Some(d) => d,
    None => panic!("9999-12-30 exists"),
};

/// Refuses (field `duration_days`) a plan that would cover days after [`LAST_PLAN_DAY`]:
/// input that passes every field rule (a start in 9999, a duration of a few weeks) but
/// would make the calendar derive instants past the year 9999, which the stored formats,
/// the exports and chrono's local-time arithmetic do not all represent. The service checks
/// it before planning; a planner itself can still be driven to chrono's ends, and is tested
/// there.
pub fn check_plan_reach(start_date: chrono::NaiveDate, duration_days: u32) -> Result<()> {
    let last_day = start_date
        .checked_add_days(chrono::Days::new(u64::from(duration_days.max(1)) - 1))
        .filter(|d| *d <= LAST_PLAN_DAY);
    if last_day.is_none() {
        return Err(Error::validation(
            "duration_days",
            format!(
                "a plan of {} days from {} would run past {LAST_PLAN_DAY}, the last day a plan may \
                 reach (its posts' UTC times must stay in the year 9999)",
                duration_days, start_date
            ),
        ));
    }
    Ok(())
}

/// Checks a plan request and returns the focus area trimmed, which is what the service
/// should store.
///
/// Rules: the focus area is 1 to 200 characters on one line; the duration is 7 to 365 days;
/// the plan must not start after the campaign's last day. A start before the campaign's
/// first day is allowed (the calendar never schedules before the campaign starts).
pub fn validate_plan_request(request: &PlanRequest<'_>) -> Result<String> {
    let focus = validate::required_line("focus_area", request.focus_area, MAX_FOCUS_AREA_CHARS)?;
    if !(MIN_PLAN_DAYS..=MAX_PLAN_DAYS).contains(&request.duration_days) {
        return Err(Error::validation(
            "duration_days",
            format!(
                "must be between {MIN_PLAN_DAYS} and {MAX_PLAN_DAYS} days (got {})",
                request.duration_days
            ),
        ));
    }
    if let Some(end) = request.campaign.end_date
        && request.start_date > end
    {
        return Err(Error::validation(
            "start_date",
            format!(
                "the plan starts on {} but the campaign ends on {end}",
                request.start_date
            ),
        ));
    }
    Ok(focus)
}

/// Checks that a draft is well formed on its own and returns the number of days its phases
/// cover: 3 to 5 non-empty angles, a positioning, phases that start at day 0, follow each
/// other without gap or overlap and each have a name, a goal and KPIs with finite
/// non-negative targets and a unit, and exactly one theme per week, numbered 1, 2, ...
pub fn check_plan_shape(draft: &PlanDraft) -> Result<u32> {
    let positioning = draft.positioning.trim();
    if positioning.is_empty() || positioning.chars().count() > MAX_POSITIONING_CHARS {
        return Err(Error::validation(
            "positioning",
            format!("must be 1 to {MAX_POSITIONING_CHARS} characters"),
        ));
    }
    let angles = draft.messaging_angles.len();
    if !(MIN_ANGLES..=MAX_ANGLES).contains(&angles) {
        return Err(Error::validation(
            "messaging_angles",
            format!("must have {MIN_ANGLES} to {MAX_ANGLES} angles (got {angles})"),
        ));
    }
    if draft.messaging_angles.iter().any(|a| a.trim().is_empty()) {
        return Err(Error::validation(
            "messaging_angles",
            "angles must not be empty",
        ));
    }
    if draft.phases.is_empty() || draft.phases.len() > MAX_PHASES {
        return Err(Error::validation(
            "phases",
            format!(
                "must have 1 to {MAX_PHASES} phases (got {})",
                draft.phases.len()
            ),
        ));
    }
    let mut next_day = 0u32;
    for (i, phase) in draft.phases.iter().enumerate() {
        let field = format!("phases[{i}]");
        if phase.name.trim().is_empty() {
            return Err(Error::validation(field, "needs a name"));
        }
        if phase.start_day != next_day {
            return Err(Error::validation(
                format!("{field}.start_day"),
                format!(
                    "phases must be contiguous: expected day {next_day}, got {}",
                    phase.start_day
                ),
            ));
        }
        if phase.days == 0 {
            return Err(Error::validation(
                format!("{field}.days"),
                "must be at least 1",
            ));
        }
        if phase.goals.iter().all(|g| g.trim().is_empty()) {
            return Err(Error::validation(
                format!("{field}.goals"),
                "needs at least one goal",
            ));
        }
        if phase.kpis.is_empty() {
            return Err(Error::validation(
                format!("{field}.kpis"),
                "needs at least one KPI",
            ));
        }
        for (k, kpi) in phase.kpis.iter().enumerate() {
            if kpi.name.trim().is_empty() || kpi.unit.trim().is_empty() {
                return Err(Error::validation(
                    format!("{field}.kpis[{k}]"),
                    "needs a name and a unit",
                ));
            }
            if !kpi.target.is_finite() || kpi.target < 0.0 {
                return Err(Error::validation(
                    format!("{field}.kpis[{k}].target"),
                    "must be a finite number, zero or more",
                ));
            }
        }
        if phase.tactics.iter().any(|t| t.tactic.trim().is_empty()) {
            return Err(Error::validation(
                format!("{field}.tactics"),
                "tactics must not be empty",
            ));
        }
        next_day = next_day.checked_add(phase.days).ok_or_else(|| {
            Error::validation(format!("{field}.days"), "total plan length overflows")
        })?;
    }
    let weeks = week_count(next_day) as usize;
    if draft.weekly_themes.len() != weeks {
        return Err(Error::validation(
            "weekly_themes",
            format!(
                "needs one theme per week: {weeks} for {next_day} days (got {})",
                draft.weekly_themes.len()
            ),
        ));
    }
    for (i, theme) in draft.weekly_themes.iter().enumerate() {
        if theme.week as usize != i + 1 || theme.theme.trim().is_empty() {
            return Err(Error::validation(
                format!("weekly_themes[{i}]"),
                format!("must be week {} with a non-empty theme", i + 1),
            ));
        }
    }
    Ok(next_day)
}

/// Checks a draft against the request it answers: well formed ([`check_plan_shape`]), phases
/// summing exactly to `duration_days`, and tactics and KPIs only for the campaign's
/// platforms, with every campaign platform given at least one tactic.
pub fn validate_plan_draft(draft: &PlanDraft, request: &PlanRequest<'_>) -> Result<()> {
    let total = check_plan_shape(draft)?;
    if total != request.duration_days {
        return Err(Error::validation(
            "phases",
            format!(
                "phase days must sum to the plan's {} days (got {total})",
                request.duration_days
            ),
        ));
    }
    let platforms = &request.campaign.platforms;
    for (i, phase) in draft.phases.iter().enumerate() {
        let foreign = phase
            .tactics
            .iter()
            .map(|t| t.platform)
            .chain(phase.kpis.iter().filter_map(|k| k.platform))
            .find(|p| !platforms.contains(p));
        if let Some(p) = foreign {
            return Err(Error::validation(
                format!("phases[{i}]"),
                format!("mentions {p}, which the campaign does not publish on"),
            ));
        }
    }
    for p in platforms {
        if !draft
            .phases
            .iter()
            .any(|ph| ph.tactics.iter().any(|t| t.platform == *p))
        {
            return Err(Error::validation(
                "phases",
                format!("no tactic for {p}, one of the campaign's platforms"),
            ));
        }
    }
    Ok(())
}
