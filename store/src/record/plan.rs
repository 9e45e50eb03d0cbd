//! The stored plan.

use campaign_ops_core::model::{
    CampaignId, CampaignPlan, Kpi, PlanId, PlanPhase, PlatformTactic, WeeklyTheme,
};
use serde::{Deserialize, Serialize};

use super::codes::{from_opt, opt, platform};
use super::time::{date, to_date};
use super::{Stored, Time, all};

/// A [`CampaignPlan`] as stored (key: its id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PlanRecord {
    /// Public to the crate: the plans-by-campaign index follows it.
    pub(crate) campaign_id: u64,
    version: u32,
    focus_area: String,
    start_date: i32,
    duration_days: u32,
    positioning: String,
    messaging_angles: Vec<String>,
    phases: Vec<PhaseRecord>,
    weekly_themes: Vec<(u32, String)>,
    generated_by: String,
    created_at: Time,
}

/// A [`PlanPhase`] as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PhaseRecord {
    name: String,
    start_day: u32,
    days: u32,
    goals: Vec<String>,
    tactics: Vec<(u8, String)>,
    kpis: Vec<KpiRecord>,
}

/// A [`Kpi`] as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct KpiRecord {
    name: String,
    target: f64,
    unit: String,
    platform: Option<u8>,
}

impl Stored for PlanRecord {
    const KIND: &'static str = "plan";
    const FORMAT: u8 = 1;
}

impl PlanRecord {
    /// The stored form of `p`.
    pub(crate) fn of(p: &CampaignPlan) -> Self {
        Self {
            campaign_id: p.campaign_id.0,
            version: p.version,
            focus_area: p.focus_area.clone(),
            start_date: date(p.start_date),
            duration_days: p.duration_days,
            positioning: p.positioning.clone(),
            messaging_angles: p.messaging_angles.clone(),
            phases: p.phases.iter().map(PhaseRecord::of).collect(),
            weekly_themes: p
                .weekly_themes
                .iter()
                .map(|t| (t.week, t.theme.clone()))
                .collect(),
            generated_by: p.generated_by.clone(),
            created_at: Time::of(p.created_at),
        }
    }

    /// The plan `id` this record stores.
    pub(crate) fn into_domain(self, id: u64) -> Result<CampaignPlan, String> {
        Ok(CampaignPlan {
            id: PlanId(id),
            campaign_id: CampaignId(self.campaign_id),
            version: self.version,
            focus_area: self.focus_area,
            start_date: to_date(self.start_date)?,
            duration_days: self.duration_days,
            positioning: self.positioning,
            messaging_angles: self.messaging_angles,
            phases: all(self.phases, PhaseRecord::into_domain)?,
            weekly_themes: self
                .weekly_themes
                .into_iter()
                .map(|(week, theme)| WeeklyTheme { week, theme })
                .collect(),
            generated_by: self.generated_by,
            created_at: self.created_at.to_utc()?,
        })
    }
}

impl PhaseRecord {
    fn of(p: &PlanPhase) -> Self {
        Self {
            name: p.name.clone(),
            start_day: p.start_day,
            days: p.days,
            goals: p.goals.clone(),
            tactics: p
                .tactics
                .iter()
                .map(|t| (platform::code(t.platform), t.tactic.clone()))
                .collect(),
            kpis: p
                .kpis
                .iter()
                .map(|k| KpiRecord {
                    name: k.name.clone(),
                    target: k.target,
                    unit: k.unit.clone(),
                    platform: opt(k.platform, platform::code),
                })
                .collect(),
        }
    }

    fn into_domain(self) -> Result<PlanPhase, String> {
        Ok(PlanPhase {
            name: self.name,
            start_day: self.start_day,
            days: self.days,
            goals: self.goals,
            tactics: all(self.tactics, |(p, tactic)| {
                Ok(PlatformTactic {
                    platform: platform::from_code(p)?,
                    tactic,
                })
            })?,
            kpis: all(self.kpis, |k| {
                Ok(Kpi {
                    name: k.name,
                    target: k.target,
                    unit: k.unit,
                    platform: from_opt(k.platform, platform::from_code)?,
                })
            })?,
        })
    }
}
