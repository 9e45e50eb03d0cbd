//! The stored audit entry: its action as a code, and either the field diff of the change
//! (entries written since schema v6) or the two whole records of older entries, kept as
//! they were so that their hashes still verify.

use campaign_ops_core::model::{AuditEntry, AuditSeq, CampaignId, FieldChange};
use serde::{Deserialize, Serialize};

use super::codes::{audit_action, entity_kind};
use super::{Stored, Time};

/// An [`AuditEntry`] as stored (key: its seq). Every field the hash covers is kept exactly
/// as given (texts are not normalised), so the chain verifies after a round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AuditRecord {
    at: Time,
    actor: String,
    action: u8,
    entity: u8,
    entity_id: u64,
    /// Public to the crate: the audit-by-campaign index follows it.
    pub(crate) campaign_id: Option<u64>,
    before: Option<String>,
    after: Option<String>,
    /// `(field, before, after)` of each field change.
    changes: Vec<(String, Option<String>, Option<String>)>,
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
            action: audit_action::code(e.action),
            entity: entity_kind::code(e.entity),
            entity_id: e.entity_id,
            campaign_id: e.campaign_id.map(|c| c.0),
            before: e.before.clone(),
            after: e.after.clone(),
            changes: e
                .changes
                .iter()
                .map(|c| (c.field.clone(), c.before.clone(), c.after.clone()))
                .collect(),
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
            action: audit_action::from_code(self.action)?,
            entity: entity_kind::from_code(self.entity)?,
            entity_id: self.entity_id,
            campaign_id: self.campaign_id.map(CampaignId),
            before: self.before,
            after: self.after,
            changes: self
                .changes
                .into_iter()
                .map(|(field, before, after)| FieldChange {
                    field,
                    before,
                    after,
                })
                .collect(),
            details: self.details,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}
