//! [`Durable`]: a file-backed store's commits through the redo log, its checkpoints, and
//! the open that recovers first.
//!
//! Order of one write: the entry is appended and `fdatasync`ed, then redb commits with
//! `Durability::None`; a failed redb commit takes the entry back out ([`super::file::Wal::undo`])
//! before the error returns. Both happen while the redb write transaction is open, so log
//! order is commit order. A checkpoint is a `Durability::Immediate` redb commit followed
//! by a new epoch; it runs when the log or the database file has grown past
//! [`CheckpointLimits`], on [`crate::RedbStore::checkpoint`], before and after a raw write
//! transaction (`Durable::raw_write`) and when the last clone of the store is dropped.
//!
//! Lock order: the redb write transaction first, then the log's mutex, everywhere; nothing
//! begins a write transaction while holding the mutex (a writer waiting on the mutex would
//! hold redb's write lock the other way round).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use campaign_ops_core::{Error, Result, StorageError};
use redb::{Database, Durability, ReadableDatabase, WriteTransaction};

use super::error::WalError;
use super::file::{Stop, Wal, sync_dir};
use super::frame::{OpList, counts, payload_parts};
use super::recover::{db_epoch, mark_epoch, recover};
use crate::error::Context;

/// When a file-backed store checkpoints by itself (set with
/// [`crate::RedbStoreBuilder::checkpoint_limits`]).
///
/// Between checkpoints redb cannot reuse the pages that non-durable commits freed (except
/// those allocated since the last durable commit), so the database file grows too: both
/// are bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckpointLimits {
    /// Checkpoint once the log's current entries take this many bytes.
    pub log_bytes: u64,
    /// Checkpoint once the database file has grown by this many bytes since the last one.
    pub db_growth_bytes: u64,
    /// Checkpoint right after a commit whose log entry is at least this big (a bulk
    /// transaction). Off by default (`u64::MAX`): measured by `cargo bench --bench ops`
    /// (one run each, same load), checkpointing after every 1,000-campaign escalation batch
    /// made the pass's disk cost (on disk minus tmpfs) 3.6 s against 0.4 s when the log
    /// absorbed the batches and a checkpoint flushed the pages they share once, for the
    /// same peak RSS of the pass (+37 MiB either way).
    pub entry_bytes: u64,
}

impl CheckpointLimits {
    /// The defaults: 16 MiB of log, 64 MiB of database growth, no entry limit. Measured by
    /// `cargo bench --bench ops` (lines 4f, 4g; 10k campaigns / 1M tasks, a loaded
    /// machine): a completion appends a 3 KiB entry and did not grow the 2 GB file, so the
    /// log limit decides, some 5,600 completions; a checkpoint after 207 completions took
    /// 45 ms (0.22 ms each), after 600 44 ms (0.07 ms each): the pages they dirty are
    /// largely shared, so a longer interval costs less per commit, and one checkpoint is
    /// well under a second of stall.
    pub const DEFAULT: CheckpointLimits = CheckpointLimits {
        log_bytes: 16 << 20,
        db_growth_bytes: 64 << 20,
        entry_bytes: u64::MAX,
    };

    /// Limits of `log_bytes` and `db_growth_bytes` (and the default `entry_bytes`).
    pub fn new(log_bytes: u64, db_growth_bytes: u64) -> Self {
        CheckpointLimits {
            log_bytes,
            db_growth_bytes,
            ..Self::DEFAULT
        }
    }

    /// These limits with `entry_bytes` set.
    pub fn with_entry_bytes(mut self, entry_bytes: u64) -> Self {
        self.entry_bytes = entry_bytes;
        self
    }
}

impl Default for CheckpointLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The state of a store's redo log ([`crate::RedbStore::log_status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogStatus {
    /// The log file.
    pub path: PathBuf,
    /// Its size (preallocated).
    pub file_bytes: u64,
    /// Bytes of entries not yet checkpointed.
    pub pending_bytes: u64,
    /// Entries not yet checkpointed: commits that are durable in the log only.
    pub pending_entries: u64,
    /// The current epoch (one per checkpoint).
    pub epoch: u64,
    /// Checkpoints since the store was opened.
    pub checkpoints: u64,
    /// Entries replayed when the store was opened (commits a crash had kept out of the
    /// database file).
    pub replayed_at_open: u64,
    /// The last automatic checkpoint's error, if it failed (the commits stay in the log;
    /// the next one tries again).
    pub checkpoint_error: Option<String>,
}

struct State {
    wal: Wal,
    /// The database file's size after the last checkpoint.
    db_len: u64,
    checkpoints: u64,
    checkpoint_error: Option<String>,
}

/// The redo log of an open file-backed store. Checkpoints when dropped (the last clone of
/// the store going away).
pub(crate) struct Durable {
    db: Arc<Database>,
    db_path: PathBuf,
    state: Mutex<State>,
    limits: CheckpointLimits,
    schema: u32,
    workspace: String,
    replayed: u64,
    /// Test hook: fail the next commit after its append (feature `testing`).
    #[cfg(feature = "testing")]
    pub(crate) fail_next_commit: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Durable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Durable")
            .field("db_path", &self.db_path)
            .finish_non_exhaustive()
    }
}

/// Creates a new, empty database file at `db_path` whole or not at all: redb initialises it
/// at `<name>.creating` beside it, which is synced and then renamed into place (and the
/// directory synced). A process killed half-way through redb's own initialisation would
/// otherwise leave a file at `db_path` that no later open accepts ("not a redb database").
/// A `.creating` file left by such a kill never held a commit and is replaced.
fn create_whole(db_path: &Path, builder: &redb::Builder) -> Result<()> {
    let mut name = db_path.file_name().unwrap_or_default().to_owned();
    name.push(".creating");
    let creating = db_path.with_file_name(name);
    let file = || creating.display();
    if let Err(e) = std::fs::remove_file(&creating)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return Err(e).ctx(format_args!(
            "removing the unfinished database file {}",
            file()
        ));
    }
    drop(
        builder
            .create(&creating)
            .map_err(|e| crate::error::open_error(&creating, e))?,
    );
    std::fs::File::open(&creating)
        .and_then(|f| f.sync_all())
        .ctx(format_args!("syncing the new database file {}", file()))?;
    // A failed rename with the path now taken: another process opening the same new path
    // at the same moment put its file there.
    if let Err(e) = std::fs::rename(&creating, db_path)
        && !db_path.exists()
    {
        return Err(e).ctx(format_args!(
            "renaming into place the new database file {}",
            file()
        ));
    }
    sync_dir(db_path).ctx(format_args!(
        "syncing the directory of the new database file {}",
        db_path.display()
    ))?;
    Ok(())
}

/// The database file at `db_path` opened (created when missing) with its log: refuses a
/// log without its database, checks the schema is not newer than this build, replays the
/// log, brings the schema up to date (`prepare`), and leaves an empty log epoch.
pub(crate) fn open_file(
    db_path: &Path,
    builder: redb::Builder,
    limits: CheckpointLimits,
) -> Result<(Arc<Database>, Durable)> {
    let log = super::log_path(db_path);
    if !db_path.exists()
        && let Some(mut orphan) = Wal::open(&log)?
    {
        // A log with commits whose database is gone is refused; an idle one (its database
        // moved away after a clean close) is just left over and goes.
        let mut pending = 0;
        orphan.scan(|_, _| {
            pending += 1;
            Ok(())
        })?;
        if pending > 0 {
            return Err(WalError::LogWithoutDatabase {
                log,
                db: db_path.to_path_buf(),
            }
            .into_error("opening the redo log"));
        }
        drop(orphan);
        std::fs::remove_file(&log).map_err(|e| super::error::io(&log, "removing the idle", e))?;
    }
    if !db_path.exists() {
        create_whole(db_path, &builder)?;
    }
    let db = builder
        .create(db_path)
        .map_err(|e| crate::error::open_error(db_path, e))?;
    let found = {
        let txn = db.begin_read().ctx("beginning a read transaction")?;
        crate::schema::stored_version(&txn)?
    };
    if let Some(v) = found
        && v > crate::SCHEMA_VERSION
    {
        return Err(Error::Storage(StorageError::SchemaTooNew {
            found: v,
            supported: crate::SCHEMA_VERSION,
        }));
    }
    let recovered = recover(&db, &log, found)?;
    crate::schema::prepare(&db)?;
    let workspace = {
        let txn = db.begin_read().ctx("beginning a read transaction")?;
        crate::meta::workspace_id(&txn)?.unwrap_or_default()
    };
    // The epoch the database has caught up with, once the replay and the migrations are in.
    let stored_epoch = db_epoch(&db)?;
    let schema = crate::SCHEMA_VERSION;
    let (wal, replayed) = match recovered {
        Some(r) => {
            let mut wal = r.wal;
            let h = wal.header();
            // A new epoch after a replay (the replay's commit was durable), and whenever the
            // header no longer describes the database (a migration, another database's
            // idle log).
            if r.replayed > 0
                || r.superseded
                || r.stop != Stop::End && r.stop != Stop::Stale
                || h.schema != schema
                || h.workspace != workspace
            {
                wal.reset(schema, &workspace, u64::MAX)?;
            }
            (wal, r.replayed)
        }
        // A new log continues the epoch the database has reached (a log that started
        // lower would have its entries taken for ones the database already holds).
        None => {
            let epoch = stored_epoch.unwrap_or(1);
            (Wal::create_at(&log, schema, &workspace, epoch)?, 0)
        }
    };
    // The database records the epoch its log is in, so that a later open replays this
    // log's entries onto it and onto nothing else (`recover`).
    let epoch = wal.header().epoch;
    if stored_epoch != Some(epoch) {
        let mut txn = db.begin_write().ctx("beginning the log epoch's commit")?;
        txn.set_durability(Durability::Immediate)
            .ctx("making the log epoch durable")?;
        mark_epoch(&txn, epoch)?;
        txn.commit().ctx("committing the log epoch")?;
    }
    let db = Arc::new(db);
    let durable = Durable {
        db: db.clone(),
        state: Mutex::new(State {
            wal,
            db_len: file_len(db_path),
            checkpoints: 0,
            checkpoint_error: None,
        }),
        db_path: db_path.to_path_buf(),
        limits,
        schema,
        workspace,
        replayed,
        #[cfg(feature = "testing")]
        fail_next_commit: std::sync::atomic::AtomicBool::new(false),
    };
    Ok((db, durable))
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

impl Durable {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock happened between whole log operations (each one
        // leaves the file consistent), so the state is still usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Commits `txn` (durability `None`, set by the caller) after appending `ops` to the
    /// log; checkpoints afterwards when a limit is passed.
    pub(crate) fn commit(&self, txn: WriteTransaction, ops: &[OpList; 3]) -> Result<()> {
        if ops.iter().all(|t| t.count == 0) {
            // Nothing changed: nothing to make durable.
            return txn.commit().ctx("committing a write transaction");
        }
        let counts = counts(ops);
        let mut st = self.lock();
        let appended = match st.wal.append(&payload_parts(ops, &counts)) {
            Ok(a) => a,
            Err(e) => {
                let _ = txn.abort();
                return Err(e);
            }
        };
        let committed = self.redb_commit(txn);
        if let Err(e) = committed {
            st.wal
                .undo(appended)
                .map_err(|w| w.into_error("taking back a failed commit"))?;
            return Err(e);
        }
        let due = appended.len >= self.limits.entry_bytes
            || st.wal.used() >= self.limits.log_bytes
            || file_len(&self.db_path).saturating_sub(st.db_len) >= self.limits.db_growth_bytes;
        drop(st);
        if due {
            // The commit is durable in the log whatever happens here: a failed checkpoint
            // is kept for `log_status` and tried again at the next commit.
            if let Err(e) = self.checkpoint() {
                self.lock().checkpoint_error = Some(e.to_string());
            }
        }
        Ok(())
    }

    fn redb_commit(&self, txn: WriteTransaction) -> Result<()> {
        #[cfg(feature = "testing")]
        if self
            .fail_next_commit
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            let _ = txn.abort();
            return Err(StorageError::backend("injected commit failure (test hook)").into());
        }
        txn.commit().ctx("committing a write transaction")
    }

    /// A `Durability::Immediate` redb commit (the database file then holds every commit),
    /// then a new log epoch.
    pub(crate) fn checkpoint(&self) -> Result<()> {
        let mut txn = self.db.begin_write().ctx("beginning a checkpoint")?;
        txn.set_durability(Durability::Immediate)
            .ctx("making a checkpoint durable")?;
        let mut st = self.lock();
        if st.wal.entries() == 0 {
            // Every commit since the last epoch changed nothing: nothing to flush.
            drop(txn);
            return Ok(());
        }
        // The database first, then the log: a crash between leaves a log whose entries
        // the database records as held (dropped at the next open, not replayed).
        mark_epoch(&txn, st.wal.header().epoch + 1)?;
        txn.commit().ctx("committing a checkpoint")?;
        self.new_epoch(&mut st)
    }

    /// The log size a checkpoint cuts a grown log back to: room for the log limit.
    fn keep(&self) -> u64 {
        self.limits
            .log_bytes
            .saturating_add(2 * super::file::CHUNK)
            .div_ceil(super::file::CHUNK)
            .saturating_mul(super::file::CHUNK)
    }

    fn new_epoch(&self, st: &mut State) -> Result<()> {
        st.wal.reset(self.schema, &self.workspace, self.keep())?;
        st.db_len = file_len(&self.db_path);
        st.checkpoints += 1;
        st.checkpoint_error = None;
        Ok(())
    }

    /// Runs `f` in a raw write transaction (one that writes redb tables without the log:
    /// test hooks) and commits it durably: a checkpoint first, so the log holds nothing
    /// the raw commit could be replayed over, and a new epoch after.
    pub(crate) fn raw_write<R>(&self, f: impl FnOnce(&WriteTransaction) -> Result<R>) -> Result<R> {
        self.checkpoint()?;
        let mut txn = self.db.begin_write().ctx("beginning a write transaction")?;
        txn.set_durability(Durability::Immediate)
            .ctx("making a write durable")?;
        let out = f(&txn)?;
        let mut st = self.lock();
        mark_epoch(&txn, st.wal.header().epoch + 1)?;
        txn.commit().ctx("committing")?;
        self.new_epoch(&mut st)?;
        Ok(out)
    }

    /// The log's state.
    pub(crate) fn status(&self) -> LogStatus {
        let st = self.lock();
        LogStatus {
            path: st.wal.path().to_path_buf(),
            file_bytes: st.wal.file_len(),
            pending_bytes: st.wal.used(),
            pending_entries: st.wal.entries(),
            epoch: st.wal.header().epoch,
            checkpoints: st.checkpoints,
            replayed_at_open: self.replayed,
            checkpoint_error: st.checkpoint_error.clone(),
        }
    }
}

impl Drop for Durable {
    fn drop(&mut self) {
        // A clean close leaves the database file complete and the log empty; if this
        // fails, the next open replays the log instead.
        let _ = self.checkpoint();
    }
}
