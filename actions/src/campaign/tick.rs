//! CAMPAIGN_TICK: the daily sweep over active campaigns (see `CampaignOps::tick_batch`).
//!
//! Batches of campaigns in ascending id, each committed with its ledger checkpoint (the
//! last campaign id of the batch); a resumed run starts after the checkpoint. The window
//! is the period's own, whenever the run happens: tasks that became overdue from the
//! previous period's due time to this one's, and tasks coming due from now until the next
//! tick (none for a period caught up after downtime, whose next tick is already due). So
//! caught-up periods, resumed runs and retries count every task in one period only. Safe
//! to run more often than daily: a tick changes nothing that a second tick would change
//! again, and its escalation request is keyed by its period.

use campaign_ops_core::CampaignId;
use campaign_ops_core::service::{TickBatch, TickWindow};

use super::{ESCALATE_OVERDUE_TASKS, in_batches};
use crate::{ActionContext, ActionError, ActionReport};

pub(super) fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let now = ctx.now();
    let due = ctx.period().due_at;
    // The next tick after this period, not after now: a caught-up period's next tick has
    // passed already, and only the latest period counts what comes due.
    let window = TickWindow::new(
        ctx.previous_due(),
        due,
        now,
        ctx.next_due_after(due).max(now),
    );
    let after = ctx.checkpoint().map(CampaignId);
    let mut total = TickBatch::default();
    in_batches(ctx, after, |chunk, last| {
        let checkpoint = chunk.last().map(|id| id.0);
        let (batch, report) = ctx
            .ops()
            .tick_batch(ctx.actor(), chunk, window, |tx, batch| {
                // Keyed by this period: a second batch (or a resumed run) asking again
                // finds the request and adds nothing.
                if !batch.campaigns_with_new_overdue.is_empty() {
                    ctx.request(tx, ESCALATE_OVERDUE_TASKS)?;
                }
                let mut sum = total.clone();
                sum.add(batch.clone());
                let report = report(ctx, &sum);
                ctx.record_batch(tx, last, checkpoint, &report)?;
                Ok(report)
            })?;
        total.add(batch);
        Ok(report)
    })
}

fn report(ctx: &ActionContext<'_>, t: &TickBatch) -> ActionReport {
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
        if t.campaigns_with_new_overdue.is_empty() {
            ""
        } else {
            " (escalation requested)"
        },
        t.completed.len(),
    ))
}
