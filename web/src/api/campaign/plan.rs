//! The campaign's overview and plan: [`campaign_overview`] (the campaign, its newest plan
//! with phases placed on a timeline and KPIs with targets, and whether the caller may
//! change things), [`generate_plan`] (a new plan version from the planning inputs) and
//! [`build_calendar`] (the newest plan's calendar and POST tasks).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// The campaign as its page heads it, with its newest plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Campaign id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Client.
    pub client_name: String,
    /// Status key.
    pub status: String,
    /// Objective key.
    pub objective: String,
    /// Platforms as (key, label).
    pub platforms: Vec<(String, String)>,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, if any.
    pub end_date: Option<String>,
    /// IANA zone of the campaign's calendar.
    pub time_zone: String,
    /// Whether the caller may change things (Operator or above): the page shows the forms
    /// only then (the server functions check the role themselves).
    pub can_edit: bool,
    /// The newest plan version, if the campaign has been planned.
    pub plan: Option<PlanView>,
}

/// One plan version, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// Plan id.
    pub id: u64,
    /// Version, from 1.
    pub version: u32,
    /// Focus area.
    pub focus_area: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`.
    pub end_date: String,
    /// Length in days.
    pub duration_days: u32,
    /// Positioning statement.
    pub positioning: String,
    /// Messaging angles.
    pub messaging_angles: Vec<String>,
    /// Phases in order.
    pub phases: Vec<PhaseView>,
    /// Which planner made it.
    pub generated_by: String,
}

/// One phase on the plan's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseView {
    /// Name.
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`.
    pub end_date: String,
    /// Days in the phase.
    pub days: u32,
    /// Where the phase starts on the timeline, percent of the plan's length.
    pub offset_pct: f64,
    /// How much of the timeline it covers, percent.
    pub width_pct: f64,
    /// Goals.
    pub goals: Vec<String>,
    /// Tactics as `Platform: tactic`.
    pub tactics: Vec<String>,
    /// KPIs with their targets.
    pub kpis: Vec<KpiView>,
}

/// A KPI and its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiView {
    /// Metric name.
    pub name: String,
    /// Target with its unit, e.g. `3.5 %`.
    pub target: String,
    /// Platform label, `None` for all platforms.
    pub platform: Option<String>,
}

/// What building the calendar did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarBuilt {
    /// Items created.
    pub created: usize,
    /// Items that no longer fitted and were removed.
    pub removed: usize,
    /// Items kept as they were (started, done, past or still fitting).
    pub kept: usize,
    /// POST tasks created.
    pub tasks: usize,
}

#[cfg(feature = "ssr")]
fn target_text(target: f64, unit: &str) -> String {
    let number = if target.fract() == 0.0 {
        format!("{target:.0}")
    } else {
        format!("{target}")
    };
    match unit.trim() {
        "" => number,
        "%" => format!("{number} %"),
        unit => format!("{number} {unit}"),
    }
}

#[cfg(feature = "ssr")]
impl From<&campaign_ops_core::CampaignPlan> for PlanView {
    fn from(p: &campaign_ops_core::CampaignPlan) -> Self {
        let day = |n: u32| (p.start_date + chrono::Days::new(u64::from(n))).to_string();
        let total = f64::from(p.duration_days.max(1));
        let phases = p
            .phases
            .iter()
            .map(|ph| PhaseView {
                name: ph.name.clone(),
                start_date: day(ph.start_day),
                end_date: day((ph.start_day + ph.days).saturating_sub(1)),
                days: ph.days,
                offset_pct: (f64::from(ph.start_day) / total * 1000.0).round() / 10.0,
                width_pct: (f64::from(ph.days) / total * 1000.0).round() / 10.0,
                goals: ph.goals.clone(),
                tactics: ph
                    .tactics
                    .iter()
                    .map(|t| format!("{}: {}", t.platform.label(), t.tactic))
                    .collect(),
                kpis: ph
                    .kpis
                    .iter()
                    .map(|k| KpiView {
                        name: k.name.clone(),
                        target: target_text(k.target, &k.unit),
                        platform: k.platform.map(|pl| pl.label().to_owned()),
                    })
                    .collect(),
            })
            .collect();
        PlanView {
            id: p.id.0,
            version: p.version,
            focus_area: p.focus_area.clone(),
            start_date: p.start_date.to_string(),
            end_date: day(p.duration_days.saturating_sub(1)),
            duration_days: p.duration_days,
            positioning: p.positioning.clone(),
            messaging_angles: p.messaging_angles.clone(),
            phases,
            generated_by: p.generated_by.clone(),
        }
    }
}

/// The campaign `campaign_id` with its newest plan (Viewer).
#[server]
pub async fn campaign_overview(
    /// The campaign.
    campaign_id: u64,
) -> Result<Overview, AppError> {
    use campaign_ops_core::{CampaignId, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, caller| {
        let id = CampaignId(campaign_id);
        let c = ops.get_campaign(id)?;
        let plan = ops.list_plans(id)?.last().map(PlanView::from);
        Ok(Overview {
            id: c.id.0,
            name: c.name.clone(),
            client_name: c.client_name.clone(),
            status: c.status.key().to_owned(),
            objective: c.objective.key().to_owned(),
            platforms: c
                .platforms
                .iter()
                .map(|p| (p.key().to_owned(), p.label().to_owned()))
                .collect(),
            start_date: c.start_date.to_string(),
            end_date: c.end_date.map(|d| d.to_string()),
            time_zone: c.time_zone.name().to_owned(),
            can_edit: caller.role.allows(Role::Operator),
            plan,
        })
    })
    .await
}

/// Generates a new plan version of `campaign_id` (Operator): `focus_area` (1 to 200
/// characters) over `duration_days` (as typed; a whole number of days the planner
/// accepts). Errors name `focus_area` or `duration_days`.
#[server]
pub async fn generate_plan(
    /// The campaign.
    campaign_id: u64,
    /// What the plan concentrates on.
    focus_area: String,
    /// Its length in days, as typed.
    duration_days: String,
) -> Result<PlanView, AppError> {
    use campaign_ops_core::{CampaignId, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let days = super::parse::number("duration_days", &duration_days)?;
        let plan = ops.generate_plan(&caller.actor, CampaignId(campaign_id), &focus_area, days)?;
        Ok(PlanView::from(&plan))
    })
    .await
}

/// Builds the calendar of plan `plan_id` (keeping what still fits) and a POST task for
/// each item without one (Operator). `content_theme` and `assignee` are optional (blank
/// is none); errors name them.
#[server]
pub async fn build_calendar(
    /// The plan.
    plan_id: u64,
    /// The calendar's content theme; blank for none.
    content_theme: Option<String>,
    /// Who the POST tasks go to; blank for nobody.
    assignee: Option<String>,
) -> Result<CalendarBuilt, AppError> {
    use campaign_ops_core::{PlanId, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let actor = &caller.actor;
        let generation = ops.generate_calendar(actor, PlanId(plan_id), content_theme.as_deref())?;
        let items: Vec<_> = generation
            .created
            .iter()
            .chain(&generation.unchanged)
            .copied()
            .collect();
        let tasks = ops.generate_tasks_from_calendar(actor, &items, assignee.as_deref())?;
        Ok(CalendarBuilt {
            created: generation.created.len(),
            removed: generation.removed.len(),
            kept: generation.kept.len() + generation.unchanged.len(),
            tasks: tasks.created.len(),
        })
    })
    .await
}
