//! Metric and weekly summary reads: a campaign's metrics by id and by recorded time, one
//! stored weekly summary and a campaign's summaries by week.

use campaign_ops_core::Result;
use campaign_ops_core::model::*;
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use chrono::{DateTime, Utc};

use super::{after_id, lower};
use crate::codec::time;
use crate::tx::{Tx, id, limit};

impl Tx<'_> {
    pub(super) fn metrics_of(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        self.records(
            "listing metrics",
            "metrics",
            "SELECT data FROM metrics WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|m| m.0)), &limit(n)],
        )
    }

    pub(super) fn metrics_between(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        self.records(
            "listing metrics by time",
            "metrics",
            "SELECT data FROM metrics WHERE campaign_id = $1
               AND (at_us, at_ns, id) > ($2, $3, $4) AND (at_us, at_ns) < ($5, $6)
             ORDER BY at_us, at_ns, id LIMIT $7",
            &[&id(campaign.0), &lus, &lns, &lid, &uus, &uns, &limit(n)],
        )
    }

    pub(super) fn summary_of(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        self.record(
            "reading a weekly summary",
            "weekly_summaries",
            "SELECT data FROM weekly_summaries WHERE campaign_id = $1 AND year = $2 AND week = $3",
            &[&id(campaign.0), &week.year(), &(week.week() as i32)],
        )
    }

    pub(super) fn summaries_of(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        n: usize,
    ) -> Result<Vec<WeeklySummary>> {
        let (y, w) = after.map_or((i32::MIN, -1), |a| (a.year(), a.week() as i32));
        self.records(
            "listing weekly summaries",
            "weekly_summaries",
            "SELECT data FROM weekly_summaries WHERE campaign_id = $1 AND (year, week) > ($2, $3)
             ORDER BY year, week LIMIT $4",
            &[&id(campaign.0), &y, &w, &limit(n)],
        )
    }
}
