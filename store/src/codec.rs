//! The versioned value wrapper every record table stores: `[format version][postcard bytes]`.
//!
//! redb's [`Value::from_bytes`] cannot fail, so the wrapper keeps the raw bytes and decoding
//! happens later in [`Stored::decode`], which turns a bad payload into
//! [`StorageError::Corrupt`] instead of a panic. The redb type name of each table's value is a
//! hard-coded string ([`Entity::TYPE_NAME`]), never `std::any::type_name`, so moving or
//! renaming a Rust type cannot make redb refuse an existing file.
//!
//! The format version byte describes the encoding of one record (postcard of the model
//! struct); it is independent of the schema version in `meta`, which describes the table
//! layout. A change of a model's fields that postcard cannot read back needs a new format
//! version and a decoder for the old one here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use campaign_ops_core::model::{
    AuditEntry, CalendarItem, Campaign, CampaignPlan, MetricEntry, OperatorTask,
};
use campaign_ops_core::{Error, Result, StorageError};
use redb::{TypeName, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The format version written by this build (first byte of every stored record).
pub(crate) const FORMAT_V1: u8 = 1;

/// A model type stored in its own record table.
pub(crate) trait Entity: Serialize + DeserializeOwned + 'static {
    /// The stable redb type name of the stored value. Never change it: redb compares it with
    /// the name recorded in the file when the table is opened.
    const TYPE_NAME: &'static str;
    /// Name of the table, for error messages.
    const TABLE: &'static str;
}

macro_rules! entity {
    ($($ty:ty => $type_name:literal, $table:literal;)*) => {$(
        impl Entity for $ty {
            const TYPE_NAME: &'static str = $type_name;
            const TABLE: &'static str = $table;
        }
    )*};
}

entity! {
    Campaign => "campaign_ops::Campaign", "campaigns";
    CampaignPlan => "campaign_ops::CampaignPlan", "plans";
    CalendarItem => "campaign_ops::CalendarItem", "calendar_items";
    OperatorTask => "campaign_ops::OperatorTask", "tasks";
    MetricEntry => "campaign_ops::MetricEntry", "metrics";
    AuditEntry => "campaign_ops::AuditEntry", "audit";
    campaign_ops_core::report::WeeklySummary => "campaign_ops::WeeklySummary", "weekly_summaries";
    campaign_ops_core::model::ActionRun => "campaign_ops::ActionRun", "action_runs";
    crate::brief::BriefRecord => "campaign_ops::TaskBrief", "open_task_briefs_by_assignee_due";
}

/// The redb value type of a record table holding `T` (a marker; values are [`Stored`]).
pub(crate) struct Record<T>(PhantomData<fn() -> T>);

impl<T: Entity> fmt::Debug for Record<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Record<{}>", T::TYPE_NAME)
    }
}

/// The bytes of one stored `T`, borrowed from redb or owned after encoding.
pub(crate) struct Stored<'a, T> {
    raw: Cow<'a, [u8]>,
    _t: PhantomData<fn() -> T>,
}

impl<T: Entity> fmt::Debug for Stored<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stored<{}>({} bytes)", T::TYPE_NAME, self.raw.len())
    }
}

impl<T: Entity> Stored<'static, T> {
    /// Encodes `value` in the current format.
    pub(crate) fn encode(value: &T) -> Result<Self> {
        let mut raw = vec![FORMAT_V1];
        let payload = postcard::to_stdvec(value).map_err(|e| {
            // Only a model type postcard cannot encode gets here: a programming error, but
            // reported rather than panicking inside a write transaction.
            Error::from(StorageError::backend_with(
                format!("encoding a record for {}", T::TABLE),
                e,
                false,
            ))
        })?;
        raw.extend_from_slice(&payload);
        Ok(Self {
            raw: Cow::Owned(raw),
            _t: PhantomData,
        })
    }
}

impl<'a, T: Entity> Stored<'a, T> {
    /// Wraps raw bytes (as stored) without checking them.
    pub(crate) fn from_raw(raw: &'a [u8]) -> Self {
        Self {
            raw: Cow::Borrowed(raw),
            _t: PhantomData,
        }
    }

    /// Decodes the record; a bad version byte or payload is [`StorageError::Corrupt`].
    pub(crate) fn decode(&self) -> Result<T> {
        let corrupt = |message: String| {
            Error::Storage(StorageError::Corrupt {
                table: T::TABLE.to_owned(),
                message,
            })
        };
        match self.raw.split_first() {
            None => Err(corrupt("empty record".to_owned())),
            Some((&FORMAT_V1, payload)) => {
                let (value, rest) = postcard::take_from_bytes::<T>(payload)
                    .map_err(|e| corrupt(format!("undecodable record: {e}")))?;
                if rest.is_empty() {
                    Ok(value)
                } else {
                    Err(corrupt(format!(
                        "{} trailing bytes after record",
                        rest.len()
                    )))
                }
            }
            Some((version, _)) => Err(corrupt(format!("unknown record format version {version}"))),
        }
    }
}

impl<T: Entity> Value for Record<T> {
    type SelfType<'a>
        = Stored<'a, T>
    where
        Self: 'a;
    type AsBytes<'a>
        = &'a [u8]
    where
        Self: 'a;

    fn fixed_width() -> Option<usize> {
        None
    }

    fn from_bytes<'a>(data: &'a [u8]) -> Stored<'a, T>
    where
        Self: 'a,
    {
        Stored::from_raw(data)
    }

    fn as_bytes<'a, 'b: 'a>(value: &'a Stored<'b, T>) -> &'a [u8]
    where
        Self: 'b,
    {
        &value.raw
    }

    fn type_name() -> TypeName {
        TypeName::new(T::TYPE_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corrupt_table(err: Error) -> String {
        match err {
            Error::Storage(StorageError::Corrupt { table, .. }) => table,
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    #[test]
    fn bad_bytes_are_corrupt_not_panics() {
        for raw in [
            &[][..],
            &[FORMAT_V1][..],
            &[9, 1, 2][..],
            &[FORMAT_V1, 0xff, 0xff][..],
        ] {
            let err = Stored::<Campaign>::from_raw(raw).decode().unwrap_err();
            assert_eq!(corrupt_table(err), "campaigns");
        }
    }

    #[test]
    fn type_names_are_stable() {
        // These strings are part of the file format: changing one breaks existing files.
        assert_eq!(
            <Record<Campaign> as Value>::type_name(),
            TypeName::new("campaign_ops::Campaign")
        );
        assert_eq!(
            <Record<AuditEntry> as Value>::type_name(),
            TypeName::new("campaign_ops::AuditEntry")
        );
    }
}
