//! The built-in campaign handlers (feature `campaign-ops`), submitted with
//! `inventory::submit!`:
//!
//! | action | schedule | does |
//! |---|---|---|
//! | [`CAMPAIGN_TICK`] | daily 00:05, daemon zone (safe more often) | surfaces tasks coming due, counts newly overdue ones and then asks for an escalation, completes campaigns past their end date |
//! | [`ESCALATE_OVERDUE_TASKS`] | weekly, Monday 09:00, daemon zone; and on request from the tick | one REVIEW task per campaign for its owner listing overdue tasks not yet escalated |
//! | [`WEEKLY_CAMPAIGN_SUMMARY`] | Monday 08:00 in *each campaign's* zone | stores last week's summary and an ANALYZE task pointing at it |
//!
//! Each handler commits in batches of campaigns (the daemon's `batch_size`), the ledger
//! note of each batch in the same transaction (see [`crate::context`]).

mod escalate;
mod summary;
mod tick;

use campaign_ops_core::{CampaignId, CampaignStatus, Store};
use chrono::Weekday;
use chrono_tz::Tz;

use crate::schedule::{Schedule, hm};
use crate::spec::{ActionReport, ActionSpec};
use crate::{ActionContext, ActionError};
pub use crate::{CAMPAIGN_TICK, ESCALATE_OVERDUE_TASKS, WEEKLY_CAMPAIGN_SUMMARY};

/// The local time the weekly summary is released on Monday, in each campaign's zone.
pub const SUMMARY_RELEASE: chrono::NaiveTime = hm(8, 0);

/// The zone where Monday 08:00 comes first on Earth (UTC+14, e.g. Kiritimati). The summary's
/// weekly period opens there; each campaign is then handled at its own local Monday 08:00
/// by the stages of that period (see `summary.rs`).
pub const EARLIEST_ZONE: Tz = Tz::Etc__GMTMinus14;

inventory::submit! {
    ActionSpec::new(CAMPAIGN_TICK, Schedule::daily(0, 5), tick::run)
}

inventory::submit! {
    ActionSpec::new(ESCALATE_OVERDUE_TASKS, Schedule::weekly(Weekday::Mon, 9, 0), escalate::run)
}

inventory::submit! {
    ActionSpec::new(
        WEEKLY_CAMPAIGN_SUMMARY,
        Schedule::Weekly { weekday: Weekday::Mon, at: SUMMARY_RELEASE },
        summary::run,
    )
    .in_zone(EARLIEST_ZONE)
}

/// Keeps this module's `inventory` submissions in the final binary: the registry calls it,
/// and so the linker cannot drop the object that holds them as unreferenced.
#[inline(never)]
pub fn link() {
    std::hint::black_box(SUMMARY_RELEASE);
}

/// Walks the active campaigns in ascending id after `after` (a checkpoint when resuming),
/// a page of the daemon's batch size at a time (read with `campaign_ids`, never the whole
/// list), checking for shutdown before each, and returns the last batch's report.
/// `batch(ids, last)` commits the batch with its ledger note
/// ([`ActionContext::record_batch`]); with no active campaign it runs once on no ids, so
/// that the period still settles in a transaction of its own.
///
/// Each page is read with one id more than a batch holds, to know whether the batch is the
/// last one before committing it. Pages are separate reads: a campaign activated during
/// the run is included when its id lies past the batches done, and `batch` passes over
/// any listed campaign no longer active.
fn in_batches(
    ctx: &ActionContext<'_>,
    after: Option<CampaignId>,
    mut batch: impl FnMut(&[CampaignId], bool) -> std::result::Result<ActionReport, ActionError>,
) -> std::result::Result<ActionReport, ActionError> {
    let size = ctx.batch_size();
    let mut after = after;
    loop {
        ctx.ensure_running()?;
        let mut ids = ctx
            .ops()
            .store()
            .read(|tx| tx.campaign_ids(CampaignStatus::Active, after, size.saturating_add(1)))?;
        let last = ids.len() <= size;
        ids.truncate(size);
        let report = batch(&ids, last)?;
        if last {
            return Ok(report);
        }
        after = ids.last().copied();
    }
}
