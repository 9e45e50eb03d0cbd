//! The tables of schema versions 1 to 5, as those versions defined them (names and types
//! are their file format). Only the migrations and the test hooks open them.

use redb::TableDefinition;

use super::codec::Record;
use super::v5;

/// `id -> Campaign`.
pub(crate) const CAMPAIGNS: TableDefinition<u64, Record<v5::Campaign>> =
    TableDefinition::new("campaigns");
/// `id -> CampaignPlan`.
pub(crate) const PLANS: TableDefinition<u64, Record<v5::CampaignPlan>> =
    TableDefinition::new("plans");
/// `id -> CalendarItem`.
pub(crate) const CALENDAR_ITEMS: TableDefinition<u64, Record<v5::CalendarItem>> =
    TableDefinition::new("calendar_items");
/// `id -> OperatorTask`.
pub(crate) const TASKS: TableDefinition<u64, Record<v5::OperatorTask>> =
    TableDefinition::new("tasks");
/// `id -> MetricEntry`.
pub(crate) const METRICS: TableDefinition<u64, Record<v5::MetricEntry>> =
    TableDefinition::new("metrics");
/// `seq -> AuditEntry`.
pub(crate) const AUDIT: TableDefinition<u64, Record<v5::AuditEntry>> =
    TableDefinition::new("audit");
/// `(campaign, ISO year, ISO week) -> WeeklySummary`; since version 3.
pub(crate) const WEEKLY_SUMMARIES: TableDefinition<(u64, i32, u32), Record<v5::WeeklySummary>> =
    TableDefinition::new("weekly_summaries");
/// `"<ACTION> <period>" -> ActionRun`; since version 3.
pub(crate) const ACTION_RUNS: TableDefinition<&str, Record<v5::ActionRun>> =
    TableDefinition::new("action_runs");
/// `sequence name -> last id handed out`.
pub(crate) const SEQUENCES: TableDefinition<&str, u64> = TableDefinition::new("sequences");
/// `key -> u32`; holds `schema_version`.
pub(crate) const META: TableDefinition<&str, u32> = TableDefinition::new("meta");

/// `(status code, id)`; versions 2 to 5.
pub(crate) const CAMPAIGNS_BY_STATUS: TableDefinition<(u8, u64), ()> =
    TableDefinition::new("campaigns_by_status");
/// `(assignee, due micros, task)`; versions 2 and 3.
pub(crate) const OPEN_TASKS_BY_ASSIGNEE: TableDefinition<(&str, i64, u64), ()> =
    TableDefinition::new("open_tasks_by_assignee_due");
/// `(assignee, due micros, task) -> brief`; versions 4 and 5.
pub(crate) const OPEN_TASK_BRIEFS_BY_ASSIGNEE: TableDefinition<
    (&str, i64, u64),
    Record<v5::BriefRecord>,
> = TableDefinition::new("open_task_briefs_by_assignee_due");
/// `(campaign, due micros, task)`; versions 3 and 4.
pub(crate) const TASKS_BY_CAMPAIGN_DUE: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("tasks_by_campaign_due");
/// `(campaign, due micros, task) -> brief`; version 5.
pub(crate) const TASK_BRIEFS_BY_CAMPAIGN_DUE: TableDefinition<
    (u64, i64, u64),
    Record<v5::BriefRecord>,
> = TableDefinition::new("task_briefs_by_campaign_due");
/// `(campaign, recorded_at micros, metric)`; versions 3 to 5.
pub(crate) const METRICS_BY_CAMPAIGN_TIME: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("metrics_by_campaign_time");

/// Record tables: a file without `meta` that has any of them is version 1.
pub(crate) const RECORD_TABLES: [&str; 8] = [
    "campaigns",
    "plans",
    "calendar_items",
    "tasks",
    "metrics",
    "audit",
    "weekly_summaries",
    "action_runs",
];

/// Every table any of versions 1 to 5 had: what the v5 → v6 step drops.
pub(crate) const ALL_TABLES: [&str; 24] = [
    "campaigns",
    "campaign_names",
    "campaigns_by_status",
    "plans",
    "plans_by_campaign",
    "calendar_items",
    "calendar_items_by_plan",
    "calendar_items_by_campaign",
    "tasks",
    "tasks_by_campaign",
    "tasks_by_calendar_item",
    "open_tasks_by_due",
    "open_tasks_by_campaign_due",
    "open_tasks_by_assignee_due",
    "open_task_briefs_by_assignee_due",
    "tasks_by_campaign_due",
    "task_briefs_by_campaign_due",
    "metrics",
    "metrics_by_campaign",
    "metrics_by_campaign_time",
    "weekly_summaries",
    "action_runs",
    "audit",
    "audit_by_campaign",
];

/// An instant as v5 index key: microseconds since the epoch (floor).
pub(crate) fn micros(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_micros()
}

/// v5's queue key of a task: only open, assigned tasks have one.
pub(crate) fn assignee_key(task: &v5::OperatorTask) -> Option<(&str, i64, u64)> {
    let assignee = task.assignee.as_deref().filter(|_| task.status.is_open())?;
    Some((assignee, micros(task.due_at), task.id))
}
