//! The stored audit entry, in a module of its own: the domain entry will soon carry a
//! field diff instead of whole before/after records, which becomes format version 2 here
//! (with [`Stored::decode_older`] reading the entries of format 1).

use campaign_ops_core::model::{AuditEntry, AuditSeq, CampaignId};
use serde::{Deserialize, Serialize};

use super::codes::entity_kind;
use super::{Stored, Time};

/// An [`AuditEntry`] as stored (key: its seq). Every field the hash covers is kept exactly
/// as given (texts are not normalised), so the chain verifies after a round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AuditRecord {
    at: Time,
    actor: String,
    action: String,
    entity: u8,
    entity_id: u64,
    /// Public to the crate: the audit-by-campaign index follows it.
    pub(crate) campaign_id: Option<u64>,
    before: Option<String>,
    after: Option<String>,
    details: Option<String>,
    prev_hash: String,
    hash: String,
}

impl Stored for AuditRecord {
    const KIND: &'static str = "audit entry";
    const FORMAT: u8 = 1;
}

impl AuditRecord {
    /// The stored form of `e`.
    pub(crate) fn of(e: &AuditEntry) -> Self {
        Self {
            at: Time::of(e.at),
            actor: e.actor.clone(),
            action: e.action.clone(),
            entity: entity_kind::code(e.entity),
            entity_id: e.entity_id,
            campaign_id: e.campaign_id.map(|c| c.0),
            before: e.before.clone(),
            after: e.after.clone(),
            details: e.details.clone(),
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
        }
    }

    /// The entry `seq` this record stores.
    pub(crate) fn into_domain(self, seq: u64) -> Result<AuditEntry, String> {
        Ok(AuditEntry {
            seq: AuditSeq(seq),
            at: self.at.to_utc()?,
            actor: self.actor,
            action: self.action,
            entity: entity_kind::from_code(self.entity)?,
            entity_id: self.entity_id,
            campaign_id: self.campaign_id.map(CampaignId),
            before: self.before,
            after: self.after,
            details: self.details,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}
