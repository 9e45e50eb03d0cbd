//! The task moves the Today page's open task offers: [`start_task`], [`complete_task`],
//! [`fail_task`], [`block_task`], [`skip_task`]. Each needs the operator role; its error
//! names the task ([`ScopedError`]), as a page may show forms of several tasks.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::ScopedError;

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

/// What a task move returns: the task and its new status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMoved {
    /// Task id.
    pub id: u64,
    /// New status key.
    pub status: String,
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
    use crate::api::campaigns::non_blank;
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
    use crate::api::campaigns::non_blank;
    move_task(task_id, move |ops, actor, id| {
        ops.skip_task(actor, id, non_blank(reason).as_deref())
    })
    .await
}
