//! A dated item of the content calendar.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CalendarItemId, CampaignId, ContentType, PlanId, Platform};

/// Where a calendar item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CalendarItemStatus {
    /// Planned; may still be replaced by regenerating the calendar.
    Planned,
    /// Its POST task has started; kept on regeneration.
    InProgress,
    /// Published.
    Published,
    /// Not going out.
    Cancelled,
}

impl CalendarItemStatus {
    /// Stable key, as serialised.
    pub fn key(self) -> &'static str {
        match self {
            CalendarItemStatus::Planned => "planned",
            CalendarItemStatus::InProgress => "in_progress",
            CalendarItemStatus::Published => "published",
            CalendarItemStatus::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for CalendarItemStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// One piece of content at one time on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarItem {
    /// Id, assigned by the store.
    pub id: CalendarItemId,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Plan it was generated from.
    pub plan_id: PlanId,
    /// Platform.
    pub platform: Platform,
    /// Form of the content.
    pub content_type: ContentType,
    /// When it goes out (UTC; inside a posting window in the campaign's zone).
    pub scheduled_at: DateTime<Utc>,
    /// Title / working headline.
    pub title: String,
    /// Draft copy.
    pub copy: String,
    /// Reference to an asset, if any.
    pub asset_ref: Option<String>,
    /// Call to action.
    pub cta: Option<String>,
    /// Theme of the week it falls in.
    pub theme: String,
    /// Status.
    pub status: CalendarItemStatus,
    /// Free notes.
    pub notes: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}
