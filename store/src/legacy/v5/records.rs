//! Frozen copies of the record structs as schema v5 stored them (postcard of these fields in
//! this order, behind format byte 1), with their conversions to today's domain records.
//!
//! Never edit a field here: these decode files written by v5 builds. A domain change is
//! absorbed in the `into_domain` conversions.

use std::collections::BTreeMap;

use campaign_ops_core::model as domain;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::enums::*;

/// v5 `Campaign`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Campaign {
    pub id: u64,
    pub name: String,
    pub client_name: String,
    pub objective: Objective,
    pub description: String,
    pub platforms: Vec<Platform>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub time_zone: Tz,
    pub cadence: BTreeMap<Platform, u32>,
    pub primary_cta: Option<String>,
    pub owner: String,
    pub status: CampaignStatus,
    pub metadata: BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// v5 `CampaignPlan`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CampaignPlan {
    pub id: u64,
    pub campaign_id: u64,
    pub version: u32,
    pub focus_area: String,
    pub start_date: NaiveDate,
    pub duration_days: u32,
    pub positioning: String,
    pub messaging_angles: Vec<String>,
    pub phases: Vec<PlanPhase>,
    pub weekly_themes: Vec<WeeklyTheme>,
    pub generated_by: String,
    pub created_at: DateTime<Utc>,
}

/// v5 `PlanPhase`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PlanPhase {
    pub name: String,
    pub start_day: u32,
    pub days: u32,
    pub goals: Vec<String>,
    pub tactics: Vec<PlatformTactic>,
    pub kpis: Vec<Kpi>,
}

/// v5 `PlatformTactic`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PlatformTactic {
    pub platform: Platform,
    pub tactic: String,
}

/// v5 `Kpi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Kpi {
    pub name: String,
    pub target: f64,
    pub unit: String,
    pub platform: Option<Platform>,
}

/// v5 `WeeklyTheme`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct WeeklyTheme {
    pub week: u32,
    pub theme: String,
}

/// v5 `CalendarItem`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CalendarItem {
    pub id: u64,
    pub campaign_id: u64,
    pub plan_id: u64,
    pub platform: Platform,
    pub content_type: ContentType,
    pub scheduled_at: DateTime<Utc>,
    pub title: String,
    pub copy: String,
    pub asset_ref: Option<String>,
    pub cta: Option<String>,
    pub theme: String,
    pub status: CalendarItemStatus,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// v5 `CompletionProof`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct CompletionProof {
    pub kind: ProofKind,
    pub value: String,
}

/// v5 `OperatorTask`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct OperatorTask {
    pub id: u64,
    pub campaign_id: u64,
    pub calendar_item_id: Option<u64>,
    pub parent_task_id: Option<u64>,
    pub related_task_ids: Vec<u64>,
    pub task_type: TaskType,
    pub platform: Option<Platform>,
    pub content_type: Option<ContentType>,
    pub title: String,
    pub instructions: Vec<String>,
    pub copy: Option<String>,
    pub asset_ref: Option<String>,
    pub assignee: Option<String>,
    pub due_at: DateTime<Utc>,
    pub status: TaskStatus,
    pub outcome: Option<String>,
    pub proof: Option<CompletionProof>,
    pub reason: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// v5 `MetricEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct MetricEntry {
    pub id: u64,
    pub campaign_id: u64,
    pub task_id: Option<u64>,
    pub platform: Option<Platform>,
    pub kind: MetricKind,
    pub value: f64,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub notes: Option<String>,
}

/// v5 `AuditEntry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity: EntityKind,
    pub entity_id: u64,
    pub campaign_id: Option<u64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// v5 `ActionRun`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ActionRun {
    pub key: String,
    pub action: String,
    pub period: String,
    pub status: RunStatus,
    pub attempts: u32,
    pub first_attempt_at: DateTime<Utc>,
    pub last_attempt_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub report: Option<String>,
    pub interruptions: u32,
    pub checkpoint: Option<u64>,
}

fn platform(p: Platform) -> domain::Platform {
    p.into()
}

impl Campaign {
    /// Today's domain campaign.
    pub fn into_domain(self) -> domain::Campaign {
        domain::Campaign {
            id: domain::CampaignId(self.id),
            name: self.name,
            client_name: self.client_name,
            objective: self.objective.into(),
            description: self.description,
            platforms: self.platforms.into_iter().map(platform).collect(),
            start_date: self.start_date,
            end_date: self.end_date,
            time_zone: self.time_zone,
            cadence: self
                .cadence
                .into_iter()
                .map(|(p, n)| (platform(p), n))
                .collect(),
            primary_cta: self.primary_cta,
            owner: self.owner,
            status: self.status.into(),
            metadata: self.metadata,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl CampaignPlan {
    /// Today's domain plan.
    pub fn into_domain(self) -> domain::CampaignPlan {
        let phases = self.phases.into_iter().map(|p| domain::PlanPhase {
            name: p.name,
            start_day: p.start_day,
            days: p.days,
            goals: p.goals,
            tactics: p
                .tactics
                .into_iter()
                .map(|t| domain::PlatformTactic {
                    platform: platform(t.platform),
                    tactic: t.tactic,
                })
                .collect(),
            kpis: p
                .kpis
                .into_iter()
                .map(|k| domain::Kpi {
                    name: k.name,
                    target: k.target,
                    unit: k.unit,
                    platform: k.platform.map(platform),
                })
                .collect(),
        });
        domain::CampaignPlan {
            id: domain::PlanId(self.id),
            campaign_id: domain::CampaignId(self.campaign_id),
            version: self.version,
            focus_area: self.focus_area,
            start_date: self.start_date,
            duration_days: self.duration_days,
            positioning: self.positioning,
            messaging_angles: self.messaging_angles,
            phases: phases.collect(),
            weekly_themes: self
                .weekly_themes
                .into_iter()
                .map(|t| domain::WeeklyTheme {
                    week: t.week,
                    theme: t.theme,
                })
                .collect(),
            generated_by: self.generated_by,
            created_at: self.created_at,
        }
    }
}

impl CalendarItem {
    /// Today's domain calendar item.
    pub fn into_domain(self) -> domain::CalendarItem {
        domain::CalendarItem {
            id: domain::CalendarItemId(self.id),
            campaign_id: domain::CampaignId(self.campaign_id),
            plan_id: domain::PlanId(self.plan_id),
            platform: platform(self.platform),
            content_type: self.content_type.into(),
            scheduled_at: self.scheduled_at,
            title: self.title,
            copy: self.copy,
            asset_ref: self.asset_ref,
            cta: self.cta,
            theme: self.theme,
            status: self.status.into(),
            notes: self.notes,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
