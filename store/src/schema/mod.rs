//! The schema version in `meta`, and the migrations that bring an older file up to date.
//!
//! Versions:
//! - **1**: per-kind record tables, sequences, the name index, the parent indexes, the
//!   audit-by-campaign index and the open-task indexes by due time. Files written before
//!   `meta` existed are version 1.
//! - **2**: adds `campaigns_by_status` and `open_tasks_by_assignee_due`.
//! - **3**: adds `tasks_by_campaign_due`, `metrics_by_campaign_time` and the record tables
//!   `weekly_summaries` and `action_runs`.
//! - **4**: the queue index keeps briefs (`open_task_briefs_by_assignee_due`).
//! - **5**: the every-task index keeps briefs (`task_briefs_by_campaign_due`).
//! - **6**: three tables, `meta`, `records` and `index` (see the crate docs);
//!   stored structs separate from the domain types; `meta` changes its value type from
//!   `u32` to bytes.
//! - **7**: the per-campaign search entries (index kind 4) become search blocks
//!   of 64 campaigns (index kind 19, `search.rs`); records unchanged.
//! - **8** (current): the planned-items index in two runs (`planned.rs`): `ITEM_PLANNED`
//!   for items up to the merge mark in `meta` (`planned.merged_through`), a small recent
//!   run (index kind 20) past it; the step writes the mark, every v7 entry stays where it
//!   is. Records unchanged.
//!
//! Opening a file reads the version in a read transaction; only when it is older than
//! [`CURRENT_VERSION`] does one write transaction run every pending step and stamp the new
//! version, so the whole upgrade commits at once or not at all. A file stamped with a newer
//! version is refused before anything is written.
//!
//! To add version 9: write the step in a module here, run it from [`prepare`] after
//! [`v8::v7_to_v8`] for files older than 9, bump [`CURRENT_VERSION`], and document the
//! layout change above and in the crate docs. A step must work on the layout of the
//! version it starts from, with record types frozen as that version wrote them.

mod legacy_steps;
mod v6;
mod v7;
mod v8;

use campaign_ops_core::{Error, Result, StorageError};
use redb::{
    Database, ReadTransaction, ReadableDatabase, TableError, TableHandle, WriteTransaction,
};

use crate::error::Context;
use crate::layout::{INDEX, META, RECORDS, mk};
use crate::legacy::tables as v5t;
use crate::meta;
use crate::record::corrupt;
use crate::write::open;

/// The schema version this build writes and reads.
pub const CURRENT_VERSION: u32 = 8;

/// One legacy step, from `to - 1` to `to`.
struct Step {
    to: u32,
    run: fn(&WriteTransaction) -> Result<()>,
}

/// The steps up to version 5, ascending.
const LEGACY_STEPS: [Step; 4] = [
    Step {
        to: 2,
        run: legacy_steps::v1_to_v2,
    },
    Step {
        to: 3,
        run: legacy_steps::v2_to_v3,
    },
    Step {
        to: 4,
        run: legacy_steps::v3_to_v4,
    },
    Step {
        to: 5,
        run: legacy_steps::v4_to_v5,
    },
];

/// Brings the database to [`CURRENT_VERSION`]: stamps a new file, migrates an older one,
/// refuses a newer one.
pub(crate) fn prepare(db: &Database) -> Result<()> {
    let txn = db.begin_read().ctx("beginning a read transaction")?;
    let found = stored_version(&txn)?;
    // Only a v6 `meta` has the value type the workspace id is read with.
    let has_workspace =
        found == Some(CURRENT_VERSION) && crate::meta::workspace_id(&txn)?.is_some();
    let has_old_records = {
        let mut names = txn.list_tables().ctx("listing tables")?;
        names.any(|t| v5t::RECORD_TABLES.contains(&t.name()))
    };
    drop(txn);
    let from = match found {
        Some(CURRENT_VERSION) if has_workspace => return Ok(()),
        Some(CURRENT_VERSION) => CURRENT_VERSION,
        Some(v) if v > CURRENT_VERSION => {
            return Err(Error::Storage(StorageError::SchemaTooNew {
                found: v,
                supported: CURRENT_VERSION,
            }));
        }
        Some(0) => return Err(corrupt("meta", "schema version 0 does not exist")),
        Some(v) => v,
        // Records but no meta table: written before versions were stamped.
        None if has_old_records => 1,
        None => CURRENT_VERSION,
    };
    let txn = db.begin_write().ctx("beginning the schema transaction")?;
    if from < 6 {
        for step in LEGACY_STEPS.iter().filter(|s| s.to > from) {
            (step.run)(&txn)?;
        }
        v6::v5_to_v6(&txn)?;
    }
    if from < 7 {
        v7::v6_to_v7(&txn)?;
    }
    // For files older than 8, and a new file's mark (a no-op when the mark is there).
    v8::v7_to_v8(&txn)?;
    open(&txn, RECORDS)?;
    open(&txn, INDEX)?;
    // Made once, with the file (or on its first open by a build that has workspace ids).
    if crate::meta::workspace_id(&txn)?.is_none() {
        crate::meta::make_workspace_id(&mut open(&txn, crate::layout::META)?)?;
    }
    stamp(&txn, CURRENT_VERSION)?;
    txn.commit()
        .ctx(format_args!("committing schema version {CURRENT_VERSION}"))
}

/// The version stamped in `meta`, `None` when there is none. Versions 1 to 5 kept it as a
/// `u32` value in a `meta` table of that value type; version 6 as four bytes.
pub(crate) fn stored_version(txn: &ReadTransaction) -> Result<Option<u32>> {
    match txn.open_table(META) {
        Ok(_) => meta::get_u32(txn, mk::SCHEMA_VERSION),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(TableError::TableTypeMismatch { .. }) => {
            let table = txn.open_table(v5t::META).ctx("opening table meta")?;
            let version = redb::ReadableTable::get(&table, "schema_version").ctx("reading meta")?;
            Ok(version.map(|guard| guard.value()))
        }
        Err(e) => Err(e).ctx("opening table meta"),
    }
}

/// Writes `version` into `meta`.
pub(crate) fn stamp(txn: &WriteTransaction, version: u32) -> Result<()> {
    meta::put_u32(&mut open(txn, META)?, mk::SCHEMA_VERSION, version)
}
