//! `doctor` and `backup` as library calls: a sound store is healthy; damage makes the
//! named check fail; a backup taken while another handle writes is a consistent copy that
//! opens and is healthy; the control socket serves the backup of a file another handle
//! holds.

use std::sync::atomic::{AtomicU64, Ordering};

use campaign_ops_core::model::{Actor, AuditSeq, Objective, Platform};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::{CampaignOps, CampaignQuery, Error, FixedClock, Store};
use campaign_ops_store::{
    BackupServer, RedbStore, RegisteredActions, control_socket_path, request_backup,
};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::support::temp_db;

fn registered() -> RegisteredActions {
    RegisteredActions {
        actions: vec![("CAMPAIGN_TICK".into(), true)],
        campaign_handlers: true,
    }
}

/// `n` campaigns made by the service (each with its audit entry).
fn fill(store: &RedbStore, n: u64) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let ops = CampaignOps::new(
        store.clone(),
        FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
    );
    let alice = Actor::new("alice").unwrap();
    for _ in 0..n {
        let k = NEXT.fetch_add(1, Ordering::Relaxed);
        let new = NewCampaign::new(
            format!("Camp {k}"),
            "Acme",
            Objective::LeadGeneration,
            vec![Platform::LinkedIn],
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            "Europe/Berlin",
        );
        ops.create_campaign(&alice, new).unwrap();
    }
}

#[test]
fn doctor_lists_every_check_and_names_the_broken_one() {
    let (_dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    fill(&store, 3);
    let report = store.doctor(&registered()).unwrap();
    assert!(report.is_healthy(), "{report}");
    let names: Vec<&str> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "schema version",
            "redo log",
            "registered actions",
            "action CAMPAIGN_TICK",
            "index consistency",
            "orphans",
            "counts and sequences",
            "audit chain",
            "action ledger"
        ]
    );
    let text = report.to_string();
    assert!(text.ends_with("9 checks, all ok"), "{text}");
    assert!(text.contains("ops.redb.wal: 4096 KiB"), "{text}");
    assert!(text.contains("3 entries verify"), "{text}");

    store
        .tamper_audit(AuditSeq(2), |e| e.actor = "mallory".into())
        .unwrap();
    let report = store.doctor(&registered()).unwrap();
    assert!(!report.is_healthy());
    let bad: Vec<&str> = report.problems().map(|c| c.name.as_str()).collect();
    assert_eq!(bad, ["audit chain"]);
    assert_eq!(
        report.check("audit chain").unwrap().details,
        ["audit entry 2 was edited (hash mismatch)"]
    );
    assert!(report.to_string().ends_with("1 problem"), "{report}");

    // Without the campaign handlers compiled in, the registry check fails.
    let bare = RegisteredActions::default();
    let report = store.doctor(&bare).unwrap();
    assert!(!report.check("registered actions").unwrap().ok, "{report}");
}

#[test]
fn a_backup_taken_while_another_handle_writes_is_a_consistent_healthy_copy() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    fill(&store, 20);
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || fill(&store, 40))
    };
    let to = dir.path().join("copy.redb");
    let summary = store.backup_to(&to).unwrap();
    writer.join().unwrap();
    assert!(summary.rows > 20 && summary.bytes > 0, "{summary:?}");
    assert!(!dir.path().join("copy.redb.partial").exists());

    let copy = RedbStore::open(&to).unwrap();
    let report = copy.doctor(&registered()).unwrap();
    assert!(report.is_healthy(), "{report}");
    // A snapshot: between the 20 before and the 60 after, whole campaigns with their
    // audit entries (the checker would see a half-copied transaction).
    let total = copy
        .read(|tx| tx.campaign_page(&CampaignQuery::first(1)))
        .unwrap()
        .total;
    assert!((20..=60).contains(&total), "{total}");
    let same_workspace = |s: &RedbStore| s.read(|tx| tx.workspace_id()).unwrap();
    assert_eq!(same_workspace(&copy), same_workspace(&store));

    // An existing target is refused, naming the field.
    match store.backup_to(&to) {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "to"),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn the_control_socket_serves_backups_of_a_file_held_open() {
    let (dir, path) = temp_db();
    let store = RedbStore::open(&path).unwrap();
    fill(&store, 5);
    let socket = control_socket_path(&path);
    let server = BackupServer::start(store.clone(), &socket).unwrap();
    // A second server on the same socket is refused while the first answers.
    assert!(BackupServer::start(store.clone(), &socket).is_err());

    let to = dir.path().join("served.redb");
    let summary = request_backup(&socket, &to).unwrap();
    assert!(summary.rows >= 10, "{summary:?}");
    match request_backup(&socket, &to) {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "to"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    drop(server);
    assert!(!socket.exists(), "the socket goes with the server");
    assert!(request_backup(&socket, &dir.path().join("x.redb")).is_err());
    drop(store);
    let copy = RedbStore::open(&to).unwrap();
    assert!(copy.doctor(&registered()).unwrap().is_healthy());
}
