//! The committed v5 fixture (a file written by the v5 build) migrates to the current schema
//! with every record intact, once, and keeps working.

use campaign_ops_core::model::*;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{CampaignOps, FixedClock, Store};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::dump::*;
use crate::support::temp_db;

/// A copy of the fixture file in a temp dir (the committed file is never opened).
fn fixture_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = temp_db();
    std::fs::copy(fixture_dir().join("workspace.redb"), &path).unwrap();
    (dir, path)
}

#[test]
fn v5_fixture_migrates_with_every_record_intact() {
    let dump = fixture_dump();
    let (_dir, path) = fixture_copy();
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(SCHEMA_VERSION, 8);
    assert_eq!(store.schema_version().unwrap(), 8);
    assert_eq!(store.table_names().unwrap(), ["index", "meta", "records"]);
    assert_holds(&store, &dump, &ALL_KINDS);
    let entries = assert_chain_intact(&store);
    assert_eq!(entries as usize, dump["audit"].as_array().unwrap().len());

    // The indexes were rebuilt from the records: a few queries against the dump.
    let tasks = dump["tasks"].as_array().unwrap();
    let olga_open = tasks
        .iter()
        .filter(|t| t["assignee"] == "olga")
        .filter(|t| {
            matches!(
                t["status"].as_str(),
                Some("pending" | "in_progress" | "blocked")
            )
        })
        .count();
    store
        .read(|tx| {
            let (min, max) = (
                chrono::DateTime::<Utc>::MIN_UTC,
                chrono::DateTime::<Utc>::MAX_UTC,
            );
            let queue = tx.open_task_briefs_for_assignee("olga", min, max, 10_000)?;
            assert_eq!(queue.len(), olga_open);
            let winter = tx.campaign_id_by_name("winter LAUNCH")?.unwrap();
            let counts = tx.task_counts(winter, min, max)?;
            let of_winter = tasks
                .iter()
                .filter(|t| t["campaign_id"] == winter.0)
                .count();
            assert_eq!(counts.total() as usize, of_winter);
            assert_eq!(
                tx.campaign_ids(CampaignStatus::Archived, None, 10)?.len(),
                1
            );
            let head = tx.audit_head()?.unwrap();
            let last = dump["audit"].as_array().unwrap().last().unwrap();
            assert_eq!(head.0.0, last["seq"].as_u64().unwrap());
            assert_eq!(head.1, last["hash"].as_str().unwrap());
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_migrated_fixture_opens_again_without_migrating_and_takes_writes() {
    let dump = fixture_dump();
    let (_dir, path) = fixture_copy();
    drop(RedbStore::open(&path).unwrap());
    let len_after_first = std::fs::metadata(&path).unwrap().len();
    let store = RedbStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 8);
    assert_holds(&store, &dump, &ALL_KINDS);
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        len_after_first,
        "a second open rewrote nothing"
    );

    // New writes through the service: ids continue after the migrated sequences, the
    // audit chain links onto the migrated head.
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
    let ops = CampaignOps::new(store.clone(), clock);
    let alice = Actor::new("alice").unwrap();
    let max_campaign = dump["campaigns"].as_array().unwrap().len() as u64;
    let new = NewCampaign::new(
        "After the migration",
        "Initech",
        Objective::Awareness,
        vec![Platform::X],
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "UTC",
    );
    let created = ops.create_campaign(&alice, new).unwrap();
    assert_eq!(created.id.0, max_campaign + 1);
    let in_progress = store
        .read(|tx| {
            let a = tx.campaign_id_by_name("Winter launch")?.unwrap();
            let tasks = tx.tasks_page(a, None, 1000)?;
            Ok(tasks
                .into_iter()
                .find(|t| t.status == TaskStatus::InProgress && t.task_type == TaskType::Post)
                .unwrap())
        })
        .unwrap();
    let done = ops
        .mark_task_complete(&alice, in_progress.id, Completion::default())
        .unwrap();
    assert_eq!(done.status, TaskStatus::Completed);
    let follow_ups = store
        .read(|tx| tx.tasks_for_calendar_item(done.calendar_item_id.unwrap()))
        .unwrap();
    let max_task = max_id(&dump, "tasks");
    assert!(
        follow_ups
            .iter()
            .any(|t| Some(t.id.0) == max_task.map(|m| m + 1))
    );
    let entries = assert_chain_intact(&store);
    assert_eq!(
        entries as usize,
        dump["audit"].as_array().unwrap().len() + 2
    );
    // The migrated instructions expand back from their SOP reference.
    let post = store.read(|tx| tx.task(in_progress.id)).unwrap().unwrap();
    let want = dump["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == in_progress.id.0)
        .unwrap()["instructions"]
        .clone();
    assert_eq!(serde_json::to_value(&post.instructions).unwrap(), want);
}
