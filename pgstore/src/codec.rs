//! Column values: instants as exact integer pairs, records as JSON text, enum codes.
//!
//! An instant is two columns, whole microseconds since the epoch (`bigint`, which covers
//! chrono's whole range) and the nanoseconds past the microsecond (`integer`, 0 to 999):
//! PostgreSQL's `timestamptz` keeps only microseconds and a narrower range, and the contract
//! compares instants to the nanosecond. Indexes hold both, so a range bound is a row
//! comparison `(us, ns) >= ($1, $2)` that the index serves.
//!
//! A record's payload is the JSON of the domain record (`text`, written and read by
//! serde_json exactly; `jsonb` would renormalise numbers and keys for no gain, since every
//! queried field has its own column). Its format is pinned by the golden fixtures in
//! `tests/fixtures/`: a change of a domain type that would misread stored rows fails there.

use campaign_ops_core::{CampaignStatus, Result, TaskStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::corrupt;

/// `(microseconds, nanoseconds past them)` of `t`.
pub(crate) fn time(t: DateTime<Utc>) -> (i64, i32) {
    let us = t.timestamp_micros();
    let ns = (t.timestamp_subsec_nanos() % 1000) as i32;
    (us, ns)
}

/// The JSON text of a record.
pub(crate) fn encode<T: Serialize>(kind: &str, record: &T) -> Result<String> {
    serde_json::to_string(record).map_err(|e| {
        campaign_ops_core::Error::Storage(campaign_ops_core::StorageError::backend(format!(
            "encoding a {kind} record: {e}"
        )))
    })
}

/// A record from its JSON text; a corrupt-record error naming `table` otherwise.
pub(crate) fn decode<T: DeserializeOwned>(table: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| corrupt(table, format!("undecodable record: {e}")))
}

/// Explicit codes of campaign statuses: reordering the Rust enum never remaps stored rows.
pub(crate) fn campaign_status(s: CampaignStatus) -> i16 {
    match s {
        CampaignStatus::Draft => 1,
        CampaignStatus::Active => 2,
        CampaignStatus::Paused => 3,
        CampaignStatus::Completed => 4,
        CampaignStatus::Archived => 5,
        // A status added to core later needs its code here before it can be stored.
        _ => 0,
    }
}

/// Explicit codes of task statuses.
pub(crate) fn task_status(s: TaskStatus) -> i16 {
    match s {
        TaskStatus::Pending => 1,
        TaskStatus::InProgress => 2,
        TaskStatus::Completed => 3,
        TaskStatus::Failed => 4,
        TaskStatus::Blocked => 5,
        TaskStatus::Skipped => 6,
        _ => 0,
    }
}

/// The status of a task-status code.
pub(crate) fn task_status_of(code: i16) -> Result<TaskStatus> {
    TaskStatus::ALL
        .into_iter()
        .find(|s| task_status(*s) == code)
        .ok_or_else(|| corrupt("tasks", format!("unknown task status code {code}")))
}
