//! Conversions of the frozen v5 tasks, metrics, audit entries and runs, and the frozen
//! weekly summary with its counts and totals.

use std::collections::BTreeMap;

use campaign_ops_core::model as domain;
use campaign_ops_core::report;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::enums::*;
use super::records::{ActionRun, AuditEntry, MetricEntry, OperatorTask};

impl OperatorTask {
    /// Today's domain task.
    pub fn into_domain(self) -> domain::OperatorTask {
        domain::OperatorTask {
            id: domain::TaskId(self.id),
            campaign_id: domain::CampaignId(self.campaign_id),
            calendar_item_id: self.calendar_item_id.map(domain::CalendarItemId),
            parent_task_id: self.parent_task_id.map(domain::TaskId),
            related_task_ids: self
                .related_task_ids
                .into_iter()
                .map(domain::TaskId)
                .collect(),
            task_type: self.task_type.into(),
            platform: self.platform.map(Into::into),
            content_type: self.content_type.map(Into::into),
            title: self.title,
            instructions: self.instructions,
            checked: Vec::new(),
            copy: self.copy,
            asset_ref: self.asset_ref,
            assignee: self.assignee,
            due_at: self.due_at,
            status: self.status.into(),
            outcome: self.outcome,
            proof: self.proof.map(|p| domain::CompletionProof {
                kind: p.kind.into(),
                value: p.value,
            }),
            reason: self.reason,
            started_at: self.started_at,
            finished_at: self.finished_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl MetricEntry {
    /// Today's domain metric entry.
    pub fn into_domain(self) -> domain::MetricEntry {
        domain::MetricEntry {
            id: domain::MetricId(self.id),
            campaign_id: domain::CampaignId(self.campaign_id),
            task_id: self.task_id.map(domain::TaskId),
            platform: self.platform.map(Into::into),
            kind: self.kind.into(),
            value: self.value,
            recorded_at: self.recorded_at,
            recorded_by: self.recorded_by,
            notes: self.notes,
        }
    }
}

impl AuditEntry {
    /// Today's domain audit entry (every hashed field unchanged); `Err` names an action
    /// this build does not know.
    pub fn into_domain(self) -> Result<domain::AuditEntry, String> {
        Ok(domain::AuditEntry {
            seq: domain::AuditSeq(self.seq),
            at: self.at,
            actor: self.actor,
            // An action name this build does not know stays an error of the migration (a
            // corrupt record), never a silently relabelled entry.
            action: self.action.parse().map_err(|_| self.action.clone())?,
            entity: self.entity.into(),
            entity_id: self.entity_id,
            campaign_id: self.campaign_id.map(domain::CampaignId),
            before: self.before,
            after: self.after,
            changes: vec![],
            details: self.details,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

impl ActionRun {
    /// Today's domain run record.
    pub fn into_domain(self) -> domain::ActionRun {
        domain::ActionRun {
            key: self.key,
            action: self.action,
            period: self.period,
            status: self.status.into(),
            attempts: self.attempts,
            first_attempt_at: self.first_attempt_at,
            last_attempt_at: self.last_attempt_at,
            next_attempt_at: self.next_attempt_at,
            finished_at: self.finished_at,
            last_error: self.last_error,
            report: self.report,
            interruptions: self.interruptions,
            checkpoint: self.checkpoint,
        }
    }
}

/// v5 `ReportWeek`: serialized as its text, `YYYY-Www`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReportWeek(pub String);

impl ReportWeek {
    /// The week; `Err` names text that is no ISO week.
    pub fn into_domain(self) -> Result<report::ReportWeek, String> {
        let bad = || format!("bad report week '{}'", self.0);
        let (year, week) = self.0.split_once("-W").ok_or_else(bad)?;
        let year = year.parse().map_err(|_| bad())?;
        let week = week.parse().map_err(|_| bad())?;
        report::ReportWeek::new(year, week).map_err(|_| bad())
    }
}

/// v5 `TaskCounts`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TaskCounts {
    pub planned: u32,
    pub pending: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub failed: u32,
    pub blocked: u32,
    pub skipped: u32,
    pub overdue: u32,
}

/// v5 `KindTotals`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct KindTotals {
    pub impressions: f64,
    pub reach: f64,
    pub engagements: f64,
    pub clicks: f64,
    pub likes: f64,
    pub comments: f64,
    pub shares: f64,
    pub saves: f64,
    pub conversions: f64,
}

/// v5 `MetricTotals`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct MetricTotals {
    pub entries: u32,
    pub by_kind: KindTotals,
    pub total_engagements: f64,
    pub engagement_rate: Option<f64>,
}

/// v5 `WeeklySummary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct WeeklySummary {
    pub campaign_id: u64,
    pub campaign_name: String,
    pub week: ReportWeek,
    pub time_zone: Tz,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub generated_at: DateTime<Utc>,
    pub tasks: TaskCounts,
    pub completion_rate: Option<f64>,
    pub metrics: MetricTotals,
    pub platforms: BTreeMap<Platform, MetricTotals>,
    pub top_platform: Option<Platform>,
    pub text: String,
}

impl MetricTotals {
    fn into_domain(self) -> report::MetricTotals {
        let k = self.by_kind;
        report::MetricTotals {
            entries: self.entries,
            by_kind: report::KindTotals {
                impressions: k.impressions,
                reach: k.reach,
                engagements: k.engagements,
                clicks: k.clicks,
                likes: k.likes,
                comments: k.comments,
                shares: k.shares,
                saves: k.saves,
                conversions: k.conversions,
            },
            total_engagements: self.total_engagements,
            engagement_rate: self.engagement_rate,
        }
    }
}

impl WeeklySummary {
    /// Today's domain summary; `Err` when its week is no ISO week.
    pub fn into_domain(self) -> Result<report::WeeklySummary, String> {
        let t = self.tasks;
        Ok(report::WeeklySummary {
            campaign_id: domain::CampaignId(self.campaign_id),
            campaign_name: self.campaign_name,
            week: self.week.into_domain()?,
            time_zone: self.time_zone,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            generated_at: self.generated_at,
            tasks: report::TaskCounts {
                planned: t.planned,
                pending: t.pending,
                in_progress: t.in_progress,
                completed: t.completed,
                failed: t.failed,
                blocked: t.blocked,
                skipped: t.skipped,
                overdue: t.overdue,
            },
            completion_rate: self.completion_rate,
            metrics: self.metrics.into_domain(),
            platforms: self
                .platforms
                .into_iter()
                .map(|(p, m)| (p.into(), m.into_domain()))
                .collect(),
            top_platform: self.top_platform.map(Into::into),
            text: self.text,
        })
    }
}

/// v5's task brief, the value of its covering task indexes (built by the v3 → v4 and
/// v4 → v5 steps).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BriefRecord {
    pub id: u64,
    pub campaign_id: u64,
    pub task_type: TaskType,
    pub platform: Option<Platform>,
    pub content_type: Option<ContentType>,
    pub title: String,
    pub due_secs: i64,
    pub due_nanos: u32,
    pub status: TaskStatus,
}

impl From<&OperatorTask> for BriefRecord {
    fn from(t: &OperatorTask) -> Self {
        Self {
            id: t.id,
            campaign_id: t.campaign_id,
            task_type: t.task_type,
            platform: t.platform,
            content_type: t.content_type,
            title: t.title.clone(),
            due_secs: t.due_at.timestamp(),
            due_nanos: t.due_at.timestamp_subsec_nanos(),
            status: t.status,
        }
    }
}
