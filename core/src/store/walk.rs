//! Every record of a kind, a bounded page at a time: the one keyset-paging loop that a
//! dump, a bulk copy between stores and a service's gather share.
//!
//! [`each_page`] drives any keyset-paged query of [`ReadTx`]; [`Walk`] names the walks of
//! the record kinds that a whole-store pass needs (a dump, a move between backends). Run a
//! walk inside one [`Store::read`](super::Store::read) so that all pages come from one
//! snapshot: a page boundary then never skips or repeats a record.

use chrono::{DateTime, Utc};

use super::{CampaignQuery, ReadTx};
use crate::Result;
use crate::model::*;
use crate::report::WeeklySummary;

/// Records read per query by a walk: large enough that the per-query cost vanishes, small
/// enough that a page of the largest records stays a few MiB.
pub const WALK_PAGE: usize = 1000;

const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;

/// Hands every record of a keyset-paged query to `each`, in the query's order: `page(after,
/// limit)` reads the page after the cursor, `key` gives a record's cursor. A page shorter
/// than the limit is the last. Returns how many records it handed on.
pub fn each_page<T, K>(
    mut page: impl FnMut(Option<K>, usize) -> Result<Vec<T>>,
    key: impl Fn(&T) -> K,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<u64> {
    let mut n = 0;
    let mut after = None;
    loop {
        let records = page(after, WALK_PAGE)?;
        let full = records.len() == WALK_PAGE;
        after = records.last().map(&key);
        for record in records {
            each(record)?;
            n += 1;
        }
        if !full {
            return Ok(n);
        }
    }
}

/// Every record of one kind, in the order of its keyset query; each returns how many it
/// handed to `each`. Implemented for every [`ReadTx`].
pub trait Walk {
    /// Every campaign, ascending id.
    fn each_campaign(&self, each: &mut dyn FnMut(Campaign) -> Result<()>) -> Result<u64>;
    /// A campaign's calendar items, ascending `(scheduled_at, id)`.
    fn each_calendar_item(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(CalendarItem) -> Result<()>,
    ) -> Result<u64>;
    /// A campaign's tasks, ascending id.
    fn each_task(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(OperatorTask) -> Result<()>,
    ) -> Result<u64>;
    /// A campaign's metric entries, ascending id.
    fn each_metric(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(MetricEntry) -> Result<()>,
    ) -> Result<u64>;
    /// A campaign's stored weekly summaries, ascending week.
    fn each_weekly_summary(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(WeeklySummary) -> Result<()>,
    ) -> Result<u64>;
    /// The ledger records of `action`, ascending key.
    fn each_action_run(
        &self,
        action: &str,
        each: &mut dyn FnMut(ActionRun) -> Result<()>,
    ) -> Result<u64>;
    /// Every dashboard user, ascending id.
    fn each_user(&self, each: &mut dyn FnMut(User) -> Result<()>) -> Result<u64>;
    /// The whole audit log, ascending seq.
    fn each_audit_entry(&self, each: &mut dyn FnMut(AuditEntry) -> Result<()>) -> Result<u64>;
}

impl<T: ReadTx + ?Sized> Walk for T {
    fn each_campaign(&self, each: &mut dyn FnMut(Campaign) -> Result<()>) -> Result<u64> {
        each_page(
            |after, limit| {
                let mut query = CampaignQuery::first(limit);
                query.after = after;
                Ok(self.campaign_page(&query)?.items)
            },
            |c| c.id,
            each,
        )
    }

    fn each_calendar_item(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(CalendarItem) -> Result<()>,
    ) -> Result<u64> {
        each_page(
            |after, limit| self.calendar_items(campaign, MIN, MAX, after, limit),
            |i| (i.scheduled_at, i.id),
            each,
        )
    }

    fn each_task(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(OperatorTask) -> Result<()>,
    ) -> Result<u64> {
        each_page(
            |after, limit| self.tasks_page(campaign, after, limit),
            |t| t.id,
            each,
        )
    }

    fn each_metric(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(MetricEntry) -> Result<()>,
    ) -> Result<u64> {
        each_page(
            |after, limit| self.metrics_page(campaign, after, limit),
            |m| m.id,
            each,
        )
    }

    fn each_weekly_summary(
        &self,
        campaign: CampaignId,
        each: &mut dyn FnMut(WeeklySummary) -> Result<()>,
    ) -> Result<u64> {
        each_page(
            |after, limit| self.weekly_summaries(campaign, after, limit),
            |s| s.week,
            each,
        )
    }

    fn each_action_run(
        &self,
        action: &str,
        each: &mut dyn FnMut(ActionRun) -> Result<()>,
    ) -> Result<u64> {
        each_page(
            |after: Option<String>, limit| self.action_runs(action, after.as_deref(), false, limit),
            |r| r.key.clone(),
            each,
        )
    }

    fn each_user(&self, each: &mut dyn FnMut(User) -> Result<()>) -> Result<u64> {
        each_page(|after, limit| self.users_page(after, limit), |u| u.id, each)
    }

    fn each_audit_entry(&self, each: &mut dyn FnMut(AuditEntry) -> Result<()>) -> Result<u64> {
        each_page(
            |after, limit| self.audit_entries(after, limit),
            |e| e.seq,
            each,
        )
    }
}

#[cfg(test)]
#[path = "walk_tests.rs"]
mod tests;
