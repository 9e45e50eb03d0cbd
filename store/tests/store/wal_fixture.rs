//! The committed redo-log fixture (`tests/fixtures/wal1/`, written by the build of log
//! format 1, schema 7, with `fixtures/wal1/generate.rs`): a database file and the log of
//! the commits a crash kept out of it. Today's build must replay that log as that build
//! did — the same entries, the same answers and the same raw tables (`expected.json`) —
//! so a change to the log format that would misread old logs fails here.

use campaign_ops_core::{CampaignQuery, ReadTx, Store};
use campaign_ops_store::RedbStore;
use campaign_ops_store::wal::log_path;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde_json::{Value, json};

use crate::support::{fixture, temp_db};

#[path = "../fixtures/wal1/generate.rs"]
mod generate;

const WRITE_ENV: &str = "CAMPAIGN_OPS_WRITE_WAL_FIXTURE";

/// FNV-1a over every key and value of a bytes table, in order, with their lengths.
fn digest<'a>(rows: impl Iterator<Item = (&'a [u8], &'a [u8])>) -> (u64, String) {
    let (mut n, mut h) = (0u64, 0xcbf2_9ce4_8422_2325u64);
    let mut eat = |b: &[u8]| {
        for &x in (b.len() as u64).to_le_bytes().iter().chain(b) {
            h = (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (k, v) in rows {
        eat(k);
        eat(v);
        n += 1;
    }
    (n, format!("{h:016x}"))
}

/// The raw tables of a closed database file, read with redb alone: rows and digest each.
/// `meta` as the schema-7 build that wrote the fixture left it: this build's open runs the
/// v7 -> v8 step, which stamps 8 and adds the planned items' merge mark; those two rows are
/// checked on their own (`v8_rows`) and seen here as v7 had them.
fn raw_tables(path: &std::path::Path) -> Value {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let mut out = json!({});
    for name in ["records", "index"] {
        let t = txn
            .open_table(TableDefinition::<&[u8], &[u8]>::new(name))
            .unwrap();
        let rows: Vec<(Vec<u8>, Vec<u8>)> = t
            .iter()
            .unwrap()
            .map(|e| {
                let (k, v) = e.unwrap();
                (k.value().to_vec(), v.value().to_vec())
            })
            .collect();
        let (n, d) = digest(rows.iter().map(|(k, v)| (k.as_slice(), v.as_slice())));
        out[name] = json!({ "rows": n, "digest": d });
    }
    // `meta` without the workspace id's bytes being special: all of it.
    let t = txn
        .open_table(TableDefinition::<&str, &[u8]>::new("meta"))
        .unwrap();
    let rows: Vec<(String, Vec<u8>)> = t
        .iter()
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            (k.value().to_owned(), v.value().to_vec())
        })
        .filter(|(k, _)| k != "planned.merged_through")
        .map(|(k, v)| match k.as_str() {
            "schema_version" if v == 8u32.to_be_bytes() => (k, 7u32.to_be_bytes().to_vec()),
            _ => (k, v),
        })
        .collect();
    let (n, d) = digest(rows.iter().map(|(k, v)| (k.as_bytes(), v.as_slice())));
    out["meta"] = json!({ "rows": n, "digest": d });
    out
}

/// The two `meta` rows the v7 -> v8 step writes: the version and the merge mark, and the
/// last calendar item id handed out (the mark the step must have written).
fn v8_rows(path: &std::path::Path) -> (u32, Option<u64>, u64) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let t = txn
        .open_table(TableDefinition::<&str, &[u8]>::new("meta"))
        .unwrap();
    let u64_of = |key: &str| {
        t.get(key)
            .unwrap()
            .map(|v| u64::from_be_bytes(v.value().try_into().unwrap()))
    };
    let version = t.get("schema_version").unwrap().unwrap();
    let version = u32::from_be_bytes(version.value().try_into().unwrap());
    (
        version,
        u64_of("planned.merged_through"),
        u64_of("seq.calendar_item").unwrap_or(0),
    )
}

/// What the store answers: campaigns, plans, tasks, metrics, the audit head, a switch.
fn answers(store: &RedbStore) -> Value {
    store
        .read(|tx: &dyn ReadTx| {
            let page = tx.campaign_page(&CampaignQuery::first(10))?;
            let mut campaigns = vec![];
            for c in &page.items {
                let plans = tx.plans_for_campaign(c.id)?.len();
                let tasks = tx.tasks_page(c.id, None, 1000)?;
                let statuses: Vec<String> =
                    tasks.iter().map(|t| format!("{:?}", t.status)).collect();
                let metrics = tx.metrics_page(c.id, None, 100)?;
                campaigns.push(json!({
                    "id": c.id.0,
                    "name": c.name,
                    "status": format!("{:?}", c.status),
                    "plans": plans,
                    "tasks": statuses,
                    "metrics": metrics.iter().map(|m| m.value).collect::<Vec<_>>(),
                }));
            }
            let head = tx.audit_head()?.map(|(s, h)| json!([s.0, h]));
            let switch = tx.action_setting("CAMPAIGN_TICK")?.map(|s| s.enabled);
            Ok(json!({
                "campaigns": campaigns,
                "audit_head": head,
                "tick_enabled": switch,
            }))
        })
        .unwrap()
}

/// Answers and raw tables of the store at `path` (opened, asked, closed).
fn everything(path: &std::path::Path) -> Value {
    let store = RedbStore::open(path).unwrap();
    let mut v = answers(&store);
    v["replayed"] = store.log_status().unwrap().replayed_at_open.into();
    drop(store);
    v["tables"] = raw_tables(path);
    v
}

/// The generator (see `fixtures/wal1/generate.rs`); a no-op in a normal run.
#[test]
fn generate() {
    if std::env::var_os(WRITE_ENV).is_none() {
        return;
    }
    let dir = fixture("wal1", "");
    generate::write(&dir);
    // The raw tables after the replay, from a fresh copy.
    let (_tmp, path) = temp_db();
    std::fs::copy(dir.join("workspace.redb"), &path).unwrap();
    std::fs::copy(dir.join("workspace.redb.wal"), log_path(&path)).unwrap();
    let all = everything(&path);
    let text = serde_json::to_string_pretty(&all).unwrap();
    std::fs::write(dir.join("expected.json"), text + "\n").unwrap();
}

#[test]
fn the_committed_log_replays_as_the_build_that_wrote_it_replayed_it() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("wal1", "expected.json")).unwrap())
            .unwrap();
    let (_tmp, path) = temp_db();
    std::fs::copy(fixture("wal1", "workspace.redb"), &path).unwrap();
    std::fs::copy(fixture("wal1", "workspace.redb.wal"), log_path(&path)).unwrap();
    let replayed = expected["replayed"].as_u64().unwrap();
    assert!(replayed >= 5, "the fixture's log holds its commits");
    assert_eq!(everything(&path), expected);
    let (version, mark, last_item) = v8_rows(&path);
    assert_eq!(
        (version, mark),
        (8, Some(last_item)),
        "migrated to 8 after the replay"
    );
    // Sound after the replay.
    assert!(RedbStore::open(&path).unwrap().verify().unwrap().is_sound());

    // The database file alone holds only what was checkpointed: the log is what the
    // answers came from.
    let (_tmp2, alone) = temp_db();
    std::fs::copy(fixture("wal1", "workspace.redb"), &alone).unwrap();
    let store = RedbStore::open(&alone).unwrap();
    let names: Vec<String> = store
        .read(|tx| tx.campaign_page(&CampaignQuery::first(10)))
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Checkpointed"]);
}
