//! The record codec of schema versions 1 to 5: `[format 1][postcard of the frozen v5
//! struct]` in tables whose redb value type has a fixed name (`campaign_ops::<Type>`).
//!
//! redb's `Value::from_bytes` cannot fail, so the wrapper keeps the raw bytes and
//! [`Stored::decode`] turns a bad payload into [`StorageError::Corrupt`] instead of a panic.
//!
//! [`StorageError::Corrupt`]: campaign_ops_core::StorageError::Corrupt

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use campaign_ops_core::Result;
use redb::{TypeName, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::v5;
use crate::record::corrupt;

/// The only record format versions 1 to 5 wrote.
const FORMAT_V1: u8 = 1;

/// A frozen v5 type stored in its own record table.
pub(crate) trait Entity: Serialize + DeserializeOwned + 'static {
    /// The redb type name of the stored value: part of the v5 file format.
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
    v5::Campaign => "campaign_ops::Campaign", "campaigns";
    v5::CampaignPlan => "campaign_ops::CampaignPlan", "plans";
    v5::CalendarItem => "campaign_ops::CalendarItem", "calendar_items";
    v5::OperatorTask => "campaign_ops::OperatorTask", "tasks";
    v5::MetricEntry => "campaign_ops::MetricEntry", "metrics";
    v5::AuditEntry => "campaign_ops::AuditEntry", "audit";
    v5::WeeklySummary => "campaign_ops::WeeklySummary", "weekly_summaries";
    v5::ActionRun => "campaign_ops::ActionRun", "action_runs";
    v5::BriefRecord => "campaign_ops::TaskBrief", "task briefs";
}

/// The redb value type of a v5 record table holding `T`.
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
    /// Encodes `value` in format 1 (the migrations' index steps and the test hooks).
    pub(crate) fn encode(value: &T) -> Result<Self> {
        let mut raw = vec![FORMAT_V1];
        postcard::to_io(value, &mut raw).map_err(|e| {
            campaign_ops_core::Error::Storage(campaign_ops_core::StorageError::backend(format!(
                "encoding a v5 record for {}: {e}",
                T::TABLE
            )))
        })?;
        Ok(Self {
            raw: Cow::Owned(raw),
            _t: PhantomData,
        })
    }
}

impl<'a, T: Entity> Stored<'a, T> {
    /// Decodes the record; a bad version byte or payload is `StorageError::Corrupt`.
    pub(crate) fn decode(&self) -> Result<T> {
        let bad = |m: String| corrupt(T::TABLE, m);
        match self.raw.split_first() {
            None => Err(bad("empty record".to_owned())),
            Some((&FORMAT_V1, payload)) => {
                let (value, rest) = postcard::take_from_bytes::<T>(payload)
                    .map_err(|e| bad(format!("undecodable record: {e}")))?;
                if rest.is_empty() {
                    Ok(value)
                } else {
                    Err(bad(format!("{} trailing bytes after record", rest.len())))
                }
            }
            Some((version, _)) => Err(bad(format!("unknown record format version {version}"))),
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
        Stored {
            raw: Cow::Borrowed(data),
            _t: PhantomData,
        }
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
