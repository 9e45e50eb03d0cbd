//! The stored task brief: the value of the operator-queue index.

use serde::{Deserialize, Serialize};

use super::Stored;

/// A task brief as the queue index stores it. The index key holds the assignee, the due
/// time and the task id, so the value holds only the rest of a
/// [`campaign_ops_core::model::TaskBrief`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct BriefRecord {
    /// Campaign id.
    pub(crate) campaign_id: u64,
    /// Task type code.
    pub(crate) task_type: u8,
    /// Platform code.
    pub(crate) platform: Option<u8>,
    /// Content type code.
    pub(crate) content_type: Option<u8>,
    /// Title.
    pub(crate) title: String,
    /// Task status code.
    pub(crate) status: u8,
}

impl Stored for BriefRecord {
    const KIND: &'static str = "task brief";
    const FORMAT: u8 = 1;
}
