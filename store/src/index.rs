//! The `index` entries each record implies, and keeping them in step on a write.
//!
//! Every `put_*` derives the full set of entries of the old record and of the new one and
//! [`apply`]s the difference: an entry whose key and value are unchanged is not touched, so
//! e.g. a task moving from pending to in progress rewrites only the value of its due-time
//! entry (its status code), never its (campaign, id) entry.

use campaign_ops_core::model::Campaign;
use campaign_ops_core::{CampaignQuery, Result};

use crate::error::Context;
use crate::keys::Key;
use crate::layout::{ik, timed};
use crate::record::codes::{campaign_status, item_status};
use crate::record::{
    ActionRunRecord, AuditRecord, CalendarItemRecord, MetricRecord, PlanRecord, TaskRecord,
    corrupt, encode,
};
use crate::wal::TableWrite;
use campaign_ops_core::model::CalendarItemStatus;

/// One index entry: key and value.
pub(crate) type Entry = (Vec<u8>, Vec<u8>);

/// The `TASK_DUE` key byte of open tasks (closed ones have 0): open tasks of a campaign are
/// one contiguous range.
pub(crate) const OPEN: u8 = 1;
/// The `TASK_DUE` key byte of closed tasks.
pub(crate) const CLOSED: u8 = 0;

/// Name, status and client entries of a campaign (its search text lives in a block shared
/// with its neighbours: `search.rs`).
pub(crate) fn campaign(c: &Campaign) -> Vec<Entry> {
    let id = c.id.0;
    let status = campaign_status::code(c.status);
    let name_key = Campaign::name_key(&c.name);
    vec![
        (
            Key::new(ik::CAMPAIGN_NAME).tail(name_key.as_bytes()).done(),
            id.to_be_bytes().to_vec(),
        ),
        (
            Key::new(ik::CAMPAIGN_STATUS).u8(status).u64(id).done(),
            Vec::new(),
        ),
        (
            Key::new(ik::CAMPAIGN_CLIENT)
                .str(&CampaignQuery::fold(&c.client_name))
                .u64(id)
                .done(),
            vec![status],
        ),
    ]
}

/// The plan's entry under its campaign.
pub(crate) fn plan(id: u64, p: &PlanRecord) -> Vec<Entry> {
    vec![(
        Key::new(ik::PLAN_BY_CAMPAIGN)
            .u64(p.campaign_id)
            .u64(id)
            .done(),
        Vec::new(),
    )]
}

/// The item's entry under its campaign, and its planned-items entry while planned (in the
/// run the merge mark `planned_merged` puts it in: `planned.rs`).
pub(crate) fn item(id: u64, i: &CalendarItemRecord, planned_merged: Option<u64>) -> Vec<Entry> {
    let mut out = vec![(
        timed(ik::ITEM_BY_CAMPAIGN, i.campaign_id, i.scheduled_at)
            .u64(id)
            .done(),
        Vec::new(),
    )];
    if i.status == item_status::code(CalendarItemStatus::Planned) {
        out.push((
            crate::planned::key(id, i.scheduled_at, planned_merged),
            Vec::new(),
        ));
    }
    out
}

/// The task's entries: under its campaign and item, by due time (open or closed, with its
/// status), and in its assignee's queue while open and assigned.
pub(crate) fn task(id: u64, t: &TaskRecord) -> Result<Vec<Entry>> {
    let open = t
        .is_open()
        .map_err(|m| corrupt("records", format!("task {id}: {m}")))?;
    let mut out = vec![(
        Key::new(ik::TASK_BY_CAMPAIGN)
            .u64(t.campaign_id)
            .u64(id)
            .done(),
        Vec::new(),
    )];
    if let Some(item) = t.calendar_item_id {
        out.push((
            Key::new(ik::TASK_BY_ITEM).u64(item).u64(id).done(),
            Vec::new(),
        ));
    }
    out.push((
        Key::new(ik::TASK_DUE)
            .u64(t.campaign_id)
            .u8(if open { OPEN } else { CLOSED })
            .time(t.due_at)
            .u64(id)
            .done(),
        vec![t.status],
    ));
    if let Some(assignee) = t.assignee.as_deref().filter(|_| open) {
        out.push((
            Key::new(ik::TASK_QUEUE)
                .str(assignee)
                .time(t.due_at)
                .u64(id)
                .done(),
            encode(&t.brief())?,
        ));
    }
    Ok(out)
}

/// The metric's entries under its campaign, by id and by recorded time; the latter's value
/// is the entry's [`MetricPoint`](crate::record::MetricPoint) (schema 7: a covering index, so a time-range read needs no
/// record look-up).
pub(crate) fn metric(id: u64, m: &MetricRecord) -> Result<Vec<Entry>> {
    Ok(vec![
        (
            Key::new(ik::METRIC_BY_CAMPAIGN)
                .u64(m.campaign_id)
                .u64(id)
                .done(),
            Vec::new(),
        ),
        (
            timed(ik::METRIC_BY_TIME, m.campaign_id, m.recorded_at)
                .u64(id)
                .done(),
            encode(&m.point())?,
        ),
    ])
}

/// The run's open-runs entry while it is not final.
pub(crate) fn run(key: &str, r: &ActionRunRecord) -> Result<Vec<Entry>> {
    let open = r
        .is_open()
        .map_err(|m| corrupt("records", format!("action run {key}: {m}")))?;
    Ok(if open {
        vec![(
            Key::new(ik::RUN_OPEN).tail(key.as_bytes()).done(),
            Vec::new(),
        )]
    } else {
        Vec::new()
    })
}

/// The entry's audit-by-campaign entry, when it names a campaign.
pub(crate) fn audit(seq: u64, e: &AuditRecord) -> Vec<Entry> {
    e.campaign_id
        .map(|c| {
            (
                Key::new(ik::AUDIT_BY_CAMPAIGN).u64(c).u64(seq).done(),
                Vec::new(),
            )
        })
        .into_iter()
        .collect()
}

/// Removes the entries of `old` that `new` lacks and writes those of `new` that are new or
/// have a new value; unchanged entries are left alone.
pub(crate) fn apply(
    index: &mut impl TableWrite<&'static [u8]>,
    old: &[Entry],
    new: &[Entry],
) -> Result<()> {
    for (key, _) in old {
        if !new.iter().any(|(k, _)| k == key) {
            index.remove(key.as_slice()).ctx("writing index")?;
        }
    }
    for (key, value) in new {
        if !old.iter().any(|(k, v)| k == key && v == value) {
            index
                .insert(key.as_slice(), value.as_slice())
                .ctx("writing index")?;
        }
    }
    Ok(())
}
