//! The committed v6 fixture (`tests/fixtures/v6/workspace.redb`, written by the v6 build)
//! migrates to v7: its per-campaign search entries become search blocks that agree with
//! the v6 entries, with a rebuild from the records (the integrity checker derives the
//! blocks with the write path's own functions) and with a brute-force text filter; its
//! metric time entries get their covering values, equal to what the write path derives.

use std::collections::BTreeMap;

use campaign_ops_core::model::{Campaign, CampaignStatus};
use campaign_ops_core::{CampaignQuery, Store};
use campaign_ops_store::{RedbStore, SCHEMA_VERSION};
use redb::{ReadableDatabase, TableDefinition};

use crate::support::{fixture_copy, raw_version};

const INDEX: TableDefinition<&[u8], &[u8]> = TableDefinition::new("index");

/// Index entries of `kind`, raw, read with redb alone.
fn raw_entries(path: &std::path::Path, kind: u8) -> Vec<(Vec<u8>, Vec<u8>)> {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let table = txn.open_table(INDEX).unwrap();
    table
        .range::<&[u8]>([kind].as_slice()..[kind + 1].as_slice())
        .unwrap()
        .map(|e| {
            let (k, v) = e.unwrap();
            (k.value().to_vec(), v.value().to_vec())
        })
        .collect()
}

/// id → (status code, search text) of the v6 per-campaign entries (`[4][id] → [status][text]`).
fn v6_search(entries: &[(Vec<u8>, Vec<u8>)]) -> BTreeMap<u64, (u8, Vec<u8>)> {
    entries
        .iter()
        .map(|(k, v)| {
            let id = u64::from_be_bytes(k[1..9].try_into().unwrap());
            (id, (v[0], v[1..].to_vec()))
        })
        .collect()
}

/// The same map out of v7 blocks (`[19][block] → [1]([id][status][len u32][text])*`).
fn v7_search(entries: &[(Vec<u8>, Vec<u8>)]) -> BTreeMap<u64, (u8, Vec<u8>)> {
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let block = u64::from_be_bytes(k[1..9].try_into().unwrap());
        assert_eq!(v[0], 1, "block format");
        let mut rest = &v[1..];
        while !rest.is_empty() {
            let id = u64::from_be_bytes(rest[..8].try_into().unwrap());
            assert_eq!(id / 64, block, "campaign {id} in block {block}");
            let len = u32::from_be_bytes(rest[9..13].try_into().unwrap()) as usize;
            out.insert(id, (rest[8], rest[13..13 + len].to_vec()));
            rest = &rest[13 + len..];
        }
    }
    out
}

fn every_campaign(store: &RedbStore) -> Vec<Campaign> {
    let mut all = vec![];
    let mut q = CampaignQuery::first(17);
    loop {
        let page = store.read(|tx| tx.campaign_page(&q)).unwrap();
        all.extend(page.items);
        match page.next {
            Some(next) => q.after = Some(next),
            None => return all,
        }
    }
}

#[test]
fn v6_fixture_migrates_its_search_entries_into_blocks() {
    let (_dir, path) = fixture_copy("v6");
    assert_eq!(raw_version(&path), 6, "the fixture is a v6 file");
    let before = v6_search(&raw_entries(&path, 4));
    assert!(before.len() > 64, "the fixture spans more than one block");
    assert!(raw_entries(&path, 19).is_empty());

    let store = RedbStore::open(&path).unwrap();
    assert_eq!(SCHEMA_VERSION, 8);
    assert_eq!(store.schema_version().unwrap(), 8);
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
    drop(store);

    assert!(raw_entries(&path, 4).is_empty(), "the v6 entries are gone");
    let after = v7_search(&raw_entries(&path, 19));
    assert_eq!(after, before, "the blocks hold what the v6 entries held");

    // The text filter against a brute-force one over every campaign, with paging.
    let store = RedbStore::open(&path).unwrap();
    let all = every_campaign(&store);
    assert_eq!(all.len(), before.len());
    for text in [
        "spring",
        "ärger",
        "hooli",
        "globex 0",
        "pipeline push number 1",
        "zzz",
        "\n",
    ] {
        for status in [
            None,
            Some(CampaignStatus::Active),
            Some(CampaignStatus::Draft),
        ] {
            let mut q = CampaignQuery::first(5);
            q.text = Some(text.to_owned());
            q.status = status;
            let want: Vec<_> = all.iter().filter(|c| q.matches(c)).map(|c| c.id).collect();
            let mut got = vec![];
            loop {
                let page = store.read(|tx| tx.campaign_page(&q)).unwrap();
                assert_eq!(
                    page.total as usize,
                    want.len(),
                    "total of {text:?} {status:?}"
                );
                got.extend(page.items.iter().map(|c| c.id));
                match page.next {
                    Some(next) => q.after = Some(next),
                    None => break,
                }
            }
            assert_eq!(got, want, "{text:?} {status:?}");
        }
    }
    // With a client filter too (the client's range, then its campaigns' blocks).
    let mut q = CampaignQuery::first(100);
    q.client = Some("hooli".to_owned());
    q.text = Some("q1".to_owned());
    let want = all.iter().filter(|c| q.matches(c)).count();
    assert!(want > 0);
    let page = store.read(|tx| tx.campaign_page(&q)).unwrap();
    assert_eq!((page.items.len(), page.total as usize), (want, want));
}

#[test]
fn a_migrated_v6_fixture_keeps_its_blocks_in_step_with_writes() {
    let (_dir, path) = fixture_copy("v6");
    let store = RedbStore::open(&path).unwrap();
    let mut c = every_campaign(&store).pop().unwrap();
    c.description = "Totally new words: zebra".to_owned();
    c.status = CampaignStatus::Paused;
    store.write(|tx| tx.put_campaign(&c)).unwrap();
    let mut q = CampaignQuery::first(10);
    q.text = Some("zebra".to_owned());
    q.status = Some(CampaignStatus::Paused);
    let page = store.read(|tx| tx.campaign_page(&q)).unwrap();
    assert_eq!(page.items.iter().map(|c| c.id).collect::<Vec<_>>(), [c.id]);
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
}

/// Every metric of the store, from its records (`metrics_page`), per campaign.
fn every_metric(store: &RedbStore) -> Vec<campaign_ops_core::model::MetricEntry> {
    let mut out = vec![];
    for c in every_campaign(store) {
        let page = store.read(|tx| tx.metrics_page(c.id, None, 1000)).unwrap();
        assert!(
            page.len() < 1000,
            "one page holds a fixture campaign's metrics"
        );
        out.extend(page);
    }
    out
}

#[test]
fn v6_fixture_migrates_its_metric_time_entries_into_covering_values() {
    let (_dir, path) = fixture_copy("v6");
    let before = raw_entries(&path, 13);
    assert!(!before.is_empty(), "the fixture has metrics");
    assert!(
        before.iter().all(|(_, v)| v.is_empty()),
        "v6 time entries have no value"
    );

    let store = RedbStore::open(&path).unwrap();
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
    let metrics = every_metric(&store);
    assert_eq!(metrics.len(), before.len());
    drop(store);
    let migrated = raw_entries(&path, 13);
    let keys = |e: &[(Vec<u8>, Vec<u8>)]| e.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&migrated), keys(&before), "the same keys");
    assert!(migrated.iter().all(|(_, v)| !v.is_empty()));

    // The write path derives the same values: every metric changed and put back through
    // `put_metric` (each put rewrites its time entry's value) leaves the entries as the
    // migration wrote them.
    let store = RedbStore::open(&path).unwrap();
    store
        .write(|tx| {
            for m in &metrics {
                let mut changed = m.clone();
                changed.value += 1.0;
                changed.notes = Some("changed".to_owned());
                tx.put_metric(&changed)?;
                tx.put_metric(m)?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    assert_eq!(raw_entries(&path, 13), migrated);

    // Read from the index alone, a time range gives the entries the records hold.
    let store = RedbStore::open(&path).unwrap();
    let (from, until) = (
        chrono::DateTime::<chrono::Utc>::MIN_UTC,
        chrono::DateTime::<chrono::Utc>::MAX_UTC,
    );
    let mut by_time = vec![];
    for c in every_campaign(&store) {
        let page = store
            .read(|tx| tx.metrics_recorded(c.id, from, until, None, 1000))
            .unwrap();
        assert!(
            page.windows(2)
                .all(|w| (w[0].recorded_at, w[0].id) < (w[1].recorded_at, w[1].id)),
            "ascending (recorded_at, id)"
        );
        by_time.extend(page);
    }
    by_time.sort_by_key(|m| (m.campaign_id, m.id));
    let mut by_id = metrics;
    by_id.sort_by_key(|m| (m.campaign_id, m.id));
    assert_eq!(by_time, by_id);
}
