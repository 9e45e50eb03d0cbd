//! Escalation of overdue tasks: one REVIEW task per campaign, for its owner, listing the
//! overdue tasks no open escalation lists yet.
//!
//! An escalation task is a [`TaskType::Review`] task with the escalated tasks in
//! `related_task_ids` (see [`is_escalation`]). A task listed by an open escalation is not
//! escalated again until that escalation is closed, so running the escalation twice (a
//! retry, a request from the tick on top of the weekly run) never duplicates work; tasks
//! that became overdue since get a new escalation of their own. Escalation tasks are never
//! escalated themselves.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

use super::CampaignOps;
use super::tasks::put_new_task;
use crate::model::*;
use crate::store::Sequence;
use crate::{Clock, Result, Store, WriteTx};

/// How long the owner has to review an escalation.
pub const ESCALATION_DUE_AFTER: Duration = Duration::hours(24);

/// Most overdue tasks one REVIEW task lists; the rest are escalated by a later pass.
pub const MAX_ESCALATED: usize = 200;

/// Most open tasks read per range while escalating one campaign (the oldest overdue ones
/// first): bounds a pass over a campaign with a huge backlog.
const OVERDUE_SCAN: usize = 2000;

/// Whether `task` is an escalation REVIEW task (a review that lists other tasks).
pub fn is_escalation(task: &OperatorTask) -> bool {
    lists_tasks(task.task_type, &task.related_task_ids)
}

/// [`is_escalation`] on the head of an open task, which is what the pass reads.
fn head_is_escalation(task: &OpenTaskHead) -> bool {
    lists_tasks(task.task_type, &task.related_task_ids)
}

fn lists_tasks(task_type: TaskType, related: &[TaskId]) -> bool {
    task_type == TaskType::Review && !related.is_empty()
}

/// What one escalation batch did; batches add up with [`EscalationBatch::add`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EscalationBatch {
    /// Active campaigns looked at.
    pub campaigns: u32,
    /// Escalation tasks created, one per campaign at most.
    pub created: Vec<TaskId>,
    /// Overdue tasks listed by the new escalations.
    pub escalated_tasks: u32,
    /// Overdue tasks left alone because an open escalation already lists them.
    pub already_escalated: u32,
}

impl EscalationBatch {
    /// Adds another batch's counts to this one.
    pub fn add(&mut self, other: EscalationBatch) {
        self.campaigns += other.campaigns;
        self.created.extend(other.created);
        self.escalated_tasks += other.escalated_tasks;
        self.already_escalated += other.already_escalated;
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Escalates the overdue tasks (open, due before `now`) of the active campaigns among
    /// `ids` in one write transaction, then calls `hook` inside it (see
    /// [`CampaignOps::tick_batch`] for why). Each new REVIEW task is assigned to the
    /// campaign owner, due [`ESCALATION_DUE_AFTER`] after `now`, and audited as
    /// `task.escalate` by `actor`.
    pub fn escalate_batch<R>(
        &self,
        actor: &Actor,
        ids: &[CampaignId],
        now: DateTime<Utc>,
        hook: impl FnMut(&mut dyn WriteTx, &EscalationBatch) -> Result<R>,
    ) -> Result<(EscalationBatch, R)> {
        self.active_batch(
            ids,
            |tx, campaign, batch| escalate_campaign(tx, actor, campaign, now, batch),
            hook,
        )
    }
}

fn escalate_campaign(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    campaign: &Campaign,
    now: DateTime<Utc>,
    batch: &mut EscalationBatch,
) -> Result<()> {
    batch.campaigns += 1;
    // Open escalations are due ESCALATION_DUE_AFTER after they were made, so each is either
    // overdue or due within that span from now: two bounded range scans find them and the
    // overdue tasks without reading the campaign's later tasks. Heads, not whole tasks: the
    // pass needs no instructions, copy or proof.
    let overdue =
        tx.open_task_heads_due(campaign.id, DateTime::<Utc>::MIN_UTC, now, OVERDUE_SCAN)?;
    if overdue.iter().all(head_is_escalation) {
        // Nothing overdue to escalate or to count as escalated: the later range can only
        // hold escalations, which list nothing this pass would look at.
        return Ok(());
    }
    // One second past the span, as ranges are half-open and one made at `now` is due at its end.
    let horizon = now
        .checked_add_signed(ESCALATION_DUE_AFTER + Duration::seconds(1))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let upcoming = tx.open_task_heads_due(campaign.id, now, horizon, OVERDUE_SCAN)?;
    let listed: BTreeSet<TaskId> = overdue
        .iter()
        .chain(&upcoming)
        .filter(|t| head_is_escalation(t))
        .flat_map(|t| t.related_task_ids.iter().copied())
        .collect();
    let mut fresh = vec![];
    for task in overdue.iter().filter(|t| !head_is_escalation(t)) {
        if listed.contains(&task.id) {
            batch.already_escalated += 1;
        } else if fresh.len() < MAX_ESCALATED {
            fresh.push(task);
        }
    }
    if fresh.is_empty() {
        return Ok(());
    }
    let review = escalation_task(tx, campaign, &fresh, now)?;
    let details = Some(format!("{} overdue tasks", fresh.len()));
    put_new_task(tx, actor, now, AuditAction::TaskEscalate, &review, details)?;
    batch.escalated_tasks += u32::try_from(fresh.len()).unwrap_or(u32::MAX);
    batch.created.push(review.id);
    Ok(())
}

fn escalation_task(
    tx: &mut dyn WriteTx,
    campaign: &Campaign,
    overdue: &[&OpenTaskHead],
    now: DateTime<Utc>,
) -> Result<OperatorTask> {
    let mut instructions = vec![format!(
        "These {} tasks of '{}' are overdue: decide for each whether to do it now, reassign, \
         reschedule or skip it.",
        overdue.len(),
        campaign.name
    )];
    instructions.extend(overdue.iter().map(|t| {
        let due = t.due_at.with_timezone(&campaign.time_zone);
        format!(
            "Task {} ({}, {}): {} — due {}, {}",
            t.id,
            t.task_type,
            t.status,
            t.title,
            due.format("%Y-%m-%d %H:%M %Z"),
            t.assignee
                .as_deref()
                .map_or("unassigned".to_owned(), |a| format!("assigned to {a}")),
        )
    }));
    let id = TaskId(tx.next_id(Sequence::Task)?);
    let title = format!(
        "Escalation: {} overdue tasks in {}",
        overdue.len(),
        campaign.name
    );
    let due_at = now + ESCALATION_DUE_AFTER;
    Ok(OperatorTask {
        related_task_ids: overdue.iter().map(|t| t.id).collect(),
        instructions,
        checked: Vec::new(),
        assignee: Some(campaign.owner.clone()),
        ..OperatorTask::pending(id, campaign.id, TaskType::Review, title, due_at, now)
    })
}
