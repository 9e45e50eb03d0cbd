//! [`WriteTx`] over a redb [`WriteTransaction`]: records, their index entries and `meta`
//! together, three trees at most whatever the call.
//!
//! The tables are opened once per transaction ([`Tables`]). Every `put_*` reads the old
//! record (unless its id was allocated in this transaction and not written yet), derives the index entries of old and new and writes
//! only the difference ([`index::apply`]); an unchanged record is not rewritten. Checks that
//! can fail (a name conflict, a wrong audit seq, a corrupt old record, encoding) run before
//! the first change, so a refused call leaves the transaction as it was.

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::service::GENESIS_HASH;
use campaign_ops_core::{Error, Result, Sequence, StorageError, WriteTx};
use redb::{ReadableTable, Table, TableDefinition, TableHandle, WriteTransaction};

use crate::error::{Context, Lazy};
use crate::index::{self, Entry};
use crate::layout::{record_key, rk, run_key, sequence_key, summary_key};
use crate::meta;
use crate::record::{
    ActionRunRecord, AuditRecord, CalendarItemRecord, CampaignRecord, MetricRecord, PlanRecord,
    Stored, SummaryRecord, TaskRecord, corrupt, encode,
};
use crate::search;
use crate::tx::{Tables, Tx, decode_record};

/// Opens a table of the write transaction for writing.
pub(crate) fn open<'t, K: redb::Key + 'static, V: redb::Value + 'static>(
    txn: &'t WriteTransaction,
    def: TableDefinition<'static, K, V>,
) -> Result<Table<'t, K, V>> {
    txn.open_table(def)
        .ctx(format_args!("opening table {}", def.name()))
}

/// Stores `new` under `key` and brings its index entries in step; returns the record it
/// replaced. `entries` derives a record's index entries. A key allocated in this transaction
/// and not written yet has no old record: it is not looked up.
fn put<R: Stored>(
    w: &mut Tables<'_>,
    key: &[u8],
    what: &dyn Fn() -> String,
    new: &R,
    entries: impl Fn(&R) -> Result<Vec<Entry>>,
) -> Result<Option<R>> {
    let bytes = encode(new)?;
    let new_entries = entries(new)?;
    let old_bytes = if w.fresh.remove(key) {
        None
    } else {
        w.records
            .get(key)
            .ctx(format_args!("reading {}", Lazy(what)))?
            .map(|guard| guard.value().to_vec())
    };
    let old = old_bytes
        .as_deref()
        .map(|b| decode_record::<R>(b, what()))
        .transpose()?;
    let old_entries = old.as_ref().map(&entries).transpose()?.unwrap_or_default();
    if old_bytes.as_deref() != Some(bytes.as_slice()) {
        w.records
            .insert(key, bytes.as_slice())
            .ctx(format_args!("writing {}", Lazy(what)))?;
    }
    index::apply(&mut w.index, &old_entries, &new_entries)?;
    Ok(old)
}

/// Removes the record under `key` and its index entries; `false` when there was none.
fn delete<R: Stored>(
    w: &mut Tables<'_>,
    key: &[u8],
    what: &str,
    entries: impl Fn(&R) -> Result<Vec<Entry>>,
) -> Result<bool> {
    let old = w
        .records
        .get(key)
        .ctx(format_args!("reading {what}"))?
        .map(|guard| guard.value().to_vec());
    let Some(old) = old else {
        return Ok(false);
    };
    let old_entries = entries(&decode_record::<R>(&old, what)?)?;
    w.records.remove(key).ctx(format_args!("deleting {what}"))?;
    index::apply(&mut w.index, &old_entries, &[])?;
    Ok(true)
}

/// The index entries of a stored campaign (they are derived from the domain record, so
/// that the search text is exactly [`campaign_ops_core::CampaignQuery::search_text`]).
fn campaign_entries(id: u64, r: &CampaignRecord) -> Result<Vec<Entry>> {
    let c = r
        .clone()
        .into_domain(id)
        .map_err(|m| corrupt("records", format!("campaign {id}: {m}")))?;
    Ok(index::campaign(&c))
}

/// Stores `campaign` (see [`WriteTx::put_campaign`]), keeping the status counters in step.
pub(crate) fn put_campaign(w: &mut Tables<'_>, campaign: &Campaign) -> Result<()> {
    let id = campaign.id.0;
    if let Some(holder) = crate::read::id_by_name(&*w, &campaign.name)?
        && holder != campaign.id
    {
        return Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".to_owned(),
            value: campaign.name.trim().to_owned(),
        });
    }
    let record = CampaignRecord::of(campaign);
    let what = || format!("campaign {id}");
    let old = put(w, &record_key(rk::CAMPAIGN, id), &what, &record, |r| {
        campaign_entries(id, r)
    })?;
    // Its search block only when its status or search text changed.
    let part = search::Part::of(campaign);
    let old_part = old
        .as_ref()
        .map(|o| o.clone().into_domain(id).map(|c| search::Part::of(&c)))
        .transpose()
        .map_err(|m| corrupt("records", format!("campaign {id}: {m}")))?;
    if old_part.as_ref() != Some(&part) {
        search::update(&mut w.index, id, Some(part))?;
    }
    let old_status = old.map(|o| o.status);
    if old_status != Some(record.status) {
        if let Some(code) = old_status {
            meta::bump_status_count(&mut w.meta, code, -1)?;
        }
        meta::bump_status_count(&mut w.meta, record.status, 1)?;
    }
    Ok(())
}

/// Stores `plan`.
pub(crate) fn put_plan(w: &mut Tables<'_>, plan: &CampaignPlan) -> Result<()> {
    let id = plan.id.0;
    let key = record_key(rk::PLAN, id);
    let what = || format!("plan {id}");
    put(w, &key, &what, &PlanRecord::of(plan), |r| {
        Ok(index::plan(id, r))
    })
    .map(drop)
}

/// Stores `item`.
pub(crate) fn put_item(w: &mut Tables<'_>, item: &CalendarItem) -> Result<()> {
    let id = item.id.0;
    let key = record_key(rk::CALENDAR_ITEM, id);
    let record = CalendarItemRecord::of(item);
    let what = || format!("calendar item {id}");
    let merged = w.planned_merged()?;
    put(w, &key, &what, &record, |r| Ok(index::item(id, r, merged))).map(drop)
}

/// Stores `task`.
pub(crate) fn put_task(w: &mut Tables<'_>, task: &OperatorTask) -> Result<()> {
    let id = task.id.0;
    let key = record_key(rk::TASK, id);
    let what = || format!("task {id}");
    put(w, &key, &what, &TaskRecord::of(task), |r| {
        index::task(id, r)
    })
    .map(drop)
}

/// Stores `metric`.
pub(crate) fn put_metric(w: &mut Tables<'_>, metric: &MetricEntry) -> Result<()> {
    let id = metric.id.0;
    let key = record_key(rk::METRIC, id);
    let what = || format!("metric {id}");
    put(w, &key, &what, &MetricRecord::of(metric), |r| {
        index::metric(id, r)
    })
    .map(drop)
}

/// Stores `summary`.
pub(crate) fn put_summary(w: &mut Tables<'_>, summary: &WeeklySummary) -> Result<()> {
    let (c, wk) = (summary.campaign_id.0, summary.week);
    let key = summary_key(c, wk.year(), wk.week());
    let what = || format!("weekly summary {c} {wk}");
    put(w, &key, &what, &SummaryRecord::of(summary), |_| {
        Ok(Vec::new())
    })
    .map(drop)
}

/// Stores `run`.
pub(crate) fn put_run(w: &mut Tables<'_>, run: &ActionRun) -> Result<()> {
    let key = run_key(&run.key);
    let what = || format!("action run {}", run.key);
    put(w, &key, &what, &ActionRunRecord::of(run), |r| {
        index::run(&run.key, r)
    })
    .map(drop)
}

/// Stores `entry` as audit entry `entry.seq` and makes it the head, unchecked: the checked
/// path is [`WriteTx::append_audit`]; the migration copies an old log as it is.
pub(crate) fn put_audit(w: &mut Tables<'_>, entry: &AuditEntry) -> Result<()> {
    let seq = entry.seq.0;
    let record = AuditRecord::of(entry);
    let bytes = encode(&record)?;
    w.records
        .insert(record_key(rk::AUDIT, seq).as_slice(), bytes.as_slice())
        .ctx(format_args!("writing audit entry {seq}"))?;
    index::apply(&mut w.index, &[], &index::audit(seq, &record))?;
    // Staged: `meta` gets the head once, before the commit (`Tables::flush`).
    w.head = Some((entry.seq, entry.hash.clone()));
    Ok(())
}

/// The record kind whose ids `seq` hands out.
fn record_kind(seq: Sequence) -> Option<u8> {
    match seq {
        Sequence::Campaign => Some(rk::CAMPAIGN),
        Sequence::Plan => Some(rk::PLAN),
        Sequence::CalendarItem => Some(rk::CALENDAR_ITEM),
        Sequence::Task => Some(rk::TASK),
        Sequence::Metric => Some(rk::METRIC),
        _ => None,
    }
}

impl WriteTx for Tx<Tables<'_>> {
    fn next_id(&mut self, seq: Sequence) -> Result<u64> {
        let key = sequence_key(seq);
        let cached = self.txn.seqs.iter().position(|(k, _)| *k == key);
        let last = match cached {
            Some(i) => self.txn.seqs[i].1,
            None => meta::get_u64(&self.txn, key)?.unwrap_or(0),
        };
        let next = last
            .checked_add(1)
            .ok_or_else(|| StorageError::backend(format!("sequence {key} is exhausted")))?;
        // Kept in the transaction, written to `meta` once before the commit (`Tables::flush`).
        match cached {
            Some(i) => self.txn.seqs[i].1 = next,
            None => self.txn.seqs.push((key, next)),
        }
        // Past the sequence, so no record holds it: its first write skips the look-up.
        if let Some(kind) = record_kind(seq) {
            self.txn.fresh.insert(record_key(kind, next));
        }
        Ok(next)
    }

    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        put_campaign(&mut self.txn, campaign)
    }

    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()> {
        put_plan(&mut self.txn, plan)
    }

    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        put_item(&mut self.txn, item)
    }

    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool> {
        let key = record_key(rk::CALENDAR_ITEM, id.0);
        self.txn.fresh.remove(&key);
        let merged = self.txn.planned_merged()?;
        delete::<CalendarItemRecord>(&mut self.txn, &key, &format!("calendar item {id}"), |r| {
            Ok(index::item(id.0, r, merged))
        })
    }

    fn put_task(&mut self, task: &OperatorTask) -> Result<()> {
        put_task(&mut self.txn, task)
    }

    fn delete_task(&mut self, id: TaskId) -> Result<bool> {
        let key = record_key(rk::TASK, id.0);
        self.txn.fresh.remove(&key);
        delete::<TaskRecord>(&mut self.txn, &key, &format!("task {id}"), |r| {
            index::task(id.0, r)
        })
    }

    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()> {
        put_metric(&mut self.txn, metric)
    }

    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()> {
        put_summary(&mut self.txn, summary)
    }

    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        put_run(&mut self.txn, run)
    }

    fn put_action_setting(&mut self, setting: &ActionSetting) -> Result<()> {
        crate::action_settings::put(&mut self.txn, setting)
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let seq = entry.seq.0;
        // The head lives in `meta`: checking the link reads no previous entry.
        let (want_seq, want_prev) = match meta::audit_head(&self.txn)? {
            Some((head, hash)) => (head.0.saturating_add(1), hash),
            None => (1, GENESIS_HASH.to_owned()),
        };
        if seq != want_seq || entry.prev_hash != want_prev {
            // Retryable: on a multi-writer backend another writer moved the head meanwhile.
            return Err(Error::Storage(StorageError::conflict(format!(
                "audit entry {seq} does not follow the head (expected seq {want_seq} linking \
                 to {want_prev}): the audit log is append-only and gapless"
            ))));
        }
        put_audit(&mut self.txn, entry)
    }

    fn put_user(&mut self, user: &User) -> Result<()> {
        crate::accounts::put_user(&mut self.txn, user)
    }

    fn put_session(&mut self, session: &Session) -> Result<()> {
        crate::accounts::put_session(&mut self.txn, session)
    }

    fn delete_session(&mut self, token_hash: &TokenHash) -> Result<bool> {
        crate::accounts::delete_session(&mut self.txn, token_hash)
    }

    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64> {
        crate::accounts::delete_user_sessions(&mut self.txn, user)
    }

    fn delete_expired_sessions(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
        limit: usize,
    ) -> Result<u64> {
        crate::accounts::delete_expired_sessions(&mut self.txn, now, limit)
    }
}
