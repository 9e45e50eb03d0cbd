//! Report calls: weekly summary, campaign metrics, completion rate, and their exports.
//!
//! The formulas live in [`crate::report`]; this module loads the records and hands them over.

use super::CampaignOps;
use super::campaigns::load_campaign;
use crate::model::*;
use crate::report::{
    CampaignMetrics, CompletionRate, ReportWeek, TaskCounts, WeeklySummary, campaign_metrics,
    weekly_summary_of,
};
use chrono::{DateTime, Utc};

use crate::{Clock, ReadTx, Result, Store};

/// The summary of `week` for `campaign`, reading only that week's tasks and metrics (range
/// scans: a long campaign's other weeks are never read).
pub(crate) fn summarize_week(
    tx: &dyn ReadTx,
    campaign: &Campaign,
    week: ReportWeek,
    now: DateTime<Utc>,
) -> Result<WeeklySummary> {
    let (start, end) = week.bounds(campaign.time_zone);
    let counts = task_counts(tx, campaign.id, start, end, now)?;
    let metrics = metrics_between(tx, campaign.id, start, end)?;
    Ok(weekly_summary_of(campaign, counts, &metrics, week, now))
}

/// The counts of the tasks due in `[from, until)`, with those open and due before `now` as
/// overdue: counting queries (one pass on RedbStore), no task record loaded.
pub(crate) fn task_counts(
    tx: &dyn ReadTx,
    campaign: CampaignId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<TaskCounts> {
    let (all, overdue) = tx.task_counts_split(campaign, from, until, now)?;
    Ok(TaskCounts::from_status_counts(all, overdue))
}

/// Every metric entry of `campaign` recorded in `[from, until)`, in one snapshot.
pub(crate) fn metrics_between(
    tx: &dyn ReadTx,
    campaign: CampaignId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<MetricEntry>> {
    super::gather(
        |after, limit| tx.metrics_recorded(campaign, from, until, after, limit),
        |m| (m.recorded_at, m.id),
    )
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// The summary of one ISO week in the campaign's time zone (the current week when
    /// `week` is `None`): tasks due in the week by status, completion rate
    /// (completed / (total − skipped)), metrics recorded in the week summed per platform and
    /// overall, engagement rate (engagements / impressions, `None` without impressions), the
    /// top platform and a short text. See [`crate::report::weekly_summary`].
    pub fn generate_weekly_summary(
        &self,
        campaign_id: CampaignId,
        week: Option<ReportWeek>,
    ) -> Result<WeeklySummary> {
        let now = self.now()?;
        self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let week = week.unwrap_or_else(|| ReportWeek::containing(now, campaign.time_zone));
            summarize_week(tx, &campaign, week, now)
        })
    }

    /// Metric totals of the campaign overall, per platform and per ISO week, with its
    /// completion rate. See [`crate::report::campaign_metrics`].
    pub fn get_campaign_metrics(&self, campaign_id: CampaignId) -> Result<CampaignMetrics> {
        let now = self.now()?;
        self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let (from, until) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
            let completion = task_counts(tx, campaign_id, from, until, now)?.completion();
            let metrics = metrics_between(tx, campaign_id, from, until)?;
            Ok(campaign_metrics(&campaign, &metrics, Some(completion)))
        })
    }

    /// completed / (total − skipped) over all the campaign's tasks; `rate` is `None` when
    /// no task counts.
    pub fn get_task_completion_rate(&self, campaign_id: CampaignId) -> Result<CompletionRate> {
        let now = self.now()?;
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            let (from, until) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
            Ok(task_counts(tx, campaign_id, from, until, now)?.completion())
        })
    }

    /// One page of a campaign's metric entries: ascending id, those after `after`, at most
    /// `limit` (1 to 1000).
    pub fn campaign_metric_entries(
        &self,
        campaign_id: CampaignId,
        after: Option<MetricId>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        crate::validate::page_limit(limit, super::GATHER_PAGE)?;
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            tx.metrics_page(campaign_id, after, limit)
        })
    }
}
