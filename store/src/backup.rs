//! A consistent copy of the database taken through the open store, so it works while the
//! server runs: redb lets one process hold the file, so no other process may copy it, and
//! copying its bytes behind redb's back could catch a commit half-written. Instead one read
//! transaction (a snapshot; writers go on meanwhile) is copied, table by table, into a new
//! file, which is then renamed into place, so the target is never a partial copy.

use std::path::{Path, PathBuf};

use campaign_ops_core::{Error, Result};
use redb::{Database, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition};

use crate::RedbStore;
use crate::error::Context;
use crate::layout::{INDEX, META, RECORDS};

/// What [`RedbStore::backup_to`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The copy.
    pub path: PathBuf,
    /// Rows copied: meta values, records and index entries.
    pub rows: u64,
    /// The copy's size in bytes.
    pub bytes: u64,
}

/// Copies every row of `def` from the snapshot into `out`.
fn copy<K: redb::Key + 'static, V: redb::Value + 'static>(
    snapshot: &ReadTransaction,
    out: &redb::WriteTransaction,
    def: TableDefinition<'static, K, V>,
) -> Result<u64>
where
    for<'a> K::SelfType<'a>: std::borrow::Borrow<K::SelfType<'a>>,
    for<'a> V::SelfType<'a>: std::borrow::Borrow<V::SelfType<'a>>,
{
    let source = match snapshot.open_table(def) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
        Err(e) => return Err(e).ctx("opening a table to back up"),
    };
    let mut target = out.open_table(def).ctx("creating a table in the backup")?;
    let mut rows = 0;
    for entry in source.iter().ctx("reading for the backup")? {
        let (k, v) = entry.ctx("reading for the backup")?;
        target
            .insert(k.value(), v.value())
            .ctx("writing the backup")?;
        rows += 1;
    }
    Ok(rows)
}

impl RedbStore {
    /// Writes a consistent copy of the database to `to`, a file that must not exist yet:
    /// one read snapshot copied into `<to>.partial`, synced, then renamed to `to`. Other
    /// handles keep reading and writing meanwhile; the copy holds every commit made before
    /// the snapshot and none after. Open the copy with [`RedbStore::open`] to restore it.
    ///
    /// Errors: [`Error::Validation`] on field `to` when it exists, or names the database
    /// itself; [`campaign_ops_core::StorageError::Backend`] for I/O failures (the partial
    /// file is removed).
    pub fn backup_to(&self, to: impl AsRef<Path>) -> Result<BackupSummary> {
        let to = to.as_ref();
        if to.exists() {
            return Err(Error::validation(
                "to",
                format!("{} exists: back up to a new file", to.display()),
            ));
        }
        if let (Some(own), Some(parent)) = (self.path(), to.parent()) {
            let same_dir =
                parent.canonicalize().ok() == own.parent().and_then(|p| p.canonicalize().ok());
            if same_dir && to.file_name() == own.file_name() {
                return Err(Error::validation("to", "is the database itself"));
            }
        }
        let mut partial = to.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let result = self.copy_into(&partial);
        match result {
            Ok(rows) => {
                std::fs::rename(&partial, to)
                    .ctx(format_args!("renaming the backup to {}", to.display()))?;
                let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
                Ok(BackupSummary {
                    path: to.to_path_buf(),
                    rows,
                    bytes,
                })
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn copy_into(&self, partial: &Path) -> Result<u64> {
        let snapshot = self.db.begin_read().ctx("beginning the backup snapshot")?;
        // A stale partial file of a backup that died is not a backup: start over.
        let _ = std::fs::remove_file(partial);
        let out = Database::create(partial).ctx(format_args!(
            "creating the backup file {}",
            partial.display()
        ))?;
        let txn = out.begin_write().ctx("beginning the backup write")?;
        let rows = copy(&snapshot, &txn, META)?
            + copy(&snapshot, &txn, RECORDS)?
            + copy(&snapshot, &txn, INDEX)?;
        // A durable commit: the data is synced before the rename makes it the backup.
        txn.commit().ctx("committing the backup")?;
        drop(out);
        Ok(rows)
    }
}
