//! Table definitions and index key encodings: the on-disk layout (see the crate docs).
//!
//! Record tables map a `u64` id to a [`Record`]. Index tables map a tuple key to `()`: the
//! key carries everything a query needs to order and find records, so an index lookup is a
//! range scan followed by one `get` per hit. Table names are part of the file format.

use crate::brief::BriefRecord;
use campaign_ops_core::Sequence;
use campaign_ops_core::model::{
    ActionRun, AuditEntry, CalendarItem, Campaign, CampaignPlan, CampaignStatus, MetricEntry,
    OperatorTask,
};
use campaign_ops_core::report::WeeklySummary;
use chrono::{DateTime, Utc};
use redb::{TableDefinition, TableHandle, WriteTransaction};

use crate::codec::Record;
use crate::error::Context;

/// `id -> Campaign`.
pub(crate) const CAMPAIGNS: TableDefinition<u64, Record<Campaign>> =
    TableDefinition::new("campaigns");
/// `Campaign::name_key(name) -> id`; unique.
pub(crate) const CAMPAIGN_NAMES: TableDefinition<&str, u64> =
    TableDefinition::new("campaign_names");
/// `(status_code, id)`; since schema version 2.
pub(crate) const CAMPAIGNS_BY_STATUS: TableDefinition<(u8, u64), ()> =
    TableDefinition::new("campaigns_by_status");

/// `id -> CampaignPlan`.
pub(crate) const PLANS: TableDefinition<u64, Record<CampaignPlan>> = TableDefinition::new("plans");
/// `(campaign, plan)`.
pub(crate) const PLANS_BY_CAMPAIGN: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("plans_by_campaign");

/// `id -> CalendarItem`.
pub(crate) const CALENDAR_ITEMS: TableDefinition<u64, Record<CalendarItem>> =
    TableDefinition::new("calendar_items");
/// `(plan, scheduled_at micros, item)`.
pub(crate) const ITEMS_BY_PLAN: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("calendar_items_by_plan");
/// `(campaign, scheduled_at micros, item)`.
pub(crate) const ITEMS_BY_CAMPAIGN: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("calendar_items_by_campaign");

/// `id -> OperatorTask`.
pub(crate) const TASKS: TableDefinition<u64, Record<OperatorTask>> = TableDefinition::new("tasks");
/// `(campaign, task)`.
pub(crate) const TASKS_BY_CAMPAIGN: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("tasks_by_campaign");
/// `(calendar item, task)`.
pub(crate) const TASKS_BY_ITEM: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("tasks_by_calendar_item");
/// `(due micros, task)`, open tasks only.
pub(crate) const OPEN_TASKS_BY_DUE: TableDefinition<(i64, u64), ()> =
    TableDefinition::new("open_tasks_by_due");
/// `(campaign, due micros, task)`, open tasks only.
pub(crate) const OPEN_TASKS_BY_CAMPAIGN: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("open_tasks_by_campaign_due");
/// `(assignee, due micros, task)`, open assigned tasks only; schema versions 2 and 3. Kept
/// for the migrations that build (1 → 2) and drop (3 → 4) it.
pub(crate) const LEGACY_OPEN_TASKS_BY_ASSIGNEE: TableDefinition<(&str, i64, u64), ()> =
    TableDefinition::new("open_tasks_by_assignee_due");
/// `(assignee, due micros, task) -> TaskBrief`, open assigned tasks only: a covering index,
/// so an operator's queue is read without touching task records; since schema version 4.
pub(crate) const OPEN_TASKS_BY_ASSIGNEE: TableDefinition<(&str, i64, u64), Record<BriefRecord>> =
    TableDefinition::new("open_task_briefs_by_assignee_due");

/// `(campaign, due micros, task)`, every task; schema versions 3 and 4. Kept for the
/// migrations that build (2 → 3) and drop (4 → 5) it.
pub(crate) const LEGACY_TASKS_BY_CAMPAIGN_DUE: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("tasks_by_campaign_due");
/// `(campaign, due micros, task) -> TaskBrief`, every task whatever its status: a covering
/// index, so a week's task counts are read without touching task records; since schema
/// version 5.
pub(crate) const TASKS_BY_CAMPAIGN_DUE: TableDefinition<(u64, i64, u64), Record<BriefRecord>> =
    TableDefinition::new("task_briefs_by_campaign_due");

/// `id -> MetricEntry`.
pub(crate) const METRICS: TableDefinition<u64, Record<MetricEntry>> =
    TableDefinition::new("metrics");
/// `(campaign, metric)`.
pub(crate) const METRICS_BY_CAMPAIGN: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("metrics_by_campaign");

/// `(campaign, recorded_at micros, metric)`; since schema version 3.
pub(crate) const METRICS_BY_CAMPAIGN_TIME: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("metrics_by_campaign_time");

/// `(campaign, ISO year, ISO week) -> WeeklySummary`; since schema version 3.
pub(crate) const WEEKLY_SUMMARIES: TableDefinition<(u64, i32, u32), Record<WeeklySummary>> =
    TableDefinition::new("weekly_summaries");

/// `"<ACTION> <period>" -> ActionRun`: the run ledger; since schema version 3.
pub(crate) const ACTION_RUNS: TableDefinition<&str, Record<ActionRun>> =
    TableDefinition::new("action_runs");

/// `seq -> AuditEntry`; append-only through the Store API.
pub(crate) const AUDIT: TableDefinition<u64, Record<AuditEntry>> = TableDefinition::new("audit");
/// `(campaign, seq)`.
pub(crate) const AUDIT_BY_CAMPAIGN: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("audit_by_campaign");

/// `sequence name -> last id handed out`.
pub(crate) const SEQUENCES: TableDefinition<&str, u64> = TableDefinition::new("sequences");
/// `key -> u32`; holds [`crate::schema::VERSION_KEY`].
pub(crate) const META: TableDefinition<&str, u32> = TableDefinition::new("meta");

/// Names of the record tables: a file without `meta` that has any of them holds data.
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

/// Opens (and so creates) every table of the current layout, so that read transactions
/// find them all.
pub(crate) fn create_all(txn: &WriteTransaction) -> campaign_ops_core::Result<()> {
    fn open<K: redb::Key + 'static, V: redb::Value + 'static>(
        txn: &WriteTransaction,
        def: TableDefinition<K, V>,
    ) -> campaign_ops_core::Result<()> {
        txn.open_table(def)
            .ctx(format_args!("creating table {}", def.name()))
            .map(drop)
    }
    open(txn, CAMPAIGNS)?;
    open(txn, CAMPAIGN_NAMES)?;
    open(txn, CAMPAIGNS_BY_STATUS)?;
    open(txn, PLANS)?;
    open(txn, PLANS_BY_CAMPAIGN)?;
    open(txn, CALENDAR_ITEMS)?;
    open(txn, ITEMS_BY_PLAN)?;
    open(txn, ITEMS_BY_CAMPAIGN)?;
    open(txn, TASKS)?;
    open(txn, TASKS_BY_CAMPAIGN)?;
    open(txn, TASKS_BY_ITEM)?;
    open(txn, OPEN_TASKS_BY_DUE)?;
    open(txn, OPEN_TASKS_BY_CAMPAIGN)?;
    open(txn, OPEN_TASKS_BY_ASSIGNEE)?;
    open(txn, METRICS)?;
    open(txn, METRICS_BY_CAMPAIGN)?;
    open(txn, TASKS_BY_CAMPAIGN_DUE)?;
    open(txn, METRICS_BY_CAMPAIGN_TIME)?;
    open(txn, WEEKLY_SUMMARIES)?;
    open(txn, ACTION_RUNS)?;
    open(txn, AUDIT)?;
    open(txn, AUDIT_BY_CAMPAIGN)?;
    open(txn, SEQUENCES)?;
    open(txn, META)?;
    Ok(())
}

/// The stable code of a campaign status in [`CAMPAIGNS_BY_STATUS`] keys. Explicit rather than
/// `as u8` so that reordering the enum cannot silently re-label stored keys.
pub(crate) fn status_code(status: CampaignStatus) -> u8 {
    match status {
        CampaignStatus::Draft => 0,
        CampaignStatus::Active => 1,
        CampaignStatus::Paused => 2,
        CampaignStatus::Completed => 3,
        CampaignStatus::Archived => 4,
        // CampaignStatus is non_exhaustive: a status core adds needs a code here before
        // any campaign can have it. `status_codes_are_distinct` maps every status in
        // `CampaignStatus::ALL`, so it fails until the new one has its code.
        other => panic!("campaign status {other} has no index code in the redb store"),
    }
}

/// The [`CAMPAIGNS_BY_STATUS`] key of a campaign.
pub(crate) fn status_key(c: &Campaign) -> (u8, u64) {
    (status_code(c.status), c.id.0)
}

/// The [`OPEN_TASKS_BY_ASSIGNEE`] key of a task: only open, assigned tasks have one.
pub(crate) fn assignee_key(task: &OperatorTask) -> Option<(&str, i64, u64)> {
    let assignee = task.assignee.as_deref().filter(|_| task.status.is_open())?;
    Some((assignee, micros(task.due_at), task.id.0))
}

/// The key of a sequence in [`SEQUENCES`].
pub(crate) fn sequence_key(seq: Sequence) -> &'static str {
    match seq {
        Sequence::Campaign => "campaign",
        Sequence::Plan => "plan",
        Sequence::CalendarItem => "calendar_item",
        Sequence::Task => "task",
        Sequence::Metric => "metric",
    }
}

/// An instant as index key: microseconds since the epoch (floor).
///
/// Sub-microsecond precision is dropped from the key only; queries re-check the exact
/// instant on the record, so the key needs only to order consistently with it.
pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn micros_is_monotonic_around_the_epoch() {
        let a = Utc.timestamp_opt(-1, 999_999_999).unwrap();
        let b = Utc.timestamp_opt(0, 0).unwrap();
        let c = Utc.timestamp_opt(0, 500).unwrap();
        assert!(micros(a) <= micros(b) && micros(b) <= micros(c));
    }

    #[test]
    fn status_codes_are_distinct() {
        let mut codes: Vec<u8> = CampaignStatus::ALL.into_iter().map(status_code).collect();
        codes.dedup();
        assert_eq!(codes.len(), CampaignStatus::ALL.len());
    }
}
