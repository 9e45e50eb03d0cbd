//! The queries ([`ReadTx`]) of a [`Tx`]: one SQL statement each, over the indexes of
//! `schema`, with cursor and limit inside the statement. By entity: `campaigns.rs`
//! (campaigns and plans), `calendar.rs`, `tasks.rs`, `metrics.rs` (metrics and weekly
//! summaries), `ledger.rs` (the action ledger and the audit log); users and sessions are in
//! `accounts.rs`. This module holds the `ReadTx` impl, which only delegates, and the helpers
//! they share: the row-to-record mapping ([`Tx::records`], [`Tx::record`]) and the cursors.
//!
//! Keyset cursors on `(instant, id)` are folded into one lower bound in Rust (the larger of
//! the range start and the cursor), so each query is a single index range
//! `(us, ns, id) > ($lo_us, $lo_ns, $lo_id)` with or without a cursor.

mod calendar;
mod campaigns;
mod ledger;
mod metrics;
mod tasks;

use campaign_ops_core::model::*;
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use campaign_ops_core::{CampaignPage, CampaignQuery, ReadTx, Result, StatusCounts};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use crate::codec::{decode, time};
use crate::tx::{Params, Tx, id};

/// The exclusive lower bound `(us, ns, id)` of a range starting at `from` (inclusive) with
/// an optional keyset cursor `after` (exclusive).
fn lower(from: DateTime<Utc>, after: Option<(DateTime<Utc>, u64)>) -> (i64, i32, i64) {
    let (us, ns) = time(from);
    let start = (us, ns, -1);
    match after {
        Some((t, i)) => {
            let (aus, ans) = time(t);
            start.max((aus, ans, id(i)))
        }
        None => start,
    }
}

/// An id cursor as an exclusive lower bound (-1: from the first).
fn after_id(after: Option<u64>) -> i64 {
    after.map_or(-1, id)
}

impl Tx<'_> {
    /// The records of `sql`, whose first column is a stored record's JSON, decoded as `T`
    /// (straight from the row's bytes; `T` may be a smaller view of the record, whose
    /// other fields serde skips); a corrupt-record error naming `table` for one that does
    /// not decode.
    pub(crate) fn records<T: DeserializeOwned>(
        &self,
        what: &str,
        table: &str,
        sql: &str,
        params: Params,
    ) -> Result<Vec<T>> {
        self.rows(what, sql, params)?
            .iter()
            .map(|r| decode(table, r.get::<_, &str>(0)))
            .collect()
    }

    /// The record of `sql` (first column: its JSON), if any.
    pub(crate) fn record<T: DeserializeOwned>(
        &self,
        what: &str,
        table: &str,
        sql: &str,
        params: Params,
    ) -> Result<Option<T>> {
        self.row(what, sql, params)?
            .map(|r| decode(table, r.get::<_, &str>(0)))
            .transpose()
    }
}

impl ReadTx for Tx<'_> {
    fn workspace_id(&self) -> Result<String> {
        self.workspace()
    }

    fn campaign(&self, cid: CampaignId) -> Result<Option<Campaign>> {
        self.campaign_by_id(cid)
    }

    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        self.campaign_named(name)
    }

    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        self.campaigns_matching(query)
    }

    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        n: usize,
    ) -> Result<Vec<CampaignId>> {
        self.campaign_ids_with(status, after, n)
    }

    fn plan(&self, pid: PlanId) -> Result<Option<CampaignPlan>> {
        self.plan_by_id(pid)
    }

    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        self.plans_of(campaign)
    }

    fn calendar_item(&self, iid: CalendarItemId) -> Result<Option<CalendarItem>> {
        self.calendar_item_by_id(iid)
    }

    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        self.calendar_items_between(campaign, from, until, after, n)
    }

    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        self.planned_items_between(from, until, after, n)
    }

    fn task(&self, tid: TaskId) -> Result<Option<OperatorTask>> {
        self.task_by_id(tid)
    }

    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        self.tasks_of(campaign, after, n)
    }

    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        self.tasks_of_item(item)
    }

    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        self.open_tasks_between(campaign, from, until, n)
    }

    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<TaskBrief>> {
        self.queue_of(assignee, from, until, n)
    }

    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        self.count_tasks(campaign, from, until)
    }

    fn task_counts_split(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        split: DateTime<Utc>,
    ) -> Result<(StatusCounts, u32)> {
        self.count_tasks_split(campaign, from, until, split)
    }

    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        self.metrics_of(campaign, after, n)
    }

    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        self.metrics_between(campaign, from, until, after, n)
    }

    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        self.summary_of(campaign, week)
    }

    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        n: usize,
    ) -> Result<Vec<WeeklySummary>> {
        self.summaries_of(campaign, after, n)
    }

    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        self.action_run_by_key(key)
    }

    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        n: usize,
    ) -> Result<Vec<ActionRun>> {
        self.action_runs_of(action, after, newest_first, n)
    }

    fn open_action_runs(&self, action: &str, n: usize) -> Result<Vec<ActionRun>> {
        self.open_action_runs_of(action, n)
    }

    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        self.audit_last()
    }

    fn audit_entries(&self, after: Option<AuditSeq>, n: usize) -> Result<Vec<AuditEntry>> {
        self.audit_after(after, n)
    }

    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        n: usize,
    ) -> Result<Vec<AuditEntry>> {
        self.audit_of(campaign, after, n)
    }

    fn user(&self, uid: UserId) -> Result<Option<User>> {
        self.user_by_id(uid)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.user_named(name)
    }

    fn users_page(&self, after: Option<UserId>, n: usize) -> Result<Vec<User>> {
        self.user_page(after, n)
    }

    fn session(&self, token_hash: &TokenHash) -> Result<Option<Session>> {
        self.session_of(token_hash)
    }

    fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>> {
        self.action_setting_of(action)
    }
}
