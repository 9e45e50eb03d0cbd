//! The campaign record and its status machine.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{CampaignId, Platform};
use crate::{Error, Result, Transition};

/// Where a campaign is in its life.
///
/// ```text
/// Draft ──▶ Active ⇄ Paused
///   │         │        │
///   │         ▼        ▼
///   │      Completed ◀─┘
///   ▼         │
/// Archived ◀──┘
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CampaignStatus {
    /// Being prepared; nothing runs yet.
    Draft,
    /// Running: the daemon surfaces its tasks.
    Active,
    /// Temporarily stopped; can resume.
    Paused,
    /// Finished; read-only except archiving.
    Completed,
    /// Put away; kept for the record.
    Archived,
}

impl CampaignStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [CampaignStatus; 5] = [
        CampaignStatus::Draft,
        CampaignStatus::Active,
        CampaignStatus::Paused,
        CampaignStatus::Completed,
        CampaignStatus::Archived,
    ];

    /// Whether the status machine allows moving from `self` to `to`.
    pub fn can_move_to(self, to: CampaignStatus) -> bool {
        use CampaignStatus::*;
        matches!(
            (self, to),
            (Draft, Active)
                | (Draft, Archived)
                | (Active, Paused)
                | (Active, Completed)
                | (Paused, Active)
                | (Paused, Completed)
                | (Completed, Archived)
        )
    }

    /// `to` if the move is legal, else [`Error::IllegalTransition`].
    pub fn move_to(self, to: CampaignStatus) -> Result<CampaignStatus> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(Error::IllegalTransition(Transition::Campaign {
                from: self,
                to,
            }))
        }
    }

    /// Stable lower-case key.
    pub fn key(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Paused => "paused",
            CampaignStatus::Completed => "completed",
            CampaignStatus::Archived => "archived",
        }
    }
}

impl std::fmt::Display for CampaignStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl std::str::FromStr for CampaignStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase();
        CampaignStatus::ALL
            .into_iter()
            .find(|st| st.key() == s)
            .ok_or_else(|| {
                Error::validation(
                    "status",
                    format!(
                        "unknown campaign status '{s}' (expected draft, active, paused, completed or archived)",
                        s = crate::validate::shown(&s)
                    ),
                )
            })
    }
}

/// What the campaign is for; shapes the plan the planner produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Objective {
    /// Get known: reach and impressions.
    Awareness,
    /// Get interaction: comments, shares, community.
    Engagement,
    /// Get leads: sign-ups, demo requests.
    LeadGeneration,
    /// Get sales / conversions.
    Conversion,
    /// Keep and grow existing customers.
    Retention,
}

impl Objective {
    /// Every objective.
    pub const ALL: [Objective; 5] = [
        Objective::Awareness,
        Objective::Engagement,
        Objective::LeadGeneration,
        Objective::Conversion,
        Objective::Retention,
    ];

    /// Stable lower-case key.
    pub fn key(self) -> &'static str {
        match self {
            Objective::Awareness => "awareness",
            Objective::Engagement => "engagement",
            Objective::LeadGeneration => "lead_generation",
            Objective::Conversion => "conversion",
            Objective::Retention => "retention",
        }
    }
}

impl std::fmt::Display for Objective {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl std::str::FromStr for Objective {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Objective::ALL
            .into_iter()
            .find(|o| o.key() == s || (s == "leads" && *o == Objective::LeadGeneration))
            .ok_or_else(|| {
                Error::validation(
                    "objective",
                    format!(
                        "unknown objective '{s}' (expected awareness, engagement, lead_generation, conversion or retention)",
                        s = crate::validate::shown(&s)
                    ),
                )
            })
    }
}

/// A marketing campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// Id, assigned by the store.
    pub id: CampaignId,
    /// Unique name (compared case-insensitively).
    pub name: String,
    /// The client the campaign runs for.
    pub client_name: String,
    /// What the campaign is for.
    pub objective: Objective,
    /// Free description.
    pub description: String,
    /// Platforms it publishes on (sorted, no duplicates).
    pub platforms: Vec<Platform>,
    /// First day (in the campaign's time zone).
    pub start_date: NaiveDate,
    /// Last day, inclusive; open-ended when `None`.
    pub end_date: Option<NaiveDate>,
    /// IANA time zone that posting windows, "today" and "overdue" use.
    pub time_zone: Tz,
    /// Posts per week for each platform.
    pub cadence: BTreeMap<Platform, u32>,
    /// The main call to action, if any.
    pub primary_cta: Option<String>,
    /// Who answers for the campaign; escalations are assigned to them.
    pub owner: String,
    /// Lifecycle status.
    pub status: CampaignStatus,
    /// Free string metadata.
    pub metadata: BTreeMap<String, String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Campaign {
    /// The key names are unique under: trimmed, case-folded.
    pub fn name_key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// Whether `date` (local to the campaign) lies within start and end.
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        date >= self.start_date && self.end_date.is_none_or(|end| date <= end)
    }
}
