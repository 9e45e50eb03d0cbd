//! Ad-hoc work: tasks an operator or a host creates by hand (follow-ups, reviews, manual
//! work) and metrics recorded outside a task (e.g. a weekly analytics import).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use super::plans::ensure_plannable;
use super::tasks::put_new_task;
use crate::model::*;
use crate::store::Sequence;
use crate::{Clock, Error, Result, Store, validate};

/// Longest task title, in characters.
pub const MAX_TASK_TITLE_LEN: usize = 200;
/// Most instruction lines on a task.
pub const MAX_INSTRUCTIONS: usize = 50;
/// Most related tasks one task lists.
pub const MAX_RELATED_TASKS: usize = 200;
/// Most metric values one call records.
pub const MAX_METRICS_PER_CALL: usize = 1000;

/// Input of [`CampaignOps::create_task`]: [`NewTask::new`] with the required fields, then
/// set the optional ones (`#[non_exhaustive]`, so fields can be added without breaking
/// callers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewTask {
    /// Campaign the work belongs to (not completed or archived).
    pub campaign_id: CampaignId,
    /// Kind of work; POST tasks come from the calendar, not from here.
    pub task_type: TaskType,
    /// Title, 1 to 200 characters.
    pub title: String,
    /// Steps to follow (at most 50 lines of at most 2000 characters).
    #[serde(default)]
    pub instructions: Vec<String>,
    /// Platform, if the work is on one (must be one of the campaign's).
    #[serde(default)]
    pub platform: Option<Platform>,
    /// When it is due (in the years 1970 to 9999).
    pub due_at: DateTime<Utc>,
    /// Operator responsible.
    #[serde(default)]
    pub assignee: Option<String>,
    /// Tasks this one is about.
    #[serde(default)]
    pub related_task_ids: Vec<TaskId>,
}

/// One metric value recorded by hand: [`NewMetric::new`], then set the optional fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewMetric {
    /// What it counts.
    pub kind: MetricKind,
    /// Value: finite, 0 to [`MAX_METRIC_VALUE`].
    pub value: f64,
    /// Platform (must be one of the campaign's), or `None` for campaign-wide numbers.
    pub platform: Option<Platform>,
    /// When it was measured; now when `None`. Not in the future, nor before 1970.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Free notes, e.g. the source of the number.
    pub notes: Option<String>,
}

impl NewTask {
    /// A task with the required fields; no instructions, platform, assignee or related
    /// tasks.
    pub fn new(
        campaign_id: CampaignId,
        task_type: TaskType,
        title: impl Into<String>,
        due_at: DateTime<Utc>,
    ) -> Self {
        Self {
            campaign_id,
            task_type,
            title: title.into(),
            instructions: Vec::new(),
            platform: None,
            due_at,
            assignee: None,
            related_task_ids: Vec::new(),
        }
    }
}

impl NewMetric {
    /// A campaign-wide value of `kind`, measured now, without notes.
    pub fn new(kind: MetricKind, value: f64) -> Self {
        Self {
            kind,
            value,
            platform: None,
            recorded_at: None,
            notes: None,
        }
    }
}

/// Largest value one metric entry may carry (a trillion). The cap keeps every sum finite:
/// totals of values near `f64::MAX` would overflow to infinity, which JSON cannot carry
/// (serde_json writes `null`, so an export would not parse back) and which turns rates
/// into NaN.
pub const MAX_METRIC_VALUE: f64 = 1e12;

/// A metric value must be a finite number from 0 to [`MAX_METRIC_VALUE`].
pub(crate) fn check_metric_value(kind: MetricKind, value: f64) -> Result<()> {
    if !(0.0..=MAX_METRIC_VALUE).contains(&value) {
        return Err(Error::validation(
            format!("metrics.{kind}"),
            format!("must be a finite number from 0 to {MAX_METRIC_VALUE} (got {value})"),
        ));
    }
    Ok(())
}

fn check_platform(campaign: &Campaign, platform: Option<Platform>) -> Result<()> {
    match platform {
        Some(p) if !campaign.platforms.contains(&p) => Err(Error::validation(
            "platform",
            format!("{p} is not one of the campaign's platforms"),
        )),
        _ => Ok(()),
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Creates a task by hand (not a POST: those come from the calendar).
    pub fn create_task(&self, actor: &Actor, new: NewTask) -> Result<OperatorTask> {
        if new.task_type == TaskType::Post {
            return Err(Error::validation(
                "task_type",
                "POST tasks are generated from calendar items (generate_tasks_from_calendar)",
            ));
        }
        let title = validate::required_line("title", &new.title, MAX_TASK_TITLE_LEN)?;
        validate::at_most("instructions", &new.instructions, MAX_INSTRUCTIONS)?;
        validate::at_most("related_task_ids", &new.related_task_ids, MAX_RELATED_TASKS)?;
        let instructions = new
            .instructions
            .iter()
            .map(|line| validate::required_line("instructions", line, super::tasks::MAX_NOTE_LEN))
            .collect::<Result<Vec<_>>>()?;
        let assignee = validate::optional_identifier("assignee", new.assignee.as_deref(), 100)?;
        validate::instant("due_at", new.due_at)?;
        let now = self.now()?;
        self.store().write(|tx| {
            let campaign = load_campaign(tx, new.campaign_id)?;
            ensure_plannable(&campaign)?;
            check_platform(&campaign, new.platform)?;
            for related in &new.related_task_ids {
                match tx.task(*related)? {
                    Some(t) if t.campaign_id == campaign.id => {}
                    _ => {
                        return Err(Error::validation(
                            "related_task_ids",
                            format!("task {related} is not a task of campaign {}", campaign.id),
                        ));
                    }
                }
            }
            let id = TaskId(tx.next_id(Sequence::Task)?);
            let task = OperatorTask {
                related_task_ids: new.related_task_ids.clone(),
                platform: new.platform,
                instructions: instructions.clone(),
                checked: Vec::new(),
                assignee: assignee.clone(),
                ..OperatorTask::pending(
                    id,
                    campaign.id,
                    new.task_type,
                    title.clone(),
                    new.due_at,
                    now,
                )
            };
            put_new_task(tx, actor, now, AuditAction::TaskCreate, &task, None)?;
            Ok(task)
        })
    }

    /// Records metric values measured outside a task (e.g. an analytics export), all in one
    /// transaction with one audit entry. Values add to the totals; nothing is overwritten.
    pub fn record_metrics(
        &self,
        actor: &Actor,
        campaign_id: CampaignId,
        metrics: &[NewMetric],
    ) -> Result<Vec<MetricEntry>> {
        let now = self.now()?;
        validate::at_most("metrics", metrics, MAX_METRICS_PER_CALL)?;
        for m in metrics {
            check_metric_value(m.kind, m.value)?;
            if let Some(at) = m.recorded_at {
                validate::instant("recorded_at", at)?;
                if at > now {
                    return Err(Error::validation(
                        "recorded_at",
                        "must not be in the future",
                    ));
                }
            }
        }
        let notes = metrics
            .iter()
            .map(|m| {
                validate::optional_line("notes", m.notes.as_deref(), super::tasks::MAX_NOTE_LEN)
            })
            .collect::<Result<Vec<_>>>()?;
        self.store().write(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            // A completed or archived campaign is read-only: its numbers are final.
            ensure_plannable(&campaign)?;
            let mut stored = Vec::with_capacity(metrics.len());
            for (m, notes) in metrics.iter().zip(notes.iter().cloned()) {
                check_platform(&campaign, m.platform)?;
                let entry = MetricEntry {
                    id: MetricId(tx.next_id(Sequence::Metric)?),
                    campaign_id,
                    task_id: None,
                    platform: m.platform,
                    kind: m.kind,
                    value: m.value,
                    recorded_at: m.recorded_at.unwrap_or(now),
                    recorded_by: actor.as_str().to_owned(),
                    notes,
                };
                tx.put_metric(&entry)?;
                stored.push(entry);
            }
            if let Some(first) = stored.first() {
                audit::append(
                    tx,
                    now,
                    Change {
                        actor,
                        action: AuditAction::MetricsRecord,
                        entity: EntityKind::Metric,
                        entity_id: first.id.0,
                        campaign_id: Some(campaign_id),
                        before: None,
                        after: Some(&stored),
                        details: Some(format!("{} metric entries", stored.len())),
                    },
                )?;
            }
            Ok(stored)
        })
    }
}
