//! The committed v7 fixture (`tests/fixtures/v7/workspace.redb`, written by the v7 build
//! that is today's: schema 7) opens without a migration, leaves its bytes unchanged, is
//! sound by the integrity checker, and answers every query as that build answered when it
//! wrote the file (`tests/fixtures/v7/queries.json`). A change to how records or index
//! entries are read that would misread a v7 file fails here; a future v7 -> v8 step keeps
//! the same answers as its target.

use std::collections::BTreeMap;

use campaign_ops_core::{CampaignQuery, ReadTx, Result, Store};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};
use chrono::{DateTime, Duration, TimeZone, Utc};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde_json::{Value, json};

use crate::support::{fixture, fixture_copy, raw_version};

const RECORDS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("records");
const INDEX: TableDefinition<&[u8], &[u8]> = TableDefinition::new("index");

type Table = BTreeMap<Vec<u8>, Vec<u8>>;

/// A whole bytes table, read with redb alone.
fn raw(path: &std::path::Path, def: TableDefinition<&[u8], &[u8]>) -> Table {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let table = txn.open_table(def).unwrap();
    table
        .iter()
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            (k.value().to_vec(), v.value().to_vec())
        })
        .collect()
}

/// What the v7 build's `queries` (examples/write_v7_fixture.rs, kept as
/// `fixtures/v7/generate.rs`) answered, asked again of `store`.
fn queries(store: &RedbStore) -> Result<Value> {
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let split = Utc.with_ymd_and_hms(2026, 11, 30, 9, 30, 0).unwrap();
    store.read(|tx: &dyn ReadTx| {
        let mut campaigns = vec![];
        let mut q = CampaignQuery::first(1000);
        q.status = None;
        let page = tx.campaign_page(&q)?;
        for c in &page.items {
            let id = c.id;
            let tasks = tx.tasks_page(id, None, 100_000)?;
            let by_item: Vec<_> = tasks
                .iter()
                .filter_map(|t| t.calendar_item_id)
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .map(|i| Ok((i, tx.tasks_for_calendar_item(i)?)))
                .collect::<Result<_>>()?;
            let week = split - Duration::days(7);
            campaigns.push(json!({
                "campaign": c,
                "plans": tx.plans_for_campaign(id)?,
                "calendar": tx.calendar_items(id, min, max, None, 100_000)?,
                "calendar_week": tx.calendar_items(id, week, split, None, 100_000)?,
                "tasks": tasks,
                "tasks_by_item": by_item,
                "open_due": tx.open_tasks_due(id, min, max, 100_000)?,
                "open_overdue": tx.open_tasks_due(id, min, split, 100_000)?,
                "counts": format!("{:?}", tx.task_counts(id, min, max)?),
                "counts_split": format!("{:?}", tx.task_counts_split(id, min, max, split)?),
                "counts_week": format!("{:?}", tx.task_counts(id, week, split)?),
                "metrics": tx.metrics_page(id, None, 100_000)?,
                "metrics_recorded": tx.metrics_recorded(id, min, max, None, 100_000)?,
                "audit": tx.audit_for_campaign(id, None, 100_000)?,
                "summaries": tx.weekly_summaries(id, None, 1000)?,
            }));
        }
        Ok(json!({
            "campaigns": campaigns,
            "total": page.total,
            "planned_due": tx.planned_items_due(min, max, None, 100_000)?,
            "queue_alice": tx.open_task_briefs_for_assignee("alice", min, max, 100_000)?,
            "audit": tx.audit_entries(None, 100_000)?,
            "audit_head": tx.audit_head()?,
        }))
    })
}

#[test]
fn the_v7_fixture_reads_as_its_build_wrote_it() {
    let (_dir, path) = fixture_copy("v7");
    assert_eq!(raw_version(&path), 7, "the fixture is a v7 file");
    let (records, index) = (raw(&path, RECORDS), raw(&path, INDEX));

    let store = RedbStore::open(&path).unwrap();
    // Schema 8 (the planned items' recent run) migrates it on open: the step writes the
    // merge mark in `meta` and moves no entry (checked at the end).
    assert_eq!(
        SCHEMA_VERSION, 8,
        "a new schema gets its own migration test"
    );
    assert_eq!(store.schema_version().unwrap(), 8);
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);

    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("v7", "queries.json")).unwrap())
            .unwrap();
    let campaigns = committed["campaigns"].as_array().unwrap();
    assert_eq!(campaigns.len(), 71, "every campaign of the fixture");
    assert!(
        campaigns
            .iter()
            .any(|c| !c["tasks"].as_array().unwrap().is_empty()
                && !c["metrics_recorded"].as_array().unwrap().is_empty()),
        "the fixture has a campaign with tasks and metrics"
    );
    let answers = queries(&store).unwrap();
    for (got, want) in answers["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .zip(campaigns)
    {
        assert_eq!(got, want, "campaign {}", want["campaign"]["id"]);
    }
    assert_eq!(answers, committed);
    drop(store);

    // Opening and reading wrote nothing but the v8 mark.
    assert_eq!(raw(&path, RECORDS), records, "records unchanged");
    assert_eq!(raw(&path, INDEX), index, "index unchanged");
}
