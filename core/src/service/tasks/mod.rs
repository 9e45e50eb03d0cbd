//! Task calls: generate POST tasks from calendar items, and move tasks through their
//! lifecycle (start, complete with follow-ups and metrics, fail, block, skip, reassign);
//! tick the steps of a task's checklist (`checklist.rs`).

use std::borrow::Cow;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use crate::model::*;
use crate::platform::checklist_steps;
use crate::store::Sequence;
use crate::{Clock, Error, Result, Store, WriteTx, validate};

mod checklist;
mod lifecycle;

pub use lifecycle::engage_instructions;

/// Delays after a completed POST at which its ENGAGE follow-ups fall due.
pub const ENGAGE_FOLLOW_UPS: [Duration; 2] = [Duration::hours(2), Duration::hours(24)];
/// Longest outcome / reason text, in characters.
pub const MAX_NOTE_LEN: usize = 2000;

/// What one task generation did; also the audit entry's payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskGeneration {
    /// Tasks created.
    pub created: Vec<TaskId>,
    /// Items skipped because they already have a POST task.
    pub already_tasked: Vec<CalendarItemId>,
}

/// How a task was completed: outcome, proof and the metrics it produced. Start from
/// `Completion::default()` and set what applies.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Completion {
    /// What happened, in words.
    pub outcome: Option<String>,
    /// Proof of completion (e.g. the post URL).
    pub proof: Option<CompletionProof>,
    /// Metrics measured, each stored as a [`MetricEntry`] (0 to
    /// [`super::MAX_METRIC_VALUE`]).
    pub metrics: Vec<(MetricKind, f64)>,
}

/// The SOP instructions of a calendar item: the platform checklist for its content type
/// (built once per process, see [`checklist_steps`]).
fn instructions(item: &CalendarItem) -> Result<Vec<String>> {
    Ok(checklist_steps(item.platform, item.content_type)?.to_vec())
}

fn post_task(
    tx: &mut dyn WriteTx,
    item: &CalendarItem,
    assignee: Option<&str>,
    now: DateTime<Utc>,
) -> Result<OperatorTask> {
    let id = TaskId(tx.next_id(Sequence::Task)?);
    let title = format!("Post on {}: {}", item.platform.label(), item.title);
    Ok(OperatorTask {
        calendar_item_id: Some(item.id),
        platform: Some(item.platform),
        content_type: Some(item.content_type),
        instructions: instructions(item)?,
        checked: Vec::new(),
        copy: Some(item.copy.clone()),
        asset_ref: item.asset_ref.clone(),
        assignee: assignee.map(str::to_owned),
        ..OperatorTask::pending(
            id,
            item.campaign_id,
            TaskType::Post,
            title,
            item.scheduled_at,
            now,
        )
    })
}

/// Stores a newly created `task` and its audit entry (`action`, e.g. `task.create`).
pub(crate) fn put_new_task(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    now: DateTime<Utc>,
    action: AuditAction,
    task: &OperatorTask,
    details: Option<String>,
) -> Result<()> {
    tx.put_task(task)?;
    let created = Change::created(
        actor,
        action,
        EntityKind::Task,
        task.id.0,
        Some(task.campaign_id),
        task,
    );
    audit::append(tx, now, Change { details, ..created })?;
    Ok(())
}

/// "`what` 1, 2, 3" for an audit note.
fn id_list<T: std::fmt::Display>(what: &str, ids: impl IntoIterator<Item = T>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("{what} {}", ids.join(", "))
}

fn load_task(tx: &dyn crate::ReadTx, id: TaskId) -> Result<OperatorTask> {
    tx.task(id)?
        .ok_or_else(|| Error::not_found(EntityKind::Task, id))
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Creates one POST task per calendar item, with the platform SOP checklist as
    /// instructions, the item's copy and due at the item's time. Items that already have a
    /// POST task are skipped, so calling it twice never duplicates work.
    pub fn generate_tasks_from_calendar(
        &self,
        actor: &Actor,
        items: &[CalendarItemId],
        assignee: Option<&str>,
    ) -> Result<TaskGeneration> {
        let assignee = validate::optional_identifier("assignee", assignee, 100)?;
        let now = self.now()?;
        self.store()
            .write(|tx| generate_tasks(tx, actor, items, assignee.as_deref(), now))
    }

    /// A task by id.
    pub fn get_task(&self, id: TaskId) -> Result<OperatorTask> {
        self.store().read(|tx| load_task(tx, id))
    }

    /// All tasks of a campaign, ascending id (read a page at a time in one snapshot; see
    /// [`Self::campaign_tasks_page`] for a screenful).
    pub fn campaign_tasks(&self, campaign_id: CampaignId) -> Result<Vec<OperatorTask>> {
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            super::gather(
                |after, limit| tx.tasks_page(campaign_id, after, limit),
                |t| t.id,
            )
        })
    }

    /// One page of a campaign's tasks: ascending id, those after `after`, at most `limit`
    /// (1 to 1000).
    pub fn campaign_tasks_page(
        &self,
        campaign_id: CampaignId,
        after: Option<TaskId>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        validate::page_limit(limit, super::GATHER_PAGE)?;
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            tx.tasks_page(campaign_id, after, limit)
        })
    }
}

/// Inside `tx`: one POST task per item of `items` (all of one campaign) that has none yet,
/// with one audit entry for the lot.
pub(crate) fn generate_tasks(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    items: &[CalendarItemId],
    assignee: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TaskGeneration> {
    generate_tasks_after(tx, actor, &[], items, assignee, now)
}

/// [`generate_tasks`] for `created` (items this transaction has just created, so they have
/// no task yet and need no read back) followed by `items`: a planning's fresh calendar
/// reads neither its 164 items back nor their (empty) task lists.
pub(crate) fn generate_tasks_after(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    created: &[CalendarItem],
    items: &[CalendarItemId],
    assignee: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TaskGeneration> {
    let mut generation = TaskGeneration {
        created: vec![],
        already_tasked: vec![],
    };
    let mut campaign_id = None;
    let mut checked = false;
    for k in 0..created.len() + items.len() {
        let (item, is_new) = match created.get(k) {
            Some(item) => (Cow::Borrowed(item), true),
            None => {
                let item_id = items[k - created.len()];
                let item = tx
                    .calendar_item(item_id)?
                    .ok_or_else(|| Error::not_found(EntityKind::CalendarItem, item_id))?;
                (Cow::Owned(item), false)
            }
        };
        let item_id = item.id;
        // One call, one campaign: the audit entry and the caller's view stay simple.
        if *campaign_id.get_or_insert(item.campaign_id) != item.campaign_id {
            return Err(Error::validation(
                "items",
                format!(
                    "must all belong to one campaign; item {item_id} belongs to campaign {}",
                    item.campaign_id
                ),
            ));
        }
        if !checked {
            // One campaign for all items: loaded and checked once, not once per item.
            super::plans::ensure_plannable(&load_campaign(tx, item.campaign_id)?)?;
            checked = true;
        }
        let has_post = !is_new
            && tx
                .tasks_for_calendar_item(item_id)?
                .iter()
                .any(|t| t.task_type == TaskType::Post);
        if has_post || item.status == CalendarItemStatus::Cancelled {
            generation.already_tasked.push(item_id);
            continue;
        }
        let task = post_task(tx, &item, assignee, now)?;
        tx.put_task(&task)?;
        generation.created.push(task.id);
    }
    if !generation.created.is_empty() {
        audit::append(
            tx,
            now,
            Change {
                actor,
                action: AuditAction::TasksGenerate,
                entity: EntityKind::Task,
                entity_id: generation.created[0].0,
                campaign_id,
                before: None,
                after: Some(&generation),
                details: Some(format!("{} POST tasks", generation.created.len())),
            },
        )?;
    }
    Ok(generation)
}
