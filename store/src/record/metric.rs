//! The stored metric entry.

use campaign_ops_core::model::{CampaignId, MetricEntry, MetricId, TaskId};
use serde::{Deserialize, Serialize};

use super::codes::{from_opt, metric_kind, opt, platform};
use super::{Stored, Time};

/// A [`MetricEntry`] as stored (key: its id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetricRecord {
    /// Public to the crate (as is `recorded_at`): the metric indexes follow them.
    pub(crate) campaign_id: u64,
    task_id: Option<u64>,
    platform: Option<u8>,
    kind: u8,
    value: f64,
    pub(crate) recorded_at: Time,
    recorded_by: String,
    notes: Option<String>,
}

impl Stored for MetricRecord {
    const KIND: &'static str = "metric";
    const FORMAT: u8 = 1;
}

impl MetricRecord {
    /// The stored form of `m`.
    pub(crate) fn of(m: &MetricEntry) -> Self {
        Self {
            campaign_id: m.campaign_id.0,
            task_id: m.task_id.map(|t| t.0),
            platform: opt(m.platform, platform::code),
            kind: metric_kind::code(m.kind),
            value: m.value,
            recorded_at: Time::of(m.recorded_at),
            recorded_by: m.recorded_by.clone(),
            notes: m.notes.clone(),
        }
    }

    /// The `METRIC_BY_TIME` index value of this record: what a time-range read returns
    /// without looking the record up.
    pub(crate) fn point(&self) -> MetricPoint {
        MetricPoint {
            task_id: self.task_id,
            platform: self.platform,
            kind: self.kind,
            value: self.value,
            recorded_by: self.recorded_by.clone(),
            notes: self.notes.clone(),
        }
    }

    /// The entry `id` this record stores.
    pub(crate) fn into_domain(self, id: u64) -> Result<MetricEntry, String> {
        Ok(MetricEntry {
            id: MetricId(id),
            campaign_id: CampaignId(self.campaign_id),
            task_id: self.task_id.map(TaskId),
            platform: from_opt(self.platform, platform::from_code)?,
            kind: metric_kind::from_code(self.kind)?,
            value: self.value,
            recorded_at: self.recorded_at.to_utc()?,
            recorded_by: self.recorded_by,
            notes: self.notes,
        })
    }
}

/// The value of a metric's `METRIC_BY_TIME` index entry (schema 7): every field of the
/// [`MetricRecord`] except the two its key already holds (campaign and `recorded_at`), so
/// `metrics_recorded` (the weekly summary, campaign metrics) answers from the index alone,
/// with no record look-up. It is a covering copy rather than only the fields a summary
/// sums because `ReadTx::metrics_recorded` returns whole entries. Written with the
/// record, from it ([`MetricRecord::point`]), in the same write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetricPoint {
    task_id: Option<u64>,
    platform: Option<u8>,
    kind: u8,
    value: f64,
    recorded_by: String,
    notes: Option<String>,
}

impl Stored for MetricPoint {
    const KIND: &'static str = "metric index value";
    const FORMAT: u8 = 1;
}

impl MetricPoint {
    /// The entry `id` of `campaign` recorded at `recorded_at` (the entry's key) that this
    /// value completes.
    pub(crate) fn into_domain(
        self,
        id: u64,
        campaign: u64,
        recorded_at: Time,
    ) -> Result<MetricEntry, String> {
        Ok(MetricEntry {
            id: MetricId(id),
            campaign_id: CampaignId(campaign),
            task_id: self.task_id.map(TaskId),
            platform: from_opt(self.platform, platform::from_code)?,
            kind: metric_kind::from_code(self.kind)?,
            value: self.value,
            recorded_at: recorded_at.to_utc()?,
            recorded_by: self.recorded_by,
            notes: self.notes,
        })
    }
}
