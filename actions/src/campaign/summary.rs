//! WEEKLY_CAMPAIGN_SUMMARY: Monday 08:00 in each campaign's own zone, the summary of the
//! week that just ended is stored with an ANALYZE task (see
//! `CampaignOps::summarize_week_batch`).
//!
//! One ledger period per ISO week (`2026-W48`), run in stages:
//! - the period is due at Monday 08:00 in UTC+14, the first Monday 08:00 on Earth;
//! - each stage handles every active campaign whose own local Monday 08:00 has passed and
//!   whose summary of the previous week is not stored yet, then, if some campaign's local
//!   Monday 08:00 is still ahead, ends the stage with the next stage due at the earliest of
//!   those instants (the period stays open);
//! - the stage that finds no campaign still waiting marks the period Succeeded.
//!
//! Exactly once per campaign and week: the summary's (campaign, week) key is checked and
//! written in the same transaction as the ANALYZE task, so stages, retries and restarts
//! that see a campaign again find its summary and skip it. The stages only decide *when*
//! a campaign is looked at, never *whether* it gets a second summary.

use campaign_ops_core::report::ReportWeek;
use campaign_ops_core::service::SummaryBatch;

use super::{SUMMARY_RELEASE, in_batches};
use crate::{ActionContext, ActionError, ActionReport};

pub(super) fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let run_week: ReportWeek = ctx.period().label.parse().map_err(|_| {
        ActionError::failed(format!("period {} is not an ISO week", ctx.period().label))
    })?;
    let now = ctx.now();
    let mut total = SummaryBatch::default();
    // Every stage looks at all active campaigns: the summary table, not a checkpoint, says
    // which are done.
    in_batches(ctx, None, |chunk, last| {
        let (batch, report) = ctx.ops().summarize_week_batch(
            ctx.actor(),
            chunk,
            run_week,
            SUMMARY_RELEASE,
            now,
            |tx, batch| {
                let mut sum = total.clone();
                sum.add(batch.clone());
                let report = report(run_week, &sum);
                ctx.record_batch(tx, last, None, &report)?;
                Ok(report)
            },
        )?;
        total.add(batch);
        Ok(report)
    })
}

fn report(run_week: ReportWeek, t: &SummaryBatch) -> ActionReport {
    let text = format!(
        "summaries of {}: {} stored with an ANALYZE task, {} already stored, {} campaigns not yet at Monday 08:00, {} created after the week",
        run_week.previous(),
        t.created.len(),
        t.already_stored,
        t.not_yet,
        t.created_after_week,
    );
    match t.next_release {
        Some(at) => ActionReport::resume_at(text, at),
        None => ActionReport::new(text),
    }
}
