//! The data of a [`super::MemoryStore`]: one `BTreeMap` per record kind, each behind an
//! `Arc` so that a write attempt's copy shares every table it does not change. `State` is
//! both the read snapshot ([`ReadTx`], here) and a write attempt's working copy
//! ([`crate::WriteTx`], in `write.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::*;
use crate::report::{ReportWeek, WeeklySummary};
use crate::store::{CampaignPage, CampaignQuery, StatusCounts};
use crate::{ReadTx, Result};

/// Every table of the store, and the last id handed out per [`crate::store::Sequence`].
#[derive(Clone, Default)]
pub(super) struct State {
    pub campaigns: Arc<BTreeMap<CampaignId, Campaign>>,
    pub plans: Arc<BTreeMap<PlanId, CampaignPlan>>,
    pub items: Arc<BTreeMap<CalendarItemId, CalendarItem>>,
    pub tasks: Arc<BTreeMap<TaskId, OperatorTask>>,
    pub metrics: Arc<BTreeMap<MetricId, MetricEntry>>,
    pub summaries: Arc<BTreeMap<(CampaignId, ReportWeek), WeeklySummary>>,
    pub runs: Arc<BTreeMap<String, ActionRun>>,
    pub action_settings: Arc<BTreeMap<String, ActionSetting>>,
    pub audit: Arc<BTreeMap<AuditSeq, AuditEntry>>,
    pub users: Arc<BTreeMap<UserId, User>>,
    pub sessions: Arc<BTreeMap<TokenHash, Session>>,
    pub sequences: [u64; 6],
    /// The workspace id, made with the store (empty only in a `State::default()` that
    /// `MemoryStore::new` replaces at once).
    pub workspace: Arc<str>,
}

/// `from <= t < until`: every time range of the contract is half-open.
fn within(t: DateTime<Utc>, from: DateTime<Utc>, until: DateTime<Utc>) -> bool {
    from <= t && t < until
}

/// Past the keyset cursor `after` (everything when there is none).
fn past<K: PartialOrd>(key: K, after: Option<K>) -> bool {
    after.is_none_or(|a| key > a)
}

/// The first `limit` of `records` by `key`, cloned.
fn first_by<'a, T: Clone + 'a, K: Ord>(
    records: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
    limit: usize,
) -> Vec<T> {
    let mut found: Vec<&T> = records.collect();
    found.sort_by_key(|r| key(r));
    found.into_iter().take(limit).cloned().collect()
}

impl ReadTx for State {
    fn workspace_id(&self) -> Result<String> {
        Ok(self.workspace.to_string())
    }

    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        Ok(self.campaigns.get(&id).cloned())
    }

    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        let key = Campaign::name_key(name);
        Ok(self
            .campaigns
            .values()
            .find(|c| Campaign::name_key(&c.name) == key)
            .map(|c| c.id))
    }

    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        let matching = || self.campaigns.values().filter(|c| query.matches(c));
        let total = matching().count() as u64;
        let mut rest = matching().filter(|c| past(c.id, query.after));
        let items: Vec<Campaign> = rest.by_ref().take(query.limit).cloned().collect();
        // A page that ends exactly at the last match is the last page: no cursor.
        let next = match rest.next() {
            Some(_) if !items.is_empty() => items.last().map(|c| c.id),
            _ => None,
        };
        Ok(CampaignPage { items, total, next })
    }

    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        limit: usize,
    ) -> Result<Vec<CampaignId>> {
        Ok(self
            .campaigns
            .values()
            .filter(|c| c.status == status && past(c.id, after))
            .take(limit)
            .map(|c| c.id)
            .collect())
    }

    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>> {
        Ok(self.plans.get(&id).cloned())
    }

    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        let of = self.plans.values().filter(|p| p.campaign_id == campaign);
        Ok(first_by(of, |p| (p.version, p.id), usize::MAX))
    }

    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>> {
        Ok(self.items.get(&id).cloned())
    }

    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        let of = self.items.values().filter(|i| {
            i.campaign_id == campaign
                && within(i.scheduled_at, from, until)
                && past((i.scheduled_at, i.id), after)
        });
        Ok(first_by(of, |i| (i.scheduled_at, i.id), limit))
    }

    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        limit: usize,
    ) -> Result<Vec<CalendarItem>> {
        let due = self.items.values().filter(|i| {
            i.status == CalendarItemStatus::Planned
                && within(i.scheduled_at, from, until)
                && past((i.scheduled_at, i.id), after)
        });
        Ok(first_by(due, |i| (i.scheduled_at, i.id), limit))
    }

    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>> {
        Ok(self.tasks.get(&id).cloned())
    }

    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        let of = self
            .tasks
            .values()
            .filter(|t| t.campaign_id == campaign && past(t.id, after));
        Ok(of.take(limit).cloned().collect())
    }

    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        let of = self
            .tasks
            .values()
            .filter(|t| t.calendar_item_id == Some(item));
        Ok(of.cloned().collect())
    }

    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<OperatorTask>> {
        let open = self.tasks.values().filter(|t| {
            t.campaign_id == campaign && t.status.is_open() && within(t.due_at, from, until)
        });
        Ok(first_by(open, |t| (t.due_at, t.id), limit))
    }

    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<TaskBrief>> {
        let queue = self.tasks.values().filter(|t| {
            t.assignee.as_deref() == Some(assignee)
                && t.status.is_open()
                && within(t.due_at, from, until)
        });
        let tasks = first_by(queue, |t| (t.due_at, t.id), limit);
        Ok(tasks.iter().map(OperatorTask::brief).collect())
    }

    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        Ok(self
            .tasks
            .values()
            .filter(|t| t.campaign_id == campaign && within(t.due_at, from, until))
            .map(|t| t.status)
            .collect())
    }

    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        let of = self
            .metrics
            .values()
            .filter(|m| m.campaign_id == campaign && past(m.id, after));
        Ok(of.take(limit).cloned().collect())
    }

    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        limit: usize,
    ) -> Result<Vec<MetricEntry>> {
        let of = self.metrics.values().filter(|m| {
            m.campaign_id == campaign
                && within(m.recorded_at, from, until)
                && past((m.recorded_at, m.id), after)
        });
        Ok(first_by(of, |m| (m.recorded_at, m.id), limit))
    }

    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        Ok(self.summaries.get(&(campaign, week)).cloned())
    }

    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        limit: usize,
    ) -> Result<Vec<WeeklySummary>> {
        let of = self
            .summaries
            .values()
            .filter(|s| s.campaign_id == campaign && past(s.week, after));
        Ok(of.take(limit).cloned().collect())
    }

    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        Ok(self.runs.get(key).cloned())
    }

    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<ActionRun>> {
        let of = self.runs.values().filter(|r| r.action == action);
        Ok(if newest_first {
            of.rev()
                .filter(|r| after.is_none_or(|a| r.key.as_str() < a))
                .take(limit)
                .cloned()
                .collect()
        } else {
            of.filter(|r| past(r.key.as_str(), after))
                .take(limit)
                .cloned()
                .collect()
        })
    }

    fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>> {
        Ok(self.action_settings.get(action).cloned())
    }

    fn open_action_runs(&self, action: &str, limit: usize) -> Result<Vec<ActionRun>> {
        let open = self
            .runs
            .values()
            .filter(|r| r.action == action && !r.status.is_final());
        Ok(open.take(limit).cloned().collect())
    }

    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        Ok(self
            .audit
            .values()
            .next_back()
            .map(|e| (e.seq, e.hash.clone())))
    }

    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>> {
        let of = self.audit.values().filter(|e| past(e.seq, after));
        Ok(of.take(limit).cloned().collect())
    }

    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let of = self
            .audit
            .values()
            .filter(|e| e.campaign_id == Some(campaign) && past(e.seq, after));
        Ok(of.take(limit).cloned().collect())
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        Ok(self.users.get(&id).cloned())
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        Ok(self.users.values().find(|u| u.name == name).cloned())
    }

    fn users_page(&self, after: Option<UserId>, limit: usize) -> Result<Vec<User>> {
        let page = self.users.values().filter(|u| past(u.id, after));
        Ok(page.take(limit).cloned().collect())
    }

    fn session(&self, token_hash: &TokenHash) -> Result<Option<Session>> {
        Ok(self.sessions.get(token_hash).cloned())
    }
}
