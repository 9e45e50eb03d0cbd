//! The schema version in `meta`, and the migrations that bring an older file up to date.
//!
//! Versions:
//! - **1**: records, sequences, the name index, the parent indexes, the audit-by-campaign
//!   index and the open-task indexes by due time (all, per campaign). Files written before
//!   `meta` existed are version 1.
//! - **2**: adds `campaigns_by_status` and `open_tasks_by_assignee_due`.
//! - **3**: adds `tasks_by_campaign_due` and `metrics_by_campaign_time` (the
//!   weekly-report range scans), and the new record tables `weekly_summaries` and
//!   `action_runs` (the daemon's run ledger), which start empty.
//! - **4**: replaces `open_tasks_by_assignee_due` (value `()`) with
//!   `open_task_briefs_by_assignee_due`, whose value is the task's brief, so an operator's
//!   queue reads no task records.
//! - **5** (current): replaces `tasks_by_campaign_due` (value `()`) with
//!   `task_briefs_by_campaign_due`, whose value is the task's brief, so a week's task counts
//!   read no task records.
//!
//! Opening a file reads the version in a read transaction; only when it is older than
//! [`CURRENT_VERSION`] does a write transaction run every pending step of [`MIGRATIONS`] and
//! stamp the new version, so the whole upgrade commits at once or not at all. A file stamped
//! with a newer version is refused before anything is written.
//!
//! To add version 3: write `fn v2_to_v3`, append it to [`MIGRATIONS`], bump
//! [`CURRENT_VERSION`], and document the layout change above and in the crate docs. A step
//! must work on the layout of the version it starts from.

use campaign_ops_core::{Error, Result, StorageError};
use redb::{
    Database, ReadTransaction, ReadableDatabase, ReadableTable, TableError, WriteTransaction,
};

use crate::brief::BriefRecord;
use crate::codec::Stored;
use crate::error::Context;
use crate::tables::{
    self, CAMPAIGNS, CAMPAIGNS_BY_STATUS, LEGACY_OPEN_TASKS_BY_ASSIGNEE,
    LEGACY_TASKS_BY_CAMPAIGN_DUE, META, METRICS, METRICS_BY_CAMPAIGN_TIME, OPEN_TASKS_BY_ASSIGNEE,
    TASKS, TASKS_BY_CAMPAIGN_DUE, assignee_key, micros, status_key,
};
use crate::write::open;

/// The schema version this build writes and reads.
pub const CURRENT_VERSION: u32 = 5;

/// Key of the schema version in the `meta` table.
pub(crate) const VERSION_KEY: &str = "schema_version";

/// One migration step, from `to - 1` to `to`.
struct Migration {
    /// Version the step produces.
    to: u32,
    /// Rewrites the file's tables inside the migrating transaction.
    run: fn(&WriteTransaction) -> Result<()>,
}

/// Every step, ascending. Step `i` migrates version `i + 1` to `i + 2`.
const MIGRATIONS: &[Migration] = &[
    Migration {
        to: 2,
        run: v1_to_v2,
    },
    Migration {
        to: 3,
        run: v2_to_v3,
    },
    Migration {
        to: 4,
        run: v3_to_v4,
    },
    Migration {
        to: 5,
        run: v4_to_v5,
    },
];

/// Brings the database to [`CURRENT_VERSION`]: stamps a new file, migrates an older one,
/// refuses a newer one.
pub(crate) fn prepare(db: &Database) -> Result<()> {
    let txn = db.begin_read().ctx("beginning a read transaction")?;
    let found = stored_version(&txn)?;
    let has_records = has_record_tables(&txn)?;
    drop(txn);
    let from = match found {
        Some(CURRENT_VERSION) => return Ok(()),
        Some(v) if v > CURRENT_VERSION => {
            return Err(Error::Storage(StorageError::SchemaTooNew {
                found: v,
                supported: CURRENT_VERSION,
            }));
        }
        Some(0) => {
            return Err(Error::Storage(StorageError::Corrupt {
                table: "meta".to_owned(),
                message: "schema version 0 does not exist".to_owned(),
            }));
        }
        Some(v) => v,
        // Records but no meta table: written before versions were stamped.
        None if has_records => 1,
        None => CURRENT_VERSION,
    };
    let txn = db.begin_write().ctx("beginning the schema transaction")?;
    for step in MIGRATIONS.iter().filter(|m| m.to > from) {
        (step.run)(&txn)?;
    }
    tables::create_all(&txn)?;
    stamp(&txn, CURRENT_VERSION)?;
    txn.commit()
        .ctx(format_args!("committing schema version {CURRENT_VERSION}"))
}

/// The version stamped in `meta`, `None` when there is none.
pub(crate) fn stored_version(txn: &ReadTransaction) -> Result<Option<u32>> {
    let table = match txn.open_table(META) {
        Ok(table) => table,
        Err(TableError::TableDoesNotExist(_)) => return Ok(None),
        Err(e) => return Err(e).ctx("opening table meta"),
    };
    let version = table.get(VERSION_KEY).ctx("reading meta")?;
    Ok(version.map(|guard| guard.value()))
}

/// Writes `version` into `meta`.
pub(crate) fn stamp(txn: &WriteTransaction, version: u32) -> Result<()> {
    let mut table = txn.open_table(META).ctx("opening table meta")?;
    table
        .insert(VERSION_KEY, version)
        .ctx("writing the schema version")?;
    Ok(())
}

/// Whether any record table exists (the file holds campaign-ops data).
fn has_record_tables(txn: &ReadTransaction) -> Result<bool> {
    let mut names = txn.list_tables().ctx("listing tables")?;
    Ok(names.any(|t| tables::RECORD_TABLES.contains(&redb::TableHandle::name(&t))))
}

/// 1 → 2: builds `campaigns_by_status` and `open_tasks_by_assignee_due` from the records.
fn v1_to_v2(txn: &WriteTransaction) -> Result<()> {
    // Start both indexes empty, so the step is correct even on a file where they exist.
    txn.delete_table(CAMPAIGNS_BY_STATUS)
        .ctx("resetting campaigns_by_status")?;
    txn.delete_table(LEGACY_OPEN_TASKS_BY_ASSIGNEE)
        .ctx("resetting open_tasks_by_assignee_due")?;

    let campaigns = open(txn, CAMPAIGNS)?;
    let mut by_status = open(txn, CAMPAIGNS_BY_STATUS)?;
    for entry in campaigns.iter().ctx("scanning campaigns")? {
        let campaign = entry.ctx("scanning campaigns")?.1.value().decode()?;
        by_status
            .insert(status_key(&campaign), ())
            .ctx("writing campaigns_by_status")?;
    }

    let tasks = open(txn, TASKS)?;
    let mut by_assignee = open(txn, LEGACY_OPEN_TASKS_BY_ASSIGNEE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        if let Some(key) = assignee_key(&task) {
            by_assignee
                .insert(key, ())
                .ctx("writing open_tasks_by_assignee_due")?;
        }
    }
    Ok(())
}

/// 2 → 3: builds `tasks_by_campaign_due` and `metrics_by_campaign_time` from the records.
/// The new record tables need no data: `create_all` creates them empty.
fn v2_to_v3(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(LEGACY_TASKS_BY_CAMPAIGN_DUE)
        .ctx("resetting tasks_by_campaign_due")?;
    txn.delete_table(METRICS_BY_CAMPAIGN_TIME)
        .ctx("resetting metrics_by_campaign_time")?;

    let tasks = open(txn, TASKS)?;
    let mut by_due = open(txn, LEGACY_TASKS_BY_CAMPAIGN_DUE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        by_due
            .insert((task.campaign_id.0, micros(task.due_at), task.id.0), ())
            .ctx("writing tasks_by_campaign_due")?;
    }

    let metrics = open(txn, METRICS)?;
    let mut by_time = open(txn, METRICS_BY_CAMPAIGN_TIME)?;
    for entry in metrics.iter().ctx("scanning metrics")? {
        let metric = entry.ctx("scanning metrics")?.1.value().decode()?;
        by_time
            .insert(
                (
                    metric.campaign_id.0,
                    micros(metric.recorded_at),
                    metric.id.0,
                ),
                (),
            )
            .ctx("writing metrics_by_campaign_time")?;
    }
    Ok(())
}

/// 3 → 4: builds `open_task_briefs_by_assignee_due` from the tasks and drops the index it
/// replaces.
fn v3_to_v4(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(LEGACY_OPEN_TASKS_BY_ASSIGNEE)
        .ctx("dropping open_tasks_by_assignee_due")?;
    txn.delete_table(OPEN_TASKS_BY_ASSIGNEE)
        .ctx("resetting open_task_briefs_by_assignee_due")?;
    let tasks = open(txn, TASKS)?;
    let mut by_assignee = open(txn, OPEN_TASKS_BY_ASSIGNEE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        if let Some(key) = assignee_key(&task) {
            by_assignee
                .insert(key, &Stored::encode(&BriefRecord::from(&task.brief()))?)
                .ctx("writing open_task_briefs_by_assignee_due")?;
        }
    }
    Ok(())
}

/// 4 → 5: builds `task_briefs_by_campaign_due` from the tasks and drops the index it
/// replaces.
fn v4_to_v5(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(LEGACY_TASKS_BY_CAMPAIGN_DUE)
        .ctx("dropping tasks_by_campaign_due")?;
    txn.delete_table(TASKS_BY_CAMPAIGN_DUE)
        .ctx("resetting task_briefs_by_campaign_due")?;
    let tasks = open(txn, TASKS)?;
    let mut by_due = open(txn, TASKS_BY_CAMPAIGN_DUE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        by_due
            .insert(
                (task.campaign_id.0, micros(task.due_at), task.id.0),
                &Stored::encode(&BriefRecord::from(&task.brief()))?,
            )
            .ctx("writing task_briefs_by_campaign_due")?;
    }
    Ok(())
}
