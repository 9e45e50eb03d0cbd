//! The transactions of a [`super::CountingStore`]: every [`ReadTx`] / [`WriteTx`] method
//! forwarded to the wrapped transaction, with what it returned or wrote counted.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::{RecordKind, Tally, lock};
use crate::model::*;
use crate::report::{ReportWeek, WeeklySummary};
use crate::store::{CampaignPage, CampaignQuery, Sequence, StatusCounts};
use crate::{ReadTx, Result, WriteTx};

/// A transaction seen through the counters.
pub(super) struct Counted<'a, T> {
    pub tx: T,
    pub tally: &'a Mutex<Tally>,
}

/// Read access to the wrapped transaction, shared or in a write.
pub(super) trait AsRead {
    fn as_read(&self) -> &dyn ReadTx;
}

impl AsRead for &dyn ReadTx {
    fn as_read(&self) -> &dyn ReadTx {
        *self
    }
}

impl AsRead for &mut dyn WriteTx {
    fn as_read(&self) -> &dyn ReadTx {
        &**self
    }
}

impl<T> Counted<'_, T> {
    fn add(&self, read: bool, kind: RecordKind, n: usize) {
        let mut t = lock(self.tally);
        let map = if read { &mut t.read } else { &mut t.written };
        *map.entry(kind).or_default() += n as u64;
    }

    fn hit<V>(&self, kind: RecordKind, r: Result<Option<V>>) -> Result<Option<V>> {
        if let Ok(Some(_)) = &r {
            self.add(true, kind, 1);
        }
        r
    }

    fn page<V>(&self, kind: RecordKind, r: Result<Vec<V>>) -> Result<Vec<V>> {
        if let Ok(page) = &r {
            self.add(true, kind, page.len());
        }
        r
    }

    fn wrote<V>(&self, kind: RecordKind, r: Result<V>) -> Result<V> {
        self.add(false, kind, 1);
        r
    }
}

use RecordKind as K;

impl<T: AsRead> ReadTx for Counted<'_, T> {
    fn workspace_id(&self) -> Result<String> {
        // Bookkeeping, not a record: not counted.
        self.tx.as_read().workspace_id()
    }
    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        self.hit(K::Campaign, self.tx.as_read().campaign(id))
    }
    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        self.hit(K::CampaignId, self.tx.as_read().campaign_id_by_name(name))
    }
    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        let page = self.tx.as_read().campaign_page(query)?;
        self.add(true, K::Campaign, page.items.len());
        Ok(page)
    }
    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        limit: usize,
    ) -> Result<Vec<CampaignId>> {
        let r = self.tx.as_read().campaign_ids(status, after, limit);
        self.page(K::CampaignId, r)
    }
    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>> {
        self.hit(K::Plan, self.tx.as_read().plan(id))
    }
    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        self.page(K::Plan, self.tx.as_read().plans_for_campaign(campaign))
    }
    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>> {
        self.hit(K::CalendarItem, self.tx.as_read().calendar_item(id))
    }
    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        let r = self
            .tx
            .as_read()
            .calendar_items(campaign, from, until, after, limit);
        self.page(K::CalendarItem, r)
    }
    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        let r = self
            .tx
            .as_read()
            .planned_items_due(from, until, after, limit);
        self.page(K::CalendarItem, r)
    }
    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>> {
        self.hit(K::Task, self.tx.as_read().task(id))
    }
    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        self.page(
            K::Task,
            self.tx.as_read().tasks_page(campaign, after, limit),
        )
    }
    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        self.page(K::Task, self.tx.as_read().tasks_for_calendar_item(item))
    }
    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        let r = self
            .tx
            .as_read()
            .open_tasks_due(campaign, from, until, limit);
        self.page(K::Task, r)
    }
    fn open_task_heads_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OpenTaskHead>> {
        let r = self
            .tx
            .as_read()
            .open_task_heads_due(campaign, from, until, limit);
        self.page(K::Task, r)
    }
    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<TaskBrief>> {
        let r = self
            .tx
            .as_read()
            .open_task_briefs_for_assignee(assignee, from, until, limit);
        self.page(K::TaskBrief, r)
    }
    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        let counts = self.tx.as_read().task_counts(campaign, from, until)?;
        self.add(true, K::TaskCounts, 1);
        Ok(counts)
    }
    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        let r = self.tx.as_read().metrics_page(campaign, after, limit);
        self.page(K::Metric, r)
    }
    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        let r = self
            .tx
            .as_read()
            .metrics_recorded(campaign, from, until, after, limit);
        self.page(K::Metric, r)
    }
    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        let r = self.tx.as_read().weekly_summary(campaign, week);
        self.hit(K::WeeklySummary, r)
    }
    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        limit: usize,
    ) -> Result<Vec<WeeklySummary>> {
        let r = self.tx.as_read().weekly_summaries(campaign, after, limit);
        self.page(K::WeeklySummary, r)
    }
    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        self.hit(K::ActionRun, self.tx.as_read().action_run(key))
    }
    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<ActionRun>> {
        let r = self
            .tx
            .as_read()
            .action_runs(action, after, newest_first, limit);
        self.page(K::ActionRun, r)
    }
    fn open_action_runs(&self, action: &str, limit: usize) -> Result<Vec<ActionRun>> {
        self.page(
            K::ActionRun,
            self.tx.as_read().open_action_runs(action, limit),
        )
    }
    fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>> {
        self.hit(K::ActionSetting, self.tx.as_read().action_setting(action))
    }
    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        self.hit(K::Audit, self.tx.as_read().audit_head())
    }
    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>> {
        self.page(K::Audit, self.tx.as_read().audit_entries(after, limit))
    }
    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let r = self.tx.as_read().audit_for_campaign(campaign, after, limit);
        self.page(K::Audit, r)
    }
    fn user(&self, id: UserId) -> Result<Option<User>> {
        self.hit(K::User, self.tx.as_read().user(id))
    }
    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.hit(K::User, self.tx.as_read().user_by_name(name))
    }
    fn users_page(&self, after: Option<UserId>, limit: usize) -> Result<Vec<User>> {
        self.page(K::User, self.tx.as_read().users_page(after, limit))
    }
    fn session(&self, token_hash: &TokenHash) -> Result<Option<Session>> {
        self.hit(K::Session, self.tx.as_read().session(token_hash))
    }
}

impl WriteTx for Counted<'_, &mut dyn WriteTx> {
    fn next_id(&mut self, seq: Sequence) -> Result<u64> {
        // An id is not a record: not counted.
        self.tx.next_id(seq)
    }
    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        let r = self.tx.put_campaign(campaign);
        self.wrote(K::Campaign, r)
    }
    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()> {
        let r = self.tx.put_plan(plan);
        self.wrote(K::Plan, r)
    }
    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        let r = self.tx.put_calendar_item(item);
        self.wrote(K::CalendarItem, r)
    }
    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool> {
        let r = self.tx.delete_calendar_item(id);
        self.wrote(K::CalendarItem, r)
    }
    fn put_task(&mut self, task: &OperatorTask) -> Result<()> {
        let r = self.tx.put_task(task);
        self.wrote(K::Task, r)
    }
    fn delete_task(&mut self, id: TaskId) -> Result<bool> {
        let r = self.tx.delete_task(id);
        self.wrote(K::Task, r)
    }
    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()> {
        let r = self.tx.put_metric(metric);
        self.wrote(K::Metric, r)
    }
    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()> {
        let r = self.tx.put_weekly_summary(summary);
        self.wrote(K::WeeklySummary, r)
    }
    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        let r = self.tx.put_action_run(run);
        self.wrote(K::ActionRun, r)
    }
    fn put_action_setting(&mut self, setting: &ActionSetting) -> Result<()> {
        let r = self.tx.put_action_setting(setting);
        self.wrote(K::ActionSetting, r)
    }
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let r = self.tx.append_audit(entry);
        self.wrote(K::Audit, r)
    }
    fn put_user(&mut self, user: &User) -> Result<()> {
        let r = self.tx.put_user(user);
        self.wrote(K::User, r)
    }
    fn put_session(&mut self, session: &Session) -> Result<()> {
        let r = self.tx.put_session(session);
        self.wrote(K::Session, r)
    }
    fn delete_session(&mut self, token_hash: &TokenHash) -> Result<bool> {
        let r = self.tx.delete_session(token_hash);
        self.wrote(K::Session, r)
    }
    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64> {
        let r = self.tx.delete_user_sessions(user);
        self.wrote(K::Session, r)
    }
    fn delete_expired_sessions(&mut self, now: DateTime<Utc>, limit: usize) -> Result<u64> {
        let r = self.tx.delete_expired_sessions(now, limit);
        self.wrote(K::Session, r)
    }
}
