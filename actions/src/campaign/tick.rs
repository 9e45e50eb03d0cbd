//! CAMPAIGN_TICK: the daily sweep over active campaigns (see `CampaignOps::tick_batch`).
//!
//! Batches of campaigns in ascending id, each committed with its ledger checkpoint (the
//! last campaign id of the batch); a resumed run starts after the checkpoint. The window:
//! tasks that became overdue since the previous period's due time, and tasks coming due
//! before the next one. Safe to run more often than daily: a tick changes nothing that a
//! second tick would change again, and its escalation request is keyed by its period.

use campaign_ops_core::service::{TickBatch, TickWindow};

use super::{ESCALATE_OVERDUE_TASKS, active_ids};
use crate::{ActionContext, ActionError, ActionReport};

pub(super) fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let now = ctx.now();
    let window = TickWindow {
        since: ctx.previous_due().min(now),
        now,
        until: ctx.next_due_after(now),
    };
    let ids = active_ids(ctx, ctx.checkpoint())?;
    let mut total = TickBatch::default();
    let chunks: Vec<_> = ids.chunks(ctx.batch_size()).collect();
    if chunks.is_empty() {
        let (_, report) = ctx.ops().tick_batch(ctx.actor(), &[], window, |tx, _| {
            let report = report(ctx, &total, false);
            ctx.record_success(tx, None, &report)?;
            Ok(report)
        })?;
        return Ok(report);
    }
    let mut requested = false;
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        ctx.ensure_running()?;
        let checkpoint = chunk.last().map(|id| id.0);
        let so_far = &total;
        let (batch, (report, asked)) =
            ctx.ops()
                .tick_batch(ctx.actor(), chunk, window, |tx, batch| {
                    let asked = !batch.campaigns_with_new_overdue.is_empty()
                        && ctx.request(tx, ESCALATE_OVERDUE_TASKS)?;
                    let mut sum = so_far.clone();
                    sum.add(batch.clone());
                    let report = report(ctx, &sum, requested || asked);
                    if i == last {
                        ctx.record_success(tx, checkpoint, &report)?;
                    } else {
                        ctx.record_progress(tx, checkpoint)?;
                    }
                    Ok((report, asked))
                })?;
        requested |= asked;
        total.add(batch);
        if i == last {
            return Ok(report);
        }
    }
    unreachable!("the last chunk returns")
}

fn report(ctx: &ActionContext<'_>, t: &TickBatch, escalation_requested: bool) -> ActionReport {
    let resumed = ctx
        .checkpoint()
        .map(|c| format!(" (resumed after campaign {c})"))
        .unwrap_or_default();
    ActionReport::new(format!(
        "{} active campaigns ticked{resumed}: {} tasks coming due, {} newly overdue in {} campaigns{}, {} campaigns completed",
        t.campaigns,
        t.coming_due,
        t.newly_overdue,
        t.campaigns_with_new_overdue.len(),
        if escalation_requested {
            " (escalation requested)"
        } else {
            ""
        },
        t.completed.len(),
    ))
}
