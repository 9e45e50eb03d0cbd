//! [`ReadTx`] over either kind of redb transaction.
//!
//! One implementation serves both read and write transactions: [`Source`] abstracts "open a
//! table for reading" over [`ReadTransaction`] and [`WriteTransaction`], so queries inside a
//! write transaction read through its own tables and see its uncommitted writes. Tables are
//! opened per call: opening is a lookup in redb's table tree, and it keeps every method free
//! of borrow juggling (redb refuses to open a table twice at once in one write transaction).

use std::ops::Bound;

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::{Error, ReadTx, Result, StorageError, TaskScope};
use chrono::{DateTime, Utc};
use redb::{
    Key, ReadOnlyTable, ReadTransaction, ReadableTable, TableDefinition, TableError, TableHandle,
    Value, WriteTransaction,
};

use crate::brief::BriefRecord;
use crate::codec::{Entity, Record};
use crate::error::Context;
use crate::tables::*;

/// A transaction tables can be read from.
pub(crate) trait Source {
    /// The table type this transaction hands out.
    type Table<'s, K: Key + 'static, V: Value + 'static>: ReadableTable<K, V>
    where
        Self: 's;

    /// Opens `def` for reading; `None` when the table does not exist (read transactions only:
    /// a write transaction creates it).
    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<Self::Table<'_, K, V>>>;
}

impl Source for ReadTransaction {
    type Table<'s, K: Key + 'static, V: Value + 'static> = ReadOnlyTable<K, V>;

    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<ReadOnlyTable<K, V>>> {
        match self.open_table(def) {
            Ok(table) => Ok(Some(table)),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e).ctx(format_args!("opening table {}", def.name())),
        }
    }
}

impl Source for WriteTransaction {
    type Table<'s, K: Key + 'static, V: Value + 'static> = redb::Table<'s, K, V>;

    fn table<K: Key + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<redb::Table<'_, K, V>>> {
        self.open_table(def)
            .map(Some)
            .ctx(format_args!("opening table {}", def.name()))
    }
}

/// A redb transaction seen through the Store traits: [`ReadTx`] for any [`Source`], and
/// [`campaign_ops_core::WriteTx`] for a [`WriteTransaction`] (in `write.rs`).
pub(crate) struct Tx<T> {
    pub(crate) txn: T,
}

/// The record `id` of a record table.
pub(crate) fn get<S: Source, T: Entity>(
    src: &S,
    def: TableDefinition<'static, u64, Record<T>>,
    id: u64,
) -> Result<Option<T>> {
    let Some(table) = src.table(def)? else {
        return Ok(None);
    };
    let found = table
        .get(id)
        .ctx(format_args!("reading {} {id}", T::TABLE))?;
    found.map(|guard| guard.value().decode()).transpose()
}

/// The records of `ids` (taken from `index`), in the order given. An id without a record
/// means the index and the records disagree: reported as corruption of the index.
fn load<S: Source, T: Entity>(
    src: &S,
    def: TableDefinition<'static, u64, Record<T>>,
    index: &str,
    ids: impl IntoIterator<Item = u64>,
) -> Result<Vec<T>> {
    let mut ids = ids.into_iter().peekable();
    if ids.peek().is_none() {
        return Ok(Vec::new());
    }
    let Some(table) = src.table(def)? else {
        return Err(dangling(index, ids.next().unwrap_or_default()));
    };
    ids.map(|id| {
        match table
            .get(id)
            .ctx(format_args!("reading {} {id}", T::TABLE))?
        {
            Some(guard) => guard.value().decode(),
            None => Err(dangling(index, id)),
        }
    })
    .collect()
}

fn dangling(index: &str, id: u64) -> Error {
    Error::Storage(StorageError::Corrupt {
        table: index.to_owned(),
        message: format!("index entry points at missing record {id}"),
    })
}

/// Ids under `parent` in a `(parent, id)` index, ascending.
fn children<S: Source>(
    src: &S,
    def: TableDefinition<'static, (u64, u64), ()>,
    parent: u64,
) -> Result<Vec<u64>> {
    let Some(table) = src.table(def)? else {
        return Ok(Vec::new());
    };
    let what = || format!("scanning {}", def.name());
    let mut ids = Vec::new();
    for entry in table.range((parent, 0)..=(parent, u64::MAX)).ctx(what())? {
        let (key, _) = entry.ctx(what())?;
        ids.push(key.value().1);
    }
    Ok(ids)
}

/// Ids under `parent` in a `(parent, micros, id)` index with `lo <= micros <= hi`, in key
/// order.
fn timed_children<S: Source, V: Value + 'static>(
    src: &S,
    def: TableDefinition<'static, (u64, i64, u64), V>,
    parent: u64,
    lo: i64,
    hi: i64,
) -> Result<Vec<u64>> {
    let Some(table) = src.table(def)? else {
        return Ok(Vec::new());
    };
    let what = || format!("scanning {}", def.name());
    let mut ids = Vec::new();
    for entry in table
        .range((parent, lo, 0)..=(parent, hi, u64::MAX))
        .ctx(what())?
    {
        let (key, _) = entry.ctx(what())?;
        ids.push(key.value().2);
    }
    Ok(ids)
}

/// The records under `campaign` in a `(campaign, micros, id)` index whose own instant
/// (`key(record).0`) lies in `[from, until)`, ordered by that instant, then id. Index keys
/// are floored to microseconds, so the scan includes the edge and the records settle it.
fn timed_records<S: Source, T: Entity, V: Value + 'static>(
    src: &S,
    index: TableDefinition<'static, (u64, i64, u64), V>,
    records: TableDefinition<'static, u64, Record<T>>,
    campaign: CampaignId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    key: impl Fn(&T) -> (DateTime<Utc>, u64),
) -> Result<Vec<T>> {
    if from >= until {
        return Ok(Vec::new());
    }
    let ids = timed_children(src, index, campaign.0, micros(from), micros(until))?;
    let mut found = load(src, records, index.name(), ids)?;
    found.retain(|r| (from..until).contains(&key(r).0));
    found.sort_by_key(|r| key(r));
    Ok(found)
}

/// The briefs of a covering-index range whose exact due time lies in `[from, until)`,
/// ordered by due time, then id. Keys hold whole microseconds, so the range includes the
/// edges and the briefs settle them.
fn briefs_in<K: Key + 'static>(
    range: redb::Range<'_, K, Record<BriefRecord>>,
    what: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<TaskBrief>> {
    let mut briefs = Vec::new();
    for entry in range {
        let brief = entry.ctx(what)?.1.value().decode()?.into_brief()?;
        if (from..until).contains(&brief.due_at) {
            briefs.push(brief);
        }
    }
    briefs.sort_by_key(|b| (b.due_at, b.id));
    Ok(briefs)
}

/// Ids of open tasks in `scope` whose due key lies in `lo..=hi`.
fn open_task_ids<S: Source>(src: &S, scope: &TaskScope, lo: i64, hi: i64) -> Result<Vec<u64>> {
    match scope {
        TaskScope::All => {
            let Some(table) = src.table(OPEN_TASKS_BY_DUE)? else {
                return Ok(Vec::new());
            };
            let what = "scanning open_tasks_by_due";
            let mut ids = Vec::new();
            for entry in table.range((lo, 0)..=(hi, u64::MAX)).ctx(what)? {
                ids.push(entry.ctx(what)?.0.value().1);
            }
            Ok(ids)
        }
        TaskScope::Campaign(campaign) => {
            timed_children(src, OPEN_TASKS_BY_CAMPAIGN, campaign.0, lo, hi)
        }
        TaskScope::Assignee(assignee) => {
            let Some(table) = src.table(OPEN_TASKS_BY_ASSIGNEE)? else {
                return Ok(Vec::new());
            };
            let what = "scanning open_tasks_by_assignee_due";
            let name = assignee.as_str();
            let mut ids = Vec::new();
            for entry in table
                .range((name, lo, 0)..=(name, hi, u64::MAX))
                .ctx(what)?
            {
                ids.push(entry.ctx(what)?.0.value().2);
            }
            Ok(ids)
        }
    }
}

impl<S: Source> ReadTx for Tx<S> {
    fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        get(&self.txn, CAMPAIGNS, id.0)
    }

    fn campaign_id_by_name(&self, name: &str) -> Result<Option<CampaignId>> {
        let Some(table) = self.txn.table(CAMPAIGN_NAMES)? else {
            return Ok(None);
        };
        let key = Campaign::name_key(name);
        let found = table
            .get(key.as_str())
            .ctx("reading campaign_names")?
            .map(|guard| CampaignId(guard.value()));
        Ok(found)
    }

    fn campaigns(&self, status: Option<CampaignStatus>) -> Result<Vec<Campaign>> {
        match status {
            None => {
                let Some(table) = self.txn.table(CAMPAIGNS)? else {
                    return Ok(Vec::new());
                };
                let mut out = Vec::new();
                for entry in table.iter().ctx("scanning campaigns")? {
                    let (_, value) = entry.ctx("scanning campaigns")?;
                    out.push(value.value().decode()?);
                }
                Ok(out)
            }
            Some(status) => {
                let Some(table) = self.txn.table(CAMPAIGNS_BY_STATUS)? else {
                    return Ok(Vec::new());
                };
                let code = status_code(status);
                let what = "scanning campaigns_by_status";
                let mut ids = Vec::new();
                for entry in table.range((code, 0)..=(code, u64::MAX)).ctx(what)? {
                    ids.push(entry.ctx(what)?.0.value().1);
                }
                drop(table);
                load(&self.txn, CAMPAIGNS, CAMPAIGNS_BY_STATUS.name(), ids)
            }
        }
    }

    fn plan(&self, id: PlanId) -> Result<Option<CampaignPlan>> {
        get(&self.txn, PLANS, id.0)
    }

    fn plans_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        let ids = children(&self.txn, PLANS_BY_CAMPAIGN, campaign.0)?;
        let mut plans = load(&self.txn, PLANS, PLANS_BY_CAMPAIGN.name(), ids)?;
        // The index orders by id; the contract is by version (ids normally follow versions,
        // but nothing forces a caller to store them in that order).
        plans.sort_by_key(|p| (p.version, p.id));
        Ok(plans)
    }

    fn calendar_item(&self, id: CalendarItemId) -> Result<Option<CalendarItem>> {
        get(&self.txn, CALENDAR_ITEMS, id.0)
    }

    fn calendar_items_for_plan(&self, plan: PlanId) -> Result<Vec<CalendarItem>> {
        let ids = timed_children(&self.txn, ITEMS_BY_PLAN, plan.0, i64::MIN, i64::MAX)?;
        let mut items = load(&self.txn, CALENDAR_ITEMS, ITEMS_BY_PLAN.name(), ids)?;
        // Keys hold whole microseconds; this settles ties within one microsecond exactly.
        items.sort_by_key(|i| (i.scheduled_at, i.id));
        Ok(items)
    }

    fn calendar_items_for_campaign(&self, campaign: CampaignId) -> Result<Vec<CalendarItem>> {
        let ids = timed_children(&self.txn, ITEMS_BY_CAMPAIGN, campaign.0, i64::MIN, i64::MAX)?;
        let mut items = load(&self.txn, CALENDAR_ITEMS, ITEMS_BY_CAMPAIGN.name(), ids)?;
        items.sort_by_key(|i| (i.scheduled_at, i.id));
        Ok(items)
    }

    fn task(&self, id: TaskId) -> Result<Option<OperatorTask>> {
        get(&self.txn, TASKS, id.0)
    }

    fn tasks_for_campaign(&self, campaign: CampaignId) -> Result<Vec<OperatorTask>> {
        let ids = children(&self.txn, TASKS_BY_CAMPAIGN, campaign.0)?;
        load(&self.txn, TASKS, TASKS_BY_CAMPAIGN.name(), ids)
    }

    fn tasks_for_calendar_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        let ids = children(&self.txn, TASKS_BY_ITEM, item.0)?;
        load(&self.txn, TASKS, TASKS_BY_ITEM.name(), ids)
    }

    fn open_tasks_due(
        &self,
        scope: &TaskScope,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<OperatorTask>> {
        if from >= until {
            return Ok(Vec::new());
        }
        // Keys are floored to microseconds, so `micros(until)` itself may still hold tasks due
        // before `until`: scan it inclusively and check the exact instants on the records.
        let ids = open_task_ids(&self.txn, scope, micros(from), micros(until))?;
        let mut tasks = load(&self.txn, TASKS, "open task index", ids)?;
        tasks.retain(|t| t.status.is_open() && from <= t.due_at && t.due_at < until);
        tasks.sort_by_key(|t| (t.due_at, t.id));
        Ok(tasks)
    }

    fn task_briefs_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<TaskBrief>> {
        if from >= until {
            return Ok(Vec::new());
        }
        let Some(table) = self.txn.table(TASKS_BY_CAMPAIGN_DUE)? else {
            return Ok(Vec::new());
        };
        let what = "scanning task_briefs_by_campaign_due";
        let (lo, hi) = (micros(from), micros(until));
        let range = table
            .range((campaign.0, lo, 0)..=(campaign.0, hi, u64::MAX))
            .ctx(what)?;
        briefs_in(range, what, from, until)
    }

    fn tasks_due(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<OperatorTask>> {
        let index = TASKS_BY_CAMPAIGN_DUE;
        timed_records(&self.txn, index, TASKS, campaign, from, until, |t| {
            (t.due_at, t.id.0)
        })
    }

    fn metric(&self, id: MetricId) -> Result<Option<MetricEntry>> {
        get(&self.txn, METRICS, id.0)
    }

    fn metrics_recorded(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<MetricEntry>> {
        let index = METRICS_BY_CAMPAIGN_TIME;
        timed_records(&self.txn, index, METRICS, campaign, from, until, |m| {
            (m.recorded_at, m.id.0)
        })
    }

    fn weekly_summaries(&self, campaign: CampaignId) -> Result<Vec<WeeklySummary>> {
        let Some(table) = self.txn.table(WEEKLY_SUMMARIES)? else {
            return Ok(Vec::new());
        };
        let what = "scanning weekly_summaries";
        let mut out = Vec::new();
        for entry in table
            .range((campaign.0, i32::MIN, 0)..=(campaign.0, i32::MAX, u32::MAX))
            .ctx(what)?
        {
            out.push(entry.ctx(what)?.1.value().decode()?);
        }
        Ok(out)
    }

    fn action_run(&self, key: &str) -> Result<Option<ActionRun>> {
        let Some(table) = self.txn.table(ACTION_RUNS)? else {
            return Ok(None);
        };
        let found = table.get(key).ctx("reading action_runs")?;
        found.map(|guard| guard.value().decode()).transpose()
    }

    fn action_runs(&self, action: Option<&str>, limit: usize) -> Result<Vec<ActionRun>> {
        let Some(table) = self.txn.table(ACTION_RUNS)? else {
            return Ok(Vec::new());
        };
        let what = "scanning action_runs";
        let mut out = Vec::new();
        // Keys are "<ACTION> <period>": one action's runs share the prefix "<ACTION> ".
        let prefix = action.map(|a| format!("{a} "));
        let iter = match &prefix {
            Some(p) => table.range::<&str>(p.as_str()..).ctx(what)?,
            None => table.range::<&str>(..).ctx(what)?,
        };
        for entry in iter {
            if out.len() >= limit {
                break;
            }
            let (key, value) = entry.ctx(what)?;
            if let Some(p) = &prefix
                && !key.value().starts_with(p.as_str())
            {
                break;
            }
            out.push(value.value().decode()?);
        }
        Ok(out)
    }

    fn open_task_briefs_for_assignee(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<TaskBrief>> {
        if from >= until {
            return Ok(Vec::new());
        }
        let Some(table) = self.txn.table(OPEN_TASKS_BY_ASSIGNEE)? else {
            return Ok(Vec::new());
        };
        let what = "scanning open_task_briefs_by_assignee_due";
        let (lo, hi) = (micros(from), micros(until));
        let range = table
            .range((assignee, lo, 0)..=(assignee, hi, u64::MAX))
            .ctx(what)?;
        briefs_in(range, what, from, until)
    }

    fn metrics_for_campaign(&self, campaign: CampaignId) -> Result<Vec<MetricEntry>> {
        let ids = children(&self.txn, METRICS_BY_CAMPAIGN, campaign.0)?;
        load(&self.txn, METRICS, METRICS_BY_CAMPAIGN.name(), ids)
    }

    fn last_audit(&self) -> Result<Option<AuditEntry>> {
        let Some(table) = self.txn.table(AUDIT)? else {
            return Ok(None);
        };
        let last = table.last().ctx("reading the last audit entry")?;
        last.map(|(_, value)| value.value().decode()).transpose()
    }

    fn audit_entries(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let Some(table) = self.txn.table(AUDIT)? else {
            return Ok(Vec::new());
        };
        let lower = after.map_or(Bound::Unbounded, |seq| Bound::Excluded(seq.0));
        let what = "scanning audit";
        let mut out = Vec::new();
        for entry in table
            .range::<u64>((lower, Bound::Unbounded))
            .ctx(what)?
            .take(limit)
        {
            out.push(entry.ctx(what)?.1.value().decode()?);
        }
        Ok(out)
    }

    fn audit_for_campaign(&self, campaign: CampaignId) -> Result<Vec<AuditEntry>> {
        let seqs = children(&self.txn, AUDIT_BY_CAMPAIGN, campaign.0)?;
        load(&self.txn, AUDIT, AUDIT_BY_CAMPAIGN.name(), seqs)
    }
}
