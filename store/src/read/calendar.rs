//! Plan and calendar queries.

use campaign_ops_core::Result;
use campaign_ops_core::model::{CalendarItem, CalendarItemId, CampaignPlan};
use chrono::{DateTime, Utc};

use super::{index_ids, load_ids};
use crate::keys::{Key, Span};
use crate::layout::{ik, record_key, rk};
use crate::record::{CalendarItemRecord, PlanRecord, Time, corrupt};
use crate::tx::{Source, get_record};

/// A plan by id.
pub(crate) fn plan<S: Source>(src: &S, id: u64) -> Result<Option<CampaignPlan>> {
    let what = format!("plan {id}");
    get_record::<S, PlanRecord>(src, &record_key(rk::PLAN, id), &what)?
        .map(|r| {
            r.into_domain(id)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// A campaign's plans, ascending version.
pub(crate) fn plans<S: Source>(src: &S, campaign: u64) -> Result<Vec<CampaignPlan>> {
    let span = Span::prefix(Key::new(ik::PLAN_BY_CAMPAIGN).u64(campaign).done());
    let ids = index_ids(src, &span, usize::MAX)?;
    let mut plans = load_ids(src, rk::PLAN, ids, PlanRecord::into_domain)?;
    // The index orders by id; the contract is by version.
    plans.sort_by_key(|p: &CampaignPlan| (p.version, p.id));
    Ok(plans)
}

/// A calendar item by id.
pub(crate) fn item<S: Source>(src: &S, id: u64) -> Result<Option<CalendarItem>> {
    let what = format!("calendar item {id}");
    get_record::<S, CalendarItemRecord>(src, &record_key(rk::CALENDAR_ITEM, id), &what)?
        .map(|r| {
            r.into_domain(id)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// The span of a time-ordered index under `prefix`: `from <= t < until`, after the cursor.
/// Keys hold the exact instant, so the bounds need no re-check on the records.
pub(crate) fn time_span(
    prefix: impl Fn() -> Key,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<(DateTime<Utc>, u64)>,
) -> Span {
    Span::between(
        prefix().time(Time::of(from)).done(),
        prefix().time(Time::of(until)).done(),
    )
    .after(after.map(|(t, id)| prefix().time(Time::of(t)).u64(id).done()))
}

/// A campaign's items in `[from, until)` after the cursor, ascending time and id.
pub(crate) fn items<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<(DateTime<Utc>, CalendarItemId)>,
    limit: usize,
) -> Result<Vec<CalendarItem>> {
    if from >= until || limit == 0 {
        return Ok(Vec::new());
    }
    let span = time_span(
        under(ik::ITEM_BY_CAMPAIGN, campaign),
        from,
        until,
        after.map(|(t, id)| (t, id.0)),
    );
    let ids = index_ids(src, &span, limit)?;
    load_ids(src, rk::CALENDAR_ITEM, ids, CalendarItemRecord::into_domain)
}

/// Planned items of every campaign in `[from, until)` after the cursor.
pub(crate) fn planned_due<S: Source>(
    src: &S,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<(DateTime<Utc>, CalendarItemId)>,
    limit: usize,
) -> Result<Vec<CalendarItem>> {
    if from >= until || limit == 0 {
        return Ok(Vec::new());
    }
    let prefix = || Key::new(ik::ITEM_PLANNED);
    let span = time_span(prefix, from, until, after.map(|(t, id)| (t, id.0)));
    // Both runs of the planned-items index (`planned.rs`).
    let ids = crate::planned::due_ids(src, &span, limit)?;
    load_ids(src, rk::CALENDAR_ITEM, ids, CalendarItemRecord::into_domain)
}

/// `[kind][parent][time]` as a prefix builder, for [`time_span`].
pub(crate) fn under(kind: u8, parent: u64) -> impl Fn() -> Key {
    move || Key::new(kind).u64(parent)
}
