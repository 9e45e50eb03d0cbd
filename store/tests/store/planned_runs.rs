//! Schema 8's planned-items index in two runs (`store/src/planned.rs`): new items' entries
//! go to the recent run (index kind 20), a write transaction that has handed out 4096 item
//! ids past the merge mark moves them into `ITEM_PLANNED` (kind 7) and raises the mark, and
//! `planned_items_due` answers the same at every stage: every planned item in time order,
//! pages across the runs, status changes and deletes on either side.

use std::collections::BTreeSet;

use campaign_ops_core::conformance::{at, campaign, item, plan};
use campaign_ops_core::model::{CalendarItemId, CalendarItemStatus, CampaignStatus};
use campaign_ops_core::{Sequence, WriteTx};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, Duration, Utc};
use redb::{ReadableDatabase, TableDefinition};

use crate::support::{read, temp_db, write};

const INDEX: TableDefinition<&[u8], &[u8]> = TableDefinition::new("index");
const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");

/// `(scheduled_at, id)` of the planned items the test expects.
type Model = BTreeSet<(DateTime<Utc>, u64)>;

/// A scattered instant for item `id` (ties included: 700 distinct hours).
fn when(id: u64) -> DateTime<Utc> {
    at(((id * 7919) % 700) as i64)
}

/// Puts `n` new items (ids from the sequence), every fifth one in progress, into `model`.
fn add_items(tx: &mut dyn WriteTx, n: usize, model: &mut Model) -> campaign_ops_core::Result<()> {
    for _ in 0..n {
        let id = tx.next_id(Sequence::CalendarItem)?;
        let status = if id % 5 == 0 {
            CalendarItemStatus::InProgress
        } else {
            CalendarItemStatus::Planned
        };
        tx.put_calendar_item(&campaign_ops_core::model::CalendarItem {
            status,
            ..item(id, 1 + id % 3, 1, when(id))
        })?;
        if status == CalendarItemStatus::Planned {
            model.insert((when(id), id));
        }
    }
    Ok(())
}

/// Entries of index kinds 7 and 20, and the merge mark, read with redb alone.
fn runs(path: &std::path::Path) -> (usize, usize, u64) {
    let db = redb::Database::open(path).unwrap();
    let txn = db.begin_read().unwrap();
    let index = txn.open_table(INDEX).unwrap();
    let count = |kind: u8| index.range(&[kind][..]..&[kind + 1][..]).unwrap().count();
    let meta = txn.open_table(META).unwrap();
    let mark = meta.get("planned.merged_through").unwrap().unwrap();
    let mark = u64::from_be_bytes(mark.value().try_into().unwrap());
    (count(7), count(20), mark)
}

/// Asks for every planned item at once and in pages of 7, and checks both against `model`.
fn answers(store: &RedbStore, model: &Model) {
    let want: Vec<u64> = model.iter().map(|&(_, id)| id).collect();
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let all = read(store, |tx| tx.planned_items_due(min, max, None, usize::MAX));
    assert_eq!(all.iter().map(|i| i.id.0).collect::<Vec<_>>(), want);
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = read(store, |tx| tx.planned_items_due(min, max, after, 7));
        paged.extend(page.iter().map(|i| i.id.0));
        match page.last() {
            Some(last) if page.len() == 7 => after = Some((last.scheduled_at, last.id)),
            _ => break,
        }
    }
    assert_eq!(paged, want, "pages across both runs");
    // A window: the half-open range, read in step from both runs.
    let (from, until) = (at(100), at(100) + Duration::hours(50));
    let window = read(store, |tx| tx.planned_items_due(from, until, None, 25));
    let want_window: Vec<u64> = model
        .iter()
        .filter(|(t, _)| *t >= from && *t < until)
        .map(|&(_, id)| id)
        .take(25)
        .collect();
    assert_eq!(
        window.iter().map(|i| i.id.0).collect::<Vec<_>>(),
        want_window
    );
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:?}", report.findings);
}

#[test]
fn new_items_go_to_the_recent_run_and_merge_after_4096_ids() {
    let (_dir, path) = temp_db();
    let mut model = Model::new();
    let store = RedbStore::open(&path).unwrap();
    write(&store, |tx| {
        for _ in 1..=3 {
            let c = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(
                c,
                &format!("Campaign {c}"),
                CampaignStatus::Active,
            ))?;
        }
        let p = tx.next_id(Sequence::Plan)?;
        tx.put_plan(&plan(p, 1, 1))?;
        add_items(tx, 3000, &mut model)
    });
    answers(&store, &model);
    drop(store);
    let (main, recent, mark) = runs(&path);
    assert_eq!((main, recent, mark), (0, model.len(), 0), "all recent");

    // 4500 ids past the mark: this transaction merges, in key order.
    let store = RedbStore::open(&path).unwrap();
    write(&store, |tx| add_items(tx, 1500, &mut model));
    answers(&store, &model);
    drop(store);
    assert_eq!(runs(&path), (model.len(), 0, 4500), "merged, mark raised");

    // New items are recent again; changes reach entries in either run.
    let store = RedbStore::open(&path).unwrap();
    write(&store, |tx| {
        add_items(tx, 40, &mut model)?;
        // An old (merged) item and a new (recent) one leave Planned; one of each goes.
        for (id, status) in [
            (1, CalendarItemStatus::Published),
            (4501, CalendarItemStatus::InProgress),
        ] {
            tx.put_calendar_item(&campaign_ops_core::model::CalendarItem {
                status,
                ..item(id, 1 + id % 3, 1, when(id))
            })?;
        }
        tx.delete_calendar_item(CalendarItemId(2))?;
        tx.delete_calendar_item(CalendarItemId(4502))?;
        Ok(())
    });
    for id in [1, 2, 4501, 4502] {
        model.remove(&(when(id), id));
    }
    // An item moved from in progress back to Planned returns to its run.
    write(&store, |tx| {
        tx.put_calendar_item(&item(5, 1 + 5 % 3, 1, when(5)))?;
        tx.put_calendar_item(&item(4505, 1 + 4505 % 3, 1, when(4505)))
    });
    model.insert((when(5), 5));
    model.insert((when(4505), 4505));
    answers(&store, &model);
    drop(store);
    let (main, recent, mark) = runs(&path);
    assert_eq!(mark, 4500);
    let recent_want = model.iter().filter(|&&(_, id)| id > 4500).count();
    assert_eq!((main, recent), (model.len() - recent_want, recent_want));
}
