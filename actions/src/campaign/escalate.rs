//! ESCALATE_OVERDUE_TASKS: one REVIEW task per campaign listing its overdue tasks (see
//! `CampaignOps::escalate_batch`), weekly and whenever the tick asks.
//!
//! Batches in ascending campaign id with the last id as checkpoint; not duplicating is the
//! service's rule (a task listed by an open escalation is not listed again), so a retried or
//! requested run on top of the weekly one creates nothing twice.

use campaign_ops_core::CampaignId;
use campaign_ops_core::service::EscalationBatch;

use super::in_batches;
use crate::{ActionContext, ActionError, ActionReport};

pub(super) fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let now = ctx.now();
    let after = ctx.checkpoint().map(CampaignId);
    let mut total = EscalationBatch::default();
    in_batches(ctx, after, |chunk, last| {
        let checkpoint = chunk.last().map(|id| id.0);
        let (batch, report) = ctx
            .ops()
            .escalate_batch(ctx.actor(), chunk, now, |tx, batch| {
                let mut sum = total.clone();
                sum.add(batch.clone());
                let report = report(&sum);
                ctx.record_batch(tx, last, checkpoint, &report)?;
                Ok(report)
            })?;
        total.add(batch);
        Ok(report)
    })
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
