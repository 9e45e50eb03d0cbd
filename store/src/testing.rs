//! Test hooks (feature `testing`): edit the database behind the Store's rules, to simulate an
//! attacker editing the file, an old file layout, a newer build's file or a damaged record.
//! Hidden from the docs; never use outside tests.

use std::path::Path;

use campaign_ops_core::model::{AuditEntry, AuditSeq, EntityKind};
use campaign_ops_core::{Error, Result};
use redb::{Database, TableHandle};

use crate::RedbStore;
use crate::error::Context;
use crate::index;
use crate::layout::{INDEX, RECORDS, record_key, rk};
use crate::legacy::codec::Stored;
use crate::legacy::tables as v5t;
use crate::legacy::v5;
use crate::record::{AuditRecord, decode};
use crate::schema;
use crate::write::{self, open};

impl RedbStore {
    /// Overwrites audit entry `seq` with what `edit` makes of it, bypassing append-only (the
    /// hash is left as `edit` leaves it, the head as it was). `NotFound` when there is no
    /// such entry.
    #[doc(hidden)]
    pub fn tamper_audit(&self, seq: AuditSeq, edit: impl FnOnce(&mut AuditEntry)) -> Result<()> {
        self.tamper(|txn| {
            let old = remove_audit(txn, seq.0)?
                .ok_or_else(|| Error::not_found(EntityKind::AuditEntry, seq))?;
            let mut entry = old
                .into_domain(seq.0)
                .map_err(|m| crate::record::corrupt("records", m))?;
            edit(&mut entry);
            entry.seq = seq;
            // Rewrite through the unchecked path, then put the head back: only the chain
            // reveals the edit.
            let head = crate::meta::audit_head(txn)?;
            let mut w = crate::tx::Tables::open(txn)?;
            write::put_audit(&mut w, &entry)?;
            if let Some((s, hash)) = head {
                crate::meta::put_audit_head(&mut w.meta, s.0, &hash)?;
            }
            Ok(())
        })
    }

    /// Deletes audit entry `seq` (and its campaign index entry), bypassing append-only.
    /// `false` when there was none.
    #[doc(hidden)]
    pub fn tamper_delete_audit(&self, seq: AuditSeq) -> Result<bool> {
        self.tamper(|txn| Ok(remove_audit(txn, seq.0)?.is_some()))
    }

    /// Replaces the stored bytes of record `id` of kind `table` (`"campaigns"`, `"plans"`,
    /// `"calendar_items"`, `"tasks"`, `"metrics"`, `"audit"`) with `raw`, unchecked:
    /// simulates a damaged record.
    #[doc(hidden)]
    pub fn tamper_raw_record(&self, table: &str, id: u64, raw: &[u8]) -> Result<()> {
        let kind = match table {
            "campaigns" => rk::CAMPAIGN,
            "plans" => rk::PLAN,
            "calendar_items" => rk::CALENDAR_ITEM,
            "tasks" => rk::TASK,
            "metrics" => rk::METRIC,
            "audit" => rk::AUDIT,
            other => {
                return Err(Error::validation(
                    "table",
                    format!("no record kind {other}"),
                ));
            }
        };
        self.tamper(|txn| {
            open(txn, RECORDS)?
                .insert(record_key(kind, id).as_slice(), raw)
                .ctx("tampering")
                .map(drop)
        })
    }

    /// Stamps `version` into `meta`, e.g. a version newer than this build knows.
    #[doc(hidden)]
    pub fn tamper_schema_version(&self, version: u32) -> Result<()> {
        self.tamper(|txn| schema::stamp(txn, version))
    }

    /// Names of the tables in the file, sorted (to check what a migration created).
    #[doc(hidden)]
    pub fn table_names(&self) -> Result<Vec<String>> {
        use redb::ReadableDatabase;
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        let mut names: Vec<String> = txn
            .list_tables()
            .ctx("listing tables")?
            .map(|t| t.name().to_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Writes a new file at `path` in the layout of schema `version` (1 to 5) holding the
    /// records of `dump`, encoded as v5 builds encoded them: the record tables that version
    /// had and `sequences`, stamped `version` in a v5 `meta` (or, with `keep_meta` false,
    /// without one, like a file from before versions were stamped). Index tables are left
    /// out: the steps to 6 rebuild them all from the records. Open the file to migrate it.
    #[doc(hidden)]
    pub fn write_legacy_file(
        path: &Path,
        version: u32,
        keep_meta: bool,
        dump: &v5::Dump,
    ) -> Result<()> {
        assert!((1..=5).contains(&version), "legacy versions are 1 to 5");
        let db = Database::create(path).ctx("creating a legacy file")?;
        let txn = db.begin_write().ctx("beginning a write transaction")?;
        {
            let mut t = open(&txn, v5t::CAMPAIGNS)?;
            for c in &dump.campaigns {
                t.insert(c.id, &Stored::encode(c)?).ctx("writing")?;
            }
            let mut t = open(&txn, v5t::PLANS)?;
            for p in &dump.plans {
                t.insert(p.id, &Stored::encode(p)?).ctx("writing")?;
            }
            let mut t = open(&txn, v5t::CALENDAR_ITEMS)?;
            for i in &dump.calendar_items {
                t.insert(i.id, &Stored::encode(i)?).ctx("writing")?;
            }
            let mut t = open(&txn, v5t::TASKS)?;
            for task in &dump.tasks {
                t.insert(task.id, &Stored::encode(task)?).ctx("writing")?;
            }
            let mut t = open(&txn, v5t::METRICS)?;
            for m in &dump.metrics {
                t.insert(m.id, &Stored::encode(m)?).ctx("writing")?;
            }
            let mut t = open(&txn, v5t::AUDIT)?;
            for e in &dump.audit {
                t.insert(e.seq, &Stored::encode(e)?).ctx("writing")?;
            }
            if version >= 3 {
                let mut t = open(&txn, v5t::WEEKLY_SUMMARIES)?;
                for s in &dump.weekly_summaries {
                    // Parsed leniently: a test may store a week that does not exist.
                    let (year, week) = s.week.0.split_once("-W").unwrap_or(("0", "0"));
                    let key = (
                        s.campaign_id,
                        year.parse().unwrap_or(0),
                        week.parse().unwrap_or(0),
                    );
                    t.insert(key, &Stored::encode(s)?).ctx("writing")?;
                }
                let mut t = open(&txn, v5t::ACTION_RUNS)?;
                for r in &dump.action_runs {
                    t.insert(r.key.as_str(), &Stored::encode(r)?)
                        .ctx("writing")?;
                }
            }
            let mut t = open(&txn, v5t::SEQUENCES)?;
            let max = |ids: &mut dyn Iterator<Item = u64>| ids.max().unwrap_or(0);
            for (name, last) in [
                ("campaign", max(&mut dump.campaigns.iter().map(|c| c.id))),
                ("plan", max(&mut dump.plans.iter().map(|p| p.id))),
                (
                    "calendar_item",
                    max(&mut dump.calendar_items.iter().map(|i| i.id)),
                ),
                ("task", max(&mut dump.tasks.iter().map(|t| t.id))),
                ("metric", max(&mut dump.metrics.iter().map(|m| m.id))),
            ] {
                t.insert(name, last).ctx("writing")?;
            }
            if keep_meta {
                open(&txn, v5t::META)?
                    .insert("schema_version", version)
                    .ctx("writing")?;
            }
        }
        txn.commit().ctx("committing a legacy file")
    }

    /// Makes the next commit fail after its redo-log entry was appended (as a failing redb
    /// commit would), to check that the entry is taken back. `false` for a store without
    /// a log.
    #[doc(hidden)]
    pub fn fail_next_commit(&self) -> bool {
        match &self.durable {
            Some(d) => {
                d.fail_next_commit
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    /// Runs `f` in a raw write transaction and commits it when `f` succeeds.
    fn tamper<R>(&self, f: impl FnOnce(&redb::WriteTransaction) -> Result<R>) -> Result<R> {
        self.raw_write(f)
    }
}

/// Removes audit entry `seq` and its index entry, returning the stored record.
fn remove_audit(txn: &redb::WriteTransaction, seq: u64) -> Result<Option<AuditRecord>> {
    let removed = open(txn, RECORDS)?
        .remove(record_key(rk::AUDIT, seq).as_slice())
        .ctx("tampering")?
        .map(|guard| guard.value().to_vec());
    let Some(bytes) = removed else {
        return Ok(None);
    };
    let record: AuditRecord = decode(&bytes).map_err(|m| crate::record::corrupt("records", m))?;
    index::apply(&mut open(txn, INDEX)?, &index::audit(seq, &record), &[])?;
    Ok(Some(record))
}
