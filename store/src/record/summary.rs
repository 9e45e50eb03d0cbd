//! The stored weekly summary.

use campaign_ops_core::model::{CampaignId, MetricKind};
use campaign_ops_core::report::{KindTotals, MetricTotals, ReportWeek, TaskCounts, WeeklySummary};
use serde::{Deserialize, Serialize};

use super::codes::{from_opt, metric_kind, opt, platform};
use super::time::{to_zone, zone};
use super::{Stored, Time, all};

/// A [`WeeklySummary`] as stored (key: campaign, ISO year and week).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SummaryRecord {
    campaign_name: String,
    time_zone: String,
    starts_at: Time,
    ends_at: Time,
    generated_at: Time,
    /// planned, pending, in progress, completed, failed, blocked, skipped, overdue.
    tasks: [u32; 8],
    completion_rate: Option<f64>,
    metrics: TotalsRecord,
    platforms: Vec<(u8, TotalsRecord)>,
    top_platform: Option<u8>,
    text: String,
}

/// [`MetricTotals`] as stored; the kinds as `(code, sum)` pairs, so a new kind is a new
/// pair rather than a new position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TotalsRecord {
    entries: u32,
    by_kind: Vec<(u8, f64)>,
    total_engagements: f64,
    engagement_rate: Option<f64>,
}

impl Stored for SummaryRecord {
    const KIND: &'static str = "weekly summary";
    const FORMAT: u8 = 1;
}

impl SummaryRecord {
    /// The stored form of `s`.
    pub(crate) fn of(s: &WeeklySummary) -> Self {
        let t = &s.tasks;
        Self {
            campaign_name: s.campaign_name.clone(),
            time_zone: zone(s.time_zone),
            starts_at: Time::of(s.starts_at),
            ends_at: Time::of(s.ends_at),
            generated_at: Time::of(s.generated_at),
            tasks: [
                t.planned,
                t.pending,
                t.in_progress,
                t.completed,
                t.failed,
                t.blocked,
                t.skipped,
                t.overdue,
            ],
            completion_rate: s.completion_rate,
            metrics: TotalsRecord::of(&s.metrics),
            platforms: s
                .platforms
                .iter()
                .map(|(&p, m)| (platform::code(p), TotalsRecord::of(m)))
                .collect(),
            top_platform: opt(s.top_platform, platform::code),
            text: s.text.clone(),
        }
    }

    /// The summary of `campaign` and `week` this record stores.
    pub(crate) fn into_domain(
        self,
        campaign: u64,
        week: ReportWeek,
    ) -> Result<WeeklySummary, String> {
        let [
            planned,
            pending,
            in_progress,
            completed,
            failed,
            blocked,
            skipped,
            overdue,
        ] = self.tasks;
        let platforms = all(self.platforms, |(p, m)| {
            Ok((platform::from_code(p)?, m.into_domain()?))
        })?;
        Ok(WeeklySummary {
            campaign_id: CampaignId(campaign),
            campaign_name: self.campaign_name,
            week,
            time_zone: to_zone(&self.time_zone)?,
            starts_at: self.starts_at.to_utc()?,
            ends_at: self.ends_at.to_utc()?,
            generated_at: self.generated_at.to_utc()?,
            tasks: TaskCounts {
                planned,
                pending,
                in_progress,
                completed,
                failed,
                blocked,
                skipped,
                overdue,
            },
            completion_rate: self.completion_rate,
            metrics: self.metrics.into_domain()?,
            platforms: platforms.into_iter().collect(),
            top_platform: from_opt(self.top_platform, platform::from_code)?,
            text: self.text,
        })
    }
}

impl TotalsRecord {
    fn of(m: &MetricTotals) -> Self {
        Self {
            entries: m.entries,
            by_kind: MetricKind::ALL
                .into_iter()
                .map(|k| (metric_kind::code(k), m.by_kind.get(k)))
                .collect(),
            total_engagements: m.total_engagements,
            engagement_rate: m.engagement_rate,
        }
    }

    fn into_domain(self) -> Result<MetricTotals, String> {
        let mut by_kind = KindTotals::default();
        for (code, sum) in self.by_kind {
            // Set, not `add`: adding onto 0.0 would turn a stored -0.0 into 0.0.
            by_kind.set(metric_kind::from_code(code)?, sum);
        }
        Ok(MetricTotals {
            entries: self.entries,
            by_kind,
            total_engagements: self.total_engagements,
            engagement_rate: self.engagement_rate,
        })
    }
}
