//! The queries ([`ReadTx`]) of a [`Tx`]: one SQL statement each, over the indexes of
//! `schema`, with cursor and limit inside the statement.
//!
//! Keyset cursors on `(instant, id)` are folded into one lower bound in Rust (the larger of
//! the range start and the cursor), so each query is a single index range
//! `(us, ns, id) > ($lo_us, $lo_ns, $lo_id)` with or without a cursor.

use campaign_ops_core::model::*;
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use campaign_ops_core::{CampaignPage, CampaignQuery, ReadTx, Result, StatusCounts};
use chrono::{DateTime, Utc};
use postgres::Row;
use serde::de::DeserializeOwned;

use crate::codec::{campaign_status, decode, task_status_of, time};
use crate::tx::{Tx, id, limit};

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

fn records<T: DeserializeOwned>(table: &str, rows: Vec<Row>) -> Result<Vec<T>> {
    rows.iter()
        .map(|r| decode(table, r.get::<_, &str>(0)))
        .collect()
}

fn record<T: DeserializeOwned>(table: &str, row: Option<Row>) -> Result<Option<T>> {
    row.map(|r| decode(table, r.get::<_, &str>(0))).transpose()
}

/// The `WHERE` clause and parameters of a campaign page's filters (without the cursor).
fn campaign_filter(query: &CampaignQuery) -> (String, Vec<Box<dyn postgres::types::ToSql + Sync>>) {
    let mut clauses = vec![];
    let mut params: Vec<Box<dyn postgres::types::ToSql + Sync>> = vec![];
    if let Some(s) = query.status {
        params.push(Box::new(campaign_status(s)));
        clauses.push(format!("status = ${}", params.len()));
    }
    if let Some(c) = &query.client {
        params.push(Box::new(c.clone()));
        clauses.push(format!("client_key = ${}", params.len()));
    }
    if let Some(t) = query.text.as_deref().filter(|t| !t.is_empty()) {
        params.push(Box::new(t.to_owned()));
        clauses.push(format!("strpos(search, ${}) > 0", params.len()));
    }
    let clause = if clauses.is_empty() {
        "TRUE".to_owned()
    } else {
        clauses.join(" AND ")
    };
    (clause, params)
}

impl ReadTx for Tx<'_> {
    fn workspace_id(&self) -> Result<String> {
        let row = self.row(
            "reading the workspace id",
            "SELECT value FROM meta WHERE key = 'workspace_id'",
            &[],
        )?;
        row.map(|r| r.get(0))
            .ok_or_else(|| crate::error::corrupt("meta", "no workspace id"))
    }

    fn campaign(&self, cid: CampaignId) -> Result<Option<Campaign>> {
        let row = self.row(
            "reading a campaign",
            "SELECT data FROM campaigns WHERE id = $1",
            &[&id(cid.0)],
        )?;
        record("campaigns", row)
    }

    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        let row = self.row(
            "finding a campaign by name",
            "SELECT id FROM campaigns WHERE name_key = $1",
            &[&Campaign::name_key(name)],
        )?;
        Ok(row.map(|r| CampaignId(r.get::<_, i64>(0) as u64)))
    }

    fn campaign_page(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        let (clause, mut params) = campaign_filter(query);
        let count_sql = format!("SELECT count(*) FROM campaigns WHERE {clause}");
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            params.iter().map(|p| &**p as _).collect();
        let total = self
            .row("counting campaigns", &count_sql, &refs)?
            .map_or(0, |r| r.get::<_, i64>(0)) as u64;
        params.push(Box::new(after_id(query.after.map(|c| c.0))));
        let after = params.len();
        // One more than the page: whether a next page exists.
        params.push(Box::new(limit(query.limit).saturating_add(1)));
        let page_sql = format!(
            "SELECT data FROM campaigns WHERE {clause} AND id > ${after} ORDER BY id LIMIT ${}",
            after + 1
        );
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            params.iter().map(|p| &**p as _).collect();
        let mut items: Vec<Campaign> = records(
            "campaigns",
            self.rows("reading a campaign page", &page_sql, &refs)?,
        )?;
        let more = items.len() > query.limit;
        items.truncate(query.limit);
        let next = if more {
            items.last().map(|c| c.id)
        } else {
            None
        };
        Ok(CampaignPage { items, total, next })
    }

    fn campaign_ids(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        n: usize,
    ) -> Result<Vec<CampaignId>> {
        let rows = self.rows(
            "listing campaign ids",
            "SELECT id FROM campaigns WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[
                &campaign_status(status),
                &after_id(after.map(|c| c.0)),
                &limit(n),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|r| CampaignId(r.get::<_, i64>(0) as u64))
            .collect())
    }

    fn plan(&self, pid: PlanId) -> Result<Option<CampaignPlan>> {
        let row = self.row(
            "reading a plan",
            "SELECT data FROM plans WHERE id = $1",
            &[&id(pid.0)],
        )?;
        record("plans", row)
    }

    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        let rows = self.rows(
            "listing plans",
            "SELECT data FROM plans WHERE campaign_id = $1 ORDER BY version, id",
            &[&id(campaign.0)],
        )?;
        records("plans", rows)
    }

    fn calendar_item(&self, iid: CalendarItemId) -> Result<Option<CalendarItem>> {
        let row = self.row(
            "reading a calendar item",
            "SELECT data FROM calendar_items WHERE id = $1",
            &[&id(iid.0)],
        )?;
        record("calendar_items", row)
    }

    fn calendar_items(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        let rows = self.rows(
            "listing calendar items",
            "SELECT data FROM calendar_items WHERE campaign_id = $1
               AND (at_us, at_ns, id) > ($2, $3, $4) AND (at_us, at_ns) < ($5, $6)
             ORDER BY at_us, at_ns, id LIMIT $7",
            &[&id(campaign.0), &lus, &lns, &lid, &uus, &uns, &limit(n)],
        )?;
        records("calendar_items", rows)
    }

    fn planned_items_due(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        let rows = self.rows(
            "listing planned items due",
            "SELECT data FROM calendar_items WHERE planned
               AND (at_us, at_ns, id) > ($1, $2, $3) AND (at_us, at_ns) < ($4, $5)
             ORDER BY at_us, at_ns, id LIMIT $6",
            &[&lus, &lns, &lid, &uus, &uns, &limit(n)],
        )?;
        records("calendar_items", rows)
    }

    fn task(&self, tid: TaskId) -> Result<Option<OperatorTask>> {
        let row = self.row(
            "reading a task",
            "SELECT data FROM tasks WHERE id = $1",
            &[&id(tid.0)],
        )?;
        record("tasks", row)
    }

    fn tasks_page(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        let rows = self.rows(
            "listing tasks",
            "SELECT data FROM tasks WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|t| t.0)), &limit(n)],
        )?;
        records("tasks", rows)
    }

    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        let rows = self.rows(
            "listing a calendar item's tasks",
            "SELECT data FROM tasks WHERE item_id = $1 ORDER BY id",
            &[&id(item.0)],
        )?;
        records("tasks", rows)
    }

    fn open_tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let rows = self.rows(
            "listing open tasks due",
            "SELECT data FROM tasks WHERE campaign_id = $1 AND open
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             ORDER BY due_us, due_ns, id LIMIT $6",
            &[&id(campaign.0), &fus, &fns, &uus, &uns, &limit(n)],
        )?;
        records("tasks", rows)
    }

    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<TaskBrief>> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let rows = self.rows(
            "reading an operator's queue",
            "SELECT data FROM tasks WHERE assignee = $1 AND open
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             ORDER BY due_us, due_ns, id LIMIT $6",
            &[&assignee, &fus, &fns, &uus, &uns, &limit(n)],
        )?;
        let tasks: Vec<OperatorTask> = records("tasks", rows)?;
        Ok(tasks.iter().map(OperatorTask::brief).collect())
    }

    fn task_counts(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let rows = self.rows(
            "counting tasks by status",
            "SELECT status, count(*) FROM tasks WHERE campaign_id = $1
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             GROUP BY status",
            &[&id(campaign.0), &fus, &fns, &uus, &uns],
        )?;
        let mut counts = StatusCounts::default();
        for r in rows {
            let status = task_status_of(r.get(0))?;
            let n: i64 = r.get(1);
            for _ in 0..n.min(i64::from(u32::MAX)) {
                counts.add(status);
            }
        }
        Ok(counts)
    }

    fn metrics_page(
        &self,
        campaign: CampaignId,
        after: Option<MetricId>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        let rows = self.rows(
            "listing metrics",
            "SELECT data FROM metrics WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|m| m.0)), &limit(n)],
        )?;
        records("metrics", rows)
    }

    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, MetricId)>,
        n: usize,
    ) -> Result<Vec<MetricEntry>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        let rows = self.rows(
            "listing metrics by time",
            "SELECT data FROM metrics WHERE campaign_id = $1
               AND (at_us, at_ns, id) > ($2, $3, $4) AND (at_us, at_ns) < ($5, $6)
             ORDER BY at_us, at_ns, id LIMIT $7",
            &[&id(campaign.0), &lus, &lns, &lid, &uus, &uns, &limit(n)],
        )?;
        records("metrics", rows)
    }

    fn weekly_summary(
        &self,
        campaign: CampaignId,
        week: ReportWeek,
    ) -> Result<Option<WeeklySummary>> {
        let row = self.row(
            "reading a weekly summary",
            "SELECT data FROM weekly_summaries WHERE campaign_id = $1 AND year = $2 AND week = $3",
            &[&id(campaign.0), &week.year(), &(week.week() as i32)],
        )?;
        record("weekly_summaries", row)
    }

    fn weekly_summaries(
        &self,
        campaign: CampaignId,
        after: Option<ReportWeek>,
        n: usize,
    ) -> Result<Vec<WeeklySummary>> {
        let (y, w) = after.map_or((i32::MIN, -1), |a| (a.year(), a.week() as i32));
        let rows = self.rows(
            "listing weekly summaries",
            "SELECT data FROM weekly_summaries WHERE campaign_id = $1 AND (year, week) > ($2, $3)
             ORDER BY year, week LIMIT $4",
            &[&id(campaign.0), &y, &w, &limit(n)],
        )?;
        records("weekly_summaries", rows)
    }

    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        let row = self.row(
            "reading a ledger record",
            "SELECT data FROM action_runs WHERE key = $1",
            &[&key],
        )?;
        record("action_runs", row)
    }

    fn action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        n: usize,
    ) -> Result<Vec<ActionRun>> {
        let what = "listing ledger records";
        let rows = match (newest_first, after) {
            (false, None) => self.rows(
                what,
                "SELECT data FROM action_runs WHERE action = $1 ORDER BY key LIMIT $2",
                &[&action, &limit(n)],
            )?,
            (false, Some(a)) => self.rows(
                what,
                "SELECT data FROM action_runs WHERE action = $1 AND key > $2 ORDER BY key LIMIT $3",
                &[&action, &a, &limit(n)],
            )?,
            (true, None) => self.rows(
                what,
                "SELECT data FROM action_runs WHERE action = $1 ORDER BY key DESC LIMIT $2",
                &[&action, &limit(n)],
            )?,
            (true, Some(a)) => self.rows(
                what,
                "SELECT data FROM action_runs WHERE action = $1 AND key < $2
                 ORDER BY key DESC LIMIT $3",
                &[&action, &a, &limit(n)],
            )?,
        };
        records("action_runs", rows)
    }

    fn open_action_runs(&self, action: &str, n: usize) -> Result<Vec<ActionRun>> {
        let rows = self.rows(
            "listing open ledger records",
            "SELECT data FROM action_runs WHERE action = $1 AND open ORDER BY key LIMIT $2",
            &[&action, &limit(n)],
        )?;
        records("action_runs", rows)
    }

    fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        let row = self.row(
            "reading the audit head",
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            &[],
        )?;
        Ok(row.map(|r| (AuditSeq(r.get::<_, i64>(0) as u64), r.get(1))))
    }

    fn audit_entries(&self, after: Option<AuditSeq>, n: usize) -> Result<Vec<AuditEntry>> {
        let rows = self.rows(
            "listing audit entries",
            "SELECT data FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after_id(after.map(|s| s.0)), &limit(n)],
        )?;
        records("audit", rows)
    }

    fn audit_for_campaign(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        n: usize,
    ) -> Result<Vec<AuditEntry>> {
        let rows = self.rows(
            "listing a campaign's audit entries",
            "SELECT data FROM audit WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|s| s.0)), &limit(n)],
        )?;
        records("audit", rows)
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
