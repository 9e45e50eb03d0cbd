//! Ticking the steps of a task's checklist as the operator works through them: stored on
//! the task (`OperatorTask::checked`) and audited (`task.checklist`), like every change.

use super::lifecycle::{ensure_campaign_open, task_change};
use super::load_task;
use crate::model::*;
use crate::service::CampaignOps;
use crate::service::audit;
use crate::{Clock, Error, Result, Store};

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Ticks (`ticked`) or unticks step `step` (from 0) of task `id`'s checklist. Only an
    /// open task of an open campaign changes: a closed task is the record of work done
    /// ([`Error::ReadOnly`]). A step past the last is an error of the field `step`. Setting
    /// a step to what it already is changes nothing and writes no audit entry.
    pub fn set_checklist_step(
        &self,
        actor: &Actor,
        id: TaskId,
        step: usize,
        ticked: bool,
    ) -> Result<OperatorTask> {
        let now = self.now()?;
        self.store().write(|tx| {
            let before = load_task(tx, id)?;
            let steps = before.instructions.len();
            let index = u16::try_from(step)
                .ok()
                .filter(|_| step < steps)
                .ok_or_else(|| {
                    Error::validation(
                        "step",
                        format!("task {id} has {steps} checklist steps; there is no step {step}"),
                    )
                })?;
            ensure_campaign_open(tx, &before)?;
            if !before.status.is_open() {
                return Err(Error::read_only(EntityKind::Task, id, before.status));
            }
            let mut after = before.clone();
            match (after.checked.binary_search(&index), ticked) {
                (Ok(_), true) | (Err(_), false) => return Ok(before),
                (Ok(at), false) => {
                    after.checked.remove(at);
                }
                (Err(at), true) => after.checked.insert(at, index),
            }
            after.updated_at = now;
            tx.put_task(&after)?;
            let mut change = task_change(actor, AuditAction::TaskChecklist, &before, &after);
            change.details = Some(format!(
                "step {} {}",
                step + 1,
                if ticked { "ticked" } else { "unticked" }
            ));
            audit::append(tx, now, change)?;
            Ok(after)
        })
    }
}
