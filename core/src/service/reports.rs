//! Report calls: weekly summary, campaign metrics, completion rate, and their exports.
//!
//! The formulas live in [`crate::report`]; this module loads the records and hands them over.

use super::CampaignOps;
use super::campaigns::load_campaign;
use crate::model::*;
use crate::report::{
    CampaignMetrics, CompletionRate, ReportWeek, WeeklySummary, campaign_metrics, completion_rate,
    weekly_summary,
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
    let tasks = tx.task_briefs_due(campaign.id, start, end)?;
    let metrics = tx.metrics_recorded(campaign.id, start, end)?;
    Ok(weekly_summary(campaign, &tasks, &metrics, week, now))
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
        let now = self.clock().now();
        self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let week = week.unwrap_or_else(|| ReportWeek::containing(now, campaign.time_zone));
            summarize_week(tx, &campaign, week, now)
        })
    }

    /// Metric totals of the campaign overall, per platform and per ISO week, with its
    /// completion rate. See [`crate::report::campaign_metrics`].
    pub fn get_campaign_metrics(&self, campaign_id: CampaignId) -> Result<CampaignMetrics> {
        self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let tasks = tx.tasks_for_campaign(campaign_id)?;
            let metrics = tx.metrics_for_campaign(campaign_id)?;
            Ok(campaign_metrics(&campaign, &metrics, Some(&tasks)))
        })
    }

    /// completed / (total − skipped) over all the campaign's tasks; `rate` is `None` when
    /// no task counts.
    pub fn get_task_completion_rate(&self, campaign_id: CampaignId) -> Result<CompletionRate> {
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            Ok(completion_rate(&tx.tasks_for_campaign(campaign_id)?))
        })
    }

    /// A campaign's metric entries, oldest first.
    pub fn campaign_metric_entries(&self, campaign_id: CampaignId) -> Result<Vec<MetricEntry>> {
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            tx.metrics_for_campaign(campaign_id)
        })
    }
}
