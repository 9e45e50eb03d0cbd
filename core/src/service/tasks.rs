//! Task calls: generate POST tasks from calendar items, and move tasks through their
//! lifecycle (start, complete with follow-ups and metrics, fail, block, skip, reassign).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use crate::model::*;
use crate::platform::checklist_steps;
use crate::store::Sequence;
use crate::{Clock, Error, Result, Store, WriteTx, validate};

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

/// How a task was completed: outcome, proof and the metrics it produced.
#[derive(Debug, Clone, Default, PartialEq)]
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
    action: &str,
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
/// (the link to the live post), so a dashboard can link to it.
fn check_proof(proof: &CompletionProof) -> Result<()> {
    let value = validate::required_line("proof", &proof.value, MAX_NOTE_LEN)?;
    let lower = value.to_ascii_lowercase();
    let after_scheme = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let is_web_url =
        after_scheme.is_some_and(|rest| !rest.is_empty()) && !value.contains(char::is_whitespace);
    if proof.kind == ProofKind::Url && !is_web_url {
        return Err(Error::validation(
            "proof",
            format!("a URL proof must be an http(s) link to the published post (got '{value}')"),
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

/// "`what` 1, 2, 3" for an audit note.
fn id_list<T: std::fmt::Display>(what: &str, ids: impl IntoIterator<Item = T>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("{what} {}", ids.join(", "))
}

fn load_task(tx: &dyn crate::ReadTx, id: TaskId) -> Result<OperatorTask> {
    tx.task(id)?.ok_or_else(|| Error::not_found("task", id))
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
        let assignee = validate::optional_line("assignee", assignee, 100)?;
        let now = self.clock().now();
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
                |after| tx.tasks_page(campaign_id, after, super::GATHER_PAGE),
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

    /// Pending (or blocked) → InProgress.
    pub fn start_task(&self, actor: &Actor, id: TaskId) -> Result<OperatorTask> {
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::InProgress,
            "task.start",
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
            super::adhoc::MAX_METRICS_PER_CALL,
        )?;
        for (kind, value) in &completion.metrics {
            super::adhoc::check_metric_value(*kind, *value)?;
        }
        self.move_task(
            actor,
            id,
            None,
            TaskStatus::Completed,
            "task.complete",
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
            "task.fail",
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
            "task.block",
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
            "task.unblock",
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
            "task.skip",
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

    /// Hands an open task to another operator (or unassigns it with `None`).
    pub fn reassign_task(
        &self,
        actor: &Actor,
        id: TaskId,
        assignee: Option<&str>,
    ) -> Result<OperatorTask> {
        let assignee = validate::optional_line("assignee", assignee, 100)?;
        let now = self.clock().now();
        self.store().write(|tx| {
            let before = load_task(tx, id)?;
            if !before.status.is_open() {
                return Err(Error::Conflict(format!(
                    "task {id} is {} and can no longer be reassigned",
                    before.status
                )));
            }
            let mut after = before.clone();
            after.assignee = assignee.clone();
            after.updated_at = now;
            tx.put_task(&after)?;
            audit::append(
                tx,
                now,
                task_change(actor, "task.reassign", &before, &after),
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
        action: &str,
        mut apply: impl FnMut(&mut dyn WriteTx, &mut OperatorTask, DateTime<Utc>) -> Result<Vec<String>>,
    ) -> Result<OperatorTask> {
        let now = self.clock().now();
        self.store().write(|tx| {
            let before = load_task(tx, id)?;
            if only_from.is_some_and(|from| before.status != from) {
                return Err(Error::IllegalTransition {
                    entity: "task",
                    from: before.status.key().to_owned(),
                    to: to.key().to_owned(),
                });
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

fn task_change<'a>(
    actor: &'a Actor,
    action: &'a str,
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

/// Inside `tx`: one POST task per item of `items` (all of one campaign) that has none yet,
/// with one audit entry for the lot.
pub(crate) fn generate_tasks(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    items: &[CalendarItemId],
    assignee: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TaskGeneration> {
    let mut generation = TaskGeneration {
        created: vec![],
        already_tasked: vec![],
    };
    let mut campaign_id = None;
    for &item_id in items {
        let item = tx
            .calendar_item(item_id)?
            .ok_or_else(|| Error::not_found("calendar item", item_id))?;
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
        let campaign = load_campaign(tx, item.campaign_id)?;
        super::plans::ensure_plannable(&campaign)?;
        let has_post = tx
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
                action: "tasks.generate",
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
