//! The redo log of a file store (`src/wal/`): an acknowledged commit is durable in the log
//! before the database file has it; recovery replays it (counted); a failed or aborted
//! commit logs nothing; checkpoints run at their limits, on demand, around raw writes and
//! on close; a log that does not fit its database is a typed error.
//!
//! A crash image here is a copy of the database file and its log taken while the store is
//! open: what the disk holds at that moment (the commits since the last checkpoint are in
//! the log only). `crash.rs` kills real processes.

use std::path::{Path, PathBuf};

use campaign_ops_core::conformance::campaign;
use campaign_ops_core::model::CampaignStatus;
use campaign_ops_core::{Error, Sequence, StorageError, Store};
use campaign_ops_store::wal::log_path;
use campaign_ops_store::{CheckpointLimits, RedbStore, WalError};

use crate::support::*;

/// Writes campaign `name` in one transaction (its id from the sequence).
pub fn add(store: &RedbStore, name: &str) -> u64 {
    write(store, |tx| {
        let id = tx.next_id(Sequence::Campaign)?;
        tx.put_campaign(&campaign(id, name, CampaignStatus::Active))?;
        Ok(id)
    })
}

/// Whether the store holds campaign `name`.
pub fn has(store: &RedbStore, name: &str) -> bool {
    read(store, |tx| tx.campaign_id_by_name(name)).is_some()
}

/// A copy of the database file and its log at `dir/name` (see the module docs).
fn crash_image(store: &RedbStore, dir: &Path, name: &str) -> PathBuf {
    let db = store.path().unwrap();
    let to = dir.join(name);
    std::fs::copy(&db, &to).unwrap();
    std::fs::copy(log_path(&db), log_path(&to)).unwrap();
    to
}

fn pending(store: &RedbStore) -> u64 {
    store.log_status().unwrap().pending_entries
}

#[test]
fn an_acked_commit_is_in_the_log_before_the_database_file_has_it() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Checkpointed");
    store.checkpoint().unwrap();
    assert_eq!(pending(&store), 0);
    for k in 0..5 {
        add(&store, &format!("Logged {k}"));
    }
    assert_eq!(pending(&store), 5);
    let image = crash_image(&store, dir.path(), "image.redb");

    // The database file alone lacks the logged commits: they are durable in the log only.
    let alone = dir.path().join("alone.redb");
    std::fs::copy(&image, &alone).unwrap();
    let without = RedbStore::open(&alone).unwrap();
    assert!(has(&without, "Checkpointed"));
    assert!(!has(&without, "Logged 0"));
    drop(without);

    let recovered = RedbStore::open(&image).unwrap();
    let status = recovered.log_status().unwrap();
    assert_eq!((status.replayed_at_open, status.pending_entries), (5, 0));
    for k in 0..5 {
        assert!(has(&recovered, &format!("Logged {k}")), "Logged {k}");
    }
    assert!(recovered.verify().unwrap().is_sound());
    // The sequence went on from the replayed ids.
    assert_eq!(add(&recovered, "After"), 7);
    drop(recovered);
    // The replay was made durable: a second open replays nothing.
    let again = RedbStore::open(&image).unwrap();
    assert_eq!(again.log_status().unwrap().replayed_at_open, 0);
    assert!(has(&again, "Logged 4") && has(&again, "After"));
}

#[test]
fn a_failed_commit_leaves_no_entry_and_changes_nothing() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Before");
    let before = pending(&store);
    assert!(store.fail_next_commit());
    let err = store
        .write(|tx| {
            let id = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(id, "Failed", CampaignStatus::Active))
        })
        .unwrap_err();
    assert!(err.to_string().contains("injected commit failure"), "{err}");
    assert_eq!(pending(&store), before);
    assert!(!has(&store, "Failed"));
    let image = crash_image(&store, dir.path(), "image.redb");
    let recovered = RedbStore::open(&image).unwrap();
    assert_eq!(recovered.log_status().unwrap().replayed_at_open, before);
    assert!(has(&recovered, "Before") && !has(&recovered, "Failed"));
    // The store goes on: the next commit takes the undone entry's place.
    add(&store, "Next");
    assert_eq!(pending(&store), before + 1);
}

#[test]
fn an_aborted_or_empty_transaction_logs_nothing() {
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    let before = pending(&store);
    let err = store
        .write(|tx| {
            let id = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(id, "Aborted", CampaignStatus::Active))?;
            Err::<(), _>(Error::validation("name", "refused after the write"))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    write(&store, |tx| tx.campaign_id_by_name("nobody"));
    assert_eq!(pending(&store), before);
    assert!(!has(&store, "Aborted"));
}

#[test]
fn the_log_limit_triggers_checkpoints_and_keeps_the_log_small() {
    let (dir, path) = temp_db();
    let limits = CheckpointLimits::new(4096, u64::MAX);
    let store = RedbStore::builder()
        .checkpoint_limits(limits)
        .open(&path)
        .unwrap();
    for k in 0..40 {
        add(&store, &format!("C{k}"));
    }
    let status = store.log_status().unwrap();
    assert!(status.checkpoints >= 3, "{status:?}");
    assert!(status.pending_bytes < 4096, "{status:?}");
    assert_eq!(status.epoch, 1 + status.checkpoints);
    // Whatever the log holds or no longer holds, a crash image has every commit.
    let image = crash_image(&store, dir.path(), "image.redb");
    let recovered = RedbStore::open(&image).unwrap();
    assert_eq!(
        recovered.log_status().unwrap().replayed_at_open,
        status.pending_entries
    );
    assert!((0..40).all(|k| has(&recovered, &format!("C{k}"))));
}

#[test]
fn database_growth_triggers_checkpoints() {
    let (_dir, path) = temp_db();
    let store = RedbStore::builder()
        .checkpoint_limits(CheckpointLimits::new(u64::MAX, 1))
        .open(&path)
        .unwrap();
    let mut grew = 0;
    for k in 0..200 {
        let before = std::fs::metadata(&path).unwrap().len();
        write(&store, |tx| {
            for j in 0..20 {
                let id = tx.next_id(Sequence::Campaign)?;
                tx.put_campaign(&campaign(id, &format!("G{k}-{j}"), CampaignStatus::Active))?;
            }
            Ok(())
        });
        if std::fs::metadata(&path).unwrap().len() > before {
            grew += 1;
        }
    }
    let status = store.log_status().unwrap();
    assert!(grew > 0);
    assert!(status.checkpoints >= grew, "{grew} growths, {status:?}");
    // With the default limits small writes stay in the log...
    let (_dir2, path2) = temp_db();
    let relaxed = RedbStore::open(&path2).unwrap();
    add(&relaxed, "One");
    assert_eq!(relaxed.log_status().unwrap().checkpoints, 0);
    // ...and a bulk one is checkpointed at once.
    let (_dir3, path3) = temp_db();
    let bulk = RedbStore::builder()
        .checkpoint_limits(CheckpointLimits::DEFAULT.with_entry_bytes(8 << 10))
        .open(&path3)
        .unwrap();
    add(&bulk, "Small");
    assert_eq!(bulk.log_status().unwrap().checkpoints, 0);
    write(&bulk, |tx| {
        for j in 0..100 {
            let id = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(id, &format!("Bulk {j}"), CampaignStatus::Active))?;
        }
        Ok(())
    });
    let status = bulk.log_status().unwrap();
    assert_eq!((status.checkpoints, status.pending_entries), (1, 0));
}

#[test]
fn checkpoint_raw_writes_and_close_empty_the_log() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "A");
    add(&store, "B");
    store.checkpoint().unwrap();
    let status = store.log_status().unwrap();
    assert_eq!((status.pending_entries, status.checkpoints), (0, 1));
    // A checkpoint with nothing pending writes nothing.
    store.checkpoint().unwrap();
    assert_eq!(store.log_status().unwrap().checkpoints, 1);
    // The database file alone now holds both.
    let alone = dir.path().join("alone.redb");
    std::fs::copy(&path, &alone).unwrap();
    assert!(has(&RedbStore::open(&alone).unwrap(), "B"));

    // A raw write (a test hook) checkpoints what was logged and leaves the log empty.
    add(&store, "C");
    store.tamper_meta("unrelated", b"x").unwrap();
    assert_eq!(pending(&store), 0);

    add(&store, "D");
    assert_eq!(pending(&store), 1);
    drop(store);
    // Closing checkpointed: nothing to replay, and the file alone has everything.
    let reopened = RedbStore::open(&path).unwrap();
    assert_eq!(reopened.log_status().unwrap().replayed_at_open, 0);
    drop(reopened);
    std::fs::remove_file(log_path(&path)).unwrap();
    let bare = RedbStore::open(&path).unwrap();
    assert!(["A", "B", "C", "D"].iter().all(|n| has(&bare, n)));
}

#[test]
fn a_backup_holds_the_commits_that_are_still_only_in_the_log() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Logged");
    assert_eq!(pending(&store), 1);
    let to = dir.path().join("backup.redb");
    store.backup_to(&to).unwrap();
    assert!(has(&RedbStore::open(&to).unwrap(), "Logged"));
}

fn wal_error(err: &Error) -> &WalError {
    WalError::of(err).unwrap_or_else(|| panic!("not a log error: {err}"))
}

#[test]
fn a_log_without_its_database_is_refused_and_nothing_is_created() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Logged");
    let image = crash_image(&store, dir.path(), "image.redb");
    std::fs::remove_file(&image).unwrap();
    let err = RedbStore::open(&image).unwrap_err();
    assert!(
        matches!(wal_error(&err), WalError::LogWithoutDatabase { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("restore the database file"),
        "{err}"
    );
    assert!(!image.exists());

    // An idle log (its database moved away after a clean close) is no reason to refuse a
    // new database: it is replaced.
    drop(store);
    std::fs::rename(&path, dir.path().join("moved.redb")).unwrap();
    assert!(log_path(&path).exists());
    let fresh = RedbStore::open(&path).unwrap();
    assert!(!has(&fresh, "Logged"));
    assert_eq!(fresh.log_status().unwrap().replayed_at_open, 0);
}

#[test]
fn a_log_of_another_database_is_refused_with_its_commits_kept() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Logged");
    let image = crash_image(&store, dir.path(), "image.redb");
    // Another database, given the first one's pending log.
    let other = dir.path().join("other.redb");
    drop(RedbStore::open(&other).unwrap());
    std::fs::copy(log_path(&image), log_path(&other)).unwrap();
    let err = RedbStore::open(&other).unwrap_err();
    assert!(
        matches!(wal_error(&err), WalError::OtherDatabase { .. }),
        "{err}"
    );
    // The log was left as it was: beside its own database it still replays.
    std::fs::copy(log_path(&other), log_path(&image)).unwrap();
    assert!(has(&RedbStore::open(&image).unwrap(), "Logged"));
}

#[test]
fn a_damaged_or_foreign_log_header_is_a_typed_error() {
    let (_dir, path) = temp_db();
    drop(RedbStore::open(&path).unwrap());
    let log = log_path(&path);
    let mut bytes = std::fs::read(&log).unwrap();
    // Both header slots' checksums broken.
    bytes[24] ^= 1;
    bytes[512 + 24] ^= 1;
    std::fs::write(&log, &bytes).unwrap();
    let err = RedbStore::open(&path).unwrap_err();
    assert!(matches!(wal_error(&err), WalError::Garbled { .. }), "{err}");

    std::fs::write(&log, vec![7u8; 8192]).unwrap();
    let err = RedbStore::open(&path).unwrap_err();
    assert!(matches!(wal_error(&err), WalError::NotALog { .. }), "{err}");
    assert!(matches!(
        err,
        Error::Storage(StorageError::Backend {
            retryable: false,
            ..
        })
    ));
    // Moving the log away (as the message says) opens the database again.
    std::fs::remove_file(&log).unwrap();
    RedbStore::open(&path).unwrap();
}

/// Copies the database file alone (what a checkpoint left in it) to `dir/name`.
fn db_copy(store: &RedbStore, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(store.path().unwrap(), &to).unwrap();
    to
}

#[test]
fn an_older_backup_put_in_place_of_a_crashed_database_refuses_the_newer_log() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    add(&store, "Before the backup");
    store.checkpoint().unwrap();
    let backup = db_copy(&store, dir.path(), "backup.redb");
    add(&store, "After the backup");
    store.checkpoint().unwrap();
    add(&store, "Pending");
    // The crash: the newer log (its entries follow the second checkpoint) beside the older
    // backup, restored in place of the database.
    let image = crash_image(&store, dir.path(), "image.redb");
    std::fs::copy(&backup, &image).unwrap();
    let log_before = std::fs::read(log_path(&image)).unwrap();
    let err = RedbStore::open(&image).unwrap_err();
    match wal_error(&err) {
        WalError::AheadOfDatabase {
            log_epoch,
            db_epoch,
            ..
        } => assert!(log_epoch > db_epoch, "{err}"),
        other => panic!("not AheadOfDatabase: {other}"),
    }
    assert!(err.to_string().contains("move the log away"), "{err}");
    // The log was left as it was, and with it moved away the backup opens as it was.
    assert_eq!(std::fs::read(log_path(&image)).unwrap(), log_before);
    std::fs::rename(log_path(&image), dir.path().join("newer.wal")).unwrap();
    let restored = RedbStore::open(&image).unwrap();
    assert!(has(&restored, "Before the backup"));
    assert!(!has(&restored, "After the backup"));
    assert!(restored.verify().unwrap().is_sound());
}

#[test]
fn a_log_the_database_already_holds_is_dropped_not_replayed() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    let id = add(&store, "Old name");
    // The log as it was before the checkpoint, its entry putting "Old name".
    let image = crash_image(&store, dir.path(), "image.redb");
    let old_log = std::fs::read(log_path(&image)).unwrap();
    store.checkpoint().unwrap();
    write(&store, |tx| {
        tx.put_campaign(&campaign(id, "New name", CampaignStatus::Active))?;
        Ok(())
    });
    store.checkpoint().unwrap();
    // A checkpoint's database commit landed and its log reset did not: the database is
    // ahead of the log, whose entry must not put the old name back.
    std::fs::copy(store.path().unwrap(), &image).unwrap();
    std::fs::write(log_path(&image), old_log).unwrap();
    let reopened = RedbStore::open(&image).unwrap();
    assert_eq!(reopened.log_status().unwrap().replayed_at_open, 0);
    assert!(has(&reopened, "New name"));
    assert!(!has(&reopened, "Old name"));
    assert!(reopened.verify().unwrap().is_sound());
    // The log took a new epoch: new commits replay after a crash as ever.
    add(&reopened, "Later");
    let again = crash_image(&reopened, dir.path(), "again.redb");
    drop(reopened);
    let recovered = RedbStore::open(&again).unwrap();
    assert!(has(&recovered, "Later"));
}
