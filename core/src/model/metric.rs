//! A measured performance number.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CampaignId, MetricId, Platform, TaskId};

/// What a metric counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MetricKind {
    /// Times the content was shown.
    Impressions,
    /// Distinct people reached.
    Reach,
    /// All interactions (likes + comments + shares + saves + clicks, when reported as one).
    Engagements,
    /// Link clicks.
    Clicks,
    /// Likes / reactions.
    Likes,
    /// Comments / replies.
    Comments,
    /// Shares / reposts.
    Shares,
    /// Saves / bookmarks.
    Saves,
    /// Conversions attributed.
    Conversions,
}

impl MetricKind {
    /// Every kind.
    pub const ALL: [MetricKind; 9] = [
        MetricKind::Impressions,
        MetricKind::Reach,
        MetricKind::Engagements,
        MetricKind::Clicks,
        MetricKind::Likes,
        MetricKind::Comments,
        MetricKind::Shares,
        MetricKind::Saves,
        MetricKind::Conversions,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            MetricKind::Impressions => "impressions",
            MetricKind::Reach => "reach",
            MetricKind::Engagements => "engagements",
            MetricKind::Clicks => "clicks",
            MetricKind::Likes => "likes",
            MetricKind::Comments => "comments",
            MetricKind::Shares => "shares",
            MetricKind::Saves => "saves",
            MetricKind::Conversions => "conversions",
        }
    }
}

impl std::fmt::Display for MetricKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// One recorded metric value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricEntry {
    /// Id, assigned by the store.
    pub id: MetricId,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Task whose outcome it measures, if any.
    pub task_id: Option<TaskId>,
    /// Platform, if any.
    pub platform: Option<Platform>,
    /// What it counts.
    pub kind: MetricKind,
    /// Value: finite and non-negative.
    pub value: f64,
    /// When it was measured.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: String,
    /// Free notes.
    pub notes: Option<String>,
}
