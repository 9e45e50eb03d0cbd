//! 5 → 6: copies every v5 record into `records` (re-encoded as the v6 stored structs),
//! builds `index` and `meta` from them, and drops every table of the old layout.
//!
//! Records are decoded with the frozen v5 structs, converted to today's domain records and
//! stored through the same functions as a normal write, so a migrated file holds exactly
//! what a v6 build would have written. The audit log is copied as it is (a broken chain
//! stays broken: verifying it is the service's job) and its last entry becomes the head.
//! Tables are streamed, never loaded whole.

use campaign_ops_core::Result;
use redb::{ReadableTable, TableDefinition, TableHandle, WriteTransaction};

use crate::error::Context;
use crate::layout::{META, sequence_key};
use crate::legacy::codec::{Entity, Record};
use crate::legacy::tables::{self as v5t, ALL_TABLES};
use crate::meta;
use crate::record::corrupt;
use crate::tx::Tables;
use crate::write::{self, open};
use campaign_ops_core::Sequence;

/// Runs the step. The v5 `meta` (`&str -> u32`) must be gone before the v6 one (same name,
/// other value type) is opened, so it goes first; the schema version is stamped after.
pub(super) fn v5_to_v6(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(v5t::META).ctx("dropping the v5 meta")?;
    copy_sequences(txn)?;
    // The highest id of each kind, so a sequence never hands out an id a record holds
    // (a file whose `sequences` lag its records would otherwise reuse ids).
    let mut top = [0u64; 5];
    // The new tables stay open while the old ones stream through them (other tables: redb
    // allows that) and close before the sequences are raised.
    let mut w = Tables::open(txn)?;
    copy(txn, v5t::CAMPAIGNS, |c| {
        top[0] = top[0].max(c.id);
        write::put_campaign(&mut w, &c.into_domain())
    })?;
    copy(txn, v5t::PLANS, |p| {
        top[1] = top[1].max(p.id);
        write::put_plan(&mut w, &p.into_domain())
    })?;
    copy(txn, v5t::CALENDAR_ITEMS, |i| {
        top[2] = top[2].max(i.id);
        write::put_item(&mut w, &i.into_domain())
    })?;
    copy(txn, v5t::TASKS, |t| {
        top[3] = top[3].max(t.id);
        write::put_task(&mut w, &t.into_domain())
    })?;
    copy(txn, v5t::METRICS, |m| {
        top[4] = top[4].max(m.id);
        write::put_metric(&mut w, &m.into_domain())
    })?;
    copy(txn, v5t::WEEKLY_SUMMARIES, |s| {
        let summary = s
            .into_domain()
            .map_err(|m| corrupt("weekly_summaries", m))?;
        write::put_summary(&mut w, &summary)
    })?;
    copy(txn, v5t::ACTION_RUNS, |r| {
        write::put_run(&mut w, &r.into_domain())
    })?;
    copy(txn, v5t::AUDIT, |e| {
        let entry = e.into_domain().map_err(|m| corrupt("audit", m))?;
        write::put_audit(&mut w, &entry)
    })?;
    // The audit head the copy staged.
    w.flush()?;
    drop(w);
    raise_sequences(txn, top)?;
    drop_old_tables(txn)
}

/// Streams the records of `def` (when the table exists) through `put`.
fn copy<K: redb::Key + 'static, T: Entity>(
    txn: &WriteTransaction,
    def: TableDefinition<'static, K, Record<T>>,
    mut put: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    if !exists(txn, def.name())? {
        return Ok(());
    }
    let table = open(txn, def)?;
    let what = || format!("copying {}", def.name());
    for entry in table.iter().ctx(what())? {
        put(entry.ctx(what())?.1.value().decode()?)?;
    }
    Ok(())
}

/// The v5 `sequences` become `seq.*` keys of `meta`.
fn copy_sequences(txn: &WriteTransaction) -> Result<()> {
    if !exists(txn, v5t::SEQUENCES.name())? {
        return Ok(());
    }
    let old = open(txn, v5t::SEQUENCES)?;
    let mut meta_table = open(txn, META)?;
    for (name, seq) in KINDS {
        if let Some(last) = old.get(name).ctx("reading sequences")? {
            meta::put_u64(&mut meta_table, sequence_key(seq), last.value())?;
        }
    }
    Ok(())
}

/// The v5 sequence names and the sequences they become.
const KINDS: [(&str, Sequence); 5] = [
    ("campaign", Sequence::Campaign),
    ("plan", Sequence::Plan),
    ("calendar_item", Sequence::CalendarItem),
    ("task", Sequence::Task),
    ("metric", Sequence::Metric),
];

/// Raises each sequence to at least the highest id of its records.
fn raise_sequences(txn: &WriteTransaction, top: [u64; 5]) -> Result<()> {
    for ((_, seq), max) in KINDS.into_iter().zip(top) {
        let key = sequence_key(seq);
        if meta::get_u64(txn, key)?.unwrap_or(0) < max {
            meta::put_u64(&mut open(txn, META)?, key, max)?;
        }
    }
    Ok(())
}

/// Whether a table of that name exists (a write transaction's `open_table` would create it).
fn exists(txn: &WriteTransaction, name: &str) -> Result<bool> {
    Ok(txn
        .list_tables()
        .ctx("listing tables")?
        .any(|t| t.name() == name))
}

/// Drops every table of versions 1 to 5 that the file has.
fn drop_old_tables(txn: &WriteTransaction) -> Result<()> {
    let old: Vec<_> = txn
        .list_tables()
        .ctx("listing tables")?
        .filter(|t| ALL_TABLES.contains(&t.name()) || t.name() == "sequences")
        .collect();
    for table in old {
        let name = table.name().to_owned();
        txn.delete_table(table)
            .ctx(format_args!("dropping {name}"))?;
    }
    Ok(())
}
