//! The operator task and its status machine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CalendarItemId, CampaignId, ContentType, Platform, TaskId};
use crate::{Error, Result, Transition};

/// What an operator is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskType {
    /// Publish a calendar item.
    Post,
    /// Answer comments and interact after a post.
    Engage,
    /// Follow up with leads or contacts.
    FollowUp,
    /// Review something (e.g. an escalation of overdue tasks).
    Review,
    /// Analyse results (e.g. the weekly summary).
    Analyze,
    /// Anything else.
    Manual,
}

impl TaskType {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            TaskType::Post => "post",
            TaskType::Engage => "engage",
            TaskType::FollowUp => "follow_up",
            TaskType::Review => "review",
            TaskType::Analyze => "analyze",
            TaskType::Manual => "manual",
        }
    }
}

impl std::fmt::Display for TaskType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a task is.
///
/// ```text
/// Pending ──▶ InProgress ──▶ Completed | Failed
///   │  ▲  │       │
///   │  │  └───────┼──────▶ Completed   (done in one step, never started)
///   ▼  │          ▼
///  Blocked ◀──────┘        Pending | Blocked ──▶ Skipped
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TaskStatus {
    /// Not started.
    Pending,
    /// An operator is on it.
    InProgress,
    /// Done.
    Completed,
    /// Tried and failed (reason recorded).
    Failed,
    /// Cannot proceed (reason recorded).
    Blocked,
    /// Deliberately not done.
    Skipped,
}

impl TaskStatus {
    /// Every status.
    pub const ALL: [TaskStatus; 6] = [
        TaskStatus::Pending,
        TaskStatus::InProgress,
        TaskStatus::Completed,
        TaskStatus::Failed,
        TaskStatus::Blocked,
        TaskStatus::Skipped,
    ];

    /// Whether the status machine allows moving from `self` to `to`.
    pub fn can_move_to(self, to: TaskStatus) -> bool {
        use TaskStatus::*;
        matches!(
            (self, to),
            (Pending, InProgress)
                | (Pending, Completed)
                | (Pending, Blocked)
                | (Pending, Skipped)
                | (InProgress, Completed)
                | (InProgress, Failed)
                | (InProgress, Blocked)
                | (InProgress, Pending)
                | (Blocked, Pending)
                | (Blocked, InProgress)
                | (Blocked, Skipped)
        )
    }

    /// `to` if the move is legal, else [`Error::IllegalTransition`].
    pub fn move_to(self, to: TaskStatus) -> Result<TaskStatus> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(Error::IllegalTransition(Transition::Task {
                from: self,
                to,
            }))
        }
    }

    /// Open tasks still need work: pending, in progress or blocked.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TaskStatus::Pending | TaskStatus::InProgress | TaskStatus::Blocked
        )
    }

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Completed => "completed",
            TaskStatus::Failed => "failed",
            TaskStatus::Blocked => "blocked",
            TaskStatus::Skipped => "skipped",
        }
    }
}

impl std::fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// How completion of a task is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProofKind {
    /// Link to the published post.
    Url,
    /// A text note.
    Text,
    /// Reference to an uploaded file.
    Upload,
    /// Operator's word.
    Manual,
}

/// Evidence that a task was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionProof {
    /// Kind of proof.
    pub kind: ProofKind,
    /// The URL, text or file reference.
    pub value: String,
}

/// A concrete piece of work for an operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorTask {
    /// Id, assigned by the store.
    pub id: TaskId,
    /// Campaign it belongs to.
    pub campaign_id: CampaignId,
    /// Calendar item it publishes, for POST tasks.
    pub calendar_item_id: Option<CalendarItemId>,
    /// Task that caused this one (e.g. the POST behind an ENGAGE follow-up).
    pub parent_task_id: Option<TaskId>,
    /// Tasks this one is about (e.g. the overdue tasks an escalation lists).
    pub related_task_ids: Vec<TaskId>,
    /// Kind of work.
    pub task_type: TaskType,
    /// Platform, when the work is on one.
    pub platform: Option<Platform>,
    /// Content type, when the work publishes content.
    pub content_type: Option<ContentType>,
    /// Short title.
    pub title: String,
    /// Step-by-step instructions (the platform SOP checklist).
    pub instructions: Vec<String>,
    /// The instruction steps ticked off so far: indexes into `instructions`, ascending,
    /// without duplicates (left out of the JSON form when empty, so records written before
    /// it existed read and hash as they did).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked: Vec<u16>,
    /// Copy to publish, if any.
    pub copy: Option<String>,
    /// Reference to an asset (image, video, file), if any.
    pub asset_ref: Option<String>,
    /// Operator responsible; unassigned when `None`.
    pub assignee: Option<String>,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Status.
    pub status: TaskStatus,
    /// Outcome written on completion or failure.
    pub outcome: Option<String>,
    /// Proof of completion.
    pub proof: Option<CompletionProof>,
    /// Why it is blocked / failed.
    pub reason: Option<String>,
    /// When work started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it reached Completed, Failed or Skipped.
    pub finished_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The list view of an open task: what an operator's queue shows. The full task (with
/// instructions and copy) is one `get_task` away. The store keeps briefs in the queue index
/// itself, so listing a queue decodes a few small records instead of whole tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskBrief {
    /// Task id.
    pub id: TaskId,
    /// Campaign.
    pub campaign_id: CampaignId,
    /// Kind of work.
    pub task_type: TaskType,
    /// Platform, if any.
    pub platform: Option<Platform>,
    /// Content type, if any.
    pub content_type: Option<ContentType>,
    /// Title.
    pub title: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Status (always open: pending, in progress or blocked).
    pub status: TaskStatus,
}

/// What counting tasks needs (a week's summary, completion rates): implemented by full
/// tasks and by briefs, so a report can be computed from the index alone.
pub trait TaskFacts {
    /// Campaign of the task.
    fn campaign(&self) -> CampaignId;
    /// When it is due.
    fn due(&self) -> DateTime<Utc>;
    /// Its status.
    fn current_status(&self) -> TaskStatus;
    /// Open and past due at `now`.
    fn overdue_at(&self, now: DateTime<Utc>) -> bool {
        self.current_status().is_open() && self.due() < now
    }
}

impl TaskFacts for OperatorTask {
    fn campaign(&self) -> CampaignId {
        self.campaign_id
    }
    fn due(&self) -> DateTime<Utc> {
        self.due_at
    }
    fn current_status(&self) -> TaskStatus {
        self.status
    }
}

impl TaskFacts for TaskBrief {
    fn campaign(&self) -> CampaignId {
        self.campaign_id
    }
    fn due(&self) -> DateTime<Utc> {
        self.due_at
    }
    fn current_status(&self) -> TaskStatus {
        self.status
    }
}

impl OperatorTask {
    /// The task's list view.
    pub fn brief(&self) -> TaskBrief {
        TaskBrief {
            id: self.id,
            campaign_id: self.campaign_id,
            task_type: self.task_type,
            platform: self.platform,
            content_type: self.content_type,
            title: self.title.clone(),
            due_at: self.due_at,
            status: self.status,
        }
    }

    /// A new pending task with its essentials; everything else empty. Callers set the rest
    /// with struct update syntax (`OperatorTask { platform, ..OperatorTask::pending(..) }`).
    pub fn pending(
        id: TaskId,
        campaign_id: CampaignId,
        task_type: TaskType,
        title: String,
        due_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            campaign_id,
            calendar_item_id: None,
            parent_task_id: None,
            related_task_ids: Vec::new(),
            task_type,
            platform: None,
            content_type: None,
            title,
            instructions: Vec::new(),
            checked: Vec::new(),
            copy: None,
            asset_ref: None,
            assignee: None,
            due_at,
            status: TaskStatus::Pending,
            outcome: None,
            proof: None,
            reason: None,
            started_at: None,
            finished_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// Open and past due at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.overdue_at(now)
    }
}
