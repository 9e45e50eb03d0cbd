//! Reports: weekly summaries, campaign metrics, the task completion rate and their exports.
//!
//! Pure computation over records the service has loaded: every function takes the
//! campaign, its tasks and metric entries, and `now` where it matters, and reads no clock
//! and no store. Weeks are ISO weeks on the campaign's local calendar ([`ReportWeek`]).
//!
//! Formulas, each documented where it is computed:
//! - completion rate = completed / (total − skipped), `None` when that is 0
//!   ([`CompletionRate`]);
//! - metric totals are sums per kind, never overwritten; engagements per source = the
//!   reported Engagements metric, else likes + comments + shares + saves + clicks;
//!   engagement rate = engagements / impressions, `None` when impressions are 0
//!   ([`MetricTotals`]);
//! - the weekly summary counts tasks by `due_at` and metrics by `recorded_at` within the
//!   week ([`weekly_summary`]).

mod completion;
mod export;
mod format;
mod formula;
mod metrics;
mod summary;
mod totals;
mod week;

#[cfg(test)]
mod test_support;

pub use completion::{CompletionRate, completion_rate};
pub use export::{
    INSTRUCTION_SEPARATOR, METRICS_CSV_HEADER, TASKS_CSV_HEADER, WEEKLY_SUMMARIES_CSV_HEADER,
    metrics_csv, tasks_csv, to_json, weekly_summaries_csv,
};
pub use formula::{FORMULA_TRIGGERS, spreadsheet_safe};
pub use metrics::{CampaignMetrics, WeekMetrics, campaign_metrics};
pub use summary::{TaskCounts, WeeklySummary, top_platform, weekly_summary, weekly_summary_of};
pub use totals::{KindTotals, MetricTotals};
pub use week::ReportWeek;
