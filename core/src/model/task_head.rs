//! [`OpenTaskHead`]: the few fields of an open task that the escalation pass reads.

use chrono::{DateTime, Utc};

use super::{OperatorTask, TaskId, TaskStatus, TaskType};

/// An open task without its instructions, copy, proof or times: what the escalation pass
/// needs to tell an escalation from the tasks it lists and to name an overdue task in a new
/// escalation. A backend may read it without decoding the whole record
/// ([`crate::ReadTx::open_task_heads_due`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpenTaskHead {
    /// Task id.
    pub id: TaskId,
    /// Kind of work.
    pub task_type: TaskType,
    /// Status (open: pending, in progress or blocked).
    pub status: TaskStatus,
    /// Title.
    pub title: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Operator responsible, if any.
    pub assignee: Option<String>,
    /// Tasks it is about (the overdue tasks an escalation lists).
    pub related_task_ids: Vec<TaskId>,
}

impl OpenTaskHead {
    /// A head built from its parts (for backends that decode stored fields themselves).
    pub fn new(
        id: TaskId,
        task_type: TaskType,
        status: TaskStatus,
        title: String,
        due_at: DateTime<Utc>,
        assignee: Option<String>,
        related_task_ids: Vec<TaskId>,
    ) -> Self {
        Self {
            id,
            task_type,
            status,
            title,
            due_at,
            assignee,
            related_task_ids,
        }
    }
}

impl From<OperatorTask> for OpenTaskHead {
    fn from(t: OperatorTask) -> Self {
        Self {
            id: t.id,
            task_type: t.task_type,
            status: t.status,
            title: t.title,
            due_at: t.due_at,
            assignee: t.assignee,
            related_task_ids: t.related_task_ids,
        }
    }
}
