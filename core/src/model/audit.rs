//! An entry of the append-only, hash-chained audit log.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AuditSeq, CampaignId};

/// Kind of entity an audit entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A campaign.
    Campaign,
    /// A plan.
    Plan,
    /// A calendar item (or a whole calendar).
    CalendarItem,
    /// An operator task.
    Task,
    /// A metric entry.
    Metric,
    /// A run of a scheduled action.
    ActionRun,
}

impl EntityKind {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            EntityKind::Campaign => "campaign",
            EntityKind::Plan => "plan",
            EntityKind::CalendarItem => "calendar_item",
            EntityKind::Task => "task",
            EntityKind::Metric => "metric",
            EntityKind::ActionRun => "action_run",
        }
    }
}

/// One recorded change. `hash` = SHA-256(prev_hash ‖ canonical encoding of the other fields),
/// so editing or deleting any entry breaks the chain from there on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 1, without gaps.
    pub seq: AuditSeq,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// Who made it.
    pub actor: String,
    /// What was done, e.g. "campaign.create".
    pub action: String,
    /// Kind of entity changed.
    pub entity: EntityKind,
    /// Id of the entity changed.
    pub entity_id: u64,
    /// Campaign the change belongs to, if any.
    pub campaign_id: Option<CampaignId>,
    /// The entity before, as JSON text (`None` on create).
    pub before: Option<String>,
    /// The entity after, as JSON text (`None` on delete).
    pub after: Option<String>,
    /// Free words about the change.
    pub details: Option<String>,
    /// Hash of the previous entry, hex (64 zeros for the first).
    pub prev_hash: String,
    /// Hash of this entry, hex.
    pub hash: String,
}
