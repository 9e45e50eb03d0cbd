//! [`WriteTx`] over a redb [`WriteTransaction`]: records and their index entries together.
//!
//! Every `put_*` reads the old record first, removes the index entries derived from it and
//! inserts those of the new record, all in the caller's transaction, so an index can never
//! drift from its records. Checks that can fail (name conflict, duplicate audit seq,
//! encoding) run before the first change, so a refused call leaves the transaction as it was.

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::{Error, ReadTx, Result, Sequence, StorageError, WriteTx};
use redb::{ReadableTable, Table, TableDefinition, WriteTransaction};

use crate::brief::BriefRecord;
use crate::codec::{Entity, Record, Stored};
use crate::error::{Context, backend};
use crate::read::Tx;
use crate::tables::*;

/// Opens a table of the write transaction for writing.
pub(crate) fn open<'t, K: redb::Key + 'static, V: redb::Value + 'static>(
    txn: &'t WriteTransaction,
    def: TableDefinition<'static, K, V>,
) -> Result<Table<'t, K, V>> {
    use redb::TableHandle;
    txn.open_table(def)
        .ctx(format_args!("opening table {}", def.name()))
}

/// Stores `stored` as record `id`.
fn insert_record<T: Entity>(
    txn: &WriteTransaction,
    def: TableDefinition<'static, u64, Record<T>>,
    id: u64,
    stored: &Stored<'static, T>,
) -> Result<()> {
    open(txn, def)?
        .insert(id, stored)
        .ctx(format_args!("writing {} {id}", T::TABLE))
        .map(drop)
}

/// Removes record `id`, returning it decoded.
fn remove_record<T: Entity>(
    txn: &WriteTransaction,
    def: TableDefinition<'static, u64, Record<T>>,
    id: u64,
) -> Result<Option<T>> {
    let mut table = open(txn, def)?;
    let removed = table
        .remove(id)
        .ctx(format_args!("deleting {} {id}", T::TABLE))?;
    removed.map(|guard| guard.value().decode()).transpose()
}

/// Inserts (`add`) or removes a key of an index table whose value is `()`.
fn set_key<K: redb::Key + 'static>(
    table: &mut Table<'_, K, ()>,
    key: K::SelfType<'_>,
    add: bool,
) -> Result<()> {
    let name = redb::TableHandle::name(table).to_owned();
    if add {
        table.insert(key, ()).ctx(format_args!("writing {name}"))?;
    } else {
        table.remove(key).ctx(format_args!("writing {name}"))?;
    }
    Ok(())
}

/// Adds or removes the `(parent, id)` entry of a parent index.
fn set_child(
    txn: &WriteTransaction,
    def: TableDefinition<'static, (u64, u64), ()>,
    parent: u64,
    id: u64,
    add: bool,
) -> Result<()> {
    set_key(&mut open(txn, def)?, (parent, id), add)
}

/// Adds or removes the campaign's status index entry.
fn set_campaign_status(txn: &WriteTransaction, c: &Campaign, add: bool) -> Result<()> {
    set_key(&mut open(txn, CAMPAIGNS_BY_STATUS)?, status_key(c), add)
}

/// Adds or removes the calendar item's plan and campaign index entries.
fn set_item_indexes(txn: &WriteTransaction, item: &CalendarItem, add: bool) -> Result<()> {
    let at = micros(item.scheduled_at);
    set_key(
        &mut open(txn, ITEMS_BY_PLAN)?,
        (item.plan_id.0, at, item.id.0),
        add,
    )?;
    set_key(
        &mut open(txn, ITEMS_BY_CAMPAIGN)?,
        (item.campaign_id.0, at, item.id.0),
        add,
    )
}

/// Adds or removes every index entry derived from `task`.
fn set_task_indexes(txn: &WriteTransaction, task: &OperatorTask, add: bool) -> Result<()> {
    let id = task.id.0;
    set_child(txn, TASKS_BY_CAMPAIGN, task.campaign_id.0, id, add)?;
    if let Some(item) = task.calendar_item_id {
        set_child(txn, TASKS_BY_ITEM, item.0, id, add)?;
    }
    if task.status.is_open() {
        let due = micros(task.due_at);
        set_key(&mut open(txn, OPEN_TASKS_BY_DUE)?, (due, id), add)?;
        set_key(
            &mut open(txn, OPEN_TASKS_BY_CAMPAIGN)?,
            (task.campaign_id.0, due, id),
            add,
        )?;
    }
    if let Some(key) = assignee_key(task) {
        set_brief(txn, OPEN_TASKS_BY_ASSIGNEE, key, task, add)?;
    }
    let key = (task.campaign_id.0, micros(task.due_at), id);
    set_brief(txn, TASKS_BY_CAMPAIGN_DUE, key, task, add)
}

/// Adds (with the task's brief as value) or removes the entry `key` of a covering index.
fn set_brief<K: redb::Key + 'static>(
    txn: &WriteTransaction,
    def: TableDefinition<'static, K, Record<BriefRecord>>,
    key: K::SelfType<'_>,
    task: &OperatorTask,
    add: bool,
) -> Result<()> {
    let mut table = open(txn, def)?;
    let what = || format!("writing {}", redb::TableHandle::name(&def));
    if add {
        let brief = Stored::encode(&BriefRecord::from(&task.brief()))?;
        table.insert(key, &brief).ctx(what())?;
    } else {
        table.remove(key).ctx(what())?;
    }
    Ok(())
}

/// Adds or removes the metric's campaign and campaign-by-time index entries.
fn set_metric_indexes(txn: &WriteTransaction, metric: &MetricEntry, add: bool) -> Result<()> {
    set_child(
        txn,
        METRICS_BY_CAMPAIGN,
        metric.campaign_id.0,
        metric.id.0,
        add,
    )?;
    set_key(
        &mut open(txn, METRICS_BY_CAMPAIGN_TIME)?,
        (
            metric.campaign_id.0,
            micros(metric.recorded_at),
            metric.id.0,
        ),
        add,
    )
}

impl WriteTx for Tx<WriteTransaction> {
    fn next_id(&mut self, seq: Sequence) -> Result<u64> {
        let key = sequence_key(seq);
        let mut table = open(&self.txn, SEQUENCES)?;
        let last = table
            .get(key)
            .ctx("reading sequences")?
            .map_or(0, |guard| guard.value());
        let next = last
            .checked_add(1)
            // u64::MAX ids handed out: no retry can help, hence not a Conflict.
            .ok_or_else(|| backend(format_args!("sequence {key} is exhausted")))?;
        table.insert(key, next).ctx("writing sequences")?;
        Ok(next)
    }

    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        let stored = Stored::encode(campaign)?;
        let key = Campaign::name_key(&campaign.name);
        if let Some(holder) = self.campaign_id_by_name(&campaign.name)?
            && holder != campaign.id
        {
            // The same error the service's own check gives (it runs first, so this one
            // is met by callers of the Store trait alone).
            return Err(Error::AlreadyExists {
                entity: EntityKind::Campaign,
                field: "name".to_owned(),
                value: campaign.name.trim().to_owned(),
            });
        }
        let old = self.campaign(campaign.id)?;
        {
            let mut names = open(&self.txn, CAMPAIGN_NAMES)?;
            if let Some(old) = &old {
                let old_key = Campaign::name_key(&old.name);
                if old_key != key {
                    names
                        .remove(old_key.as_str())
                        .ctx("writing campaign_names")?;
                }
            }
            names
                .insert(key.as_str(), campaign.id.0)
                .ctx("writing campaign_names")?;
        }
        if let Some(old) = &old {
            set_campaign_status(&self.txn, old, false)?;
        }
        set_campaign_status(&self.txn, campaign, true)?;
        insert_record(&self.txn, CAMPAIGNS, campaign.id.0, &stored)
    }

    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()> {
        let stored = Stored::encode(plan)?;
        if let Some(old) = self.plan(plan.id)? {
            set_child(
                &self.txn,
                PLANS_BY_CAMPAIGN,
                old.campaign_id.0,
                old.id.0,
                false,
            )?;
        }
        set_child(
            &self.txn,
            PLANS_BY_CAMPAIGN,
            plan.campaign_id.0,
            plan.id.0,
            true,
        )?;
        insert_record(&self.txn, PLANS, plan.id.0, &stored)
    }

    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        let stored = Stored::encode(item)?;
        if let Some(old) = self.calendar_item(item.id)? {
            set_item_indexes(&self.txn, &old, false)?;
        }
        set_item_indexes(&self.txn, item, true)?;
        insert_record(&self.txn, CALENDAR_ITEMS, item.id.0, &stored)
    }

    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool> {
        match remove_record(&self.txn, CALENDAR_ITEMS, id.0)? {
            Some(old) => set_item_indexes(&self.txn, &old, false).map(|()| true),
            None => Ok(false),
        }
    }

    fn put_task(&mut self, task: &OperatorTask) -> Result<()> {
        let stored = Stored::encode(task)?;
        if let Some(old) = self.task(task.id)? {
            set_task_indexes(&self.txn, &old, false)?;
        }
        set_task_indexes(&self.txn, task, true)?;
        insert_record(&self.txn, TASKS, task.id.0, &stored)
    }

    fn delete_task(&mut self, id: TaskId) -> Result<bool> {
        match remove_record(&self.txn, TASKS, id.0)? {
            Some(old) => set_task_indexes(&self.txn, &old, false).map(|()| true),
            None => Ok(false),
        }
    }

    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()> {
        let stored = Stored::encode(metric)?;
        if let Some(old) = self.metric(metric.id)? {
            set_metric_indexes(&self.txn, &old, false)?;
        }
        set_metric_indexes(&self.txn, metric, true)?;
        insert_record(&self.txn, METRICS, metric.id.0, &stored)
    }

    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()> {
        let stored = Stored::encode(summary)?;
        let key = (
            summary.campaign_id.0,
            summary.week.year(),
            summary.week.week(),
        );
        open(&self.txn, WEEKLY_SUMMARIES)?
            .insert(key, &stored)
            .ctx("writing weekly_summaries")
            .map(drop)
    }

    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        let stored = Stored::encode(run)?;
        open(&self.txn, ACTION_RUNS)?
            .insert(run.key.as_str(), &stored)
            .ctx(format_args!("writing action run {}", run.key))
            .map(drop)
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let stored = Stored::encode(entry)?;
        let seq = entry.seq.0;
        let taken = open(&self.txn, AUDIT)?
            .get(seq)
            .ctx("reading audit")?
            .is_some();
        if taken {
            // Retryable by contract: on a server database a taken seq means another
            // writer appended first, and a retry re-reads the head. redb's single writer
            // only meets it when a caller appends a seq twice, which a retry does not fix;
            // the service never does that.
            return Err(StorageError::conflict(format!(
                "audit entry {seq} already exists: the audit log is append-only"
            ))
            .into());
        }
        if let Some(campaign) = entry.campaign_id {
            set_child(&self.txn, AUDIT_BY_CAMPAIGN, campaign.0, seq, true)?;
        }
        insert_record(&self.txn, AUDIT, seq, &stored)
    }
}
