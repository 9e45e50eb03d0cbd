//! The head of a stored task ([`OpenTaskHead`]), decoded from the front of its record
//! without building the rest: the escalation pass reads thousands of open tasks and needs
//! none of their instructions, copy, proof or times.
//!
//! Both task formats start with [`super::task`]'s format-1 fields in the same order, so the
//! head is a postcard prefix of either; strings are borrowed from the stored bytes and only
//! the title and assignee are copied out. `task_head_tests` checks the prefix against the
//! whole decoder for every shape of record.

use campaign_ops_core::model::{OpenTaskHead, TaskId};
use serde::Deserialize;

use super::codes::{task_status, task_type};
use super::{Stored, TaskRecord, Time};

/// The wire form of the instructions, borrowed (see `InstructionsWire` in `task.rs`).
#[derive(Deserialize)]
struct InstructionsPrefix<'a> {
    _sop: Option<(u16, u8, u8)>,
    #[serde(borrow)]
    _lines: Vec<&'a str>,
}

/// `TaskFields` up to and including `status`, in its field order.
#[derive(Deserialize)]
struct HeadPrefix<'a> {
    _campaign_id: u64,
    _calendar_item_id: Option<u64>,
    _parent_task_id: Option<u64>,
    related_task_ids: Vec<u64>,
    task_type: u8,
    _platform: Option<u8>,
    _content_type: Option<u8>,
    title: &'a str,
    #[serde(borrow)]
    _instructions: InstructionsPrefix<'a>,
    _copy: Option<&'a str>,
    _asset_ref: Option<&'a str>,
    assignee: Option<&'a str>,
    due_at: Time,
    status: u8,
}

/// The head of task `id` from its stored bytes (`[format][payload]`, format 1 or 2).
pub(crate) fn task_head(bytes: &[u8], id: u64) -> Result<OpenTaskHead, String> {
    let (&format, payload) = bytes
        .split_first()
        .ok_or_else(|| format!("empty {} record", TaskRecord::KIND))?;
    if !(1..=TaskRecord::FORMAT).contains(&format) {
        return Err(format!("unknown task format version {format}"));
    }
    let (h, _rest) = postcard::take_from_bytes::<HeadPrefix<'_>>(payload)
        .map_err(|e| format!("undecodable task record: {e}"))?;
    Ok(OpenTaskHead::new(
        TaskId(id),
        task_type::from_code(h.task_type)?,
        task_status::from_code(h.status)?,
        h.title.to_owned(),
        h.due_at.to_utc()?,
        h.assignee.map(str::to_owned),
        h.related_task_ids.into_iter().map(TaskId).collect(),
    ))
}
