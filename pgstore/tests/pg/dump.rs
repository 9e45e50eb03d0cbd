//! Moving a workspace: a redb workspace dumped, loaded into PostgreSQL and dumped again
//! gives the same file, with a verifying audit chain and sequences that continue; broken
//! files and non-empty targets are refused and change nothing.

use campaign_ops_core::conformance;
use campaign_ops_core::model::*;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{Actor, CampaignOps, Error, FixedClock, Store};
use campaign_ops_pg::dump::dump;
use campaign_ops_pg::testing::TestServer;
use campaign_ops_store::RedbStore;
use chrono::{NaiveDate, TimeZone, Utc};

const ACTIONS: [&str; 2] = ["CAMPAIGN_TICK", "WEEKLY_CAMPAIGN_SUMMARY"];

fn alice() -> Actor {
    Actor::new("alice").unwrap()
}

/// A redb workspace with two campaigns, plans, calendars, tasks (two completed, with
/// metrics and follow-ups), a weekly summary, ledger records and the audit log of it all.
fn workspace() -> RedbStore {
    let store = RedbStore::in_memory().unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0));
    for name in ["Winter", "Spring"] {
        let mut n = NewCampaign::new(
            name,
            "Acme GmbH",
            Objective::Awareness,
            vec![Platform::LinkedIn, Platform::X],
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            "Europe/Berlin",
        );
        n.activate = true;
        let c = ops.create_campaign(&alice(), n).unwrap();
        let plan = ops.generate_plan(&alice(), c.id, "Launch", 21).unwrap();
        ops.generate_calendar(&alice(), plan.id, None).unwrap();
        let items: Vec<_> = ops
            .campaign_calendar(c.id)
            .unwrap()
            .iter()
            .map(|i| i.id)
            .collect();
        let made = ops
            .generate_tasks_from_calendar(&alice(), &items, Some("ana"))
            .unwrap();
        for id in made.created.iter().take(2) {
            let mut done = Completion::default();
            done.metrics = vec![(MetricKind::Impressions, 0.1 + 0.2)];
            ops.mark_task_complete(&alice(), *id, done).unwrap();
        }
        ops.generate_weekly_summary(c.id, None).unwrap();
    }
    store
        .write(|tx| {
            tx.put_action_run(&conformance::run(
                ACTIONS[0],
                "2026-11-24",
                RunStatus::Succeeded,
            ))?;
            tx.put_action_run(&conformance::run(
                ACTIONS[0],
                "2026-11-25",
                RunStatus::Running,
            ))?;
            tx.put_action_run(&conformance::run(ACTIONS[1], "2026-W48", RunStatus::Failed))
        })
        .unwrap();
    store
}

fn dumped<S: Store>(store: &S) -> Vec<u8> {
    let mut out = vec![];
    dump(store, &ACTIONS, &mut out).unwrap();
    out
}

#[test]
fn redb_to_postgres_and_back_to_the_same_dump() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let redb = workspace();
    let first = dumped(&redb);
    let target = pg.store().unwrap();
    let counts = target.load(&first[..]).unwrap();
    assert_eq!(counts.campaigns, 2);
    assert!(
        counts.tasks > 10 && counts.metrics == 4 && counts.audit > 10,
        "{counts:?}"
    );
    assert_eq!(counts.action_runs, 3);
    let again = dumped(&target);
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(first).unwrap(),
        "the same records, the same workspace id"
    );
    let ops = CampaignOps::new(target.clone(), FixedClock::new(Utc::now()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // Ids go on after the loaded ones, and new audit entries link to the loaded head.
    let head = ops.audit_head().unwrap().unwrap();
    let mut n = NewCampaign::new(
        "Summer",
        "Acme GmbH",
        Objective::Awareness,
        vec![Platform::X],
        NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
        "UTC",
    );
    n.description = "after the move".into();
    let c = ops.create_campaign(&alice(), n).unwrap();
    assert_eq!(c.id, CampaignId(3));
    assert_eq!(ops.audit_head().unwrap().unwrap().0.0, head.0.0 + 1);
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn broken_files_and_occupied_targets_are_refused_and_change_nothing() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let text = String::from_utf8(dumped(&workspace())).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let target = pg.store().unwrap();
    let empty = |s: &campaign_ops_pg::PgStore| {
        s.read(|tx| {
            Ok(tx
                .campaign_page(&campaign_ops_core::CampaignQuery::first(1))?
                .total
                == 0
                && tx.audit_head()?.is_none())
        })
        .unwrap()
    };
    // Truncated: no end line.
    let truncated = lines[..lines.len() - 1].join("\n");
    let err = target.load(truncated.as_bytes()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "dump"),
        "{err:?}"
    );
    assert!(empty(&target));
    // A tampered audit entry: its hash no longer matches.
    let audit_at = lines
        .iter()
        .position(|l| l.starts_with("{\"audit\""))
        .unwrap();
    let mut tampered: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    tampered[audit_at] = tampered[audit_at].replacen("\"alice\"", "\"mallory\"", 1);
    let err = target.load(tampered.join("\n").as_bytes()).unwrap_err();
    let field_is = format!("dump line {}", audit_at + 1);
    assert!(
        matches!(&err, Error::Validation { field, rule } if *field == field_is && rule.contains("hash")),
        "{err:?}"
    );
    assert!(empty(&target));
    // Not a dump at all.
    let err = target.load(&b"{\"campaign\":{}}\n"[..]).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "dump line 1"),
        "{err:?}"
    );
    // Into a store that holds data.
    target.load(text.as_bytes()).unwrap();
    let before = dumped(&target);
    let err = target.load(text.as_bytes()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "db"),
        "{err:?}"
    );
    assert_eq!(dumped(&target), before, "nothing changed");
}

/// The golden dump, written once by the build that introduced schema v1 and the dump
/// format (`CAMPAIGN_OPS_WRITE_GOLDEN=1` writes it when missing; never rewrite it).
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/dump.jsonl");

/// Stored rows and dump lines are the records' serde JSON: a later change of a domain type
/// that would misread them (a renamed field, a changed enum key) fails here, on a file an
/// earlier build wrote, through PostgreSQL's columns and back.
#[test]
fn the_golden_dump_loads_and_dumps_unchanged() {
    if std::env::var_os("CAMPAIGN_OPS_WRITE_GOLDEN").is_some()
        && !std::path::Path::new(GOLDEN).exists()
    {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN, dumped(&workspace())).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("the golden dump is committed");
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let target = pg.store().unwrap();
    target.load(golden.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(dumped(&target)).unwrap(), golden);
    // And the same file into redb's records: what either store wrote reads the same.
    let (plans, audit) = target
        .read(|tx| {
            Ok((
                tx.plans_for_campaign(CampaignId(1))?.len(),
                tx.audit_entries(None, 10_000)?.len(),
            ))
        })
        .unwrap();
    assert_eq!(plans, 1);
    assert!(audit > 10);
}
