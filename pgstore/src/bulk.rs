//! Bulk load ([`PgStore::bulk_load`]): an empty workspace filled with a whole data set in
//! one transaction, each table streamed with a binary `COPY … FREEZE`, the secondary
//! indexes dropped first and built once at the end, the id sequences moved past the loaded
//! ids and the planner's statistics taken, before one commit. Rows are the very rows the
//! write path stores (`rows.rs`), so what a bulk load leaves is what the same records
//! written through [`campaign_ops_core::WriteTx`] would have left, orders of magnitude
//! faster: one statement per table instead of one per record, and no index kept up row by
//! row (a b-tree built from sorted input is also denser than one grown by inserts).
//!
//! Why `FREEZE`: the tables are truncated in the same transaction (they are empty, so
//! nothing is lost), which lets `COPY` write the rows frozen and all-visible, so that
//! index-only scans work at once, without waiting for a `VACUUM`.

use std::marker::PhantomData;

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::{Error, Result};
use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;

use crate::PgStore;
use crate::error::{Context, pg};
use crate::rows::{
    AuditRow, CampaignRow, ItemRow, MetricRow, PlanRow, RunRow, StoredRow, SummaryRow, TaskRow,
};

/// The tables a bulk load fills (and requires empty).
const TABLES: &[&str] = &[
    "campaigns",
    "plans",
    "calendar_items",
    "tasks",
    "metrics",
    "weekly_summaries",
    "action_runs",
    "audit",
];

/// The secondary indexes of [`TABLES`] (not the primary keys nor the unique constraints,
/// which guard the load), with their definitions, to build again after the load.
const SECONDARY_INDEXES: &str = "
SELECT c.relname::text, pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1)
  AND NOT x.indisprimary AND NOT x.indisunique
ORDER BY c.relname";

/// A record kind a bulk load can copy: the campaign records, the ledger and the audit log.
pub trait BulkRecord: sealed::Sealed {}

mod sealed {
    use super::*;

    /// The row of a [`super::BulkRecord`] (outside this crate: nameable, not implementable).
    pub trait Sealed {
        #[doc(hidden)]
        type Row: StoredRow;
        #[doc(hidden)]
        fn row(&self) -> Result<Self::Row>;
    }
}

macro_rules! bulk_record {
    ($($record:ty => $row:ty),* $(,)?) => {$(
        impl sealed::Sealed for $record {
            type Row = $row;
            fn row(&self) -> Result<$row> {
                <$row>::of(self)
            }
        }
        impl BulkRecord for $record {}
    )*};
}

bulk_record! {
    Campaign => CampaignRow,
    CampaignPlan => PlanRow,
    CalendarItem => ItemRow,
    OperatorTask => TaskRow,
    MetricEntry => MetricRow,
    WeeklySummary => SummaryRow,
    ActionRun => RunRow,
    AuditEntry => AuditRow,
}

/// A bulk load under way (see [`PgStore::bulk_load`]).
pub struct BulkLoad<'c> {
    tx: Transaction<'c>,
}

/// One table's `COPY` stream (see [`BulkLoad::copy`]).
pub struct Copier<'w, T> {
    writer: BinaryCopyInWriter<'w>,
    rows: u64,
    _kind: PhantomData<fn(&T)>,
}

impl<T: BulkRecord> Copier<'_, T> {
    /// Adds `record` to the stream.
    pub fn put(&mut self, record: &T) -> Result<()> {
        let row = record.row()?;
        self.writer
            .write(&row.params())
            .map_err(|e| pg(&format!("copying into {}", T::Row::TABLE), e))?;
        self.rows += 1;
        Ok(())
    }

    /// Rows added so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }
}

impl BulkLoad<'_> {
    /// Streams the records that `fill` puts into their table with one `COPY`; the number
    /// of rows copied. A key that is already taken (a primary key, a campaign name) fails
    /// the load.
    pub fn copy<T: BulkRecord>(
        &mut self,
        fill: impl FnOnce(&mut Copier<'_, T>) -> Result<()>,
    ) -> Result<u64> {
        let table = T::Row::TABLE;
        let what = format!("copying into {table}");
        let sink = self
            .tx
            .copy_in(&format!(
                "COPY {table} ({}) FROM STDIN WITH (FORMAT binary, FREEZE)",
                T::Row::COLUMNS
            ))
            .ctx(&what)?;
        let mut copier = Copier::<T> {
            writer: BinaryCopyInWriter::new(sink, T::Row::TYPES),
            rows: 0,
            _kind: PhantomData,
        };
        fill(&mut copier)?;
        let rows = copier.rows;
        let done = copier.writer.finish().ctx(&what)?;
        debug_assert_eq!(done, rows);
        Ok(rows)
    }
}

impl PgStore {
    /// Fills this empty workspace in one transaction: `fill` copies each table's records
    /// with [`BulkLoad::copy`] (a table at a time: one `COPY` stream is open at once), and
    /// then the secondary indexes are built, the id sequences moved past the loaded ids and
    /// the tables analyzed, all before the one commit. An error anywhere (in `fill` too)
    /// leaves the workspace as empty as it was.
    ///
    /// The records are stored as given: only the database's keys are checked. The caller
    /// vouches that they make a consistent workspace (its audit chain verifying, every
    /// task's campaign present); check it after the load (e.g.
    /// `CampaignOps::verify_audit_chain`). Users, sessions and action switches are not
    /// loaded this way.
    ///
    /// Errors: [`Error::Validation`] on field `workspace` when a table already has rows
    /// (nothing changed); the backend's error when a copy or an index build fails.
    pub fn bulk_load<R>(&self, fill: impl FnOnce(&mut BulkLoad<'_>) -> Result<R>) -> Result<R> {
        let mut conn = self.conn()?;
        let mut tx = conn.client.transaction().ctx("beginning the bulk load")?;
        // The write lock first, as every writer takes it: no write interleaves with the load.
        tx.batch_execute(crate::tx::WRITE_LOCK)
            .ctx("waiting for the writers before the bulk load")?;
        for table in TABLES {
            let taken: bool = tx
                .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[])
                .ctx("checking that the workspace is empty")?
                .get(0);
            if taken {
                return Err(Error::validation(
                    "workspace",
                    format!(
                        "a bulk load needs an empty workspace, and table {table} has rows; \
                         load into a new database or schema"
                    ),
                ));
            }
        }
        let indexes: Vec<(String, String)> = tx
            .query(SECONDARY_INDEXES, &[&TABLES])
            .ctx("listing the secondary indexes")?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut setup = format!(
            "SET LOCAL maintenance_work_mem = '256MB'; TRUNCATE {};",
            TABLES.join(", ")
        );
        for (name, _) in &indexes {
            setup.push_str(&format!(" DROP INDEX {};", crate::quote_ident(name)));
        }
        tx.batch_execute(&setup)
            .ctx("preparing the tables for the bulk load")?;
        let mut load = BulkLoad { tx };
        let out = fill(&mut load)?;
        let mut tx = load.tx;
        for (name, def) in &indexes {
            tx.batch_execute(def)
                .ctx(&format!("building index {name} after the bulk load"))?;
        }
        tx.batch_execute(crate::ADVANCE_SEQUENCES)
            .ctx("moving the id sequences past the loaded ids")?;
        tx.batch_execute(&format!("ANALYZE {}", TABLES.join(", ")))
            .ctx("analyzing the loaded tables")?;
        tx.commit().ctx("committing the bulk load")?;
        Ok(out)
    }
}
