//! [`decode_any`]: every decoder of stored bytes behind one stable function, for the fuzz
//! targets in `fuzz/` and the regression tests that replay what they found. Hidden from
//! the docs; the record structs behind it stay private and may change freely.

use campaign_ops_core::report::ReportWeek;
use chrono::{DateTime, Utc};

use crate::legacy::codec::{Entity, Record};
use crate::legacy::v5;
use crate::record::{
    ActionRunRecord, AuditRecord, BriefRecord, CalendarItemRecord, CampaignRecord, MetricPoint,
    MetricRecord, PlanRecord, Stored, SummaryRecord, TaskRecord, Time, brief_of, decode, encode,
};

/// How many kinds [`decode_any`] tells apart: the nine record kinds of schema v6, then the
/// nine of the frozen v5 layout (read only by the migration), then the index values of
/// schema 7 that have a decoder (18: a `METRIC_BY_TIME` value). New kinds go at the end, so
/// that saved fuzz inputs keep their meaning.
pub const DECODER_KINDS: u8 = 19;

/// Decodes `bytes` as a stored record of kind `kind % DECODER_KINDS`, with `key` as the
/// record's key (its id, or what the kind derives from it), and turns it into the domain
/// value the store would return. For a v6 record that decodes, the domain value is encoded
/// again, decoded and encoded once more: both encodings must be the same bytes (else a
/// panic: the fuzz target's finding). Bytes, not values, are compared so that a stored NaN
/// (which equals nothing) still counts as round-tripping.
///
/// Returns the corrupt-record message a read would report, or `Ok` with a short
/// description of the value. It must never panic on any input.
#[doc(hidden)]
pub fn decode_any(kind: u8, key: u64, bytes: &[u8]) -> Result<String, String> {
    match kind % DECODER_KINDS {
        0 => current::<CampaignRecord, _>(bytes, |r| r.into_domain(key), CampaignRecord::of),
        1 => current::<PlanRecord, _>(bytes, |r| r.into_domain(key), PlanRecord::of),
        2 => {
            current::<CalendarItemRecord, _>(bytes, |r| r.into_domain(key), CalendarItemRecord::of)
        }
        3 => current::<TaskRecord, _>(bytes, |r| r.into_domain(key), TaskRecord::of),
        4 => current::<MetricRecord, _>(bytes, |r| r.into_domain(key), MetricRecord::of),
        5 => current::<AuditRecord, _>(bytes, |r| r.into_domain(key), AuditRecord::of),
        6 => {
            let week = ReportWeek::new(2000 + (key % 100) as i32, 1 + (key % 52) as u32)
                .map_err(|e| e.to_string())?;
            current::<SummaryRecord, _>(bytes, |r| r.into_domain(key, week), SummaryRecord::of)
        }
        7 => current::<ActionRunRecord, _>(
            bytes,
            |r| r.into_domain(format!("CAMPAIGN_TICK {key}")),
            ActionRunRecord::of,
        ),
        8 => {
            let due = Time::of(DateTime::<Utc>::UNIX_EPOCH);
            let brief = decode::<BriefRecord>(bytes)?;
            brief_of(key, due, brief).map(|b| format!("{b:?}"))
        }
        9 => legacy::<v5::Campaign>(bytes).map(|r| format!("{:?}", r.into_domain())),
        10 => legacy::<v5::CampaignPlan>(bytes).map(|r| format!("{:?}", r.into_domain())),
        11 => legacy::<v5::CalendarItem>(bytes).map(|r| format!("{:?}", r.into_domain())),
        12 => legacy::<v5::OperatorTask>(bytes).map(|r| format!("{:?}", r.into_domain())),
        13 => legacy::<v5::MetricEntry>(bytes).map(|r| format!("{:?}", r.into_domain())),
        14 => legacy::<v5::AuditEntry>(bytes)?
            .into_domain()
            .map(|e| format!("{e:?}")),
        15 => legacy::<v5::WeeklySummary>(bytes)?
            .into_domain()
            .map(|s| format!("{s:?}")),
        16 => legacy::<v5::ActionRun>(bytes).map(|r| format!("{:?}", r.into_domain())),
        17 => legacy::<v5::BriefRecord>(bytes).map(|r| format!("{r:?}")),
        _ => {
            // The key gives the id; campaign and time are fixed (the index key holds them).
            let at = Time::of(DateTime::<Utc>::UNIX_EPOCH);
            current::<MetricPoint, _>(
                bytes,
                |p| p.into_domain(key, 1, at),
                |m| MetricRecord::of(m).point(),
            )
        }
    }
}

/// A v6 record: decoded, turned into its domain value, and that value round-tripped.
fn current<R: Stored, D: std::fmt::Debug>(
    bytes: &[u8],
    into_domain: impl Fn(R) -> Result<D, String>,
    of: impl Fn(&D) -> R,
) -> Result<String, String> {
    let value = into_domain(decode::<R>(bytes)?)?;
    let again = encode(&of(&value)).map_err(|e| e.to_string())?;
    let back = into_domain(decode::<R>(&again)?)?;
    let twice = encode(&of(&back)).map_err(|e| e.to_string())?;
    assert!(again == twice, "a decoded {} does not round-trip", R::KIND);
    Ok(format!("{value:?}"))
}

/// A v5 record as the migration reads it.
fn legacy<T: Entity>(bytes: &[u8]) -> Result<T, String> {
    <Record<T> as redb::Value>::from_bytes(bytes)
        .decode()
        .map_err(|e| e.to_string())
}
