//! The Today page's server functions: the caller's work list ([`today_tasks`]: overdue,
//! today in the caller's own time zone, the next days) and the task moves it offers
//! ([`start_task`], [`complete_task`], [`fail_task`], [`block_task`], [`skip_task`]).
//! Reading needs the viewer role, moving a task the operator role. A move's error names
//! the task ([`ScopedError`]), as the page shows one set of forms per task.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AppError, ScopedError};

/// Most tasks one section (overdue, today, the next days) shows; the page says when there
/// are more.
pub const SECTION_LIMIT: usize = 50;
/// How many days after today the "next days" section covers.
pub const UPCOMING_DAYS: u64 = 7;

/// The metrics the complete form asks for: key and label.
pub const METRIC_FIELDS: [(&str, &str); 9] = [
    ("impressions", "Impressions"),
    ("reach", "Reach"),
    ("engagements", "Engagements"),
    ("clicks", "Clicks"),
    ("likes", "Likes"),
    ("comments", "Comments"),
    ("shares", "Shares"),
    ("saves", "Saves"),
    ("conversions", "Conversions"),
];

/// A rule the copy breaks (core's `check_content`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyIssue {
    /// `error` or `warning`.
    pub severity: String,
    /// The rule's id, e.g. `x.length`.
    pub rule: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// One open task as the Today page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCard {
    /// Task id.
    pub id: u64,
    /// Its campaign's id.
    pub campaign_id: u64,
    /// Its campaign's name.
    pub campaign_name: String,
    /// Platform label (`LinkedIn`), if the work is on one.
    pub platform: Option<String>,
    /// Platform key (`linkedin`), for styling.
    pub platform_key: Option<String>,
    /// Task type key (`post`, `engage`, ...).
    pub task_type: String,
    /// Content type key (`carousel`, ...), if any.
    pub content_type: Option<String>,
    /// Title.
    pub title: String,
    /// Status key (`pending`, `in_progress`, `blocked`).
    pub status: String,
    /// Due instant, RFC 3339 in UTC (for `<time datetime>`).
    pub due_at: String,
    /// Due time in the caller's zone, e.g. `Tue 1 Dec, 14:30`.
    pub due_local: String,
    /// Due day in the caller's zone, `YYYY-MM-DD` (the next days are grouped by it).
    pub due_day: String,
    /// The copy to publish: the calendar item's current copy for a POST, else the task's.
    pub copy: Option<String>,
    /// Every rule the copy breaks.
    pub issues: Vec<CopyIssue>,
    /// The SOP checklist.
    pub checklist: Vec<String>,
    /// The steps of `checklist` ticked so far (from 0, ascending).
    pub checked: Vec<u16>,
    /// Asset reference, if any.
    pub asset_ref: Option<String>,
    /// Why it is blocked, if it is.
    pub reason: Option<String>,
    /// The moves the status machine allows: `start`, `complete`, `fail`, `block`, `skip`.
    pub actions: Vec<String>,
}

/// The caller's work list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayView {
    /// The caller's time zone (IANA name).
    pub time_zone: String,
    /// Today's date in it, e.g. `Tuesday 1 December 2026`.
    pub today: String,
    /// Open tasks due before now, oldest first.
    pub overdue: Vec<TaskCard>,
    /// Whether more overdue tasks exist than `overdue` shows.
    pub more_overdue: bool,
    /// Open tasks due from now to the end of the caller's day, soonest first.
    pub due_today: Vec<TaskCard>,
    /// Whether more are due today than `due_today` shows.
    pub more_today: bool,
    /// Open tasks of the next [`UPCOMING_DAYS`] days, soonest first.
    pub upcoming: Vec<TaskCard>,
    /// Whether more are due in those days than `upcoming` shows.
    pub more_upcoming: bool,
}

/// What a task move returns: the task and its new status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMoved {
    /// Task id.
    pub id: u64,
    /// New status key.
    pub status: String,
}

#[cfg(feature = "ssr")]
mod cards {
    use std::collections::BTreeMap;

    use campaign_ops_core::model::{CampaignId, OperatorTask, TaskBrief, TaskStatus, TaskType};
    use campaign_ops_core::planning::content_draft;
    use campaign_ops_core::platform::{Severity, check_content};
    use campaign_ops_core::{ReadTx, Result};
    use chrono_tz::Tz;

    use super::{CopyIssue, TaskCard};

    /// The moves offered for a task in `status` (the server checks them again).
    pub(super) fn actions(status: TaskStatus) -> Vec<String> {
        use TaskStatus::*;
        [
            ("start", InProgress),
            ("complete", Completed),
            ("fail", Failed),
            ("block", Blocked),
            ("skip", Skipped),
        ]
        .into_iter()
        .filter(|(_, to)| status.can_move_to(*to))
        .map(|(key, _)| key.to_owned())
        .collect()
    }

    /// The cards of `briefs`, each task read in full from `tx` (one snapshot); tasks gone
    /// since the briefs were listed are left out. `names` caches campaign names.
    pub(super) fn of(
        tx: &dyn ReadTx,
        briefs: &[TaskBrief],
        tz: Tz,
        names: &mut BTreeMap<CampaignId, String>,
    ) -> Result<Vec<TaskCard>> {
        let mut cards = Vec::with_capacity(briefs.len());
        for brief in briefs {
            let Some(task) = tx.task(brief.id)? else {
                continue;
            };
            let name = match names.get(&task.campaign_id) {
                Some(name) => name.clone(),
                None => {
                    let name = tx
                        .campaign(task.campaign_id)?
                        .map(|c| c.name)
                        .unwrap_or_else(|| format!("campaign {}", task.campaign_id));
                    names.insert(task.campaign_id, name.clone());
                    name
                }
            };
            cards.push(card(tx, task, name, tz)?);
        }
        Ok(cards)
    }

    fn card(
        tx: &dyn ReadTx,
        task: OperatorTask,
        campaign_name: String,
        tz: Tz,
    ) -> Result<TaskCard> {
        // A POST publishes its calendar item's copy as it is now (the content editor may
        // have changed it since the task was made), checked as the editor checks it.
        let item = match task.calendar_item_id {
            Some(id) if task.task_type == TaskType::Post => tx.calendar_item(id)?,
            _ => None,
        };
        let (copy, issues) = match (&item, &task.copy, task.platform, task.content_type) {
            (Some(item), _, _, _) => (
                Some(item.copy.clone()),
                check_content(
                    item.platform,
                    item.content_type,
                    &content_draft(item.platform, &item.title, &item.copy),
                ),
            ),
            (None, Some(copy), Some(platform), Some(content_type)) => (
                Some(copy.clone()),
                check_content(
                    platform,
                    content_type,
                    &content_draft(platform, &task.title, copy),
                ),
            ),
            (None, copy, _, _) => (copy.clone(), Vec::new()),
        };
        let local = task.due_at.with_timezone(&tz);
        Ok(TaskCard {
            id: task.id.0,
            campaign_id: task.campaign_id.0,
            campaign_name,
            platform: task.platform.map(|p| p.label().to_owned()),
            platform_key: task.platform.map(|p| p.key().to_owned()),
            task_type: task.task_type.key().to_owned(),
            content_type: task.content_type.map(|c| c.key().to_owned()),
            title: task.title,
            status: task.status.key().to_owned(),
            due_at: task
                .due_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            due_local: local.format("%a %-d %b, %H:%M").to_string(),
            due_day: local.date_naive().to_string(),
            copy,
            issues: issues
                .into_iter()
                .map(|i| CopyIssue {
                    severity: match i.severity {
                        Severity::Error => "error",
                        _ => "warning",
                    }
                    .to_owned(),
                    rule: i.rule.to_owned(),
                    message: i.message,
                })
                .collect(),
            checklist: task.instructions,
            checked: task.checked,
            asset_ref: task.asset_ref,
            reason: task.reason,
            actions: actions(task.status),
        })
    }
}

/// The caller's open tasks (those assigned to them), in their own time zone: overdue
/// first, then the rest of today, then the next [`UPCOMING_DAYS`] days; at most
/// [`SECTION_LIMIT`] per section. Overdue and today come from the service's operator
/// queue; the next days are one more bounded scan of the same index.
#[server]
pub async fn today_tasks() -> Result<TodayView, AppError> {
    use campaign_ops_core::service::start_of_local_day;
    use campaign_ops_core::{Clock, Role, Store};
    use chrono::Days;
    crate::server::context::call_as(Role::Viewer, move |ops, caller| {
        let tz = caller.time_zone;
        let assignee = caller.actor.as_str();
        let mut queue = ops.operator_queue(assignee, tz.name())?;
        let now = ops.clock().now();
        let today = now.with_timezone(&tz).date_naive();
        let from = start_of_local_day(tz, today + Days::new(1));
        let until = start_of_local_day(tz, today + Days::new(1 + UPCOMING_DAYS));
        let more_overdue = queue.more_overdue || queue.overdue.len() > SECTION_LIMIT;
        let more_today = queue.due_today.len() > SECTION_LIMIT;
        queue.overdue.truncate(SECTION_LIMIT);
        queue.due_today.truncate(SECTION_LIMIT);
        ops.store().read(|tx| {
            let mut upcoming =
                tx.open_task_briefs_for_assignee(assignee, from, until, SECTION_LIMIT + 1)?;
            let more_upcoming = upcoming.len() > SECTION_LIMIT;
            upcoming.truncate(SECTION_LIMIT);
            let mut names = BTreeMap::new();
            Ok(TodayView {
                time_zone: tz.name().to_owned(),
                today: today.format("%A %-d %B %Y").to_string(),
                overdue: cards::of(tx, &queue.overdue, tz, &mut names)?,
                more_overdue,
                due_today: cards::of(tx, &queue.due_today, tz, &mut names)?,
                more_today,
                upcoming: cards::of(tx, &upcoming, tz, &mut names)?,
                more_upcoming,
            })
        })
    })
    .await
}

/// Runs a task move as an operator, naming the task in its error.
#[cfg(feature = "ssr")]
async fn move_task<F>(task_id: u64, f: F) -> Result<TaskMoved, ScopedError>
where
    F: FnOnce(
            &crate::server::Service,
            &campaign_ops_core::Actor,
            campaign_ops_core::TaskId,
        ) -> campaign_ops_core::Result<campaign_ops_core::OperatorTask>
        + Send
        + 'static,
{
    use campaign_ops_core::{Role, TaskId};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let task = f(&ops, &caller.actor, TaskId(task_id))?;
        Ok(TaskMoved {
            id: task.id.0,
            status: task.status.key().to_owned(),
        })
    })
    .await
    .map_err(|e| ScopedError::new(task_id, e))
}

/// Pending (or blocked) → in progress.
#[server]
pub async fn start_task(
    /// The task's id.
    task_id: u64,
) -> Result<TaskMoved, ScopedError> {
    move_task(task_id, |ops, actor, id| ops.start_task(actor, id)).await
}

/// In progress (or pending) → completed, with what happened (`outcome`), the proof (a URL
/// of the published post when `proof_kind` is `url`, the default, or a note when it is
/// `text`) and the metrics measured (`metrics[impressions]=1200`, keys of
/// [`METRIC_FIELDS`]; blank values are left out). A bad metric is an error of the field
/// `metrics.<key>`.
#[server]
pub async fn complete_task(
    /// The task's id.
    task_id: u64,
    /// What happened, in words.
    outcome: Option<String>,
    /// `url` (default) or `text`.
    proof_kind: Option<String>,
    /// The proof: the post's URL or a note; blank for none.
    proof: Option<String>,
    /// Metric values by key; blank values are ignored.
    metrics: Option<BTreeMap<String, String>>,
) -> Result<TaskMoved, ScopedError> {
    use super::campaigns::non_blank;
    use campaign_ops_core::service::Completion;
    use campaign_ops_core::{CompletionProof, Error, MetricKind, ProofKind};
    move_task(task_id, move |ops, actor, id| {
        let kind = match non_blank(proof_kind).as_deref() {
            None | Some("url") => ProofKind::Url,
            Some("text") => ProofKind::Text,
            Some(other) => {
                return Err(Error::validation(
                    "proof_kind",
                    format!("unknown proof kind '{other}' (expected url or text)"),
                ));
            }
        };
        let mut completion = Completion::default();
        completion.outcome = non_blank(outcome);
        completion.proof = non_blank(proof).map(|value| CompletionProof { kind, value });
        for (key, value) in metrics.unwrap_or_default() {
            let field = format!("metrics.{key}");
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let kind = MetricKind::ALL
                .into_iter()
                .find(|k| k.key() == key)
                .ok_or_else(|| Error::validation(field.clone(), "is not a known metric"))?;
            let value = value
                .replace([',', '_', ' '], "")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    Error::validation(field.clone(), format!("must be a number (got '{value}')"))
                })?;
            completion.metrics.push((kind, value));
        }
        ops.mark_task_complete(actor, id, completion)
    })
    .await
}

/// In progress → failed, with the `reason` (required).
#[server]
pub async fn fail_task(
    /// The task's id.
    task_id: u64,
    /// Why it failed.
    reason: String,
) -> Result<TaskMoved, ScopedError> {
    move_task(task_id, move |ops, actor, id| {
        ops.fail_task(actor, id, &reason)
    })
    .await
}

/// Pending or in progress → blocked, with the `reason` (required).
#[server]
pub async fn block_task(
    /// The task's id.
    task_id: u64,
    /// What blocks it.
    reason: String,
) -> Result<TaskMoved, ScopedError> {
    move_task(task_id, move |ops, actor, id| {
        ops.block_task(actor, id, &reason)
    })
    .await
}

/// Pending or blocked → skipped (deliberately not done), with an optional `reason`.
#[server]
pub async fn skip_task(
    /// The task's id.
    task_id: u64,
    /// Why; blank for none.
    reason: Option<String>,
) -> Result<TaskMoved, ScopedError> {
    use super::campaigns::non_blank;
    move_task(task_id, move |ops, actor, id| {
        ops.skip_task(actor, id, non_blank(reason).as_deref())
    })
    .await
}
