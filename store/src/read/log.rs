//! Queries of the append-mostly records: metrics, weekly summaries, the run ledger and the
//! audit log.

use campaign_ops_core::Result;
use campaign_ops_core::model::{ActionRun, AuditEntry, AuditSeq, MetricEntry, MetricId};
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use chrono::{DateTime, Utc};

use super::calendar::{time_span, under};
use super::{id_of, index_ids, load_ids};
use crate::keys::{Key, KeyReader, Span};
use crate::layout::{RECORDS, ik, record_key, rk, run_key, summary_key};
use crate::record::{
    ActionRunRecord, AuditRecord, MetricPoint, MetricRecord, SummaryRecord, corrupt, decode,
};
use crate::tx::{Source, collect_index, decode_record, get_record, scan};

/// A campaign's metric entries after `after`, ascending id.
pub(crate) fn metrics_page<S: Source>(
    src: &S,
    campaign: u64,
    after: Option<MetricId>,
    limit: usize,
) -> Result<Vec<MetricEntry>> {
    let prefix = under(ik::METRIC_BY_CAMPAIGN, campaign);
    let span = Span::prefix(prefix().done()).after(after.map(|a| prefix().u64(a.0).done()));
    let ids = index_ids(src, &span, limit)?;
    load_ids(src, rk::METRIC, ids, MetricRecord::into_domain)
}

/// A campaign's metric entries recorded in `[from, until)` after the cursor.
pub(crate) fn metrics_recorded<S: Source>(
    src: &S,
    campaign: u64,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<(DateTime<Utc>, MetricId)>,
    limit: usize,
) -> Result<Vec<MetricEntry>> {
    if from >= until || limit == 0 {
        return Ok(Vec::new());
    }
    let prefix = under(ik::METRIC_BY_TIME, campaign);
    let span = time_span(prefix, from, until, after.map(|(t, id)| (t, id.0)));
    // A covering index (schema 7): each entry's value is its `MetricPoint`, so the page is
    // read from `index` alone, without a `records` look-up per entry.
    collect_index(src, &span, limit, |k, v| {
        let bad = |m: String| corrupt("index", format!("metric time entry: {m}"));
        let mut r = KeyReader::new(k);
        r.u64().map_err(bad)?;
        let at = r.time().map_err(bad)?;
        let id = r.u64().map_err(bad)?;
        let point = decode::<MetricPoint>(v).map_err(|m| bad(format!("metric {id}: {m}")))?;
        point
            .into_domain(id, campaign, at)
            .map(Some)
            .map_err(|m| bad(format!("metric {id}: {m}")))
    })
}

/// One stored summary.
pub(crate) fn summary<S: Source>(
    src: &S,
    campaign: u64,
    week: ReportWeek,
) -> Result<Option<WeeklySummary>> {
    let key = summary_key(campaign, week.year(), week.week());
    let what = format!("weekly summary {campaign} {week}");
    get_record::<S, SummaryRecord>(src, &key, &what)?
        .map(|r| {
            r.into_domain(campaign, week)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// A campaign's summaries of weeks after `after`, ascending week.
pub(crate) fn summaries<S: Source>(
    src: &S,
    campaign: u64,
    after: Option<ReportWeek>,
    limit: usize,
) -> Result<Vec<WeeklySummary>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    let span = Span::prefix(Key::new(rk::SUMMARY).u64(campaign).done())
        .after(after.map(|w| summary_key(campaign, w.year(), w.week())));
    scan(src, RECORDS, &span, false, |k, v| {
        let bad = |m: String| corrupt("records", format!("weekly summary: {m}"));
        let mut r = KeyReader::new(k);
        r.u64().map_err(bad)?;
        let (year, week) = (r.i32().map_err(bad)?, r.u8().map_err(bad)?);
        let week = ReportWeek::new(year, u32::from(week)).map_err(|e| bad(e.to_string()))?;
        let record: SummaryRecord = decode_record(v, format_args!("weekly summary {week}"))?;
        out.push(record.into_domain(campaign, week).map_err(bad)?);
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// Decodes a run from its `records` key and value.
fn run_of(k: &[u8], v: &[u8]) -> Result<ActionRun> {
    let key = String::from_utf8(KeyReader::new(k).tail().to_vec())
        .map_err(|_| corrupt("records", "action run key is not UTF-8"))?;
    let record: ActionRunRecord = decode_record(v, format_args!("action run {key}"))?;
    let what = format!("action run {key}");
    record
        .into_domain(key)
        .map_err(|m| corrupt("records", format!("{what}: {m}")))
}

/// One ledger record.
pub(crate) fn run<S: Source>(src: &S, key: &str) -> Result<Option<ActionRun>> {
    let k = run_key(key);
    crate::tx::get_raw(src, RECORDS, &k)?
        .map(|v| run_of(&k, &v))
        .transpose()
}

/// The records of `action` after (or, newest first, before) the key `after`.
pub(crate) fn runs<S: Source>(
    src: &S,
    action: &str,
    after: Option<&str>,
    newest_first: bool,
    limit: usize,
) -> Result<Vec<ActionRun>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    // Keys are "<ACTION> <period>": one action's runs share the prefix "<ACTION> ".
    let span = Span::prefix(run_key(&format!("{action} ")));
    let cursor = after.map(run_key);
    let span = if newest_first {
        span.before(cursor)
    } else {
        span.after(cursor)
    };
    scan(src, RECORDS, &span, newest_first, |k, v| {
        out.push(run_of(k, v)?);
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// The records of `action` that are not final, ascending key.
pub(crate) fn open_runs<S: Source>(src: &S, action: &str, limit: usize) -> Result<Vec<ActionRun>> {
    let mut keys = Vec::new();
    if limit == 0 {
        return Ok(Vec::new());
    }
    let span = Span::prefix(
        Key::new(ik::RUN_OPEN)
            .tail(format!("{action} ").as_bytes())
            .done(),
    );
    scan(src, crate::layout::INDEX, &span, false, |k, _| {
        keys.push(KeyReader::new(k).tail().to_vec());
        Ok(keys.len() < limit)
    })?;
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let key = String::from_utf8(key).map_err(|_| corrupt("index", "run key is not UTF-8"))?;
        out.push(run(src, &key)?.ok_or_else(|| {
            corrupt(
                "index",
                format!("open run entry points at missing run {key}"),
            )
        })?);
    }
    Ok(out)
}

/// Decodes an audit entry from its `records` key and value.
fn entry_of(k: &[u8], v: &[u8]) -> Result<AuditEntry> {
    let seq = id_of(k)?;
    let record: AuditRecord = decode_record(v, format_args!("audit entry {seq}"))?;
    record
        .into_domain(seq)
        .map_err(|m| corrupt("records", format!("audit entry {seq}: {m}")))
}

/// Entries after `after`, ascending seq.
pub(crate) fn audit<S: Source>(
    src: &S,
    after: Option<AuditSeq>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    let span = Span::prefix(vec![rk::AUDIT]).after(after.map(|s| record_key(rk::AUDIT, s.0)));
    scan(src, RECORDS, &span, false, |k, v| {
        out.push(entry_of(k, v)?);
        Ok(out.len() < limit)
    })?;
    Ok(out)
}

/// A campaign's entries after `after`, ascending seq.
pub(crate) fn audit_for_campaign<S: Source>(
    src: &S,
    campaign: u64,
    after: Option<AuditSeq>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let prefix = under(ik::AUDIT_BY_CAMPAIGN, campaign);
    let span = Span::prefix(prefix().done()).after(after.map(|s| prefix().u64(s.0).done()));
    let seqs = index_ids(src, &span, limit)?;
    load_ids(src, rk::AUDIT, seqs, AuditRecord::into_domain)
}
