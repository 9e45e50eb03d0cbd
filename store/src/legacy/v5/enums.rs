//! Frozen copies of the domain enums as schema v5 (postcard variant index, serde names)
//! stored them, each with its conversion to today's domain enum.
//!
//! Variant order is the v5 encoding (postcard writes the variant index): never reorder.

use campaign_ops_core::model as domain;
use serde::{Deserialize, Serialize};

/// Declares a frozen enum and its conversion into the domain enum of the same variants.
macro_rules! frozen {
    ($(#[$doc:meta] $name:ident => $domain:ty { $($var:ident),* $(,)? })*) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[allow(missing_docs)]
        pub enum $name { $($var),* }

        impl From<$name> for $domain {
            fn from(x: $name) -> Self {
                match x {
                    $($name::$var => <$domain>::$var,)*
                }
            }
        }
    )*};
}

frozen! {
    /// v5 `CampaignStatus`.
    CampaignStatus => domain::CampaignStatus { Draft, Active, Paused, Completed, Archived }
    /// v5 `Objective`.
    Objective => domain::Objective {
        Awareness, Engagement, LeadGeneration, Conversion, Retention,
    }
    /// v5 `ContentType`.
    ContentType => domain::ContentType { Post, Carousel, Reel, Story, Thread, Email }
    /// v5 `CalendarItemStatus`.
    CalendarItemStatus => domain::CalendarItemStatus { Planned, InProgress, Published, Cancelled }
    /// v5 `TaskType`.
    TaskType => domain::TaskType { Post, Engage, FollowUp, Review, Analyze, Manual }
    /// v5 `TaskStatus`.
    TaskStatus => domain::TaskStatus {
        Pending, InProgress, Completed, Failed, Blocked, Skipped,
    }
    /// v5 `ProofKind`.
    ProofKind => domain::ProofKind { Url, Text, Upload, Manual }
    /// v5 `MetricKind`.
    MetricKind => domain::MetricKind {
        Impressions, Reach, Engagements, Clicks, Likes, Comments, Shares, Saves, Conversions,
    }
    /// v5 `EntityKind`.
    EntityKind => domain::EntityKind { Campaign, Plan, CalendarItem, Task, Metric, ActionRun }
    /// v5 `RunStatus`.
    RunStatus => domain::RunStatus { Running, Retrying, Succeeded, Failed, Queued }
}

/// v5 `Platform` (its serde names differ from snake case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Platform {
    #[serde(rename = "linkedin", alias = "linked_in")]
    LinkedIn,
    Instagram,
    #[serde(alias = "twitter")]
    X,
    Email,
}

impl From<Platform> for domain::Platform {
    fn from(p: Platform) -> Self {
        match p {
            Platform::LinkedIn => domain::Platform::LinkedIn,
            Platform::Instagram => domain::Platform::Instagram,
            Platform::X => domain::Platform::X,
            Platform::Email => domain::Platform::Email,
        }
    }
}

impl TaskStatus {
    /// v5's rule: pending, in progress and blocked tasks are open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TaskStatus::Pending | TaskStatus::InProgress | TaskStatus::Blocked
        )
    }
}

impl CampaignStatus {
    /// The status code of v5's `campaigns_by_status` keys.
    pub fn code(self) -> u8 {
        match self {
            CampaignStatus::Draft => 0,
            CampaignStatus::Active => 1,
            CampaignStatus::Paused => 2,
            CampaignStatus::Completed => 3,
            CampaignStatus::Archived => 4,
        }
    }
}
