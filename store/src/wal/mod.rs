//! The redo log of a file-backed [`crate::RedbStore`]: `<db>.wal` beside the database.
//!
//! A redb durable commit rewrites every page on the paths it dirtied, scattered over the
//! file, and one `fdatasync` after ~45 scattered pages costs several times one after a
//! dozen sequential ones. So a write transaction (`RedbStore::write_once`) captures its
//! physical changes (`capture.rs`: every insert and remove on `records`, `index`, `meta`),
//! appends them as one framed entry to the log (`frame.rs`, `file.rs`), `fdatasync`s the
//! log, and only then commits redb with `Durability::None` (visible to readers at once, not
//! yet durable in the database file). An acknowledged commit is therefore in the log on
//! disk; the database file catches up at a **checkpoint** (`commit.rs`): one
//! `Durability::Immediate` redb commit, then a new log epoch. On open, `recover.rs` replays
//! the current epoch's entries before anything else and checkpoints.

mod capture;
mod commit;
mod error;
mod file;
mod frame;
mod recover;

use std::path::{Path, PathBuf};

pub(crate) use capture::{Logged, TableWrite};
pub use commit::{CheckpointLimits, LogStatus};
pub(crate) use commit::{Durable, open_file};
pub use error::WalError;
pub(crate) use frame::OpList;

/// The redo log of the database at `db`: `<db>.wal`.
pub fn log_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".wal");
    PathBuf::from(s)
}
