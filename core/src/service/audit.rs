//! The hash-chained audit log: appending inside a write transaction, and verifying the chain.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::CampaignOps;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::model::{Actor, AuditAction, AuditEntry, AuditSeq, CampaignId, EntityKind, FieldChange};
use crate::{Clock, Result, StorageError, Store, WriteTx};

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one audit append records; `before`/`after` are serialised to JSON here.
pub(crate) struct Change<'a, T: Serialize> {
    pub actor: &'a Actor,
    pub action: AuditAction,
    pub entity: EntityKind,
    pub entity_id: u64,
    pub campaign_id: Option<CampaignId>,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
    pub details: Option<String>,
}

impl<'a, T: Serialize> Change<'a, T> {
    /// The record of creating `after` (no before state, no details).
    pub fn created(
        actor: &'a Actor,
        action: AuditAction,
        entity: EntityKind,
        entity_id: u64,
        campaign_id: Option<CampaignId>,
        after: &'a T,
    ) -> Self {
        Self {
            actor,
            action,
            entity,
            entity_id,
            campaign_id,
            before: None,
            after: Some(after),
            details: None,
        }
    }
}

/// The fields the hash covers: everything but the hash itself, in a fixed order. `action` is
/// its key string, as it was when the field was a string, and `changes` takes part only
/// when an entry has them: the hash of every entry written before either existed must stay
/// what it is.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: AuditSeq,
    at: &'a DateTime<Utc>,
    actor: &'a str,
    action: &'a str,
    entity: EntityKind,
    entity_id: u64,
    campaign_id: Option<CampaignId>,
    before: &'a Option<String>,
    after: &'a Option<String>,
    #[serde(skip_serializing_if = "<[FieldChange]>::is_empty")]
    changes: &'a [FieldChange],
    details: &'a Option<String>,
    prev_hash: &'a str,
}

/// The hash an entry must carry, given its other fields.
pub fn entry_hash(e: &AuditEntry) -> String {
    let hashed = Hashed {
        seq: e.seq,
        at: &e.at,
        actor: &e.actor,
        action: e.action.key(),
        entity: e.entity,
        entity_id: e.entity_id,
        campaign_id: e.campaign_id,
        before: &e.before,
        after: &e.after,
        changes: &e.changes,
        details: &e.details,
        prev_hash: &e.prev_hash,
    };
    let json = serde_json::to_vec(&hashed).expect("audit fields always serialise");
    let mut sha = Sha256::new();
    sha.update(e.prev_hash.as_bytes());
    sha.update(&json);
    hex::encode(sha.finalize())
}

/// `value` as a JSON value; only a type serde_json cannot encode (a map with non-string
/// keys) fails, a programming error reported rather than panicking inside a write.
fn to_value<T: Serialize>(value: Option<&T>) -> Result<Option<Value>> {
    value
        .map(|v| {
            serde_json::to_value(v)
                .map_err(|e| StorageError::backend_with("encoding an audit entry", e, false).into())
        })
        .transpose()
}

/// The top-level fields that differ between `before` and `after` (JSON objects; anything
/// else counts as one unnamed field), in field-name order.
pub fn field_changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    fn fields<'v>(
        v: Option<&'v Value>,
        empty: &'v Map<String, Value>,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            None => Some(empty),
            Some(Value::Object(map)) => Some(map),
            Some(_) => None,
        }
    }
    let empty = Map::new();
    match (fields(before, &empty), fields(after, &empty)) {
        (Some(b), Some(a)) => {
            let names: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
            names
                .into_iter()
                .filter(|name| b.get(*name) != a.get(*name))
                .map(|name| FieldChange {
                    field: name.clone(),
                    before: b.get(name).map(Value::to_string),
                    after: a.get(name).map(Value::to_string),
                })
                .collect()
        }
        _ if before == after => vec![],
        _ => vec![FieldChange {
            field: String::new(),
            before: before.map(Value::to_string),
            after: after.map(Value::to_string),
        }],
    }
}

/// Appends `change` as the next entry of the chain, inside `tx`.
pub(crate) fn append<T: Serialize>(
    tx: &mut dyn WriteTx,
    at: DateTime<Utc>,
    change: Change<'_, T>,
) -> Result<AuditEntry> {
    let (seq, prev_hash) = match tx.audit_head()? {
        Some((seq, hash)) => (AuditSeq(seq.0 + 1), hash),
        None => (AuditSeq(1), GENESIS_HASH.to_owned()),
    };
    let mut entry = AuditEntry {
        seq,
        at,
        actor: change.actor.as_str().to_owned(),
        action: change.action,
        entity: change.entity,
        entity_id: change.entity_id,
        campaign_id: change.campaign_id,
        before: None,
        after: None,
        changes: field_changes(
            to_value(change.before)?.as_ref(),
            to_value(change.after)?.as_ref(),
        ),
        details: change.details,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    tx.append_audit(&entry)?;
    Ok(entry)
}

/// Where the audit chain first fails to verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// Seq of the first entry that does not match (or the seq that is missing).
    pub seq: AuditSeq,
    /// What is wrong with it.
    pub reason: String,
}

/// Result of [`CampaignOps::verify_audit_chain`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Entries checked.
    pub entries: u64,
    /// The first break, or `None` when the whole chain verifies.
    pub first_break: Option<ChainBreak>,
}

impl AuditVerification {
    /// Whether the chain verified.
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Entries read per read transaction while verifying.
const VERIFY_BATCH: usize = 1000;

/// Most entries one audit page returns.
pub const MAX_AUDIT_PAGE: usize = 1000;

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Walks the whole audit log and reports the first entry whose sequence, link to its
    /// predecessor, or own hash does not match. Detects edited, deleted and inserted entries
    /// (deleting the newest entries is only detectable against an external copy of the
    /// last hash, see [`Self::audit_head`]).
    pub fn verify_audit_chain(&self) -> Result<AuditVerification> {
        let mut prev_hash = GENESIS_HASH.to_owned();
        let mut expected = 1u64;
        let mut after = None;
        loop {
            let batch = self
                .store()
                .read(|tx| tx.audit_entries(after, VERIFY_BATCH))?;
            if batch.is_empty() {
                return Ok(AuditVerification {
                    entries: expected - 1,
                    first_break: None,
                });
            }
            for e in &batch {
                let problem = if e.seq.0 != expected {
                    Some((
                        AuditSeq(expected),
                        format!("entry {expected} is missing (next stored is {})", e.seq),
                    ))
                } else if e.prev_hash != prev_hash {
                    Some((
                        e.seq,
                        "does not link to the previous entry's hash".to_owned(),
                    ))
                } else if entry_hash(e) != e.hash {
                    Some((e.seq, "content does not match its hash".to_owned()))
                } else {
                    None
                };
                if let Some((seq, reason)) = problem {
                    return Ok(AuditVerification {
                        entries: expected - 1,
                        first_break: Some(ChainBreak { seq, reason }),
                    });
                }
                prev_hash = e.hash.clone();
                expected += 1;
            }
            after = batch.last().map(|e| e.seq);
        }
    }

    /// The newest entry's seq and hash: keep a copy outside the database to detect
    /// truncation of the log's tail.
    pub fn audit_head(&self) -> Result<Option<(AuditSeq, String)>> {
        self.store().read(|tx| tx.audit_head())
    }

    /// One page of a campaign's audit trail, oldest first: entries after `after`, at most
    /// `limit` (1 to [`MAX_AUDIT_PAGE`]).
    pub fn campaign_audit(
        &self,
        id: CampaignId,
        after: Option<AuditSeq>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        crate::validate::page_limit(limit, MAX_AUDIT_PAGE)?;
        self.store()
            .read(|tx| tx.audit_for_campaign(id, after, limit))
    }

    /// One page of the whole audit log, oldest first: entries after `after`, at most `limit`
    /// (1 to [`MAX_AUDIT_PAGE`]).
    pub fn audit_log(&self, after: Option<AuditSeq>, limit: usize) -> Result<Vec<AuditEntry>> {
        crate::validate::page_limit(limit, MAX_AUDIT_PAGE)?;
        self.store().read(|tx| tx.audit_entries(after, limit))
    }
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
