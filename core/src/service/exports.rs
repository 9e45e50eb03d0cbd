//! Export calls: a campaign's tasks, metrics, weekly summaries and calendar as files.
//!
//! The formats live in [`crate::report`] (CSV with stable headers, JSON in the serde shape)
//! and [`crate::export`] (iCalendar); this module loads the records.

use serde::{Deserialize, Serialize};

use super::CampaignOps;
use super::campaigns::load_campaign;
use super::reports::summarize_week;
use crate::model::*;
use crate::report::{ReportWeek, metrics_csv, tasks_csv, to_json, weekly_summaries_csv};
use crate::{Clock, Error, Result, Store};

/// Most weeks one summary export covers (two years).
pub const MAX_EXPORT_WEEKS: usize = 104;

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExportFormat {
    /// Comma-separated values with a header row (RFC 4180).
    Csv,
    /// Pretty-printed JSON array.
    Json,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(Error::validation(
                "format",
                format!(
                    "unknown export format '{}' (expected csv or json)",
                    crate::validate::shown(other)
                ),
            )),
        }
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// All tasks of the campaign, ascending id.
    pub fn export_tasks(&self, campaign_id: CampaignId, format: ExportFormat) -> Result<String> {
        let tasks = self.campaign_tasks(campaign_id)?;
        match format {
            ExportFormat::Csv => tasks_csv(&tasks),
            ExportFormat::Json => to_json(&tasks),
        }
    }

    /// All metric entries of the campaign, ascending id.
    pub fn export_metrics(&self, campaign_id: CampaignId, format: ExportFormat) -> Result<String> {
        let metrics = self.store().read(|tx| {
            super::campaigns::load_campaign(tx, campaign_id)?;
            super::gather(
                |after, limit| tx.metrics_page(campaign_id, after, limit),
                |m| m.id,
            )
        })?;
        match format {
            ExportFormat::Csv => metrics_csv(&metrics),
            ExportFormat::Json => to_json(&metrics),
        }
    }

    /// The weekly summaries of the ISO weeks `first..=last` (campaign time zone), computed
    /// now from the records, one per week; at most [`MAX_EXPORT_WEEKS`] weeks.
    pub fn export_weekly_summaries(
        &self,
        campaign_id: CampaignId,
        first: ReportWeek,
        last: ReportWeek,
        format: ExportFormat,
    ) -> Result<String> {
        if last < first {
            return Err(Error::validation(
                "last",
                format!("week {last} is before the first week {first}"),
            ));
        }
        let weeks: Vec<ReportWeek> = std::iter::successors(Some(first), |w| Some(w.next()))
            .take_while(|w| *w <= last)
            .take(MAX_EXPORT_WEEKS + 1)
            .collect();
        if weeks.len() > MAX_EXPORT_WEEKS {
            return Err(Error::validation(
                "last",
                format!("an export covers at most {MAX_EXPORT_WEEKS} weeks"),
            ));
        }
        let now = self.now()?;
        let summaries = self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            weeks
                .iter()
                .map(|&week| summarize_week(tx, &campaign, week, now))
                .collect::<Result<Vec<_>>>()
        })?;
        match format {
            ExportFormat::Csv => weekly_summaries_csv(&summaries),
            ExportFormat::Json => to_json(&summaries),
        }
    }
}
