//! Real crashes: a child process (this test binary re-run with `CRASH_ENV` set, so that
//! only [`child_writes_until_stopped`] does something) makes durable service calls and
//! prints `ACK <kind> <k>` after each one returns; it then aborts (`std::process::abort`:
//! redb's in-process state and buffers are lost, and so is every commit not yet
//! checkpointed into the database file) or is killed by the parent at a random point. The
//! parent reopens the file and finds every acknowledged call, a sound store and an intact
//! audit chain.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use campaign_ops_core::model::{Actor, Objective, Platform};
use campaign_ops_core::service::{CampaignPlanning, NewCampaign};
use campaign_ops_core::{CampaignOps, FixedClock, Store};
use campaign_ops_store::RedbStore;
use chrono::{NaiveDate, TimeZone, Utc};

use crate::support::temp_db;

const CRASH_ENV: &str = "CAMPAIGN_OPS_STORE_TEST_CRASH";

fn campaign_name(k: u32) -> String {
    format!("Crash {k}")
}

/// The child's side (a no-op in a normal run): `CRASH_ENV` = `<db path>|<abort after n
/// calls, 0 for never>`.
#[test]
fn child_writes_until_stopped() {
    let Ok(spec) = std::env::var(CRASH_ENV) else {
        return;
    };
    let (path, abort_after) = spec.rsplit_once('|').expect("path|n");
    let abort_after: u32 = abort_after.parse().expect("a count");
    let store = RedbStore::open(path).expect("child opens the database");
    let ops = CampaignOps::new(
        store.clone(),
        FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
    );
    let alice = Actor::new("alice").unwrap();
    let mut calls = 0;
    for k in 0..2000u32 {
        let mut new = NewCampaign::new(
            campaign_name(k),
            "Acme",
            Objective::LeadGeneration,
            vec![Platform::LinkedIn],
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            "Europe/Berlin",
        );
        new.activate = true;
        let id = ops.create_campaign(&alice, new).unwrap().id;
        println!("ACK campaign {k}");
        calls += 1;
        // Every fourth campaign also planned: a transaction of a few hundred changes.
        if k % 4 == 0 {
            ops.plan_campaign(&alice, id, &CampaignPlanning::new("Launch", 14))
                .unwrap();
            println!("ACK plan {k}");
            calls += 1;
        }
        if calls >= abort_after && abort_after > 0 {
            std::process::abort();
        }
    }
}

/// What a child acknowledged: (campaigns, planned campaigns).
#[derive(Debug, Default)]
struct Acked {
    campaigns: Vec<u32>,
    plans: Vec<u32>,
}

impl Acked {
    fn take(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        if words.next() != Some("ACK") {
            return;
        }
        let (kind, k) = (words.next(), words.next().and_then(|k| k.parse().ok()));
        match (kind, k) {
            (Some("campaign"), Some(k)) => self.campaigns.push(k),
            (Some("plan"), Some(k)) => self.plans.push(k),
            _ => panic!("bad line {line:?}"),
        }
    }

    fn calls(&self) -> usize {
        self.campaigns.len() + self.plans.len()
    }
}

/// Runs the child on `path`; `stop_after` acks read, the parent kills it (`None`: the
/// child aborts by itself after `abort_after` calls). Returns every ack it printed.
fn run_child(path: &std::path::Path, abort_after: u32, stop_after: Option<usize>) -> Acked {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crash::child_writes_until_stopped",
            "--nocapture",
        ])
        .env(CRASH_ENV, format!("{}|{abort_after}", path.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut acked = Acked::default();
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        acked.take(&line);
        line.clear();
        if stop_after.is_some_and(|n| acked.calls() >= n) {
            child.kill().unwrap();
            break;
        }
    }
    // Acks printed before the kill are still in the pipe: they count.
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    rest.lines().for_each(|l| acked.take(l));
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was meant to crash: {status}");
    acked
}

/// Every acknowledged call is in the reopened store, which is sound; returns the store.
fn check_acked(path: &std::path::Path, acked: &Acked) -> RedbStore {
    let store = RedbStore::open(path).expect("reopen after the crash");
    store
        .read(|tx| {
            for &k in &acked.campaigns {
                assert!(
                    tx.campaign_id_by_name(&campaign_name(k))?.is_some(),
                    "acked campaign {k} lost"
                );
            }
            for &k in &acked.plans {
                let id = tx.campaign_id_by_name(&campaign_name(k))?.unwrap();
                assert!(
                    !tx.plans_for_campaign(id)?.is_empty(),
                    "acked plan {k} lost"
                );
            }
            Ok(())
        })
        .unwrap();
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
    store
}

#[test]
fn an_abort_after_acknowledged_commits_loses_none_of_them() {
    let (_dir, path) = temp_db();
    let acked = run_child(&path, 30, None);
    assert_eq!(acked.calls(), 30);
    let store = check_acked(&path, &acked);
    // They came back through the log (each call one transaction, none checkpointed at the
    // default limits): the database file had none of them.
    assert!(store.log_status().unwrap().replayed_at_open >= 30);
    let chain = CampaignOps::new(store, FixedClock::new(Utc::now()))
        .verify_audit_chain()
        .unwrap();
    assert!(chain.is_intact(), "{chain:?}");
    assert!(chain.entries >= 30, "{chain:?}");
}

/// A small deterministic generator (no `rand` here): xorshift seeded by the clock, printed
/// so a failing run can be told apart.
fn random_points(n: usize) -> Vec<usize> {
    let mut x = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("kill points seeded with {x}");
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            3 + (x % 40) as usize
        })
        .collect()
}

#[test]
fn kills_at_random_points_lose_no_acknowledged_commit() {
    let (_dir, path) = temp_db();
    let mut all = Acked::default();
    // Three kills, each on a file of its own (the child's names start at `Crash 0`).
    for (round, stop) in random_points(3).into_iter().enumerate() {
        let file = path.with_file_name(format!("round{round}.redb"));
        let acked = run_child(&file, 0, Some(stop));
        assert!(acked.calls() >= stop);
        let store = check_acked(&file, &acked);
        // No checkpoint at the default limits in so few calls: all came from the log.
        let log = store.log_status().unwrap();
        assert!(log.replayed_at_open as usize >= acked.calls(), "{log:?}");
        all.campaigns.extend(acked.campaigns);
    }
    assert!(!all.campaigns.is_empty());
}
