//! The stored forms of the records: one struct per entity, separate from the domain types.
//!
//! A stored value is `[format version byte][postcard bytes of the stored struct]`. The
//! stored structs use only integers, strings and the explicit codes of [`codes`]: instants
//! are [`Time`] (integer microseconds), dates day numbers, time zones IANA names, enums
//! one-byte codes. So changing a domain type (reordering an enum, renaming a field, a new
//! serde attribute) cannot change how existing bytes decode; only a change of a stored
//! struct can, and that one must get a new format version here with a decoder for the old
//! one ([`Stored::decode_older`]).
//!
//! A record's key (its id, a summary's campaign and week, a run's key, an entry's seq) is
//! not repeated in its value: decoders take it from the key.
//!
//! Format versions are per record kind and independent of the schema version in `meta`,
//! which describes the table layout. Every kind is at format 1 in schema version 6 except
//! the task, at format 2 (its ticked checklist steps; format 1 still decodes).

mod action_run;
mod action_setting;
mod audit;
mod brief;
mod calendar;
mod campaign;
pub(crate) mod codes;
mod metric;
mod plan;
mod summary;
mod task;
mod task_head;
mod time;
mod user;

pub(crate) use action_run::ActionRunRecord;
pub(crate) use action_setting::ActionSettingRecord;
pub(crate) use audit::AuditRecord;
pub(crate) use brief::BriefRecord;
pub(crate) use calendar::CalendarItemRecord;
pub(crate) use campaign::CampaignRecord;
pub(crate) use metric::{MetricPoint, MetricRecord};
pub(crate) use plan::PlanRecord;
pub(crate) use summary::SummaryRecord;
#[cfg(test)]
pub(crate) use task::Instructions;
pub(crate) use task::{TaskRecord, brief_of};
pub(crate) use task_head::task_head;
pub(crate) use time::Time;
pub(crate) use user::{SessionRecord, UserRecord};

use campaign_ops_core::{Error, Result, StorageError};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A stored struct with its versioned envelope.
pub(crate) trait Stored: Serialize + DeserializeOwned {
    /// The kind's name in messages, e.g. `campaign`.
    const KIND: &'static str;
    /// The format version this build writes.
    const FORMAT: u8;

    /// Decodes a payload written in an older format version. None exists yet: every kind
    /// is at its first format.
    fn decode_older(format: u8, _payload: &[u8]) -> std::result::Result<Self, String> {
        Err(format!("unknown {} format version {format}", Self::KIND))
    }
}

/// A postcard output that appends to a `Vec` begun with the format byte: `to_io`'s
/// `io::Write` path costs a `write_all` per field and grows the vector from one byte (a
/// tenth of a planning's record writes, measured).
struct Envelope(Vec<u8>);

impl postcard::ser_flavors::Flavor for Envelope {
    type Output = Vec<u8>;

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.push(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<Vec<u8>> {
        Ok(self.0)
    }
}

/// `[R::FORMAT][postcard of r]`.
pub(crate) fn encode<R: Stored>(r: &R) -> Result<Vec<u8>> {
    // Most records are a few hundred bytes: one allocation for nearly all of them.
    let mut start = Vec::with_capacity(256);
    start.push(R::FORMAT);
    postcard::serialize_with_flavor(r, Envelope(start)).map_err(|e| {
        // Stored structs hold plain data postcard always encodes: a programming error,
        // reported rather than panicking inside a write transaction.
        Error::Storage(StorageError::backend(format!(
            "encoding a {} record: {e}",
            R::KIND
        )))
    })
}

/// Decodes an envelope; the error is the message of a corrupt record.
pub(crate) fn decode<R: Stored>(bytes: &[u8]) -> std::result::Result<R, String> {
    match bytes.split_first() {
        None => Err(format!("empty {} record", R::KIND)),
        Some((&format, payload)) if format == R::FORMAT => {
            let (value, rest) = postcard::take_from_bytes::<R>(payload)
                .map_err(|e| format!("undecodable {} record: {e}", R::KIND))?;
            if rest.is_empty() {
                Ok(value)
            } else {
                Err(format!(
                    "{} trailing bytes after a {} record",
                    rest.len(),
                    R::KIND
                ))
            }
        }
        Some((&format, payload)) => R::decode_older(format, payload),
    }
}

/// A [`StorageError::Corrupt`] of `table`.
pub(crate) fn corrupt(table: &str, message: impl Into<String>) -> Error {
    Error::Storage(StorageError::Corrupt {
        table: table.to_owned(),
        message: message.into(),
    })
}

/// Collects a list of fallible conversions.
pub(crate) fn all<T, U>(
    items: Vec<T>,
    f: impl FnMut(T) -> std::result::Result<U, String>,
) -> std::result::Result<Vec<U>, String> {
    items.into_iter().map(f).collect()
}

#[cfg(test)]
#[path = "golden_tests.rs"]
mod golden_tests;
