//! Schema migrations: a v1 schema, built by the v1 migration step and holding data written
//! while it was v1, migrates to the current version on open in one transaction, keeping
//! every record, index and sequence; a migration that fails part way leaves the v1 schema
//! exactly as it was.

use campaign_ops_core::model::*;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{
    Actor, CampaignOps, CampaignQuery, Error, FixedClock, ReadTx, Result, Sequence, StorageError,
    Store,
};
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
        SCHEMA_VERSION, 3,
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
    let v3 = pg.store_in(&schema).unwrap();
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
