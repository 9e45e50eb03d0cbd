//! The storage seam: a sync, transactional [`Store`] with typed, entity-level operations.
//!
//! A backend (redb today, a server database later) implements [`ReadTx`] and [`WriteTx`] over
//! its own transactions. The trait names no backend type. Indexes are the backend's business:
//! every `put_*` keeps them in step with the record, inside the same transaction.
//! Every backend runs the conformance suite in `conformance` (feature `testing`).
//!
//! Contract details every backend keeps: [`TaskScope::Assignee`] matches exactly
//! (case-sensitive); an empty or reversed time range returns nothing; `limit` 0 returns
//! nothing; after a [`WriteTx`] method returns `Err`, the caller returns that error from the
//! write closure instead of continuing (a server database aborts the transaction then).

use chrono::{DateTime, Utc};

use crate::Result;
use crate::model::*;
use crate::report::WeeklySummary;

/// A transactional store of campaign-ops records.
pub trait Store: Send + Sync {
    /// Runs `f` on a consistent snapshot.
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R>;

    /// Runs `f` in a write transaction: committed whole when `f` returns `Ok`, and nothing
    /// at all is changed when `f` returns `Err` (or the commit fails).
    fn write<R>(&self, f: impl FnOnce(&mut dyn WriteTx) -> Result<R>) -> Result<R>;
}

/// Id sequences, one per record kind; ids start at 1 and never repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sequence {
    /// Campaign ids.
    Campaign,
    /// Plan ids.
    Plan,
    /// Calendar item ids.
    CalendarItem,
    /// Task ids.
    Task,
    /// Metric ids.
    Metric,
}

/// Which open tasks a due-time query looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskScope {
    /// All campaigns.
    All,
    /// One campaign.
    Campaign(CampaignId),
    /// Tasks assigned to one operator.
    Assignee(String),
}

/// Queries available inside any transaction.
pub trait ReadTx {
    /// A campaign by id.
    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>>;
    /// The campaign whose [`Campaign::name_key`] equals `Campaign::name_key(name)`.
    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>>;
    /// Campaigns in ascending id order, all or those in `status` (via the status index).
    fn campaigns(&self, status: Option<CampaignStatus>) -> Result<Vec<Campaign>>;

    /// A plan by id.
    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>>;
    /// A campaign's plans, ascending version.
    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>>;

    /// A calendar item by id.
    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>>;
    /// Items generated from `plan`, ascending `scheduled_at`, then id.
    fn calendar_items_for_plan(&self, plan: PlanId) -> Result<Vec<CalendarItem>>;
    /// All items of a campaign, ascending `scheduled_at`, then id.
    fn calendar_items_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CalendarItem>>;

    /// A task by id.
    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>>;
    /// All tasks of a campaign, ascending id.
    fn tasks_for_campaign(&self, campaign: CampaignId) -> Result<Vec<OperatorTask>>;
    /// Tasks created for a calendar item, ascending id.
    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>>;
    /// Open tasks (see [`TaskStatus::is_open`]) in `scope` with `from <= due_at < until`,
    /// ascending `due_at`, then id. A range scan over an index, not a scan of all tasks.
    fn open_tasks_due(
        &self,
        scope: &TaskScope,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<OperatorTask>>;

    /// Tasks of a campaign in any status with `from <= due_at < until`, ascending `due_at`,
    /// then id. A range scan over an index.
    fn tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<OperatorTask>>;

    /// Briefs of a campaign's tasks in any status with `from <= due_at < until`, ascending
    /// `due_at`, then id: what [`Self::tasks_due`] returns, as briefs, read from a covering
    /// index without touching task records.
    fn task_briefs_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<TaskBrief>>;

    /// A metric entry by id.
    fn metric(&self, id: MetricId) -> Result<Option<MetricEntry>>;
    /// Briefs of the open tasks assigned to `assignee` (exact match) with
    /// `from <= due_at < until`, ascending `due_at`, then id. Served from the queue index
    /// alone: no task record is read.
    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<TaskBrief>>;

    /// A campaign's metric entries, ascending id.
    fn metrics_for_campaign(&self, campaign: CampaignId) -> Result<Vec<MetricEntry>>;
    /// A campaign's metric entries with `from <= recorded_at < until`, ascending
    /// `recorded_at`, then id. A range scan over an index.
    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<MetricEntry>>;

    /// The stored weekly summaries of a campaign, ascending week.
    fn weekly_summaries(&self, campaign: CampaignId) -> Result<Vec<WeeklySummary>>;

    /// The ledger record of one action run, by [`ActionRun::key_for`].
    fn action_run(&self, key: &str) -> Result<Option<ActionRun>>;
    /// Ledger records in ascending key order: all, or those of one action; at most `limit`.
    fn action_runs(&self, action: Option<&str>, limit: usize) -> Result<Vec<ActionRun>>;

    /// The newest audit entry.
    fn last_audit(&self) -> Result<Option<AuditEntry>>;
    /// Up to `limit` audit entries with `seq > after` (from the first when `None`), ascending.
    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>>;
    /// A campaign's audit entries, ascending seq.
    fn audit_for_campaign(&self, campaign: CampaignId) -> Result<Vec<AuditEntry>>;
}

/// Changes available inside a write transaction.
pub trait WriteTx: ReadTx {
    /// The next id of `seq` (1, 2, 3, ...); part of the transaction, so an aborted
    /// transaction hands the same id out again.
    fn next_id(&mut self, seq: Sequence) -> Result<u64>;

    /// Inserts or replaces a campaign, keeping the name and status indexes in step.
    /// [`crate::Error::AlreadyExists`] (entity campaign, field `name`, the trimmed name) when
    /// another campaign holds the same name key.
    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()>;
    /// Inserts or replaces a plan.
    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()>;
    /// Inserts or replaces a calendar item.
    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()>;
    /// Deletes a calendar item; `false` when it did not exist.
    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool>;
    /// Inserts or replaces a task, keeping the campaign, calendar-item and open-by-due
    /// (all, per campaign, per assignee) indexes in step.
    fn put_task(&mut self, task: &OperatorTask) -> Result<()>;
    /// Deletes a task and its index entries; `false` when it did not exist.
    fn delete_task(&mut self, id: TaskId) -> Result<bool>;
    /// Inserts or replaces a metric entry.
    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()>;
    /// Inserts or replaces the stored weekly summary of its campaign and week.
    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()>;
    /// Inserts or replaces an action run ledger record (by its key).
    fn put_action_run(&mut self, run: &ActionRun) -> Result<()>;
    /// Appends an audit entry. A retryable [`crate::StorageError::Conflict`] if its seq is
    /// already taken: the log is append-only (on a server database another writer appended
    /// first; a retry re-reads the head).
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()>;
}
