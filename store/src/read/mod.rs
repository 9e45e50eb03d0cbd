//! [`ReadTx`] over either kind of redb transaction: every query is a bounded range scan of
//! `index` or `records` (the layout is in the crate docs), followed by one `get` per record
//! the page returns.

mod calendar;
mod campaigns;
mod log;
mod tasks;

use campaign_ops_core::model::*;
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use campaign_ops_core::{CampaignPage, CampaignQuery, ReadTx, Result, StatusCounts};
use chrono::{DateTime, Utc};

use crate::keys::{Span, last_u64};
use crate::layout::{record_key, rk};
use crate::meta;
use crate::record::{CampaignRecord, Stored, corrupt};
use crate::tx::{Source, Tx, collect_index, decode_record, load};

pub(crate) use campaigns::id_by_name;

/// The id (or seq) that ends an index or record key.
pub(crate) fn id_of(key: &[u8]) -> Result<u64> {
    last_u64(key).map_err(|m| corrupt("index", m))
}

/// The ids ending the `index` keys in `span`, ascending, at most `limit`.
pub(crate) fn index_ids<S: Source>(src: &S, span: &Span, limit: usize) -> Result<Vec<u64>> {
    collect_index(src, span, limit, |k, _| id_of(k).map(Some))
}

/// The records `kind` of `ids`, converted by `conv` (record, id).
pub(crate) fn load_ids<S: Source, R: Stored, T>(
    src: &S,
    kind: u8,
    ids: Vec<u64>,
    conv: fn(R, u64) -> std::result::Result<T, String>,
) -> Result<Vec<T>> {
    let keys = ids
        .into_iter()
        .map(|id| (record_key(kind, id), id))
        .collect();
    load(src, keys, |bytes, id| {
        let record: R = decode_record(bytes, format_args!("{} {id}", R::KIND))?;
        conv(record, id).map_err(|m| corrupt("records", format!("{} {id}: {m}", R::KIND)))
    })
}

/// The campaigns of `ids`, in that order.
pub(crate) fn load_campaigns<S: Source>(src: &S, ids: Vec<u64>) -> Result<Vec<Campaign>> {
    load_ids(src, rk::CAMPAIGN, ids, CampaignRecord::into_domain)
}

impl<S: Source> ReadTx for Tx<S> {
    fn workspace_id(&self) -> Result<String> {
        crate::meta::workspace_id(&self.txn)?
            .ok_or_else(|| crate::record::corrupt("meta", "no workspace id"))
    }

    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        campaigns::campaign(&self.txn, id.0)
    }

    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        campaigns::id_by_name(&self.txn, name)
    }

    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        campaigns::page(&self.txn, query)
    }

    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        limit: usize,
    ) -> Result<Vec<CampaignId>> {
        campaigns::ids(&self.txn, status, after, limit)
    }

    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>> {
        calendar::plan(&self.txn, id.0)
    }

    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        calendar::plans(&self.txn, campaign.0)
    }

    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>> {
        calendar::item(&self.txn, id.0)
    }

    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        calendar::items(&self.txn, campaign.0, from, until, after, limit)
    }

    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        calendar::planned_due(&self.txn, from, until, after, limit)
    }

    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>> {
        tasks::task(&self.txn, id.0)
    }

    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        tasks::page(&self.txn, campaign.0, after, limit)
    }

    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        tasks::for_item(&self.txn, item.0)
    }

    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        tasks::open_due(&self.txn, campaign.0, from, until, limit)
    }

    fn open_task_heads_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OpenTaskHead>> {
        tasks::open_heads_due(&self.txn, campaign.0, from, until, limit)
    }

    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<TaskBrief>> {
        tasks::queue(&self.txn, assignee, from, until, limit)
    }

    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        tasks::counts(&self.txn, campaign.0, from, until)
    }

    fn task_counts_split(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        split: DateTime<Utc>,
    ) -> Result<(StatusCounts, u32)> {
        tasks::counts_split(&self.txn, campaign.0, from, until, split)
    }

    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        log::metrics_page(&self.txn, campaign.0, after, limit)
    }

    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        log::metrics_recorded(&self.txn, campaign.0, from, until, after, limit)
    }

    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        log::summary(&self.txn, campaign.0, week)
    }

    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        limit: usize,
    ) -> Result<Vec<WeeklySummary>> {
        log::summaries(&self.txn, campaign.0, after, limit)
    }

    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        log::run(&self.txn, key)
    }

    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<ActionRun>> {
        log::runs(&self.txn, action, after, newest_first, limit)
    }

    fn open_action_runs(&self, action: &str, limit: usize) -> Result<Vec<ActionRun>> {
        log::open_runs(&self.txn, action, limit)
    }

    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        meta::audit_head(&self.txn)
    }

    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>> {
        log::audit(&self.txn, after, limit)
    }

    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        log::audit_for_campaign(&self.txn, campaign.0, after, limit)
    }

    fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>> {
        crate::action_settings::get(&self.txn, action)
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        crate::accounts::user(&self.txn, id)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        crate::accounts::user_by_name(&self.txn, name)
    }

    fn users_page(&self, after: Option<UserId>, limit: usize) -> Result<Vec<User>> {
        crate::accounts::users_page(&self.txn, after, limit)
    }

    fn session(&self, token_hash: &TokenHash) -> Result<Option<Session>> {
        crate::accounts::session(&self.txn, token_hash)
    }
}
