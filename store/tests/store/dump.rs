//! The logical dump of a store read through the v2 trait, in the shape of the v5 build's
//! `tests/fixtures/v5/workspace.json`, and the comparison of the two per record kind.

use std::path::PathBuf;

use campaign_ops_core::CampaignOps;
use campaign_ops_core::{CampaignQuery, FixedClock, Result, Store};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

/// The fixture directory of the repository root.
pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/v5")
}

/// The v5 build's dump of the fixture.
pub fn fixture_dump() -> Value {
    let text = std::fs::read_to_string(fixture_dir().join("workspace.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every record of `store`, read page by page in one snapshot, grouped like the v5 dump:
/// campaigns by id, then per campaign its plans, items, tasks, metrics and summaries, the
/// runs of every action in `actions`, the whole audit log.
pub fn read_all(store: &RedbStore, actions: &[String]) -> Value {
    store
        .read(|tx| {
            let mut campaigns = Vec::new();
            let mut query = CampaignQuery::first(7);
            loop {
                let page = tx.campaign_page(&query)?;
                campaigns.extend(page.items);
                match page.next {
                    Some(next) => query.after = Some(next),
                    None => break,
                }
            }
            let (mut plans, mut items, mut tasks, mut metrics, mut summaries) =
                (vec![], vec![], vec![], vec![], vec![]);
            let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
            for c in &campaigns {
                plans.extend(tx.plans_for_campaign(c.id)?);
                items.extend(pages(
                    |a| tx.calendar_items(c.id, min, max, a, 5),
                    |i| (i.scheduled_at, i.id),
                )?);
                tasks.extend(pages(|a| tx.tasks_page(c.id, a, 5), |t| t.id)?);
                metrics.extend(pages(|a| tx.metrics_page(c.id, a, 5), |m| m.id)?);
                summaries.extend(pages(|a| tx.weekly_summaries(c.id, a, 1), |s| s.week)?);
            }
            let mut runs = Vec::new();
            for action in actions {
                runs.extend(pages(
                    |a: Option<String>| tx.action_runs(action, a.as_deref(), false, 2),
                    |r| r.key.clone(),
                )?);
            }
            let audit = pages(|a| tx.audit_entries(a, 10), |e| e.seq)?;
            Ok(json!({
                "campaigns": campaigns, "plans": plans, "calendar_items": items, "tasks": tasks,
                "metrics": metrics, "weekly_summaries": summaries, "action_runs": runs,
                "audit": audit,
            }))
        })
        .unwrap()
}

/// Every item of a keyset-paged query.
fn pages<T, K>(
    mut page: impl FnMut(Option<K>) -> Result<Vec<T>>,
    key: impl Fn(&T) -> K,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let next = page(after)?;
        if next.is_empty() {
            return Ok(all);
        }
        after = next.last().map(&key);
        all.extend(next);
    }
}

/// The distinct actions of the dump's runs.
pub fn actions(dump: &Value) -> Vec<String> {
    let mut actions: Vec<String> = dump["action_runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect();
    actions.dedup();
    actions
}

/// The largest id among the dump's records of `kind` (`"tasks"`, ...), if it has any.
pub fn max_id(dump: &Value, kind: &str) -> Option<u64> {
    dump[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .max()
}

/// Asserts `store` holds exactly `expected`'s records of each kind in `kinds`.
pub fn assert_holds(store: &RedbStore, expected: &Value, kinds: &[&str]) {
    let got = read_all(store, &actions(expected));
    for kind in kinds {
        let (got, want) = (&got[kind], &expected[kind]);
        assert_eq!(
            got.as_array().map(Vec::len),
            want.as_array().map(Vec::len),
            "number of {kind}"
        );
        for (g, w) in got.as_array().unwrap().iter().zip(want.as_array().unwrap()) {
            assert_eq!(g, w, "a record of {kind} differs");
        }
    }
}

/// Every record kind of the dump.
pub const ALL_KINDS: [&str; 8] = [
    "campaigns",
    "plans",
    "calendar_items",
    "tasks",
    "metrics",
    "weekly_summaries",
    "action_runs",
    "audit",
];

/// Verifies the audit chain through the service.
pub fn assert_chain_intact(store: &RedbStore) -> u64 {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
    let ops = CampaignOps::new(store.clone(), clock);
    let chain = ops.verify_audit_chain().unwrap();
    assert!(chain.is_intact(), "{:?}", chain.first_break);
    chain.entries
}
