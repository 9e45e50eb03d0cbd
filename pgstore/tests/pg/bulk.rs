//! Bulk load: a workspace copied record by record through `PgStore::bulk_load` holds what
//! the write path stored (the same dump, the same indexes, briefs, sequences and a verifying
//! audit chain); a non-empty target is refused and a load that fails part way leaves the
//! target empty, with every index.

use campaign_ops_core::{CampaignOps, CampaignQuery, Error, FixedClock, Result, Sequence, Store};
use campaign_ops_pg::PgStore;
use campaign_ops_pg::dump::dump;
use campaign_ops_pg::testing::TestServer;
use chrono::{DateTime, Utc};

const GOLDEN_V1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/dump.jsonl");
const ACTIONS: [&str; 2] = ["CAMPAIGN_TICK", "WEEKLY_CAMPAIGN_SUMMARY"];
const ALL: usize = 100_000;
const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;

/// The dump of `store` without its header (the workspace id is each store's own).
fn records(store: &PgStore) -> Vec<String> {
    let mut out = vec![];
    dump(store, &ACTIONS, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// A store on the golden v1 workspace, written through the write path (`load`).
fn source(pg: &TestServer) -> PgStore {
    let store = pg.store().unwrap();
    let golden = std::fs::read_to_string(GOLDEN_V1).unwrap();
    store.load(golden.as_bytes()).unwrap();
    store
}

/// Every bulk-loadable record of `from` into `to`, a table at a time; the rows copied.
fn copy_all(from: &PgStore, to: &PgStore) -> Result<Vec<u64>> {
    from.read(|tx| {
        let campaigns = tx.campaign_page(&CampaignQuery::first(ALL))?.items;
        to.bulk_load(|bulk| {
            Ok(vec![
                bulk.copy(|w| campaigns.iter().try_for_each(|c| w.put(c)))?,
                bulk.copy(|w| {
                    for c in &campaigns {
                        tx.plans_for_campaign(c.id)?
                            .iter()
                            .try_for_each(|p| w.put(p))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    for c in &campaigns {
                        tx.calendar_items(c.id, MIN, MAX, None, ALL)?
                            .iter()
                            .try_for_each(|i| w.put(i))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    for c in &campaigns {
                        tx.tasks_page(c.id, None, ALL)?
                            .iter()
                            .try_for_each(|t| w.put(t))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    for c in &campaigns {
                        tx.metrics_page(c.id, None, ALL)?
                            .iter()
                            .try_for_each(|m| w.put(m))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    for c in &campaigns {
                        tx.weekly_summaries(c.id, None, ALL)?
                            .iter()
                            .try_for_each(|s| w.put(s))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    for action in ACTIONS {
                        tx.action_runs(action, None, false, ALL)?
                            .iter()
                            .try_for_each(|r| w.put(r))?;
                    }
                    Ok(())
                })?,
                bulk.copy(|w| {
                    tx.audit_entries(None, ALL)?
                        .iter()
                        .try_for_each(|e| w.put(e))
                })?,
            ])
        })
    })
}

/// The indexes of `store`'s tables: names and definitions (without the schema's name).
fn indexes(pg: &TestServer, store: &PgStore) -> Vec<(String, String)> {
    let schema = format!("{store:?}");
    let schema = schema
        .rsplit_once("(schema ")
        .and_then(|(_, s)| s.strip_suffix("))"))
        .unwrap()
        .to_owned();
    let mut client = postgres::Client::connect(pg.url(), postgres::NoTls).unwrap();
    client
        .query(
            "SELECT indexname::text, replace(indexdef, schemaname || '.', '')
             FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
            &[&schema],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

#[test]
fn a_bulk_load_stores_what_the_write_path_stores() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let from = source(&pg);
    let to = pg.store().unwrap();
    let counts = copy_all(&from, &to).unwrap();
    assert!(
        counts[0] == 2 && counts[3] > 20 && counts[6] == 3 && counts[7] > 10,
        "{counts:?}"
    );
    assert_eq!(
        records(&to),
        records(&from),
        "every record as the write path stored it"
    );
    assert_eq!(
        indexes(&pg, &to),
        indexes(&pg, &from),
        "every index built again"
    );
    let queue = |s: &PgStore| {
        s.read(|tx| tx.open_task_briefs_for_assignee("ana", MIN, MAX, ALL))
            .unwrap()
    };
    assert!(!queue(&from).is_empty());
    assert_eq!(queue(&to), queue(&from), "the briefs derived on COPY too");
    let ops = CampaignOps::new(to.clone(), FixedClock::new(Utc::now()));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // The sequences continue past the loaded ids.
    let next = |s: &PgStore| {
        s.write(|tx| Ok((tx.next_id(Sequence::Task)?, tx.next_id(Sequence::Campaign)?)))
            .unwrap()
    };
    assert_eq!(next(&to), next(&from));
}

#[test]
fn a_bulk_load_into_a_workspace_with_records_is_refused_and_changes_nothing() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let from = source(&pg);
    let before = records(&from);
    let err = copy_all(&from, &from).unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "workspace"),
        "{err:?}"
    );
    assert!(err.to_string().contains("campaigns has rows"), "{err}");
    assert_eq!(records(&from), before);
}

#[test]
fn a_failed_bulk_load_leaves_the_workspace_empty_with_its_indexes() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let from = source(&pg);
    let to = pg.store().unwrap();
    let fresh = indexes(&pg, &to);
    let campaigns = from
        .read(|tx| tx.campaign_page(&CampaignQuery::first(ALL)))
        .unwrap()
        .items;
    // The second copy of the same campaigns breaks their primary key.
    let err = to
        .bulk_load(|bulk| {
            bulk.copy(|w| campaigns.iter().try_for_each(|c| w.put(c)))?;
            bulk.copy(|w| campaigns.iter().try_for_each(|c| w.put(c)))
        })
        .unwrap_err();
    assert!(err.to_string().contains("campaigns"), "{err}");
    assert!(
        records(&to).iter().all(|l| l.starts_with("{\"end\"")),
        "nothing loaded"
    );
    assert_eq!(indexes(&pg, &to), fresh, "the dropped indexes are back");
    // An error of the caller's own rolls back the same way; then a whole load goes in.
    let err = to
        .bulk_load(|bulk| {
            bulk.copy(|w| campaigns.iter().try_for_each(|c| w.put(c)))?;
            Err::<(), _>(Error::validation("source", "the source ran dry"))
        })
        .unwrap_err();
    assert!(matches!(&err, Error::Validation { field, .. } if field == "source"));
    assert_eq!(indexes(&pg, &to), fresh);
    copy_all(&from, &to).unwrap();
    assert_eq!(records(&to), records(&from));
}
