//! 6 → 7: the per-campaign `CAMPAIGN_SEARCH` entries (index kind 4) give way to search
//! blocks (index kind 19, `search.rs`), built from the campaign records with the write
//! path's own functions; and each `METRIC_BY_TIME` entry (kind 13, empty in v6) gets its
//! covering value, the metric's `MetricPoint`, derived by the write path's
//! `index::metric`. Campaign and metric records are format 1 in both versions, so they are
//! read with today's decoders. Runs inside the schema transaction: all or nothing.

use campaign_ops_core::Result;
use redb::{ReadableTable, WriteTransaction};

use crate::error::Context;
use crate::keys::Span;
use crate::layout::{INDEX, RECORDS, ik, rk};
use crate::record::{CampaignRecord, MetricRecord, corrupt};
use crate::search::{self, Part};
use crate::tx::decode_record;
use crate::write::open;

/// Runs the step.
pub(super) fn v6_to_v7(txn: &WriteTransaction) -> Result<()> {
    let mut index = open(txn, INDEX)?;
    let old = Span::prefix(vec![ik::CAMPAIGN_SEARCH]);
    // redb removes a range in place; nothing else of `index` starts with kind 4.
    index
        .retain_in::<&[u8], _>(old.bounds(), |_, _| false)
        .ctx("removing the v6 search entries")?;
    let records = open(txn, RECORDS)?;
    let campaigns = Span::prefix(vec![rk::CAMPAIGN]);
    let mut parts = Vec::new();
    for entry in records
        .range::<&[u8]>(campaigns.bounds())
        .ctx("reading campaigns")?
    {
        let (k, v) = entry.ctx("reading campaigns")?;
        let id = crate::keys::last_u64(k.value()).map_err(|m| corrupt("records", m))?;
        let what = format!("campaign {id}");
        let record: CampaignRecord = decode_record(v.value(), &what)?;
        let campaign = record
            .into_domain(id)
            .map_err(|m| corrupt("records", format!("{what}: {m}")))?;
        parts.push(Part::of(&campaign));
    }
    for (key, value) in search::blocks(parts) {
        index
            .insert(key.as_slice(), value.as_slice())
            .ctx("writing search blocks")?;
    }
    // Every metric's entries again: same keys as in v6, the time entry now with its value
    // (an insert replaces the empty one).
    let metrics = Span::prefix(vec![rk::METRIC]);
    for entry in records
        .range::<&[u8]>(metrics.bounds())
        .ctx("reading metrics")?
    {
        let (k, v) = entry.ctx("reading metrics")?;
        let id = crate::keys::last_u64(k.value()).map_err(|m| corrupt("records", m))?;
        let record: MetricRecord = decode_record(v.value(), format_args!("metric {id}"))?;
        for (key, value) in crate::index::metric(id, &record)? {
            index
                .insert(key.as_slice(), value.as_slice())
                .ctx("writing metric index values")?;
        }
    }
    Ok(())
}
