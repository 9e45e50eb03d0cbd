//! Moving a task through its lifecycle: start, complete (with follow-ups and metrics),
//! fail, block, unblock, skip, reassign; each move one transaction with its audit entry.

use chrono::{DateTime, Duration, Utc};

use super::{Completion, ENGAGE_FOLLOW_UPS, MAX_NOTE_LEN, id_list, load_task};
use crate::model::*;
use crate::service::CampaignOps;
use crate::service::audit::{self, Change};
use crate::store::Sequence;
use crate::{Clock, Error, Result, Store, Transition, WriteTx, validate};

/// The checklist of an ENGAGE follow-up to a post on `platform`, linking the post when its
/// proof is a URL.
pub fn engage_instructions(
    platform: Option<Platform>,
    proof: Option<&CompletionProof>,
) -> Vec<String> {
    let platform = platform.map(Platform::label).unwrap_or("the platform");
    let link = match proof {
        Some(p) if p.kind == ProofKind::Url => format!(" ({})", p.value),
        _ => String::new(),
    };
    vec![
        format!("Open the published post on {platform}{link}."),
        "Reply to every comment and question; thank people who shared.".to_owned(),
        "Like or react to thoughtful replies; answer direct messages the post triggered."
            .to_owned(),
        "Note anything that needs a follow-up (leads, complaints) and create a task for it."
            .to_owned(),
        "Record impressions, engagements and clicks as metrics when completing this task."
            .to_owned(),
    ]
}

fn engage_task(
    tx: &mut dyn WriteTx,
    post: &OperatorTask,
    after: Duration,
    now: DateTime<Utc>,
) -> Result<OperatorTask> {
    let hours = after.num_hours();
    let id = TaskId(tx.next_id(Sequence::Task)?);
    let title = format!("Engage {hours}h after: {}", post.title);
    Ok(OperatorTask {
        calendar_item_id: post.calendar_item_id,
        parent_task_id: Some(post.id),
        platform: post.platform,
        content_type: post.content_type,
        instructions: engage_instructions(post.platform, post.proof.as_ref()),
        checked: Vec::new(),
        assignee: post.assignee.clone(),
        ..OperatorTask::pending(
            id,
            post.campaign_id,
            TaskType::Engage,
            title,
            now + after,
            now,
        )
    })
}

/// Proof is one line of at most 2000 characters; a URL proof is an absolute http(s) URL
/// (the link to the live post), so a dashboard can link to it, without any invisible
/// character (a link must read as what it opens).
fn check_proof(proof: &CompletionProof) -> Result<()> {
    let value = if proof.kind == ProofKind::Url {
        validate::identifier("proof", &proof.value, MAX_NOTE_LEN)?
    } else {
        validate::required_line("proof", &proof.value, MAX_NOTE_LEN)?
    };
    let lower = value.to_ascii_lowercase();
    let after_scheme = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let is_web_url =
        after_scheme.is_some_and(|rest| !rest.is_empty()) && !value.contains(char::is_whitespace);
    if proof.kind == ProofKind::Url && !is_web_url {
        return Err(Error::validation(
            "proof",
            format!(
                "a URL proof must be an http(s) link to the published post (got '{}')",
                validate::shown(&value)
            ),
        ));
    }
    Ok(())
}

/// Moves the calendar item a POST task publishes to `status`, if the task is a POST with an
/// item and (with `only_from`) the item is in that status. Returns a note for the task
/// move's audit entry when the item changed: the item's move has no entry of its own.
fn set_post_item_status(
    tx: &mut dyn WriteTx,
    task: &OperatorTask,
    status: CalendarItemStatus,
    only_from: Option<CalendarItemStatus>,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let item_id = match task.calendar_item_id {
        Some(id) if task.task_type == TaskType::Post => id,
        _ => return Ok(None),
    };
    let Some(mut item) = tx.calendar_item(item_id)? else {
        return Ok(None);
    };
    if item.status == status || only_from.is_some_and(|from| item.status != from) {
        return Ok(None);
    }
    let note = format!("calendar item {item_id}: {} -> {status}", item.status);
    item.status = status;
    item.updated_at = now;
    tx.put_calendar_item(&item)?;
    Ok(Some(note))
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Pending (or blocked) → InProgress.
    pub fn start_task(&self, actor: &Actor, id: TaskId) -> Result<OperatorTask> {
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::InProgress,
            AuditAction::TaskStart,
            |_, t, now| {
                t.started_at.get_or_insert(now);
                t.reason = None;
                Ok(vec![])
            },
        )
    }

    /// InProgress (or Pending) → Completed, with outcome, proof and metrics, in one
    /// transaction. Completing a POST task publishes its calendar item and creates two ENGAGE
    /// follow-ups, due 2 h and 24 h later. A Pending task is completed in one step, as an
    /// operator who just did the work expects: it keeps `started_at` empty and its audit
    /// entry says it was never started.
    pub fn mark_task_complete(
        &self,
        actor: &Actor,
        id: TaskId,
        completion: Completion,
    ) -> Result<OperatorTask> {
        let outcome =
            validate::optional_line("outcome", completion.outcome.as_deref(), MAX_NOTE_LEN)?;
        if let Some(proof) = &completion.proof {
            check_proof(proof)?;
        }
        validate::at_most(
            "metrics",
            &completion.metrics,
            crate::service::adhoc::MAX_METRICS_PER_CALL,
        )?;
        for (kind, value) in &completion.metrics {
            crate::service::adhoc::check_metric_value(*kind, *value)?;
        }
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::Completed,
            AuditAction::TaskComplete,
            |tx, t, now| {
                t.outcome = outcome.clone();
                t.proof = completion.proof.clone();
                t.finished_at = Some(now);
                let mut notes = vec![];
                if t.started_at.is_none() {
                    notes.push("completed without being started".to_owned());
                }
                let mut metric_ids = vec![];
                for (kind, value) in &completion.metrics {
                    let metric = MetricEntry {
                        id: MetricId(tx.next_id(Sequence::Metric)?),
                        campaign_id: t.campaign_id,
                        task_id: Some(t.id),
                        platform: t.platform,
                        kind: *kind,
                        value: *value,
                        recorded_at: now,
                        recorded_by: actor.as_str().to_owned(),
                        notes: None,
                    };
                    tx.put_metric(&metric)?;
                    metric_ids.push(metric.id);
                }
                if !metric_ids.is_empty() {
                    notes.push(id_list("recorded metrics", metric_ids));
                }
                if t.task_type == TaskType::Post {
                    notes.extend(set_post_item_status(
                        tx,
                        t,
                        CalendarItemStatus::Published,
                        None,
                        now,
                    )?);
                    let mut follow_ups = vec![];
                    for after in ENGAGE_FOLLOW_UPS {
                        let engage = engage_task(tx, t, after, now)?;
                        tx.put_task(&engage)?;
                        follow_ups.push(engage.id);
                    }
                    notes.push(id_list("created follow-up tasks", follow_ups));
                }
                Ok(notes)
            },
        )
    }

    /// InProgress → Failed, with the reason.
    pub fn fail_task(&self, actor: &Actor, id: TaskId, reason: &str) -> Result<OperatorTask> {
        let reason = validate::required_line("reason", reason, MAX_NOTE_LEN)?;
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::Failed,
            AuditAction::TaskFail,
            |_, t, now| {
                t.reason = Some(reason.clone());
                t.finished_at = Some(now);
                Ok(vec![])
            },
        )
    }

    /// Pending or InProgress → Blocked, with the reason.
    pub fn block_task(&self, actor: &Actor, id: TaskId, reason: &str) -> Result<OperatorTask> {
        let reason = validate::required_line("reason", reason, MAX_NOTE_LEN)?;
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::Blocked,
            AuditAction::TaskBlock,
            |_, t, _| {
                t.reason = Some(reason.clone());
                Ok(vec![])
            },
        )
    }

    /// Blocked → Pending: the blocker is gone.
    pub fn unblock_task(&self, actor: &Actor, id: TaskId) -> Result<OperatorTask> {
        self.move_task(
            actor,
            id,
            Some(TaskStatus::Blocked),
            TaskStatus::Pending,
            AuditAction::TaskUnblock,
            |_, t, _| {
                t.reason = None;
                Ok(vec![])
            },
        )
    }

    /// Pending or Blocked → Skipped: deliberately not done (its calendar item is cancelled).
    pub fn skip_task(
        &self,
        actor: &Actor,
        id: TaskId,
        reason: Option<&str>,
    ) -> Result<OperatorTask> {
        let reason = validate::optional_line("reason", reason, MAX_NOTE_LEN)?;
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::Skipped,
            AuditAction::TaskSkip,
            |tx, t, now| {
                t.reason = reason.clone();
                t.finished_at = Some(now);
                Ok(Vec::from_iter(set_post_item_status(
                    tx,
                    t,
                    CalendarItemStatus::Cancelled,
                    None,
                    now,
                )?))
            },
        )
    }

    /// Hands an open task to another operator (or unassigns it with `None`); a closed task
    /// is [`Error::ReadOnly`].
    pub fn reassign_task(
        &self,
        actor: &Actor,
        id: TaskId,
        assignee: Option<&str>,
    ) -> Result<OperatorTask> {
        let assignee = validate::optional_identifier("assignee", assignee, 100)?;
        let now = self.now()?;
        self.store().write(|tx| {
            let before = load_task(tx, id)?;
            ensure_campaign_open(tx, &before)?;
            if !before.status.is_open() {
                // A closed task is the record of work done: it keeps its assignee.
                return Err(Error::read_only(EntityKind::Task, id, before.status));
            }
            let mut after = before.clone();
            after.assignee = assignee.clone();
            after.updated_at = now;
            tx.put_task(&after)?;
            audit::append(
                tx,
                now,
                task_change(actor, AuditAction::TaskReassign, &before, &after),
            )?;
            Ok(after)
        })
    }

    /// Moves a task to `to` (checked by the status machine), lets `apply` fill the fields
    /// that go with the move and create related records, and audits it, in one transaction.
    /// `apply` returns notes on the related records it wrote (follow-ups, metrics, the
    /// calendar item), which become the audit entry's details, so that nothing a move
    /// writes goes unrecorded.
    /// `only_from` narrows the legal starting status further (unblocking is only from
    /// Blocked, although InProgress → Pending is a legal move too).
    fn move_task(
        &self,
        actor: &Actor,
        id: TaskId,
        only_from: Option<TaskStatus>,
        to: TaskStatus,
        action: AuditAction,
        mut apply: impl FnMut(&mut dyn WriteTx, &mut OperatorTask, DateTime<Utc>) -> Result<Vec<String>>,
    ) -> Result<OperatorTask> {
        let now = self.now()?;
        self.store().write(|tx| {
            let before = load_task(tx, id)?;
            ensure_campaign_open(tx, &before)?;
            if only_from.is_some_and(|from| before.status != from) {
                return Err(Error::IllegalTransition(Transition::Task {
                    from: before.status,
                    to,
                }));
            }
            let mut after = before.clone();
            after.status = before.status.move_to(to)?;
            after.updated_at = now;
            let mut notes = apply(tx, &mut after, now)?;
            if to == TaskStatus::InProgress {
                notes.extend(set_post_item_status(
                    tx,
                    &after,
                    CalendarItemStatus::InProgress,
                    Some(CalendarItemStatus::Planned),
                    now,
                )?);
            }
            tx.put_task(&after)?;
            let mut change = task_change(actor, action, &before, &after);
            if !notes.is_empty() {
                change.details = Some(notes.join("; "));
            }
            audit::append(tx, now, change)?;
            Ok(after)
        })
    }
}

/// A task of a completed or archived campaign no longer moves: the campaign is over and
/// read-only ([`Error::ReadOnly`] on the campaign). A task whose campaign record is gone is
/// left to the task's own rules.
pub(super) fn ensure_campaign_open(tx: &dyn crate::ReadTx, task: &OperatorTask) -> Result<()> {
    match tx.campaign(task.campaign_id)? {
        Some(campaign) => crate::service::plans::ensure_plannable(&campaign),
        None => Ok(()),
    }
}

pub(super) fn task_change<'a>(
    actor: &'a Actor,
    action: AuditAction,
    before: &'a OperatorTask,
    after: &'a OperatorTask,
) -> Change<'a, OperatorTask> {
    Change {
        actor,
        action,
        entity: EntityKind::Task,
        entity_id: after.id.0,
        campaign_id: Some(after.campaign_id),
        before: Some(before),
        after: Some(after),
        details: None,
    }
}
