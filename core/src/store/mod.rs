//! The storage seam (contract v2): a sync, transactional [`Store`] with typed, entity-level
//! operations and queries shaped like the pages that use them.
//!
//! A backend (redb, the in-memory test store, a server database) implements [`ReadTx`] and
//! [`WriteTx`] over its own transactions. The trait names no backend type. Indexes are the
//! backend's business: every `put_*` keeps them in step with the record, inside the same
//! transaction. Every backend runs the conformance suite in `conformance` (feature
//! `testing`).
//!
//! # The contract
//!
//! **Isolation.** [`Store::read`] sees one consistent snapshot of committed data. A write
//! closure sees a consistent snapshot plus its own writes, and commits whole or not at all.
//! Write transactions are *serializable*: two writers never both commit a read-check-write
//! on one record. A single-writer backend (redb) gets this by running one write at a time; a
//! multi-writer backend (PostgreSQL `SERIALIZABLE`, or optimistic concurrency as in the
//! in-memory test store) detects the clash and fails one of them with
//! [`StorageError::Conflict`](crate::StorageError), which is retryable.
//!
//! **Retries.** [`Store::write`] runs the closure through [`Store::write_once`] and, when an
//! attempt fails with a retryable error ([`crate::Error::is_retryable`]), runs it again on a
//! fresh snapshot, at most [`MAX_WRITE_ATTEMPTS`] times. So a write closure is `FnMut` and
//! must be safe to run more than once: it reads what it needs inside the transaction, it
//! does not consume captured values (clone them), and it has no effect outside the
//! transaction.
//!
//! **Ids.** [`WriteTx::next_id`] hands out ids that are unique per [`Sequence`] and
//! increase in the order transactions commit them on a single-writer backend. There is no
//! gapless promise: an aborted transaction, or a server database's sequence, may skip ids.
//! Audit sequence numbers are the exception: the log is `1, 2, 3, ...` without gaps, because
//! [`WriteTx::append_audit`] refuses any seq but the head's plus one (two concurrent
//! appenders: one of them gets a retryable conflict and re-reads the head).
//!
//! **Bounded reads.** Every query that can grow with the data takes a `limit` (and a keyset
//! cursor: the key of the last item of the previous page), so a call reads at most a page
//! however large the store is. `limit` 0 returns nothing; an empty or reversed time range
//! returns nothing. Time ranges are half-open, `from <= t < until`.
//!
//! **Errors.** After a [`WriteTx`] method returns `Err`, the caller returns that error from
//! the write closure instead of continuing (a server database aborts the transaction then).
//! A refused `put_*` (e.g. a duplicate campaign name) changes nothing.

mod any;
mod query;
pub mod walk;

pub use any::AnyStore;
pub use query::{CampaignPage, CampaignQuery, StatusCounts};
pub use walk::Walk;

use chrono::{DateTime, Utc};

use crate::Result;
use crate::model::*;
use crate::report::{ReportWeek, WeeklySummary};

/// Most attempts [`Store::write`] makes of one write closure.
pub const MAX_WRITE_ATTEMPTS: u32 = 8;

/// A transactional store of campaign-ops records.
pub trait Store: Send + Sync {
    /// Runs `f` on a consistent snapshot of committed data.
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R>;

    /// One attempt of a write transaction: committed whole when `f` returns `Ok`, and nothing
    /// at all is changed when `f` returns `Err` or the commit fails. Call [`Store::write`]
    /// instead, which retries conflicts.
    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R>;

    /// Runs `f` in a write transaction, retrying it on a fresh snapshot while it fails with a
    /// retryable error, at most [`MAX_WRITE_ATTEMPTS`] attempts in all (see the module docs).
    fn write<R>(&self, mut f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let mut attempt = 1;
        loop {
            match self.write_once(&mut f) {
                Err(e) if e.is_retryable() && attempt < MAX_WRITE_ATTEMPTS => attempt += 1,
                done => return done,
            }
        }
    }

    /// A count that grows with every committed write, whoever made it, read after the
    /// commit is visible (so data read after a count is at least as new as that count):
    /// what a cache of derived data (the dashboard's rendered pages) is keyed on. `None`
    /// when the store cannot tell (the default; a store shared by several processes, such
    /// as PostgreSQL's): then nothing may be cached.
    fn change_count(&self) -> Option<u64> {
        None
    }

    /// Whether a bounded read may run on an async executor's own thread: `true` for an
    /// embedded store whose reads are CPU work on its own file (a few µs, where handing them
    /// to a blocking pool costs more than the read). `false`, the default, for a client of a
    /// database server: its reads wait on the network, and PostgreSQL's synchronous client
    /// drives a runtime of its own, which must not be started inside another.
    fn reads_inline(&self) -> bool {
        false
    }
}

impl<S: Store> Store for &S {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        (**self).read(f)
    }
    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        (**self).write_once(f)
    }
    fn change_count(&self) -> Option<u64> {
        (**self).change_count()
    }
    fn reads_inline(&self) -> bool {
        (**self).reads_inline()
    }
}

impl<S: Store> Store for std::sync::Arc<S> {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        (**self).read(f)
    }
    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        (**self).write_once(f)
    }
    fn change_count(&self) -> Option<u64> {
        (**self).change_count()
    }
    fn reads_inline(&self) -> bool {
        (**self).reads_inline()
    }
}

/// Id sequences, one per record kind; ids are unique and increasing, not gapless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
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
    /// Dashboard user ids.
    User,
}

/// Queries available inside any transaction.
pub trait ReadTx {
    // --- the workspace ---

    /// The workspace's id: random (at least 64 bits, as lower-case hex), made with the
    /// database and never changed afterwards, so that what it exports (calendar UIDs) is
    /// unique across installs and stable across exports.
    fn workspace_id(&self) -> Result<String>;

    // --- campaigns ---

    /// A campaign by id.
    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>>;
    /// The campaign whose [`Campaign::name_key`] equals `Campaign::name_key(name)`.
    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>>;
    /// The campaigns matching `query` after its cursor, ascending id, at most `limit`, with
    /// the number of all matches.
    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage>;
    /// Ids of the campaigns in `status` with id greater than `after`, ascending, at most
    /// `limit`: how batch work walks e.g. the active campaigns.
    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        limit: usize,
    ) -> Result<Vec<CampaignId>>;

    // --- plans ---

    /// A plan by id.
    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>>;
    /// A campaign's plans, ascending version (a campaign has a handful).
    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>>;

    // --- calendar ---

    /// A calendar item by id.
    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>>;
    /// A campaign's items with `from <= scheduled_at < until`, ascending
    /// `(scheduled_at, id)`, after the cursor `after` (that pair of the last item of the
    /// previous page), at most `limit`.
    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>>;
    /// Items of every campaign still [`CalendarItemStatus::Planned`] with
    /// `from <= scheduled_at < until`, ascending `(scheduled_at, id)`, after the cursor
    /// `after` (that pair of the last item of the previous page), at most `limit`: what a
    /// host's publishing handler (POST_SOCIAL) takes up.
    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>>;

    // --- tasks ---

    /// A task by id.
    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>>;
    /// A campaign's tasks with id greater than `after`, ascending id, at most `limit`.
    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>>;
    /// Tasks created for a calendar item (its POST task and follow-ups), ascending id.
    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>>;
    /// A campaign's open tasks ([`TaskStatus::is_open`]) with `from <= due_at < until`,
    /// ascending `due_at`, then id, at most `limit`.
    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>>;
    /// [`ReadTx::open_tasks_due`] with only the fields of an [`OpenTaskHead`] (the escalation
    /// pass's read). The default maps whole tasks; a backend may decode less.
    fn open_task_heads_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OpenTaskHead>> {
        let tasks = self.open_tasks_due(campaign, from, until, limit)?;
        Ok(tasks.into_iter().map(OpenTaskHead::from).collect())
    }
    /// Briefs of the open tasks assigned to `assignee` (exact, case-sensitive match) in every
    /// campaign with `from <= due_at < until`, ascending `due_at`, then id, at most `limit`:
    /// an operator's queue.
    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<TaskBrief>>;
    /// How many of a campaign's tasks with `from <= due_at < until` are in each status.
    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts>;
    /// [`ReadTx::task_counts`] over `[from, until)`, and how many of those tasks are open and
    /// due before `split` (a report's overdue count). The default makes two
    /// [`ReadTx::task_counts`] calls; a backend may answer in one pass over the range.
    fn task_counts_split(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        split: DateTime<Utc>,
    ) -> Result<(StatusCounts, u32)> {
        let all = self.task_counts(campaign, from, until)?;
        let before = if from < split {
            self.task_counts(campaign, from, until.min(split))?.open()
        } else {
            0
        };
        Ok((all, before))
    }

    // --- metrics ---

    /// A campaign's metric entries with id greater than `after`, ascending id, at most
    /// `limit`.
    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>>;
    /// A campaign's metric entries with `from <= recorded_at < until`, ascending
    /// `(recorded_at, id)`, after the cursor `after` (that pair of the last entry of the
    /// previous page), at most `limit`.
    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>>;

    // --- weekly summaries ---

    /// The stored summary of one campaign and week.
    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>>;
    /// A campaign's stored summaries of weeks after `after`, ascending week, at most `limit`.
    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        limit: usize,
    ) -> Result<Vec<WeeklySummary>>;

    // --- the run ledger ---

    /// The ledger record of one action run, by [`ActionRun::key_for`].
    fn action_run(&self, key: &str) -> Result<Option<ActionRun>>;
    /// The ledger records of `action`, by key: ascending from after `after`, or (with
    /// `newest_first`) descending from before `after`; at most `limit`.
    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<ActionRun>>;
    /// The records of `action` that are not final ([`RunStatus::is_final`]): running,
    /// retrying or queued, ascending key, at most `limit`.
    fn open_action_runs(&self, action: &str, limit: usize) -> Result<Vec<ActionRun>>;
    /// The stored on/off switch of `action`, if one was ever set (none: the action is
    /// enabled).
    fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>>;

    // --- the audit log ---

    /// The newest entry's seq and hash, read in O(1): what an append links to.
    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>>;
    /// Up to `limit` audit entries with `seq > after` (from the first when `None`), ascending.
    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>>;
    /// Up to `limit` of a campaign's audit entries with `seq > after`, ascending seq.
    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>>;

    // --- dashboard users and sessions ---

    /// A user by id.
    fn user(&self, id: UserId) -> Result<Option<User>>;
    /// The user whose login name is `name` ([`User::name`], already in its normal form
    /// [`User::login_key`]; no other spelling matches).
    fn user_by_name(&self, name: &str) -> Result<Option<User>>;
    /// Users with id greater than `after`, ascending id, at most `limit`.
    fn users_page(&self, after: Option<UserId>, limit: usize) -> Result<Vec<User>>;
    /// The session whose token hashes to `token_hash`, expired or not (the service decides).
    fn session(&self, token_hash: &TokenHash) -> Result<Option<Session>>;
}

/// Changes available inside a write transaction.
pub trait WriteTx: ReadTx {
    /// The next id of `seq`: unique and increasing, not gapless (see the module docs).
    fn next_id(&mut self, seq: Sequence) -> Result<u64>;

    /// Inserts or replaces a campaign, keeping its indexes in step.
    /// [`crate::Error::AlreadyExists`] (field `name`) when another campaign holds the same
    /// name key.
    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()>;
    /// Inserts or replaces a plan.
    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()>;
    /// Inserts or replaces a calendar item.
    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()>;
    /// Deletes a calendar item; `false` when it did not exist.
    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool>;
    /// Inserts or replaces a task, keeping its indexes in step.
    fn put_task(&mut self, task: &OperatorTask) -> Result<()>;
    /// Deletes a task and its index entries; `false` when it did not exist.
    fn delete_task(&mut self, id: TaskId) -> Result<bool>;
    /// Inserts or replaces a metric entry.
    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()>;
    /// Inserts or replaces the stored weekly summary of its campaign and week.
    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()>;
    /// Inserts or replaces an action run ledger record (by its key).
    fn put_action_run(&mut self, run: &ActionRun) -> Result<()>;
    /// Inserts or replaces an action's on/off switch (by its action name).
    fn put_action_setting(&mut self, setting: &ActionSetting) -> Result<()>;
    /// Appends an audit entry and makes it the head. Refused with a retryable
    /// [`StorageError::Conflict`](crate::StorageError) unless its seq is the head's plus one
    /// (1 on an empty log) and its `prev_hash` the head's hash: the log is append-only and
    /// gapless.
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()>;

    /// Inserts or replaces a user. [`crate::Error::AlreadyExists`] (entity `User`, field
    /// `name`) when another user holds the same login name.
    fn put_user(&mut self, user: &User) -> Result<()>;
    /// Inserts or replaces a session (by its token hash).
    fn put_session(&mut self, session: &Session) -> Result<()>;
    /// Deletes a session; `false` when it did not exist.
    fn delete_session(&mut self, token_hash: &TokenHash) -> Result<bool>;
    /// Deletes every session of `user`; how many there were (a user has a handful).
    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64>;
    /// Deletes at most `limit` sessions with `expires_at <= now`, earliest first; how many
    /// it deleted (call again while it returns `limit`).
    fn delete_expired_sessions(&mut self, now: DateTime<Utc>, limit: usize) -> Result<u64>;
}
