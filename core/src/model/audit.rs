//! An entry of the append-only, hash-chained audit log, and the names of its actions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AuditSeq, CampaignId};
use crate::Error;

/// Kind of entity an audit entry (or an error) is about.
///
/// Stored as its variant index (postcard): new kinds go at the end, existing ones never move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
    /// An entry of the audit log.
    AuditEntry,
    /// A dashboard user.
    User,
    /// A registered action (its on/off switch, a run asked for by hand); the entry's
    /// `entity_id` is 0 and its details name the action.
    Action,
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
            EntityKind::AuditEntry => "audit_entry",
            EntityKind::User => "user",
            EntityKind::Action => "action",
        }
    }

    /// Name for people, as messages use it (e.g. "calendar item").
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Campaign => "campaign",
            EntityKind::Plan => "plan",
            EntityKind::CalendarItem => "calendar item",
            EntityKind::Task => "task",
            EntityKind::Metric => "metric",
            EntityKind::ActionRun => "action run",
            EntityKind::AuditEntry => "audit entry",
            EntityKind::User => "user",
            EntityKind::Action => "action",
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// What an audit entry records: one variant per kind of change.
///
/// Stored and hashed as its dotted key (`"campaign.create"`), exactly the string the field
/// held before it was typed: `Serialize` / `Deserialize` are written by hand for that, so
/// existing files decode and existing chains verify unchanged. A key this build does not
/// know fails to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum AuditAction {
    /// An admin turned a registered action off: the daemon no longer runs it.
    ActionDisable,
    /// An admin turned a registered action on again.
    ActionEnable,
    /// An admin asked for a run of an action now (a queued ledger record).
    ActionRunNow,
    /// A calendar was generated (or regenerated) from a plan.
    CalendarGenerate,
    /// A calendar item was moved to another time by hand.
    CalendarItemReschedule,
    /// A calendar item's title, copy, CTA or asset was edited by hand.
    CalendarItemUpdate,
    /// Draft → Active.
    CampaignActivate,
    /// A campaign was archived.
    CampaignArchive,
    /// A campaign was completed (by hand or when its end date passed).
    CampaignComplete,
    /// A campaign was created.
    CampaignCreate,
    /// Active → Paused.
    CampaignPause,
    /// Paused → Active.
    CampaignResume,
    /// A campaign's fields were edited.
    CampaignUpdate,
    /// Metrics were recorded outside a task.
    MetricsRecord,
    /// A plan (version) was created.
    PlanCreate,
    /// A weekly summary was stored.
    SummaryStore,
    /// A task was blocked.
    TaskBlock,
    /// A step of a task's checklist was ticked or unticked.
    TaskChecklist,
    /// A task was completed.
    TaskComplete,
    /// A task was created (by hand, or the ANALYZE task of a weekly summary).
    TaskCreate,
    /// An escalation REVIEW task was created for overdue tasks.
    TaskEscalate,
    /// A task failed.
    TaskFail,
    /// A task was handed to another operator.
    TaskReassign,
    /// A task was skipped.
    TaskSkip,
    /// Work on a task started.
    TaskStart,
    /// A blocked task was unblocked.
    TaskUnblock,
    /// POST tasks were generated from calendar items.
    TasksGenerate,
    /// A dashboard user was added.
    UserCreate,
    /// A user was disabled (their sessions ended).
    UserDisable,
    /// A disabled user was enabled again.
    UserEnable,
    /// A user's password was set (the entry records that, never the hash).
    UserPassword,
    /// A user's role changed.
    UserRole,
    /// A user's display name or time zone changed.
    UserUpdate,
}

impl AuditAction {
    /// Every action, in key order.
    pub const ALL: [AuditAction; 33] = [
        AuditAction::ActionDisable,
        AuditAction::ActionEnable,
        AuditAction::ActionRunNow,
        AuditAction::CalendarGenerate,
        AuditAction::CalendarItemReschedule,
        AuditAction::CalendarItemUpdate,
        AuditAction::CampaignActivate,
        AuditAction::CampaignArchive,
        AuditAction::CampaignComplete,
        AuditAction::CampaignCreate,
        AuditAction::CampaignPause,
        AuditAction::CampaignResume,
        AuditAction::CampaignUpdate,
        AuditAction::MetricsRecord,
        AuditAction::PlanCreate,
        AuditAction::SummaryStore,
        AuditAction::TaskBlock,
        AuditAction::TaskChecklist,
        AuditAction::TaskComplete,
        AuditAction::TaskCreate,
        AuditAction::TaskEscalate,
        AuditAction::TaskFail,
        AuditAction::TaskReassign,
        AuditAction::TaskSkip,
        AuditAction::TaskStart,
        AuditAction::TaskUnblock,
        AuditAction::TasksGenerate,
        AuditAction::UserCreate,
        AuditAction::UserDisable,
        AuditAction::UserEnable,
        AuditAction::UserPassword,
        AuditAction::UserRole,
        AuditAction::UserUpdate,
    ];

    /// The dotted key, as stored and hashed; never change one (old entries carry it).
    pub fn key(self) -> &'static str {
        match self {
            AuditAction::ActionDisable => "action.disable",
            AuditAction::ActionEnable => "action.enable",
            AuditAction::ActionRunNow => "action.run_now",
            AuditAction::CalendarGenerate => "calendar.generate",
            AuditAction::CalendarItemReschedule => "calendar_item.reschedule",
            AuditAction::CalendarItemUpdate => "calendar_item.update",
            AuditAction::CampaignActivate => "campaign.activate",
            AuditAction::CampaignArchive => "campaign.archive",
            AuditAction::CampaignComplete => "campaign.complete",
            AuditAction::CampaignCreate => "campaign.create",
            AuditAction::CampaignPause => "campaign.pause",
            AuditAction::CampaignResume => "campaign.resume",
            AuditAction::CampaignUpdate => "campaign.update",
            AuditAction::MetricsRecord => "metrics.record",
            AuditAction::PlanCreate => "plan.create",
            AuditAction::SummaryStore => "summary.store",
            AuditAction::TaskBlock => "task.block",
            AuditAction::TaskChecklist => "task.checklist",
            AuditAction::TaskComplete => "task.complete",
            AuditAction::TaskCreate => "task.create",
            AuditAction::TaskEscalate => "task.escalate",
            AuditAction::TaskFail => "task.fail",
            AuditAction::TaskReassign => "task.reassign",
            AuditAction::TaskSkip => "task.skip",
            AuditAction::TaskStart => "task.start",
            AuditAction::TaskUnblock => "task.unblock",
            AuditAction::TasksGenerate => "tasks.generate",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserEnable => "user.enable",
            AuditAction::UserPassword => "user.password",
            AuditAction::UserRole => "user.role",
            AuditAction::UserUpdate => "user.update",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.key())
    }
}

/// Parses a dotted key exactly as [`AuditAction::key`] writes it (stored keys are never
/// re-cased, so no case folding).
impl std::str::FromStr for AuditAction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.key() == s)
            .ok_or_else(|| {
                Error::validation(
                    "action",
                    format!("unknown audit action '{}'", crate::validate::shown(s)),
                )
            })
    }
}

impl Serialize for AuditAction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for AuditAction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = AuditAction;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an audit action key such as \"campaign.create\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AuditAction, E> {
                v.parse()
                    .map_err(|_| E::custom(format_args!("unknown audit action '{v}'")))
            }
        }
        deserializer.deserialize_str(Key)
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
    /// What was done, e.g. [`AuditAction::CampaignCreate`] (stored as `"campaign.create"`).
    pub action: AuditAction,
    /// Kind of entity changed.
    pub entity: EntityKind,
    /// Id of the entity changed.
    pub entity_id: u64,
    /// Campaign the change belongs to, if any.
    pub campaign_id: Option<CampaignId>,
    /// The whole entity before, as JSON text: only entries written before schema v6 carry
    /// it (and they carry no `changes`); newer entries record `changes` instead.
    pub before: Option<String>,
    /// The whole entity after, as JSON text: as `before`, only on entries before schema v6.
    pub after: Option<String>,
    /// The top-level fields the change touched, each with its JSON before and after, in
    /// field-name order; on create every field of the new record (with no before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// Free words about the change.
    pub details: Option<String>,
    /// Hash of the previous entry, hex (64 zeros for the first).
    pub prev_hash: String,
    /// Hash of this entry, hex.
    pub hash: String,
}

/// One field of an audited record that a change touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name in the record's JSON form, e.g. `status`.
    pub field: String,
    /// Its JSON value before (`None` when the record or the field did not exist).
    pub before: Option<String>,
    /// Its JSON value after (`None` when the record or the field no longer exists).
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_sorted_and_parse_back() {
        let keys: Vec<&str> = AuditAction::ALL.iter().map(|a| a.key()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted, "ALL is in key order, without duplicates");
        for a in AuditAction::ALL {
            assert_eq!(a.key().parse::<AuditAction>().unwrap(), a);
            assert_eq!(a.to_string(), a.key());
        }
        assert!(matches!(
            "campaign.explode".parse::<AuditAction>(),
            Err(Error::Validation { field, .. }) if field == "action"
        ));
        assert!("Campaign.Create".parse::<AuditAction>().is_err());
    }

    #[test]
    fn serialises_exactly_as_the_string_it_replaced() {
        for a in AuditAction::ALL {
            let plain = a.key().to_owned();
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, serde_json::to_string(&plain).unwrap());
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), a);
            let bytes = postcard::to_stdvec(&a).unwrap();
            assert_eq!(bytes, postcard::to_stdvec(&plain).unwrap());
            assert_eq!(postcard::from_bytes::<AuditAction>(&bytes).unwrap(), a);
        }
        let unknown = postcard::to_stdvec("campaign.explode").unwrap();
        assert!(postcard::from_bytes::<AuditAction>(&unknown).is_err());
        let err = serde_json::from_str::<AuditAction>("\"campaign.explode\"").unwrap_err();
        assert!(err.to_string().contains("unknown audit action"), "{err}");
        assert!(serde_json::from_str::<AuditAction>("3").is_err());
    }

    /// The entry as it was before `action` was typed: the bytes of both must be equal.
    #[derive(Serialize)]
    struct StringlyEntry {
        seq: AuditSeq,
        at: DateTime<Utc>,
        actor: String,
        action: String,
        entity: EntityKind,
        entity_id: u64,
        campaign_id: Option<CampaignId>,
        before: Option<String>,
        after: Option<String>,
        details: Option<String>,
        prev_hash: String,
        hash: String,
    }

    #[test]
    fn whole_entries_keep_their_json_form() {
        let entry = AuditEntry {
            seq: AuditSeq(7),
            at: DateTime::UNIX_EPOCH,
            actor: "alice".into(),
            action: AuditAction::TaskReassign,
            entity: EntityKind::Task,
            entity_id: 12,
            campaign_id: Some(CampaignId(2)),
            before: Some("{}".into()),
            after: None,
            changes: vec![],
            details: Some("to bob".into()),
            prev_hash: "ab".repeat(32),
            hash: "cd".repeat(32),
        };
        let old = StringlyEntry {
            seq: entry.seq,
            at: entry.at,
            actor: entry.actor.clone(),
            action: "task.reassign".into(),
            entity: entry.entity,
            entity_id: entry.entity_id,
            campaign_id: entry.campaign_id,
            before: entry.before.clone(),
            after: entry.after.clone(),
            details: entry.details.clone(),
            prev_hash: entry.prev_hash.clone(),
            hash: entry.hash.clone(),
        };
        // The JSON form (exports, the v5 fixture's dump) is unchanged; the stored form is the
        // store's own record type, no longer this struct's postcard bytes.
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            serde_json::to_string(&old).unwrap()
        );
    }

    #[test]
    fn entity_kinds_keep_their_stored_index() {
        // postcard stores the variant index: existing kinds must never move.
        let kinds = [
            EntityKind::Campaign,
            EntityKind::Plan,
            EntityKind::CalendarItem,
            EntityKind::Task,
            EntityKind::Metric,
            EntityKind::ActionRun,
            EntityKind::AuditEntry,
            EntityKind::User,
        ];
        for (index, kind) in kinds.into_iter().enumerate() {
            assert_eq!(postcard::to_stdvec(&kind).unwrap(), [index as u8], "{kind}");
        }
    }
}
