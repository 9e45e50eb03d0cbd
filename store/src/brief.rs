//! The stored form of a [`TaskBrief`] in the operator-queue index.
//!
//! chrono's serde form of an instant is RFC 3339 text, which costs a parse per decode; the
//! queue index is read on every queue view, so its values keep the due time as whole seconds
//! and nanoseconds instead. Everything else is the brief's own fields.

use campaign_ops_core::model::{
    CampaignId, ContentType, Platform, TaskBrief, TaskId, TaskStatus, TaskType,
};
use campaign_ops_core::{Error, Result, StorageError};
use chrono::DateTime;
use serde::{Deserialize, Serialize};

/// A [`TaskBrief`] as the queue index stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BriefRecord {
    id: u64,
    campaign_id: u64,
    task_type: TaskType,
    platform: Option<Platform>,
    content_type: Option<ContentType>,
    title: String,
    due_secs: i64,
    due_nanos: u32,
    status: TaskStatus,
}

impl From<&TaskBrief> for BriefRecord {
    fn from(b: &TaskBrief) -> Self {
        Self {
            id: b.id.0,
            campaign_id: b.campaign_id.0,
            task_type: b.task_type,
            platform: b.platform,
            content_type: b.content_type,
            title: b.title.clone(),
            due_secs: b.due_at.timestamp(),
            due_nanos: b.due_at.timestamp_subsec_nanos(),
            status: b.status,
        }
    }
}

impl BriefRecord {
    /// The brief it stores; an instant out of chrono's range is corruption.
    pub(crate) fn into_brief(self) -> Result<TaskBrief> {
        let due_at = DateTime::from_timestamp(self.due_secs, self.due_nanos).ok_or_else(|| {
            Error::Storage(StorageError::Corrupt {
                table: "open_task_briefs_by_assignee_due".to_owned(),
                message: format!(
                    "due time {}s {}ns out of range",
                    self.due_secs, self.due_nanos
                ),
            })
        })?;
        Ok(TaskBrief {
            id: TaskId(self.id),
            campaign_id: CampaignId(self.campaign_id),
            task_type: self.task_type,
            platform: self.platform,
            content_type: self.content_type,
            title: self.title,
            due_at,
            status: self.status,
        })
    }
}
