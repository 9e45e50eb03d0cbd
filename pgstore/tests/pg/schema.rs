//! Schema versions: a fresh database is stamped current, reopening changes nothing, a newer
//! schema is refused with a typed error and left as it was.

use campaign_ops_core::{Error, StorageError, Store};
use campaign_ops_pg::testing::TestServer;
use campaign_ops_pg::{PgOptions, PgStore, SCHEMA_VERSION};

#[test]
fn fresh_schema_is_current_and_reopening_keeps_the_workspace() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let store = pg.store_in(&schema).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let id = store.read(|tx| tx.workspace_id()).unwrap();
    let again = pg.store_in(&schema).unwrap();
    assert_eq!(again.read(|tx| tx.workspace_id()).unwrap(), id);
}

#[test]
fn newer_schema_is_refused() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let store = pg.store_in(&schema).unwrap();
    let newer = SCHEMA_VERSION + 1;
    store.tamper_schema_version(newer).unwrap();
    let err = pg.store_in(&schema).unwrap_err();
    assert_eq!(
        err,
        Error::Storage(StorageError::SchemaTooNew {
            found: newer,
            supported: SCHEMA_VERSION
        })
    );
    assert!(err.to_string().contains("upgrade campaign-ops"), "{err}");
    assert_eq!(store.schema_version().unwrap(), newer, "left as it was");
}

/// Openers starting at once (several dashboards after a deploy) on a schema that does not
/// exist yet: all of them open (creating the PostgreSQL schema races too), one migrates.
#[test]
fn concurrent_openers_migrate_once() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    for _round in 0..5 {
        let schema = pg.fresh_schema();
        let barrier = std::sync::Barrier::new(4);
        let ids: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        pg.store_in(&schema).unwrap()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap().read(|tx| tx.workspace_id()).unwrap())
                .collect()
        });
        assert!(
            ids.windows(2).all(|w| w[0] == w[1]),
            "one workspace: {ids:?}"
        );
    }
}

#[test]
fn a_bad_url_names_the_field() {
    let err = PgStore::connect_with("postgres://[::1", PgOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "db"),
        "{err:?}"
    );
}

/// The operator queue decodes [`TaskBrief`]s straight from the stored task JSON (serde
/// skipping the other fields): every task of the golden dumps (records as earlier builds
/// stored them) must read back as the brief of the full task. A change of the task's or the
/// brief's fields that broke this would fail here.
#[test]
fn briefs_decode_from_stored_task_records() {
    use campaign_ops_core::model::{OperatorTask, TaskBrief};
    for version in ["v1", "v2"] {
        let path = format!(
            "{}/tests/fixtures/{version}/dump.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut checked = 0;
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let Some(record) = value.get("task") else {
                continue;
            };
            let stored = serde_json::to_string(record).unwrap();
            let task: OperatorTask = serde_json::from_str(&stored).unwrap();
            let brief: TaskBrief = serde_json::from_str(&stored).unwrap();
            assert_eq!(brief, task.brief(), "{path}: task {}", task.id);
            checked += 1;
        }
        assert!(checked > 50, "{path}: only {checked} tasks");
    }
}
