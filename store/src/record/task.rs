//! The stored task, whose POST checklist is a reference to an SOP version.
//!
//! Format 2 (this build) is format 1's fields followed by the ticked checklist steps: as
//! postcard writes a struct's fields one after the other without framing, a format-1
//! payload is exactly a [`TaskFields`], and [`TaskRecord`] nests it first. Format 1 decodes
//! with no step ticked.

use campaign_ops_core::model::{
    CalendarItemId, CampaignId, CompletionProof, OperatorTask, TaskBrief, TaskId,
};
use campaign_ops_core::platform::{SOP_VERSION, sop_steps, sop_steps_ref};
use serde::{Deserialize, Serialize};

use super::codes::{content_type, from_opt, opt, platform, proof_kind, task_status, task_type};
use super::time::{opt_time, opt_utc};
use super::{BriefRecord, Stored, Time};

/// A task's instruction lines as stored: the checklist of an SOP version (what every POST
/// task generated from a calendar item has, two bytes and a version instead of ~2 KB of
/// text), or the lines themselves.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Instructions {
    /// `sop_steps(version, platform, content_type)`.
    Sop {
        /// The SOP version ([`SOP_VERSION`] when written).
        version: u16,
        /// Platform code.
        platform: u8,
        /// Content type code.
        content_type: u8,
    },
    /// The lines as given.
    Text(Vec<String>),
}

/// The wire form of [`Instructions`]: an explicit optional reference rather than a serde
/// enum, whose variant order would be part of the format.
#[derive(Serialize, Deserialize)]
struct InstructionsWire {
    sop: Option<(u16, u8, u8)>,
    lines: Vec<String>,
}

impl Serialize for Instructions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Instructions::Sop {
                version,
                platform,
                content_type,
            } => InstructionsWire {
                sop: Some((*version, *platform, *content_type)),
                lines: Vec::new(),
            },
            Instructions::Text(lines) => InstructionsWire {
                sop: None,
                lines: lines.clone(),
            },
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Instructions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = InstructionsWire::deserialize(d)?;
        match wire.sop {
            Some(_) if !wire.lines.is_empty() => Err(serde::de::Error::custom(
                "instructions with both an SOP reference and lines",
            )),
            Some((version, platform, content_type)) => Ok(Instructions::Sop {
                version,
                platform,
                content_type,
            }),
            None => Ok(Instructions::Text(wire.lines)),
        }
    }
}

impl Instructions {
    /// A reference when `task`'s lines are exactly its platform's current SOP checklist.
    fn of(task: &OperatorTask) -> Self {
        if let (Some(p), Some(c)) = (task.platform, task.content_type)
            && !task.instructions.is_empty()
            && sop_steps_ref(SOP_VERSION, p, c) == Some(task.instructions.as_slice())
        {
            return Instructions::Sop {
                version: SOP_VERSION,
                platform: platform::code(p),
                content_type: content_type::code(c),
            };
        }
        Instructions::Text(task.instructions.clone())
    }

    /// The lines.
    fn lines(self) -> Result<Vec<String>, String> {
        match self {
            Instructions::Text(lines) => Ok(lines),
            Instructions::Sop {
                version,
                platform: p,
                content_type: c,
            } => {
                let (p, c) = (platform::from_code(p)?, content_type::from_code(c)?);
                sop_steps(version, p, c)
                    .ok_or_else(|| format!("no SOP version {version} checklist for {p} {c}"))
            }
        }
    }
}

/// An [`OperatorTask`] as stored (key: its id), format 2: format 1's fields and the
/// checklist steps ticked so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaskRecord {
    /// Everything format 1 stored, in its order.
    pub(crate) fields: TaskFields,
    /// Indexes of the ticked steps of `instructions`, ascending.
    checked: Vec<u16>,
}

/// Field access reads through to the format-1 fields, which the indexes follow.
impl std::ops::Deref for TaskRecord {
    type Target = TaskFields;
    fn deref(&self) -> &TaskFields {
        &self.fields
    }
}

/// The task's fields as format 1 stored them (the whole payload of a format-1 record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaskFields {
    /// Public to the crate (as are several fields below): the task indexes follow them.
    pub(crate) campaign_id: u64,
    pub(crate) calendar_item_id: Option<u64>,
    parent_task_id: Option<u64>,
    related_task_ids: Vec<u64>,
    pub(crate) task_type: u8,
    pub(crate) platform: Option<u8>,
    pub(crate) content_type: Option<u8>,
    pub(crate) title: String,
    pub(crate) instructions: Instructions,
    copy: Option<String>,
    asset_ref: Option<String>,
    pub(crate) assignee: Option<String>,
    pub(crate) due_at: Time,
    pub(crate) status: u8,
    outcome: Option<String>,
    proof: Option<(u8, String)>,
    reason: Option<String>,
    started_at: Option<Time>,
    finished_at: Option<Time>,
    created_at: Time,
    updated_at: Time,
}

impl Stored for TaskRecord {
    const KIND: &'static str = "task";
    const FORMAT: u8 = 2;

    /// Format 1: the fields without ticks.
    fn decode_older(format: u8, payload: &[u8]) -> Result<Self, String> {
        if format != 1 {
            return Err(format!("unknown task format version {format}"));
        }
        let (fields, rest) = postcard::take_from_bytes::<TaskFields>(payload)
            .map_err(|e| format!("undecodable task record (format 1): {e}"))?;
        if !rest.is_empty() {
            return Err(format!(
                "{} trailing bytes after a task record (format 1)",
                rest.len()
            ));
        }
        Ok(Self {
            fields,
            checked: Vec::new(),
        })
    }
}

impl TaskRecord {
    /// The stored form of `t`.
    pub(crate) fn of(t: &OperatorTask) -> Self {
        Self {
            fields: TaskFields::of(t),
            checked: t.checked.clone(),
        }
    }

    /// Whether the task is open (pending, in progress or blocked); `Err` on a bad code.
    pub(crate) fn is_open(&self) -> Result<bool, String> {
        self.fields.is_open()
    }

    /// The brief an index keeps of this task.
    pub(crate) fn brief(&self) -> BriefRecord {
        self.fields.brief()
    }

    /// The task `id` this record stores.
    pub(crate) fn into_domain(self, id: u64) -> Result<OperatorTask, String> {
        let mut task = self.fields.into_domain(id)?;
        let steps = task.instructions.len();
        if let Some(bad) = self.checked.iter().find(|&&i| usize::from(i) >= steps) {
            return Err(format!(
                "task {id} has step {bad} ticked but only {steps} steps"
            ));
        }
        if !self.checked.is_sorted_by(|a, b| a < b) {
            return Err(format!("task {id}'s ticked steps are not ascending"));
        }
        task.checked = self.checked;
        Ok(task)
    }
}

impl TaskFields {
    /// The format-1 fields of `t`.
    fn of(t: &OperatorTask) -> Self {
        Self {
            campaign_id: t.campaign_id.0,
            calendar_item_id: t.calendar_item_id.map(|i| i.0),
            parent_task_id: t.parent_task_id.map(|i| i.0),
            related_task_ids: t.related_task_ids.iter().map(|i| i.0).collect(),
            task_type: task_type::code(t.task_type),
            platform: opt(t.platform, platform::code),
            content_type: opt(t.content_type, content_type::code),
            title: t.title.clone(),
            instructions: Instructions::of(t),
            copy: t.copy.clone(),
            asset_ref: t.asset_ref.clone(),
            assignee: t.assignee.clone(),
            due_at: Time::of(t.due_at),
            status: task_status::code(t.status),
            outcome: t.outcome.clone(),
            proof: t
                .proof
                .as_ref()
                .map(|p| (proof_kind::code(p.kind), p.value.clone())),
            reason: t.reason.clone(),
            started_at: opt_time(t.started_at),
            finished_at: opt_time(t.finished_at),
            created_at: Time::of(t.created_at),
            updated_at: Time::of(t.updated_at),
        }
    }

    /// Whether the task is open (pending, in progress or blocked); `Err` on a bad code.
    fn is_open(&self) -> Result<bool, String> {
        task_status::from_code(self.status).map(|s| s.is_open())
    }

    /// The brief an index keeps of this task.
    fn brief(&self) -> BriefRecord {
        BriefRecord {
            campaign_id: self.campaign_id,
            task_type: self.task_type,
            platform: self.platform,
            content_type: self.content_type,
            title: self.title.clone(),
            status: self.status,
        }
    }

    /// The task `id` these fields store, nothing ticked.
    fn into_domain(self, id: u64) -> Result<OperatorTask, String> {
        let proof = self
            .proof
            .map(|(kind, value)| {
                Ok::<_, String>(CompletionProof {
                    kind: proof_kind::from_code(kind)?,
                    value,
                })
            })
            .transpose()?;
        Ok(OperatorTask {
            id: TaskId(id),
            campaign_id: CampaignId(self.campaign_id),
            calendar_item_id: self.calendar_item_id.map(CalendarItemId),
            parent_task_id: self.parent_task_id.map(TaskId),
            related_task_ids: self.related_task_ids.into_iter().map(TaskId).collect(),
            task_type: task_type::from_code(self.task_type)?,
            platform: from_opt(self.platform, platform::from_code)?,
            content_type: from_opt(self.content_type, content_type::from_code)?,
            title: self.title,
            instructions: self.instructions.lines()?,
            checked: Vec::new(),
            copy: self.copy,
            asset_ref: self.asset_ref,
            assignee: self.assignee,
            due_at: self.due_at.to_utc()?,
            status: task_status::from_code(self.status)?,
            outcome: self.outcome,
            proof,
            reason: self.reason,
            started_at: opt_utc(self.started_at)?,
            finished_at: opt_utc(self.finished_at)?,
            created_at: self.created_at.to_utc()?,
            updated_at: self.updated_at.to_utc()?,
        })
    }
}

/// A domain brief from an index entry's parts; kept here beside the task it mirrors.
pub(crate) fn brief_of(id: u64, due_at: Time, b: BriefRecord) -> Result<TaskBrief, String> {
    Ok(TaskBrief {
        id: TaskId(id),
        campaign_id: CampaignId(b.campaign_id),
        task_type: task_type::from_code(b.task_type)?,
        platform: from_opt(b.platform, platform::from_code)?,
        content_type: from_opt(b.content_type, content_type::from_code)?,
        title: b.title,
        due_at: due_at.to_utc()?,
        status: task_status::from_code(b.status)?,
    })
}
