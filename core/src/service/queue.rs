//! Operator queries: today's tasks and overdue tasks, per campaign and per operator.
//!
//! "Today" is the local calendar day in the campaign's (or the operator's) time zone;
//! "overdue" means open (pending, in progress or blocked) and due before now. Both are
//! derived from the clock and due times, never from a stored flag that could go stale, and
//! both are range scans over the store's open-tasks-by-due index.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::CampaignOps;
use super::campaigns::load_campaign;
use crate::model::*;
use crate::{Clock, Result, Store, validate};

/// The first instant of `date` in `tz`. Where midnight does not exist (a daylight-saving
/// gap at midnight, as in some American zones), the day starts at the first valid instant.
pub fn start_of_local_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).expect("midnight is a valid time");
    // Gaps are at most a few hours; step forward in 15-minute increments to leave one.
    (0..=4 * 24)
        .find_map(|quarter| {
            tz.from_local_datetime(&(midnight + chrono::Duration::minutes(15 * quarter)))
                .earliest()
        })
        .expect("a local day has a valid instant")
        .with_timezone(&Utc)
}

/// `[start, end)` of the local day containing `now` in `tz`, in UTC.
pub fn local_day_bounds(tz: Tz, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.with_timezone(&tz).date_naive();
    let tomorrow = today + Days::new(1);
    (
        start_of_local_day(tz, today),
        start_of_local_day(tz, tomorrow),
    )
}

/// Most tasks one queue list returns: a day's work or an overdue backlog beyond this is a
/// matter for escalation, not for one screen.
pub const QUEUE_LIMIT: usize = 500;

/// An operator's work list across campaigns, as task briefs (open one with `get_task`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperatorQueue {
    /// Open tasks due before now, oldest first: at most [`QUEUE_LIMIT`].
    pub overdue: Vec<TaskBrief>,
    /// Whether more overdue tasks exist than `overdue` lists.
    pub more_overdue: bool,
    /// Open tasks due from now to the end of the operator's local day, soonest first.
    pub due_today: Vec<TaskBrief>,
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Open tasks of the campaign due during today, the local day in the campaign's time
    /// zone (including those earlier today that are now overdue), soonest first; at most
    /// [`QUEUE_LIMIT`].
    pub fn get_today_tasks(&self, campaign_id: CampaignId) -> Result<Vec<OperatorTask>> {
        let now = self.now()?;
        self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let (start, end) = local_day_bounds(campaign.time_zone, now);
            tx.open_tasks_due(campaign_id, start, end, QUEUE_LIMIT)
        })
    }

    /// Open tasks of the campaign due before now, oldest first; at most [`QUEUE_LIMIT`].
    pub fn get_overdue_tasks(&self, campaign_id: CampaignId) -> Result<Vec<OperatorTask>> {
        let now = self.now()?;
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            tx.open_tasks_due(campaign_id, DateTime::<Utc>::MIN_UTC, now, QUEUE_LIMIT)
        })
    }

    /// The open tasks assigned to `assignee` across all campaigns: overdue ones, and those
    /// still due today in the operator's time zone `tz` (an IANA name).
    pub fn operator_queue(&self, assignee: &str, tz: &str) -> Result<OperatorQueue> {
        let assignee = validate::identifier("assignee", assignee, 100)?;
        let tz = validate::time_zone("tz", tz)?;
        let now = self.now()?;
        let tomorrow = now.with_timezone(&tz).date_naive() + Days::new(1);
        let end_of_today = start_of_local_day(tz, tomorrow);
        // Usually one bounded range scan up to the end of today, split at now; a second scan
        // for the rest of today only when the overdue backlog filled the first.
        let scan = 2 * QUEUE_LIMIT + 1;
        let (mut overdue, due_today) = self.store().read(|tx| {
            let mut all = tx.open_task_briefs_for_assignee(
                &assignee,
                DateTime::<Utc>::MIN_UTC,
                end_of_today,
                scan,
            )?;
            let split = all.partition_point(|t| t.due_at < now);
            let mut today = all.split_off(split);
            if split > QUEUE_LIMIT && all.len() + today.len() == scan {
                today =
                    tx.open_task_briefs_for_assignee(&assignee, now, end_of_today, QUEUE_LIMIT)?;
            }
            today.truncate(QUEUE_LIMIT);
            Ok((all, today))
        })?;
        let more_overdue = overdue.len() > QUEUE_LIMIT;
        overdue.truncate(QUEUE_LIMIT);
        Ok(OperatorQueue {
            overdue,
            more_overdue,
            due_today,
        })
    }
}
