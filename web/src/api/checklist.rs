//! Ticking a step of a task's SOP checklist on the Today page ([`tick_step`]): stored on
//! the task and audited (`task.checklist`), so it survives a reload. Operator role, as for
//! the task moves; the error names the task ([`ScopedError`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ScopedError;

/// What [`tick_step`] returns: the task and its ticked steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTicked {
    /// Task id.
    pub id: u64,
    /// The ticked steps (from 0), ascending.
    pub checked: Vec<u16>,
}

/// Ticks (`ticked=true`) or unticks step `step` (from 0) of task `task_id`'s checklist.
#[server]
pub async fn tick_step(
    /// The task's id.
    task_id: u64,
    /// The step, from 0.
    step: usize,
    /// Its new state.
    ticked: bool,
) -> Result<StepTicked, ScopedError> {
    use campaign_ops_core::{Role, TaskId};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let task = ops.set_checklist_step(&caller.actor, TaskId(task_id), step, ticked)?;
        Ok(StepTicked {
            id: task.id.0,
            checked: task.checked,
        })
    })
    .await
    .map_err(|e| ScopedError::new(task_id, e))
}
