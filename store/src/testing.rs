//! Test hooks (feature `testing`): edit the database behind the Store's rules, to simulate an
//! attacker editing the file, an old file layout, a newer build's file or a damaged record.
//! Hidden from the docs; never use outside tests.

use campaign_ops_core::model::{AuditEntry, AuditSeq, EntityKind};
use campaign_ops_core::{Error, Result};
use redb::TableHandle;

use crate::RedbStore;
use crate::codec::{Record, Stored};
use crate::error::Context;
use crate::schema;
use crate::tables::*;
use crate::write::open;

impl RedbStore {
    /// Overwrites audit entry `seq` with what `edit` makes of it, bypassing append-only (the
    /// hash is left as `edit` leaves it). `NotFound` when there is no such entry.
    #[doc(hidden)]
    pub fn tamper_audit(&self, seq: AuditSeq, edit: impl FnOnce(&mut AuditEntry)) -> Result<()> {
        self.tamper(|txn| {
            let old = crate::read::get(txn, AUDIT, seq.0)?
                .ok_or_else(|| Error::not_found(EntityKind::AuditEntry, seq))?;
            let mut entry = old.clone();
            edit(&mut entry);
            entry.seq = seq;
            // Keep the campaign index in step so that only the chain reveals the edit.
            let mut by_campaign = open(txn, AUDIT_BY_CAMPAIGN)?;
            if let Some(c) = old.campaign_id {
                by_campaign.remove((c.0, seq.0)).ctx("tampering")?;
            }
            if let Some(c) = entry.campaign_id {
                by_campaign.insert((c.0, seq.0), ()).ctx("tampering")?;
            }
            open(txn, AUDIT)?
                .insert(seq.0, &Stored::encode(&entry)?)
                .ctx("tampering")?;
            Ok(())
        })
    }

    /// Deletes audit entry `seq` (and its campaign index entry), bypassing append-only.
    /// `false` when there was none.
    #[doc(hidden)]
    pub fn tamper_delete_audit(&self, seq: AuditSeq) -> Result<bool> {
        self.tamper(|txn| {
            let removed = open(txn, AUDIT)?
                .remove(seq.0)
                .ctx("tampering")?
                .map(|guard| guard.value().decode())
                .transpose();
            let Some(old) = removed? else {
                return Ok(false);
            };
            if let Some(c) = old.campaign_id {
                open(txn, AUDIT_BY_CAMPAIGN)?
                    .remove((c.0, seq.0))
                    .ctx("tampering")?;
            }
            Ok(true)
        })
    }

    /// Replaces the stored bytes of record `id` in record table `table` (`"campaigns"`,
    /// `"tasks"`, ...) with `raw`, unchecked: simulates a damaged record.
    #[doc(hidden)]
    pub fn tamper_raw_record(&self, table: &str, id: u64, raw: &[u8]) -> Result<()> {
        fn put<T: crate::codec::Entity>(
            txn: &redb::WriteTransaction,
            def: redb::TableDefinition<'static, u64, Record<T>>,
            id: u64,
            raw: &[u8],
        ) -> Result<()> {
            open(txn, def)?
                .insert(id, Stored::<T>::from_raw(raw))
                .ctx("tampering")
                .map(drop)
        }
        self.tamper(|txn| match table {
            "campaigns" => put(txn, CAMPAIGNS, id, raw),
            "plans" => put(txn, PLANS, id, raw),
            "calendar_items" => put(txn, CALENDAR_ITEMS, id, raw),
            "tasks" => put(txn, TASKS, id, raw),
            "metrics" => put(txn, METRICS, id, raw),
            "audit" => put(txn, AUDIT, id, raw),
            other => Err(Error::validation(
                "table",
                format!("no record table {other}"),
            )),
        })
    }

    /// Rewrites the database into the version-1 layout: drops the tables versions 2 to 5 added and
    /// stamps version 1, or (`keep_meta = false`) drops `meta` too, like a file from before
    /// versions were stamped. Reopen the file to run the migration.
    #[doc(hidden)]
    pub fn tamper_downgrade_to_v1(&self, keep_meta: bool) -> Result<()> {
        self.tamper(|txn| {
            txn.delete_table(CAMPAIGNS_BY_STATUS).ctx("tampering")?;
            txn.delete_table(OPEN_TASKS_BY_ASSIGNEE).ctx("tampering")?;
            txn.delete_table(LEGACY_OPEN_TASKS_BY_ASSIGNEE)
                .ctx("tampering")?;
            for def in [LEGACY_TASKS_BY_CAMPAIGN_DUE, METRICS_BY_CAMPAIGN_TIME] {
                txn.delete_table(def).ctx("tampering")?;
            }
            txn.delete_table(TASKS_BY_CAMPAIGN_DUE).ctx("tampering")?;
            txn.delete_table(WEEKLY_SUMMARIES).ctx("tampering")?;
            txn.delete_table(ACTION_RUNS).ctx("tampering")?;
            if keep_meta {
                schema::stamp(txn, 1)
            } else {
                txn.delete_table(META).ctx("tampering").map(drop)
            }
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

    /// Runs `f` in a raw write transaction and commits it when `f` succeeds.
    fn tamper<R>(&self, f: impl FnOnce(&redb::WriteTransaction) -> Result<R>) -> Result<R> {
        let txn = self.db.begin_write().ctx("beginning a write transaction")?;
        let out = f(&txn)?;
        txn.commit().ctx("committing")?;
        Ok(out)
    }
}
