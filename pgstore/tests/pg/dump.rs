//! Moving a workspace: a redb workspace dumped, loaded into PostgreSQL and dumped again
//! gives the same file, with a verifying audit chain and sequences that continue, users who
//! sign in as before and no sessions; broken files and non-empty targets are refused and
//! change nothing; the golden files of every dump version load.

use campaign_ops_core::conformance;
use campaign_ops_core::model::*;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::service::{Completion, ItemEdit, NewCampaign};
use campaign_ops_core::{Actor, CampaignOps, Error, FixedClock, Store};
use campaign_ops_pg::dump::dump;
use campaign_ops_pg::testing::TestServer;
use campaign_ops_store::RedbStore;
use chrono::{NaiveDate, TimeZone, Utc};

const ACTIONS: [&str; 2] = ["CAMPAIGN_TICK", "WEEKLY_CAMPAIGN_SUMMARY"];

fn alice() -> Actor {
    Actor::new("alice").unwrap()
}

/// The password the workspace's user `ops.lead` ends with.
const LEAD_PASSWORD: &str = "second horse battery staple";

/// Dashboard users through the service, so that every `user.*` audit action is in the log:
/// `ops.lead` (admin, renamed zone, disabled and enabled again, password changed, signed in:
/// a session the dump must leave behind) and `ana` (operator).
fn add_users<S: Store>(ops: &CampaignOps<S, FixedClock>) {
    ops.add_user(
        &alice(),
        NewUser::new("Ops.Lead", Role::Operator, "first horse battery staple")
            .display_name("Olivia Lead")
            .time_zone("Europe/Berlin"),
    )
    .unwrap();
    ops.add_user(
        &alice(),
        NewUser::new("ana", Role::Operator, "ana's horse battery"),
    )
    .unwrap();
    ops.set_role(&alice(), "ops.lead", Role::Admin).unwrap();
    ops.set_user_time_zone(&alice(), "ops.lead", "America/New_York")
        .unwrap();
    ops.disable_user(&alice(), "ops.lead").unwrap();
    ops.enable_user(&alice(), "ops.lead").unwrap();
    ops.set_password(&alice(), "ops.lead", LEAD_PASSWORD)
        .unwrap();
    ops.sign_in("ops.lead", LEAD_PASSWORD).unwrap();
}

/// A redb workspace with two campaigns, plans, calendars (one item edited, one moved),
/// tasks (two completed, with metrics and follow-ups), a weekly summary, ledger records,
/// two dashboard users and a session, and the audit log of it all.
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
        if name == "Winter" {
            // The last two items: still planned (the completed tasks posted the first two).
            let (edited, moved) = (items[items.len() - 1], items[items.len() - 2]);
            let edit = ItemEdit::new("Launch week", "Launch week starts now: see what is new.");
            ops.update_calendar_item(&alice(), edited, &edit).unwrap();
            let at = ops.get_calendar_item(moved).unwrap().scheduled_at;
            ops.reschedule_calendar_item(&alice(), moved, at + chrono::Duration::hours(1))
                .unwrap();
        }
    }
    add_users(&ops);
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
    // An admin switched the weekly summary off: the switch moves with the workspace.
    ops.set_action_enabled(&alice(), ACTIONS[1], false).unwrap();
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
    assert_eq!(counts.action_settings, 1);
    assert_eq!(counts.users, 2);
    let again = dumped(&target);
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(first).unwrap(),
        "the same records, the same workspace id"
    );
    let ops = CampaignOps::new(target.clone(), FixedClock::new(Utc::now()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // Users moved with their password hashes; their sessions did not.
    let lead = ops.authenticate("ops.lead", LEAD_PASSWORD).unwrap();
    assert_eq!((lead.role, lead.disabled), (Role::Admin, false));
    let redb_lead = redb
        .read(|tx| tx.user_by_name("ops.lead"))
        .unwrap()
        .unwrap();
    assert_eq!(lead, redb_lead);
    let left_behind = redb.write(|tx| tx.delete_user_sessions(lead.id)).unwrap();
    assert_eq!(left_behind, 1, "the redb workspace had a session");
    assert_eq!(
        target.write(|tx| tx.delete_user_sessions(lead.id)).unwrap(),
        0,
        "sessions are not moved"
    );
    let added = ops
        .add_user(
            &alice(),
            NewUser::new("new.hire", Role::Viewer, "new hire's battery"),
        )
        .unwrap();
    assert_eq!(
        added.id,
        UserId(3),
        "the user sequence goes on after the loaded ids"
    );
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
    // Two users with one login name.
    let first_user = lines
        .iter()
        .position(|l| l.starts_with("{\"user\""))
        .unwrap();
    let mut twice: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    twice[first_user + 1] =
        twice[first_user + 1].replacen("\"name\":\"ana\"", "\"name\":\"ops.lead\"", 1);
    assert_ne!(
        twice[first_user + 1],
        lines[first_user + 1],
        "the second user renamed"
    );
    let err = target.load(twice.join("\n").as_bytes()).unwrap_err();
    let field_is = format!("dump line {}", first_user + 2);
    assert!(
        matches!(&err, Error::Validation { field, rule } if *field == field_is && rule.contains("unique")),
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
    // Into a store that holds nothing but a user.
    let with_user = pg.store().unwrap();
    with_user
        .write(|tx| tx.put_user(&conformance::user(1, "ana", Role::Viewer)))
        .unwrap();
    let err = with_user.load(text.as_bytes()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "db"),
        "{err:?}"
    );
    assert_eq!(
        with_user.read(|tx| tx.audit_head()).unwrap(),
        None,
        "nothing loaded"
    );
}

/// The golden dump of format version 1 (schema v1: no users), written once by the build
/// that introduced it; kept, never rewritten: this build must still load what that one
/// wrote.
const GOLDEN_V1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/dump.jsonl");
/// The golden dump of format version 2 (users added), written once by the build that
/// introduced it; kept, never rewritten.
const GOLDEN_V2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v2/dump.jsonl");

/// The golden dump of format version 3 (actions' switches added), written once by the
/// build that introduced it (`CAMPAIGN_OPS_WRITE_GOLDEN=1` writes it when missing; never
/// rewrite it).
const GOLDEN_V3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v3/dump.jsonl");

/// An older golden file, loaded and dumped again by this build, gives the same records:
/// only the header's version and the end line's counts of what the old version lacked
/// (`added`, each 0) differ.
fn assert_same_but_version(golden: &str, again: &str, version: u32, added: &[&str]) {
    let old: Vec<&str> = golden.lines().collect();
    let new: Vec<&str> = again.lines().collect();
    assert_eq!(new.len(), old.len());
    assert_eq!(
        new[0],
        old[0].replacen(
            &format!(r#""version":{version},"#),
            &format!(r#""version":{},"#, campaign_ops_pg::dump::DUMP_VERSION),
            1
        ),
        "the same workspace id"
    );
    assert_eq!(
        new[1..new.len() - 1],
        old[1..old.len() - 1],
        "every record as it was"
    );
    let end = |line: &str| serde_json::from_str::<serde_json::Value>(line).unwrap()["end"].clone();
    let mut expected = end(old[old.len() - 1]);
    for field in added {
        expected[*field] = 0.into();
    }
    assert_eq!(end(new[new.len() - 1]), expected);
}

/// Stored rows and dump lines are the records' serde JSON: a later change of a domain type
/// that would misread them (a renamed field, a changed enum key, an audit action's key)
/// fails here, on a file an earlier build wrote, through PostgreSQL's columns and back.
#[test]
fn the_v3_golden_dump_loads_and_dumps_unchanged() {
    if std::env::var_os("CAMPAIGN_OPS_WRITE_GOLDEN").is_some()
        && !std::path::Path::new(GOLDEN_V3).exists()
    {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN_V3).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN_V3, dumped(&workspace())).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN_V3).expect("the v3 golden dump is committed");
    for key in [
        "\"action_setting\"",
        "\"action.disable\"",
        "\"entity\":\"action\"",
        "\"user.create\"",
    ] {
        assert!(golden.contains(key), "the v3 golden file records {key}");
    }
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let target = pg.store().unwrap();
    let counts = target.load(golden.as_bytes()).unwrap();
    assert_eq!((counts.users, counts.action_settings), (2, 1));
    assert_eq!(String::from_utf8(dumped(&target)).unwrap(), golden);
    let ops = CampaignOps::new(target.clone(), FixedClock::new(Utc::now()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    let switch = ops
        .action_setting(ACTIONS[1])
        .unwrap()
        .expect("the switch moved");
    assert!(!switch.enabled);
    assert_eq!(ops.action_setting(ACTIONS[0]).unwrap(), None);
}

/// A version 2 file (users, no action switches) still loads: the same records, every
/// action switched on.
#[test]
fn the_v2_golden_dump_still_loads() {
    let golden = std::fs::read_to_string(GOLDEN_V2).expect("the v2 golden dump is committed");
    for key in [
        "\"calendar_item.update\"",
        "\"calendar_item.reschedule\"",
        "\"user.create\"",
        "\"user.role\"",
        "\"user.update\"",
        "\"user.disable\"",
        "\"user.enable\"",
        "\"user.password\"",
        "\"entity\":\"user\"",
    ] {
        assert!(golden.contains(key), "the v2 golden file records {key}");
    }
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let target = pg.store().unwrap();
    let counts = target.load(golden.as_bytes()).unwrap();
    assert_eq!(counts.users, 2);
    let again = String::from_utf8(dumped(&target)).unwrap();
    assert_same_but_version(&golden, &again, 2, &["action_settings"]);
    let ops = CampaignOps::new(target.clone(), FixedClock::new(Utc::now()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    let lead = ops.authenticate("ops.lead", LEAD_PASSWORD).unwrap();
    assert_eq!(lead.time_zone, chrono_tz::America::New_York);
    assert_eq!(lead.display_name, "Olivia Lead");
}

/// A version 1 file (no users, no `users` count) still loads: the same records, and a dump
/// of them is the same file but for the version in its header and the `users` count of 0.
#[test]
fn the_v1_golden_dump_still_loads() {
    let golden = std::fs::read_to_string(GOLDEN_V1).expect("the v1 golden dump is committed");
    assert!(golden.starts_with(r#"{"header":{"format":"campaign-ops-dump","version":1,"#));
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let target = pg.store().unwrap();
    let counts = target.load(golden.as_bytes()).unwrap();
    assert_eq!(counts.users, 0);
    let again = String::from_utf8(dumped(&target)).unwrap();
    assert_same_but_version(&golden, &again, 1, &["users", "action_settings"]);
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
    // Users start from id 1 on a store loaded without any.
    let ops = CampaignOps::new(target.clone(), FixedClock::new(Utc::now()));
    let first = ops
        .add_user(
            &alice(),
            NewUser::new("first", Role::Admin, "the first one's battery"),
        )
        .unwrap();
    assert_eq!(first.id, UserId(1));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

/// A user line is refused in a version 1 file (that version had none), naming the line.
#[test]
fn a_user_line_in_a_v1_file_is_refused() {
    let golden = std::fs::read_to_string(GOLDEN_V1).expect("the v1 golden dump is committed");
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let user = serde_json::json!({ "user": conformance::user(1, "ana", Role::Viewer) });
    let mut lines: Vec<String> = golden.lines().map(str::to_owned).collect();
    lines.insert(1, user.to_string());
    let target = pg.store().unwrap();
    let err = target.load(lines.join("\n").as_bytes()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, rule } if field == "dump line 2" && rule.contains("version 1")),
        "{err:?}"
    );
    assert!(
        target
            .read(|tx| tx.users_page(None, 10))
            .unwrap()
            .is_empty()
    );
}

/// An action switch line is refused in a version 2 file (that version had none), naming
/// the line.
#[test]
fn an_action_switch_line_in_a_v2_file_is_refused() {
    let golden = std::fs::read_to_string(GOLDEN_V2).expect("the v2 golden dump is committed");
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let switch = serde_json::json!({ "action_setting": ActionSetting {
        action: ACTIONS[0].to_owned(),
        enabled: false,
        changed_at: Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
        changed_by: "alice".to_owned(),
    } });
    let mut lines: Vec<String> = golden.lines().map(str::to_owned).collect();
    lines.insert(1, switch.to_string());
    let target = pg.store().unwrap();
    let err = target.load(lines.join("\n").as_bytes()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, rule } if field == "dump line 2" && rule.contains("version 2")),
        "{err:?}"
    );
    assert_eq!(
        target.read(|tx| tx.action_setting(ACTIONS[0])).unwrap(),
        None
    );
}
