//! Schema migrations: a v1 schema, built by the v1 migration step and holding data written
//! while it was v1, migrates to the current version on open in one transaction, keeping
//! every record, index and sequence; a migration that fails part way leaves the v1 schema
//! exactly as it was. A v3 database holding the v3 golden dump (as the previous build
//! stored it: no briefs) migrates to v4 with the brief of every open task, and a v4 step
//! that fails leaves it at v3.

use campaign_ops_core::model::*;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{
    Actor, CampaignOps, CampaignQuery, Error, FixedClock, ReadTx, Result, Sequence, StorageError,
    Store,
};
use campaign_ops_pg::dump::dump;
use campaign_ops_pg::testing::TestServer;
use campaign_ops_pg::{PgStore, SCHEMA_VERSION};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::{Value, json};

const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;
const ALL: usize = 100_000;
const TICK: &str = "CAMPAIGN_TICK";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

/// A campaign through the service on `store` (a v1 schema): its plan, calendar and tasks,
/// two completed with metrics, plus a ledger record; every kind of v1 record.
fn populate(store: &PgStore, name: &str) {
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0()));
    let alice = Actor::new("alice").unwrap();
    let mut n = NewCampaign::new(
        name,
        "Acme GmbH",
        Objective::Awareness,
        vec![Platform::LinkedIn, Platform::X],
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "Europe/Berlin",
    );
    n.activate = true;
    let c = ops.create_campaign(&alice, n).unwrap();
    let plan = ops.generate_plan(&alice, c.id, "Launch", 14).unwrap();
    ops.generate_calendar(&alice, plan.id, None).unwrap();
    let items: Vec<_> = ops
        .campaign_calendar(c.id)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    let made = ops
        .generate_tasks_from_calendar(&alice, &items, Some("ana"))
        .unwrap();
    for id in made.created.iter().take(2) {
        let mut done = Completion::default();
        done.metrics = vec![(MetricKind::Impressions, 120.0)];
        ops.mark_task_complete(&alice, *id, done).unwrap();
    }
    store
        .write(|tx| {
            tx.put_action_run(&campaign_ops_core::conformance::run(
                TICK,
                &format!("{name}-period"),
                RunStatus::Succeeded,
            ))
        })
        .unwrap();
}

/// Everything a v1 schema holds, read through the trait's v1 queries (indexes included):
/// the logical dump without users, which a v1 schema has no table for.
fn v1_view(store: &PgStore) -> Value {
    store
        .read(|tx| {
            let page = tx.campaign_page(&CampaignQuery::first(ALL))?;
            let mut campaigns = vec![];
            for c in &page.items {
                campaigns.push(campaign_view(tx, c)?);
            }
            Ok(json!({
                "workspace_id": tx.workspace_id()?,
                "campaign_page": page,
                "campaigns": campaigns,
                "planned_items_due": tx.planned_items_due(MIN, MAX, None, ALL)?,
                "runs": tx.action_runs(TICK, None, false, ALL)?,
                "open_runs": tx.open_action_runs(TICK, ALL)?,
                "audit_head": tx.audit_head()?,
                "audit": tx.audit_entries(None, ALL)?,
            }))
        })
        .unwrap()
}

fn campaign_view(tx: &dyn ReadTx, c: &Campaign) -> Result<Value> {
    let counts = tx.task_counts(c.id, MIN, MAX)?;
    Ok(json!({
        "by_name": tx.campaign_id_by_name(&c.name)?,
        "by_status": tx.campaign_ids(c.status, None, ALL)?,
        "plans": tx.plans_for_campaign(c.id)?,
        "calendar_items": tx.calendar_items(c.id, MIN, MAX, None, ALL)?,
        "tasks": tx.tasks_page(c.id, None, ALL)?,
        "open_tasks_due": tx.open_tasks_due(c.id, MIN, MAX, ALL)?,
        "queue": tx.open_task_briefs_for_assignee("ana", MIN, MAX, ALL)?,
        "task_counts": TaskStatus::ALL.map(|s| counts.get(s)),
        "metrics": tx.metrics_page(c.id, None, ALL)?,
        "metrics_recorded": tx.metrics_recorded(c.id, MIN, MAX, None, ALL)?,
        "weekly_summaries": tx.weekly_summaries(c.id, None, ALL)?,
        "audit": tx.audit_for_campaign(c.id, None, ALL)?,
    }))
}

/// A plain connection with `schema` on its search path, for what the store cannot do.
fn raw(pg: &TestServer, schema: &str) -> postgres::Client {
    let mut client = postgres::Client::connect(pg.url(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("SET search_path TO \"{schema}\""))
        .unwrap();
    client
}

fn exists(client: &mut postgres::Client, relation: &str) -> bool {
    client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&relation])
        .unwrap()
        .get(0)
}

#[test]
fn a_v1_schema_migrates_to_the_current_version_and_keeps_its_data() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    assert_eq!(
        SCHEMA_VERSION, 4,
        "a new version needs its own migration test"
    );
    let schema = pg.fresh_schema();
    let v1 = pg.store_at_version(&schema, 1).unwrap();
    assert_eq!(v1.schema_version().unwrap(), 1);
    populate(&v1, "Winter");
    populate(&v1, "Spring");
    assert!(
        v1.read(|tx| tx.users_page(None, 1)).is_err(),
        "a real v1 schema: no users table"
    );
    let before = v1_view(&v1);
    assert_eq!(before["campaign_page"]["total"], 2);

    let v2 = pg.store_in(&schema).unwrap();
    assert_eq!(v2.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(v1_view(&v2), before, "every v1 record and index as it was");
    assert!(v2.read(|tx| tx.users_page(None, 10)).unwrap().is_empty());
    let ops = CampaignOps::new(v2.clone(), FixedClock::new(t0()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // The v1 sequences go on; the new one starts at 1.
    let (campaign, user) = v2
        .write(|tx| Ok((tx.next_id(Sequence::Campaign)?, tx.next_id(Sequence::User)?)))
        .unwrap();
    assert_eq!((campaign, user), (3, 1));
    let ana = campaign_ops_core::conformance::user(user, "ana", Role::Operator);
    v2.write(|tx| tx.put_user(&ana)).unwrap();
    assert_eq!(v2.read(|tx| tx.user_by_name("ana")).unwrap(), Some(ana));
    // Opening again migrates nothing more.
    let again = pg.store_in(&schema).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_failed_migration_leaves_the_v1_schema_as_it_was() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let v1 = pg.store_at_version(&schema, 1).unwrap();
    populate(&v1, "Winter");
    let before = v1_view(&v1);
    // Something in the way of v2's second statement: its first (the user sequence) runs,
    // then the step fails.
    let mut client = raw(&pg, &schema);
    client
        .batch_execute("CREATE TABLE users (in_the_way integer)")
        .unwrap();
    let err = pg.store_in(&schema).unwrap_err();
    assert!(
        matches!(&err, Error::Storage(StorageError::Backend { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("version 2"), "{err}");
    assert_eq!(v1.schema_version().unwrap(), 1, "still stamped v1");
    assert!(
        !exists(&mut client, "seq_user"),
        "the step's first statement was rolled back with it"
    );
    assert!(!exists(&mut client, "sessions"));
    assert_eq!(v1_view(&v1), before);
    // Out of the way, the next open migrates.
    client.batch_execute("DROP TABLE users").unwrap();
    let v2 = pg.store_in(&schema).unwrap();
    assert_eq!(v2.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(v1_view(&v2), before);
}

#[test]
fn no_build_migrates_past_its_own_version() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let err = pg
        .store_at_version(&pg.fresh_schema(), SCHEMA_VERSION + 1)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "version"),
        "{err:?}"
    );
}

#[test]
fn a_v2_schema_migrates_to_v3_and_keeps_its_users() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let v2 = pg.store_at_version(&schema, 2).unwrap();
    populate(&v2, "Winter");
    let ana = campaign_ops_core::conformance::user(1, "ana", Role::Operator);
    v2.write(|tx| tx.put_user(&ana)).unwrap();
    assert!(
        v2.read(|tx| tx.action_setting("CAMPAIGN_TICK")).is_err(),
        "a real v2 schema: no action_settings table"
    );
    let before = v1_view(&v2);
    let v3 = pg.store_at_version(&schema, 3).unwrap();
    assert_eq!(v3.schema_version().unwrap(), 3);
    assert_eq!(v1_view(&v3), before, "every v2 record and index as it was");
    assert_eq!(v3.read(|tx| tx.user_by_name("ana")).unwrap(), Some(ana));
    assert_eq!(
        v3.read(|tx| tx.action_setting("CAMPAIGN_TICK")).unwrap(),
        None,
        "no row: enabled"
    );
    let off = ActionSetting {
        action: "CAMPAIGN_TICK".to_owned(),
        enabled: false,
        changed_at: t0(),
        changed_by: "ana".to_owned(),
    };
    v3.write(|tx| tx.put_action_setting(&off)).unwrap();
    assert_eq!(
        v3.read(|tx| tx.action_setting("CAMPAIGN_TICK")).unwrap(),
        Some(off)
    );
}

/// The golden dump of format version 3, written by the build that introduced schema v3.
const GOLDEN_V3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v3/dump.jsonl");

fn has_brief_column(client: &mut postgres::Client) -> bool {
    client
        .query_one(
            "SELECT count(*) FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'tasks' AND column_name = 'brief'",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

/// Every open task's stored brief is its record's brief; a closed task has none. The
/// number of open tasks.
fn assert_briefs(client: &mut postgres::Client) -> usize {
    let mut open = 0;
    for r in client
        .query("SELECT open, brief, data FROM tasks ORDER BY id", &[])
        .unwrap()
    {
        let task: OperatorTask = serde_json::from_str(r.get(2)).unwrap();
        let brief: Option<&str> = r.get(1);
        if r.get::<_, bool>(0) {
            let brief: TaskBrief =
                serde_json::from_str(brief.expect("an open task's brief")).unwrap();
            assert_eq!(brief, task.brief(), "task {}", task.id);
            open += 1;
        } else {
            assert_eq!(brief, None, "closed task {}", task.id);
        }
    }
    open
}

/// A v3 database as the previous build left it: the v1–v3 steps, then the v3 golden dump
/// loaded through a store at v3 (task rows without briefs).
fn v3_database(pg: &TestServer) -> (String, PgStore, String) {
    let golden = std::fs::read_to_string(GOLDEN_V3).expect("the v3 golden dump is committed");
    let schema = pg.fresh_schema();
    let v3 = pg.store_at_version(&schema, 3).unwrap();
    v3.load(golden.as_bytes()).unwrap();
    assert!(!has_brief_column(&mut raw(pg, &schema)), "a real v3 schema");
    (schema, v3, golden)
}

#[test]
fn a_v3_database_migrates_to_v4_with_its_open_tasks_briefs() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let (schema, v3, golden) = v3_database(&pg);
    let before = v1_view(&v3);
    assert!(
        before["campaigns"][0]["queue"].as_array().unwrap().len() > 5,
        "ana has a queue"
    );
    let v4 = pg.store_in(&schema).unwrap();
    assert_eq!(v4.schema_version().unwrap(), 4);
    assert_eq!(
        v1_view(&v4),
        before,
        "every v3 record, index and queue as it was"
    );
    let mut client = raw(&pg, &schema);
    assert!(assert_briefs(&mut client) > 5);
    let mut again = vec![];
    dump(
        &v4,
        &["CAMPAIGN_TICK", "WEEKLY_CAMPAIGN_SUMMARY"],
        &mut again,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(again).unwrap(),
        golden,
        "the same workspace"
    );
    // The queue is read from its index alone.
    client
        .batch_execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        .unwrap();
    let plan: Vec<String> = client
        .query(
            "EXPLAIN SELECT brief FROM tasks WHERE assignee = 'ana' AND open
               AND (due_us, due_ns) >= (0, 0) AND (due_us, due_ns) < (9000000000000000, 0)
             ORDER BY due_us, due_ns, id LIMIT 10",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        plan.iter()
            .any(|l| l.contains("Index Only Scan using tasks_queue")),
        "{plan:#?}"
    );
    // Writes on v4 keep the briefs: a completed task loses its brief, its follow-ups get one.
    let ops = CampaignOps::new(v4.clone(), FixedClock::new(t0()));
    let task = before["campaigns"][0]["queue"][0]["id"].as_u64().unwrap();
    ops.mark_task_complete(
        &Actor::new("alice").unwrap(),
        TaskId(task),
        Completion::default(),
    )
    .unwrap();
    let open = assert_briefs(&mut client);
    let queue = v4
        .read(|tx| tx.open_task_briefs_for_assignee("ana", MIN, MAX, ALL))
        .unwrap();
    assert_eq!(queue.len(), open, "every open task of the dump is ana's");
    assert!(queue.iter().all(|b| b.id != TaskId(task)));
}

#[test]
fn a_failed_v4_migration_leaves_the_v3_database_as_it_was() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let (schema, v3, _) = v3_database(&pg);
    let before = v1_view(&v3);
    // Something in the way of the step's second statement (the briefs' update): its first
    // (the new column) runs, then the step fails.
    let mut client = raw(&pg, &schema);
    client
        .batch_execute(
            "CREATE FUNCTION no_updates() RETURNS trigger LANGUAGE plpgsql AS
               $$ BEGIN RAISE EXCEPTION 'in the way'; END $$;
             CREATE TRIGGER in_the_way BEFORE UPDATE ON tasks
               FOR EACH ROW EXECUTE FUNCTION no_updates()",
        )
        .unwrap();
    let err = pg.store_in(&schema).unwrap_err();
    assert!(err.to_string().contains("version 4"), "{err}");
    assert_eq!(v3.schema_version().unwrap(), 3, "still stamped v3");
    assert!(
        !has_brief_column(&mut client),
        "the new column rolled back with the step"
    );
    assert_eq!(v1_view(&v3), before);
    client
        .batch_execute("DROP TRIGGER in_the_way ON tasks")
        .unwrap();
    let v4 = pg.store_in(&schema).unwrap();
    assert_eq!(v4.schema_version().unwrap(), 4);
    assert_eq!(v1_view(&v4), before);
}
