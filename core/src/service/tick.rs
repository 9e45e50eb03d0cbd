//! The campaign tick's domain work: what a scheduled tick observes and changes for a batch
//! of active campaigns, inside one write transaction the caller can add its own records to.
//!
//! "Due" and "overdue" are views computed from due times and the clock (see `queue.rs`),
//! never stored flags, so the tick does not rewrite tasks to surface them: it counts the
//! open tasks that come due before the next tick and those that became overdue in the
//! period the tick closes (the run report shows both), and its only changes are completing campaigns
//! whose end date has passed. The caller (the action daemon) turns "something became
//! overdue" into an escalation request and records its run ledger in the same transaction.
//!
//! Also home of [`CampaignOps::active_batch`], the transaction shape the tick, the
//! escalation and the weekly summary share.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::CampaignOps;
use super::audit::{self, Change};
use crate::model::*;
use crate::{Clock, Result, Store, WriteTx};

/// The instants one tick looks at.
///
/// A tick closes its own period, from the previous tick's due time to its own: the tasks
/// due in it became overdue in that period. The window depends on the period, not on
/// when the tick runs, so ticks caught up after downtime (all running at one late `now`)
/// count each overdue task in exactly one period instead of once per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TickWindow {
    /// The previous tick's due time, where the period this tick closes starts.
    pub since: DateTime<Utc>,
    /// This tick's own due time, where its period ends: open tasks due from `since` to
    /// here (to `now`, if that is earlier) became overdue in the period.
    pub period_end: DateTime<Utc>,
    /// The instant the tick runs at: campaigns are completed and audited as of then.
    pub now: DateTime<Utc>,
    /// The next tick's due time: open tasks due from `now` to here come due before it
    /// (none when it is not after `now`, as for a caught-up period).
    pub until: DateTime<Utc>,
}

impl TickWindow {
    /// The window of the period from the previous tick's due time `since` to this tick's
    /// `period_end`, run at `now`, with tasks coming due until the next tick's `until`.
    pub fn new(
        since: DateTime<Utc>,
        period_end: DateTime<Utc>,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Self {
        Self {
            since,
            period_end,
            now,
            until,
        }
    }
}

/// What a tick did to one batch of campaigns; batches add up with [`TickBatch::add`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TickBatch {
    /// Campaigns looked at (those still active when the batch ran).
    pub campaigns: u32,
    /// Open tasks coming due before the next tick (surfaced).
    pub coming_due: u32,
    /// Open tasks that became overdue in the tick's period (see [`TickWindow`]).
    pub newly_overdue: u32,
    /// Campaigns that had a task become overdue.
    pub campaigns_with_new_overdue: Vec<CampaignId>,
    /// Campaigns completed because their end date had passed.
    pub completed: Vec<CampaignId>,
}

impl TickBatch {
    /// Adds another batch's counts to this one.
    pub fn add(&mut self, other: TickBatch) {
        self.campaigns += other.campaigns;
        self.coming_due += other.coming_due;
        self.newly_overdue += other.newly_overdue;
        self.campaigns_with_new_overdue
            .extend(other.campaigns_with_new_overdue);
        self.completed.extend(other.completed);
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Ticks the campaigns `ids` (those no longer active are passed over) in one write
    /// transaction, then calls `hook` inside the same transaction with what the batch did,
    /// so that the caller's records (a run ledger, an escalation request) commit with the
    /// batch or not at all.
    ///
    /// A campaign whose end date lies before its local today is moved to Completed (audited
    /// as `campaign.complete` by `actor`); its tasks are still counted in this batch.
    pub fn tick_batch<R>(
        &self,
        actor: &Actor,
        ids: &[CampaignId],
        window: TickWindow,
        hook: impl FnMut(&mut dyn WriteTx, &TickBatch) -> Result<R>,
    ) -> Result<(TickBatch, R)> {
        self.active_batch(
            ids,
            |tx, campaign, batch| tick_campaign(tx, actor, campaign, window, batch),
            hook,
        )
    }

    /// The shape of the scheduled batch calls: in one write transaction, `each` on every
    /// campaign among `ids` that is still active (the caller listed them before the
    /// transaction; any may have been paused or completed since), then `hook` with the
    /// batch's result, so that the caller's ledger note commits with the batch.
    pub(super) fn active_batch<B: Default, R>(
        &self,
        ids: &[CampaignId],
        mut each: impl FnMut(&mut dyn WriteTx, &Campaign, &mut B) -> Result<()>,
        mut hook: impl FnMut(&mut dyn WriteTx, &B) -> Result<R>,
    ) -> Result<(B, R)> {
        self.store().write(|tx| {
            let mut batch = B::default();
            for &id in ids {
                match tx.campaign(id)? {
                    Some(campaign) if campaign.status == CampaignStatus::Active => {
                        each(tx, &campaign, &mut batch)?;
                    }
                    _ => {}
                }
            }
            let r = hook(tx, &batch)?;
            Ok((batch, r))
        })
    }
}

fn tick_campaign(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    campaign: &Campaign,
    window: TickWindow,
    batch: &mut TickBatch,
) -> Result<()> {
    batch.campaigns += 1;
    // Counting queries over the windows: no task record loads.
    let coming = tx
        .task_counts(campaign.id, window.now, window.until)?
        .open();
    batch.coming_due = batch.coming_due.saturating_add(coming);
    let overdue = tx
        .task_counts(campaign.id, window.since, window.period_end.min(window.now))?
        .open();
    if overdue > 0 {
        batch.newly_overdue = batch.newly_overdue.saturating_add(overdue);
        batch.campaigns_with_new_overdue.push(campaign.id);
    }
    let today = window.now.with_timezone(&campaign.time_zone).date_naive();
    if campaign.end_date.is_some_and(|end| end < today) {
        let mut after = campaign.clone();
        after.status = campaign.status.move_to(CampaignStatus::Completed)?;
        after.updated_at = window.now;
        tx.put_campaign(&after)?;
        audit::append(
            tx,
            window.now,
            Change {
                actor,
                action: AuditAction::CampaignComplete,
                entity: EntityKind::Campaign,
                entity_id: campaign.id.0,
                campaign_id: Some(campaign.id),
                before: Some(campaign),
                after: Some(&after),
                details: campaign
                    .end_date
                    .map(|end| format!("end date {end} has passed")),
            },
        )?;
        batch.completed.push(campaign.id);
    }
    Ok(())
}
