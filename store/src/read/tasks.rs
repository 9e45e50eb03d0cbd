//! Task queries: by id, a campaign's pages, an item's tasks, open tasks by due time, an
//! operator's queue of briefs and the status counts of a time range.

use campaign_ops_core::model::{OpenTaskHead, OperatorTask, TaskBrief, TaskId};
use campaign_ops_core::{Result, StatusCounts};
use chrono::{DateTime, Utc};

use super::calendar::time_span;
use super::{index_ids, load_ids};
use crate::index::{CLOSED, OPEN};
use crate::keys::{Key, KeyReader, Span};
use crate::layout::{INDEX, ik, record_key, rk};
use crate::record::codes::task_status;
use crate::record::{BriefRecord, TaskRecord, Time, corrupt, decode, task_head};
use crate::tx::{Source, collect_index, get_record, load, scan};

/// A task by id.
pub(crate) fn task<S: Source>(src: &S, id: u64) -> Result<Option<OperatorTask>> {
    let what = format!("task {id}");
    get_record::<S, TaskRecord>(src, &record_key(rk::TASK, id), &what)?
        .map(|r| {
            r.into_domain(id)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// A campaign's tasks after `after`, ascending id.
pub(crate) fn page<S: Source>(
    src: &S,
    campaign: u64,
    after: Option<TaskId>,
    limit: usize,
) -> Result<Vec<OperatorTask>> {
    let prefix = || Key::new(ik::TASK_BY_CAMPAIGN).u64(campaign);
    let span = Span::prefix(prefix().done()).after(after.map(|a| prefix().u64(a.0).done()));
    let ids = index_ids(src, &span, limit)?;
    load_ids(src, rk::TASK, ids, TaskRecord::into_domain)
}

/// A calendar item's tasks, ascending id.
pub(crate) fn for_item<S: Source>(src: &S, item: u64) -> Result<Vec<OperatorTask>> {
    let span = Span::prefix(Key::new(ik::TASK_BY_ITEM).u64(item).done());
    let ids = index_ids(src, &span, usize::MAX)?;
    load_ids(src, rk::TASK, ids, TaskRecord::into_domain)
}

/// The `TASK_DUE` prefix of a campaign's open or closed tasks.
fn due_prefix(campaign: u64, state: u8) -> impl Fn() -> Key {
    move || Key::new(ik::TASK_DUE).u64(campaign).u8(state)
}

/// A campaign's open tasks in `[from, until)`, ascending due time and id.
pub(crate) fn open_due<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OperatorTask>> {
    if from >= until || limit == 0 {
        return Ok(Vec::new());
    }
    let span = time_span(due_prefix(campaign, OPEN), from, until, None);
    let ids = index_ids(src, &span, limit)?;
    load_ids(src, rk::TASK, ids, TaskRecord::into_domain)
}

/// [`open_due`]'s tasks as heads: the same index range, each record decoded only as far
/// as its status ([`crate::record::task_head`]).
pub(crate) fn open_heads_due<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OpenTaskHead>> {
    if from >= until || limit == 0 {
        return Ok(Vec::new());
    }
    let span = time_span(due_prefix(campaign, OPEN), from, until, None);
    let keys = index_ids(src, &span, limit)?
        .into_iter()
        .map(|id| (record_key(rk::TASK, id), id))
        .collect();
    load(src, keys, |bytes, id| {
        task_head(bytes, id).map_err(|m| corrupt("records", format!("task {id}: {m}")))
    })
}

/// The queue of `assignee` in `[from, until)`: read from the index alone.
pub(crate) fn queue<S: Source>(
    src: &S,
    assignee: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<TaskBrief>> {
    if from >= until {
        return Ok(Vec::new());
    }
    let prefix = || Key::new(ik::TASK_QUEUE).str(assignee);
    let span = time_span(prefix, from, until, None);
    collect_index(src, &span, limit, |k, v| {
        let bad = |m: String| corrupt("index", format!("queue entry: {m}"));
        let mut r = KeyReader::new(k);
        r.skip_str().map_err(bad)?;
        let due = r.time().map_err(bad)?;
        let id = r.u64().map_err(bad)?;
        let brief = decode::<BriefRecord>(v).map_err(bad)?;
        crate::record::brief_of(id, due, brief)
            .map(Some)
            .map_err(bad)
    })
}

/// How many of a campaign's tasks due in `[from, until)` are in each status: two range
/// scans (closed, open) of one-byte values.
pub(crate) fn counts<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<StatusCounts> {
    counts_split(src, campaign, from, until, from).map(|(counts, _)| counts)
}

/// [`counts`], and how many of the open tasks are due before `split`: one pass, comparing
/// each open entry's key with the key `split` would have (same prefix, then the due time).
pub(crate) fn counts_split<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    split: DateTime<Utc>,
) -> Result<(StatusCounts, u32)> {
    let mut counts = StatusCounts::default();
    let mut before = 0u32;
    if from >= until {
        return Ok((counts, before));
    }
    let split_key = due_prefix(campaign, OPEN)().time(Time::of(split)).done();
    for state in [CLOSED, OPEN] {
        let span = time_span(due_prefix(campaign, state), from, until, None);
        scan(src, INDEX, &span, false, |k, v| {
            let code = v.first().copied().unwrap_or(u8::MAX);
            let status = task_status::from_code(code)
                .map_err(|m| corrupt("index", format!("task due entry: {m}")))?;
            counts.add(status);
            if state == OPEN && k < split_key.as_slice() {
                before = before.saturating_add(1);
            }
            Ok(true)
        })?;
    }
    Ok((counts, before))
}
