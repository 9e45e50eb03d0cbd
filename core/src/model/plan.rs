//! The strategic plan of a campaign: phases, tactics, KPIs, weekly themes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{CampaignId, PlanId, Platform};

/// A versioned strategic plan. Re-planning stores version n+1 and keeps the old ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignPlan {
    /// Id, assigned by the store.
    pub id: PlanId,
    /// Campaign it plans.
    pub campaign_id: CampaignId,
    /// 1 for the first plan of a campaign, n+1 for each re-plan.
    pub version: u32,
    /// What the plan concentrates on (e.g. "product launch").
    pub focus_area: String,
    /// First day the plan covers (campaign-local).
    pub start_date: NaiveDate,
    /// Number of days it covers.
    pub duration_days: u32,
    /// How the offer is positioned.
    pub positioning: String,
    /// Messaging angles to rotate through.
    pub messaging_angles: Vec<String>,
    /// Consecutive phases that split the duration.
    pub phases: Vec<PlanPhase>,
    /// One theme per week of the plan.
    pub weekly_themes: Vec<WeeklyTheme>,
    /// Which planner produced it (e.g. "template").
    pub generated_by: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// One phase of a plan (e.g. awareness, engagement, conversion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPhase {
    /// Name, e.g. "Awareness".
    pub name: String,
    /// First day of the phase, counted from the plan start (0-based).
    pub start_day: u32,
    /// Number of days in the phase.
    pub days: u32,
    /// What the phase should achieve.
    pub goals: Vec<String>,
    /// What to do on each platform.
    pub tactics: Vec<PlatformTactic>,
    /// How success is measured.
    pub kpis: Vec<Kpi>,
}

/// A tactic on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformTactic {
    /// Where.
    pub platform: Platform,
    /// What.
    pub tactic: String,
}

/// A key performance indicator with a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Metric name, e.g. "engagement rate".
    pub name: String,
    /// Target value.
    pub target: f64,
    /// Unit of the target, e.g. "%" or "leads".
    pub unit: String,
    /// Platform the KPI applies to; all platforms when `None`.
    pub platform: Option<Platform>,
}

/// The theme of one week of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyTheme {
    /// Week number within the plan, from 1.
    pub week: u32,
    /// Theme text.
    pub theme: String,
}
