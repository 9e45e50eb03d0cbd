//! The campaign's reports: [`campaign_report`] gives one week's summary (core's
//! `generate_weekly_summary`) and two SVG charts drawn on the server ([`super::charts`]):
//! the completion rate per week and the engagement rate per platform over the weeks of the
//! campaign (at most [`MAX_CHART_WEEKS`], each week read with bounded range queries).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// Most weeks a chart shows.
pub const MAX_CHART_WEEKS: usize = 26;

/// One platform's figures of the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformRate {
    /// Platform label.
    pub platform: String,
    /// Impressions.
    pub impressions: String,
    /// Engagements.
    pub engagements: String,
    /// Engagement rate, `—` without impressions.
    pub rate: String,
}

/// A week's summary and the charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// The ISO week shown, `2027-W01`.
    pub week: String,
    /// The week before.
    pub prev_week: String,
    /// The week after.
    pub next_week: String,
    /// Its Monday and Sunday (campaign-local), `YYYY-MM-DD`.
    pub days: (String, String),
    /// Task counts as (label, count): planned, completed, pending, ...
    pub tasks: Vec<(String, u32)>,
    /// Completion rate in words, `—` when no task counts.
    pub completion: String,
    /// Engagement rate of the week overall, `—` without impressions.
    pub engagement: String,
    /// Per platform.
    pub platforms: Vec<PlatformRate>,
    /// The summary's text.
    pub text: String,
    /// SVG markup: completion rate per week.
    pub completion_chart: String,
    /// SVG markup: engagement rate per platform per week.
    pub engagement_chart: String,
}

#[cfg(feature = "ssr")]
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The weekly summary of `week` (`2027-W01`; blank for the current week in the campaign's
/// zone) of `campaign_id`, with the charts of the campaign's weeks (Viewer). Errors name
/// `week`.
#[server]
pub async fn campaign_report(
    /// The campaign.
    campaign_id: u64,
    /// The ISO week, `2027-W01`; blank for the current one.
    week: Option<String>,
) -> Result<ReportView, AppError> {
    use super::charts::{self, Series, percent};
    use campaign_ops_core::report::ReportWeek;
    use campaign_ops_core::{CampaignId, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let id = CampaignId(campaign_id);
        let campaign = ops.get_campaign(id)?;
        let tz = campaign.time_zone;
        let week: ReportWeek = match week.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            Some(w) => w.parse()?,
            None => ReportWeek::containing(ops.clock().now(), tz),
        };
        let summary = ops.generate_weekly_summary(id, Some(week))?;

        // The chart's weeks: the campaign's, from its first week to its end (or its plan's,
        // or eight weeks), at most MAX_CHART_WEEKS, ending at the week shown if it is later.
        let first = ReportWeek::of_date(campaign.start_date);
        let last_day = campaign.end_date.unwrap_or_else(|| {
            ops.list_plans(id)
                .ok()
                .and_then(|plans| plans.last().cloned())
                .map(|p| p.start_date + chrono::Days::new(u64::from(p.duration_days.max(1) - 1)))
                .unwrap_or(campaign.start_date + chrono::Days::new(55))
        });
        let last = ReportWeek::of_date(last_day).max(first);
        let all: Vec<ReportWeek> = std::iter::successors(Some(first), |w| Some(w.next()))
            .take_while(|w| *w <= last)
            .collect();
        let weeks: Vec<ReportWeek> = if all.len() > MAX_CHART_WEEKS {
            let end = all
                .iter()
                .position(|w| *w == week)
                .unwrap_or(MAX_CHART_WEEKS - 1);
            let end = end.max(MAX_CHART_WEEKS - 1);
            all[end + 1 - MAX_CHART_WEEKS..=end].to_vec()
        } else {
            all
        };
        let summaries = weeks
            .iter()
            .map(|&w| ops.generate_weekly_summary(id, Some(w)))
            .collect::<campaign_ops_core::Result<Vec<_>>>()?;
        let labels: Vec<String> = weeks.iter().map(|w| format!("W{:02}", w.week())).collect();
        let completion_chart = charts::bar_chart(
            "completion-chart",
            "Task completion per week",
            &labels,
            &summaries
                .iter()
                .map(|s| s.completion_rate)
                .collect::<Vec<_>>(),
        );
        let series: Vec<Series> = campaign
            .platforms
            .iter()
            .map(|p| Series {
                name: p.label().to_owned(),
                class: format!("p-{}", p.key()),
                values: summaries
                    .iter()
                    .map(|s| s.platforms.get(p).and_then(|t| t.engagement_rate))
                    .collect(),
            })
            .collect();
        let engagement_chart = charts::line_chart(
            "engagement-chart",
            "Engagement rate per platform and week",
            &labels,
            &series,
        );
        let t = summary.tasks;
        let dash = || "—".to_owned();
        Ok(ReportView {
            week: week.to_string(),
            prev_week: week.previous().to_string(),
            next_week: week.next().to_string(),
            days: (week.monday().to_string(), week.sunday().to_string()),
            tasks: [
                ("planned", t.planned),
                ("completed", t.completed),
                ("pending", t.pending),
                ("in progress", t.in_progress),
                ("blocked", t.blocked),
                ("failed", t.failed),
                ("skipped", t.skipped),
                ("overdue", t.overdue),
            ]
            .into_iter()
            .map(|(l, n)| (l.to_owned(), n))
            .collect(),
            completion: summary.completion_rate.map_or_else(dash, percent),
            engagement: summary.metrics.engagement_rate.map_or_else(dash, percent),
            platforms: summary
                .platforms
                .iter()
                .map(|(p, totals)| PlatformRate {
                    platform: p.label().to_owned(),
                    impressions: number(totals.by_kind.impressions),
                    engagements: number(totals.total_engagements),
                    rate: totals.engagement_rate.map_or_else(dash, percent),
                })
                .collect(),
            text: summary.text.clone(),
            completion_chart,
            engagement_chart,
        })
    })
    .await
}
