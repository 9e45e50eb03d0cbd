//! Recovery on open: the current entries of the log replayed into the database in one
//! durable transaction, then a new epoch.
//!
//! Each entry is the physical redo of one commit (every key it set or removed, in order),
//! and the database holds at least every commit up to the last checkpoint, so replaying the
//! whole epoch is right whatever suffix of it the file already holds: a key's final value is
//! the last operation on it. The scan stops at the first entry that is not current (torn,
//! checksum mismatch, stale): its `fdatasync` never returned, so it was never acknowledged.
//!
//! "At least every commit up to the last checkpoint" is checked, not assumed: every durable
//! commit that ends an epoch records the next epoch in the database (`meta` `wal_epoch`), so
//! the log's epoch says which database state its entries continue. Equal: replay. The
//! database ahead (its checkpoint committed, the log's reset never landed): the entries are
//! all in the file already and are dropped. The log ahead (an older copy of the database was
//! put in its place): refused, [`WalError::AheadOfDatabase`], nothing written. A database
//! from before the log kept epochs records none and replays as before.

use std::path::Path;

use campaign_ops_core::Result;
use redb::{Database, Durability, ReadableDatabase};

use super::error::WalError;
use super::file::{Stop, Wal};
use super::frame::{Op, decode_payload};
use crate::error::Context;
use crate::layout::{INDEX, META, RECORDS};
use crate::write::open;

/// What recovery found.
#[derive(Debug)]
pub(crate) struct Recovered {
    /// The log, positioned at its (now empty) new epoch when entries were replayed.
    pub(crate) wal: Wal,
    /// Entries replayed.
    pub(crate) replayed: u64,
    /// Why the scan stopped.
    pub(crate) stop: Stop,
    /// The log's entries were already in the database (it records a later epoch): dropped
    /// unreplayed, so the log needs a new epoch before it takes commits.
    pub(crate) superseded: bool,
}

/// Opens the log at `path` (`None` when there is none) and replays its current entries into
/// `db`, whose schema version is `schema` (`None` for a database without one).
pub(crate) fn recover(
    db: &Database,
    path: &Path,
    schema: Option<u32>,
) -> Result<Option<Recovered>> {
    let Some(mut wal) = Wal::open(path)? else {
        return Ok(None);
    };
    // First pass: count (and checksum) without applying, so that a log that does not
    // belong to this database is refused before anything is written.
    let mut pending = 0u64;
    let stop = wal.scan(|_, _| {
        pending += 1;
        Ok(())
    })?;
    if pending == 0 {
        return Ok(Some(Recovered {
            wal,
            replayed: 0,
            stop,
            superseded: false,
        }));
    }
    check_owner(db, &wal, schema)?;
    let log_epoch = wal.header().epoch;
    match db_epoch(db)? {
        Some(db_epoch) if db_epoch > log_epoch => {
            return Ok(Some(Recovered {
                wal,
                replayed: 0,
                stop,
                superseded: true,
            }));
        }
        Some(db_epoch) if db_epoch < log_epoch => {
            return Err(WalError::AheadOfDatabase {
                path: wal.path().to_path_buf(),
                log_epoch,
                db_epoch,
            }
            .into_error("opening the redo log"));
        }
        _ => {}
    }
    let mut txn = db.begin_write().ctx("beginning the log replay")?;
    txn.set_durability(Durability::Immediate)
        .ctx("making the log replay durable")?;
    {
        let mut tables = (open(&txn, RECORDS)?, open(&txn, INDEX)?, open(&txn, META)?);
        let log = wal.path().to_path_buf();
        let mut replayed = 0;
        wal.scan(|seq, payload| {
            if replayed == pending {
                return Ok(());
            }
            replayed += 1;
            let bad = |detail: String| {
                WalError::BadEntry {
                    path: log.clone(),
                    seq,
                    detail,
                }
                .into_error("replaying the redo log")
            };
            for op in decode_payload(payload).map_err(bad)? {
                apply(&mut tables, op).map_err(|e| match e {
                    Applied::Redb(e) => e,
                    Applied::Utf8 => bad("a meta key is not UTF-8".to_owned()),
                })?;
            }
            Ok(())
        })?;
    }
    txn.commit().ctx("committing the log replay")?;
    Ok(Some(Recovered {
        wal,
        replayed: pending,
        stop,
        superseded: false,
    }))
}

/// The epoch the database file has caught up with (`None`: it records none yet).
pub(crate) fn db_epoch(db: &Database) -> Result<Option<u64>> {
    let txn = db.begin_read().ctx("beginning a read transaction")?;
    crate::meta::get_u64(&txn, crate::meta::WAL_EPOCH)
}

/// Records in `txn` (a durable commit that ends an epoch) that the database file holds
/// every entry of the epochs before `epoch`.
pub(crate) fn mark_epoch(txn: &redb::WriteTransaction, epoch: u64) -> Result<()> {
    let mut meta = open(txn, META)?;
    crate::meta::put_u64(&mut meta, crate::meta::WAL_EPOCH, epoch)
}

type Open<'t> = (
    redb::Table<'t, &'static [u8], &'static [u8]>,
    redb::Table<'t, &'static [u8], &'static [u8]>,
    redb::Table<'t, &'static str, &'static [u8]>,
);

enum Applied {
    Redb(campaign_ops_core::Error),
    Utf8,
}

fn apply(t: &mut Open<'_>, op: Op<'_>) -> std::result::Result<(), Applied> {
    let what = "replaying the redo log";
    let done = match (op.table, op.value) {
        (0, Some(v)) => t.0.insert(op.key, v).map(drop),
        (0, None) => t.0.remove(op.key).map(drop),
        (1, Some(v)) => t.1.insert(op.key, v).map(drop),
        (1, None) => t.1.remove(op.key).map(drop),
        (_, value) => {
            let key = std::str::from_utf8(op.key).map_err(|_| Applied::Utf8)?;
            match value {
                Some(v) => t.2.insert(key, v).map(drop),
                None => t.2.remove(key).map(drop),
            }
        }
    };
    done.ctx(what).map_err(Applied::Redb)
}

/// Refuses a log whose pending entries were written for another database or schema.
fn check_owner(db: &Database, wal: &Wal, schema: Option<u32>) -> Result<()> {
    let h = wal.header();
    let path = wal.path().to_path_buf();
    // A database without a version has no commits a log could follow.
    let db_schema = schema.unwrap_or(0);
    if db_schema != h.schema {
        return Err(WalError::SchemaMismatch {
            path,
            log_schema: h.schema,
            db_schema,
        }
        .into_error("opening the redo log"));
    }
    let txn = db.begin_read().ctx("beginning a read transaction")?;
    if let Some(ours) = crate::meta::workspace_id(&txn)?
        && ours != h.workspace
    {
        return Err(WalError::OtherDatabase {
            path,
            log_workspace: h.workspace.clone(),
            db_workspace: ours,
        }
        .into_error("opening the redo log"));
    }
    Ok(())
}

#[cfg(test)]
#[path = "recover_tests.rs"]
mod tests;
