//! ESCALATE_OVERDUE_TASKS: one REVIEW task per campaign listing its overdue tasks (see
//! `CampaignOps::escalate_batch`), weekly and whenever the tick asks.
//!
//! Batches in ascending campaign id with the last id as checkpoint; not duplicating is the
//! service's rule (a task listed by an open escalation is not listed again), so a retried or
//! requested run on top of the weekly one creates nothing twice.

use campaign_ops_core::service::EscalationBatch;

use super::active_ids;
use crate::{ActionContext, ActionError, ActionReport};

pub(super) fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let now = ctx.now();
    let ids = active_ids(ctx, ctx.checkpoint())?;
    let mut total = EscalationBatch::default();
    let mut chunks: Vec<_> = ids.chunks(ctx.batch_size()).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        ctx.ensure_running()?;
        let checkpoint = chunk.last().map(|id| id.0);
        let so_far = &total;
        let (batch, report) = ctx
            .ops()
            .escalate_batch(ctx.actor(), chunk, now, |tx, batch| {
                let mut sum = so_far.clone();
                sum.add(batch.clone());
                let report = report(&sum);
                if i == last {
                    ctx.record_success(tx, checkpoint, &report)?;
                } else {
                    ctx.record_progress(tx, checkpoint)?;
                }
                Ok(report)
            })?;
        total.add(batch);
        if i == last {
            return Ok(report);
        }
    }
    unreachable!("the last chunk returns")
}

fn report(t: &EscalationBatch) -> ActionReport {
    ActionReport::new(format!(
        "{} active campaigns checked: {} escalation tasks created listing {} overdue tasks; {} overdue tasks already escalated",
        t.campaigns,
        t.created.len(),
        t.escalated_tasks,
        t.already_escalated,
    ))
}
