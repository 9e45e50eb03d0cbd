//! A campaign's metrics over its whole life: totals overall and per platform, and a
//! week-by-week series for charts.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::completion::CompletionRate;
use super::totals::{MetricTotals, totals_and_platforms};
use super::week::ReportWeek;
use crate::model::{Campaign, CampaignId, MetricEntry, Platform};

/// The metrics of one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekMetrics {
    /// The week, on the campaign's local calendar.
    pub week: ReportWeek,
    /// Monday 00:00 local, as UTC (inclusive).
    pub starts_at: DateTime<Utc>,
    /// The next Monday 00:00 local, as UTC (exclusive).
    pub ends_at: DateTime<Utc>,
    /// Entries recorded in the week, summed.
    pub totals: MetricTotals,
}

/// A campaign's metrics: see [`campaign_metrics`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignMetrics {
    /// The campaign.
    pub campaign_id: CampaignId,
    /// The zone the weeks are placed in.
    pub time_zone: Tz,
    /// Every entry of the campaign, summed.
    pub totals: MetricTotals,
    /// Per platform: every platform of the campaign, plus any other an entry names.
    pub platforms: BTreeMap<Platform, MetricTotals>,
    /// One item per ISO week from the week of the first entry to the week of the last,
    /// ascending, weeks without entries included with zero totals (so a chart's axis is
    /// even); empty when there are no entries.
    pub weeks: Vec<WeekMetrics>,
    /// The campaign's task completion rate, when tasks were given.
    pub completion: Option<CompletionRate>,
}

/// Sums `campaign`'s metrics: totals per [`crate::MetricKind`] overall and per platform,
/// engagements and engagement rate as defined on [`MetricTotals`] (`engagements /
/// impressions`, `None` when impressions are 0), and the weekly series, each entry placed
/// in the ISO week of its `recorded_at` on the campaign's local calendar.
///
/// `completion`, the campaign's task completion rate `completed / (total − skipped)`
/// ([`CompletionRate`]), is carried along into the report. Entries of other campaigns are
/// ignored.
pub fn campaign_metrics(
    campaign: &Campaign,
    metrics: &[MetricEntry],
    completion: Option<CompletionRate>,
) -> CampaignMetrics {
    let tz = campaign.time_zone;
    let entries: Vec<&MetricEntry> = metrics
        .iter()
        .filter(|m| m.campaign_id == campaign.id)
        .collect();

    let mut by_week: BTreeMap<ReportWeek, Vec<&MetricEntry>> = BTreeMap::new();
    for &entry in &entries {
        by_week
            .entry(ReportWeek::containing(entry.recorded_at, tz))
            .or_default()
            .push(entry);
    }
    let mut weeks = Vec::new();
    if let (Some(&first), Some(&last)) = (by_week.keys().next(), by_week.keys().next_back()) {
        let mut week = first;
        loop {
            let (starts_at, ends_at) = week.bounds(tz);
            let in_week = by_week.get(&week).map(Vec::as_slice).unwrap_or_default();
            weeks.push(WeekMetrics {
                week,
                starts_at,
                ends_at,
                totals: MetricTotals::from_entries(in_week.iter().copied()),
            });
            if week == last {
                break;
            }
            week = week.next();
        }
    }

    let (totals, platforms) = totals_and_platforms(&entries, &campaign.platforms);
    CampaignMetrics {
        campaign_id: campaign.id,
        time_zone: tz,
        totals,
        platforms,
        weeks,
        completion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MetricKind, TaskStatus};
    use crate::report::test_support::*;
    use chrono::TimeZone;
    use chrono_tz::America::New_York;

    fn utc(m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn totals_and_even_weekly_series_in_local_weeks() {
        use MetricKind::*;
        let li = Some(Platform::LinkedIn);
        let campaign = campaign(New_York, &[Platform::LinkedIn, Platform::Email]);
        let at = |id, kind, value, recorded_at| MetricEntry {
            recorded_at,
            ..metric(id, li, None, kind, value)
        };
        let metrics = [
            // Sunday 1 Nov 23:00 EST = Monday 04:00 UTC: week 44 in New York.
            at(1, Impressions, 1000.0, utc(11, 2, 4)),
            at(2, Likes, 30.0, utc(11, 2, 4)),
            // Week 45: nothing. Week 46: two readings that add up.
            at(3, Impressions, 400.0, utc(11, 10, 15)),
            at(4, Impressions, 600.0, utc(11, 11, 15)),
            // Week 43, recorded out of order.
            at(5, Impressions, 200.0, utc(10, 20, 15)),
            MetricEntry {
                campaign_id: CampaignId(9),
                ..at(6, Impressions, 5.0, utc(10, 1, 0))
            },
        ];
        let tasks = [
            task(1, TaskStatus::Completed, utc(11, 2, 4)),
            task(2, TaskStatus::Pending, utc(11, 3, 4)),
            task(3, TaskStatus::Skipped, utc(11, 3, 4)),
        ];
        let m = campaign_metrics(
            &campaign,
            &metrics,
            Some(crate::report::completion_rate(&tasks)),
        );

        assert_eq!(m.totals.entries, 5);
        assert_eq!(m.totals.by_kind.impressions, 2200.0);
        assert_eq!(m.totals.total_engagements, 30.0);
        assert_eq!(m.totals.engagement_rate, Some(30.0 / 2200.0));
        assert_eq!(m.platforms[&Platform::LinkedIn], m.totals);
        assert_eq!(m.platforms[&Platform::Email], MetricTotals::default());

        let series: Vec<(String, f64)> = m
            .weeks
            .iter()
            .map(|w| (w.week.to_string(), w.totals.by_kind.impressions))
            .collect();
        assert_eq!(
            series,
            [
                ("2026-W43".to_owned(), 200.0),
                ("2026-W44".to_owned(), 1000.0),
                ("2026-W45".to_owned(), 0.0),
                ("2026-W46".to_owned(), 1000.0),
            ]
        );
        assert_eq!(m.weeks[1].totals.engagement_rate, Some(0.03));
        assert_eq!(m.weeks[2].totals.engagement_rate, None);
        assert_eq!((m.weeks[1].ends_at - m.weeks[1].starts_at).num_hours(), 169);

        let c = m.completion.unwrap();
        assert_eq!(
            (c.completed, c.total, c.skipped, c.rate),
            (1, 3, 1, Some(0.5))
        );
        assert_eq!(campaign_metrics(&campaign, &metrics, None).completion, None);
    }

    #[test]
    fn no_entries_no_series() {
        let campaign = campaign(Tz::UTC, &[]);
        let m = campaign_metrics(&campaign, &[], Some(crate::report::completion_rate(&[])));
        assert!(m.weeks.is_empty());
        assert!(m.platforms.is_empty());
        assert_eq!(m.totals.engagement_rate, None);
        assert_eq!(m.completion.unwrap().rate, None);
    }
}
