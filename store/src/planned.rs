//! The planned-items index in two runs (schema 8): what `planned_items_due` reads.
//!
//! One index ordered by `(scheduled_at, id)` across every campaign puts each of a new
//! campaign's items (spread over its 90 days) in a different leaf among hundreds of
//! thousands of entries: copy-on-write of ~160 scattered leaves and their paths per
//! planning, most of the pages the planning dirtied. So the entries live in two runs with
//! the same key tail:
//! - `ITEM_PLANNED` (`[7][scheduled_at][id]`): items with an id up to the merge mark
//!   (`meta` `planned.merged_through`);
//! - `ITEM_PLANNED_RECENT` (`[20][scheduled_at][id]`): items with a greater id, at most
//!   about [`RECENT_SPAN`] of them, so a new campaign's items share its few leaves.
//!
//! Which run holds an item's entry follows from its id and the mark alone, so every write
//! (and the checker) derives it the same way. When a write transaction has handed out item
//! ids [`RECENT_SPAN`] or more past the mark, its [`merge_if_due`] (run by `Tables::flush`,
//! inside that transaction) moves the recent run into `ITEM_PLANNED` in key order and
//! raises the mark: one transaction in every ~25 plannings pays a batch whose entries share
//! the main run's leaves, instead of every planning paying ~160 scattered ones. A query
//! reads both runs in step: at most `limit` keys of each, merged by their common tail.
//!
//! Measured (`examples/profile_paths.rs plan 80` on tmpfs copies of the bench's 10k-campaign
//! file, the v7 build and this one alternating, 8 pairs of runs, load average ~5.5):
//! `plan_campaign` median 0.82× the v7 build's, mean (merges included) 0.85×; a merging
//! planning takes 25-35 ms (the max of a run) against ~10-15 ms for v7's slowest.

use campaign_ops_core::Result;
use redb::ReadableTable;

use crate::error::Context;
use crate::keys::{Key, Span, last_u64};
use crate::layout::{INDEX, ik, mk};
use crate::meta;
use crate::record::{Time, corrupt};
use crate::tx::{Source, Tables};

/// How many item ids past the merge mark the recent run spans before a write transaction
/// merges it (~25 plannings of 164 items; the run stays within ~30 leaves).
pub(crate) const RECENT_SPAN: u64 = 4096;

/// The merge mark; `None` when `meta` has none (a file before schema 8, inside its
/// migration): then every entry belongs in `ITEM_PLANNED`.
pub(crate) fn merged<S: Source>(src: &S) -> Result<Option<u64>> {
    meta::get_u64(src, mk::PLANNED_MERGED)
}

/// The index kind that holds the planned entry of item `id` under the mark `merged`.
pub(crate) fn kind(id: u64, merged: Option<u64>) -> u8 {
    match merged {
        Some(mark) if id > mark => ik::ITEM_PLANNED_RECENT,
        _ => ik::ITEM_PLANNED,
    }
}

/// The planned entry's key of item `id` scheduled at `at`.
pub(crate) fn key(id: u64, at: Time, merged: Option<u64>) -> Vec<u8> {
    Key::new(kind(id, merged)).time(at).u64(id).done()
}

/// Merges the recent run into `ITEM_PLANNED` when `last_item` (the last item id this
/// transaction handed out) is [`RECENT_SPAN`] or more past the mark: every recent entry of
/// an id up to `last_item` moves, in key order, and the mark becomes `last_item`.
pub(crate) fn merge_if_due(w: &mut Tables<'_>, last_item: u64) -> Result<()> {
    let Some(mark) = w.planned_merged()? else {
        return Ok(());
    };
    if last_item.saturating_sub(mark) < RECENT_SPAN {
        return Ok(());
    }
    let span = Span::prefix(vec![ik::ITEM_PLANNED_RECENT]);
    let mut keys = Vec::new();
    for entry in w
        .index
        .range::<&[u8]>(span.bounds())
        .ctx("reading recent planned items")?
    {
        let (k, _) = entry.ctx("reading recent planned items")?;
        let key = k.value();
        let id = last_u64(key).map_err(|m| corrupt("index", m))?;
        // An item written with an explicit id beyond the sequence stays recent.
        if id <= last_item {
            keys.push(key.to_vec());
        }
    }
    for key in &keys {
        let mut main = key.clone();
        main[0] = ik::ITEM_PLANNED;
        w.index
            .insert(main.as_slice(), &[][..])
            .ctx("merging planned items")?;
    }
    for key in &keys {
        w.index
            .remove(key.as_slice())
            .ctx("merging planned items")?;
    }
    meta::put_u64(&mut w.meta, mk::PLANNED_MERGED, last_item)?;
    w.set_planned_merged(last_item);
    Ok(())
}

/// The ids of planned items of every campaign in `[from, until)` after the cursor (`span`
/// built for `ITEM_PLANNED`), ascending `(scheduled_at, id)`, at most `limit`: both runs
/// read in step, at most `limit` keys each.
pub(crate) fn due_ids<S: Source>(src: &S, span: &Span, limit: usize) -> Result<Vec<u64>> {
    let Some(table) = src.bytes(INDEX)? else {
        return Ok(Vec::new());
    };
    let mut runs = Vec::with_capacity(2);
    for kind in [ik::ITEM_PLANNED, ik::ITEM_PLANNED_RECENT] {
        let span = span.with_kind(kind);
        let mut keys = Vec::new();
        if !span.is_empty() {
            for entry in table
                .range::<&[u8]>(span.bounds())
                .ctx("reading planned items")?
                .take(limit)
            {
                let (k, _) = entry.ctx("reading planned items")?;
                keys.push(k.value().to_vec());
            }
        }
        runs.push(keys);
    }
    let recent = runs.pop().unwrap_or_default();
    let main = runs.pop().unwrap_or_default();
    // The runs share the tail `[scheduled_at][id]`: merge on it.
    let (mut a, mut b) = (main.into_iter().peekable(), recent.into_iter().peekable());
    let mut ids = Vec::with_capacity(limit.min(a.len() + b.len()));
    while ids.len() < limit {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x[1..] <= y[1..] => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        };
        let Some(key) = next else { break };
        ids.push(last_u64(&key).map_err(|m| corrupt("index", m))?);
    }
    Ok(ids)
}
