//! One process at a time: a file held open by another process gives `StorageError::InUse`.
//!
//! The other process is this test binary itself, re-run with `HOLD_ENV` set so that only
//! [`child_holds_the_database`] does something: it opens the file, says `READY` and keeps the
//! file open until its stdin closes.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use campaign_ops_core::{Error, StorageError, Store};
use campaign_ops_store::RedbStore;

use crate::support::temp_db;

const HOLD_ENV: &str = "CAMPAIGN_OPS_STORE_TEST_HOLD";

/// The child's side; a no-op in a normal test run.
#[test]
fn child_holds_the_database() {
    let Some(path) = std::env::var_os(HOLD_ENV) else {
        return;
    };
    let _store = RedbStore::open(&path).expect("child opens the database");
    println!("READY");
    // Hold the file until the parent closes our stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

#[test]
fn second_process_gets_in_use() {
    let (_dir, path) = temp_db();
    RedbStore::open(&path).unwrap(); // create, then close
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "process::child_holds_the_database",
            "--nocapture",
        ])
        .env(HOLD_ENV, &path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let ready = stdout
        .by_ref()
        .lines()
        .map_while(Result::ok)
        .any(|line| line.trim() == "READY");
    assert!(ready, "child did not open the database");

    let err = RedbStore::open(&path).unwrap_err();
    let shown = path.display().to_string();
    assert_eq!(
        err,
        Error::Storage(StorageError::InUse {
            path: shown.clone()
        })
    );
    assert_eq!(
        err.to_string(),
        format!("database is in use by another process: {shown}")
    );

    drop(child.stdin.take()); // let the child exit
    // Keep reading: the child's test harness still prints its summary.
    stdout.read_to_end(&mut Vec::new()).unwrap();
    assert!(child.wait().unwrap().success(), "child failed");
    let store = RedbStore::open(&path).expect("free again once the child exited");
    store
        .write(|tx| tx.next_id(campaign_ops_core::Sequence::Task))
        .unwrap();
}

/// Within one process redb also refuses a second open of the same file; the store reports
/// it the same way (share one `RedbStore` instead).
#[test]
fn second_open_in_one_process_gets_in_use() {
    let (_dir, path) = temp_db();
    let _first = RedbStore::open(&path).unwrap();
    let err = RedbStore::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::Storage(StorageError::InUse { .. })),
        "{err:?}"
    );
}
