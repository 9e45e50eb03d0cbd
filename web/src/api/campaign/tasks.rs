//! The campaign's tasks: [`campaign_tasks`] pages them by keyset cursor (ascending id),
//! optionally only those in one status, and [`assign_task`] hands an open task to someone.
//!
//! The store pages a campaign's tasks by id without a status filter, so the filter is
//! applied while walking pages: one call reads at most [`TASK_SCAN`] tasks and returns
//! the cursor where it stopped, so a page costs a bounded read however rare the status.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// Most tasks one page shows.
pub const TASK_PAGE: usize = 50;
/// Most tasks one call reads while filtering.
pub const TASK_SCAN: usize = 2000;

/// One task in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRow {
    /// Task id.
    pub id: u64,
    /// Title.
    pub title: String,
    /// Type key.
    pub task_type: String,
    /// Platform label, if any.
    pub platform: Option<String>,
    /// Status key.
    pub status: String,
    /// Assignee, if any.
    pub assignee: Option<String>,
    /// Due, local to the campaign, `YYYY-MM-DD HH:MM`.
    pub due: String,
    /// Whether it is still open (it can be reassigned).
    pub open: bool,
}

/// One page of tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPage {
    /// The tasks, ascending id.
    pub items: Vec<TaskRow>,
    /// The cursor of the next page, `None` when no task is left.
    pub next: Option<u64>,
    /// The status filter applied (key), if any.
    pub status: Option<String>,
}

#[cfg(feature = "ssr")]
impl TaskRow {
    pub(crate) fn of(t: &campaign_ops_core::OperatorTask, tz: chrono_tz::Tz) -> Self {
        Self {
            id: t.id.0,
            title: t.title.clone(),
            task_type: t.task_type.key().to_owned(),
            platform: t.platform.map(|p| p.label().to_owned()),
            status: t.status.key().to_owned(),
            assignee: t.assignee.clone(),
            due: t
                .due_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            open: t.status.is_open(),
        }
    }
}

/// A page of the tasks of `campaign_id` after the cursor `after` (a page's `next`), only
/// those in `status` (a key such as `pending`; blank for all) (Viewer). Errors name
/// `status`.
#[server]
pub async fn campaign_tasks(
    /// The campaign.
    campaign_id: u64,
    /// Only tasks in this status (a key); blank for all.
    status: Option<String>,
    /// The id after which the page starts (the previous page's `next`).
    after: Option<u64>,
) -> Result<TaskPage, AppError> {
    use campaign_ops_core::{CampaignId, Error, Role, TaskId, TaskStatus};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let wanted = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                TaskStatus::ALL
                    .into_iter()
                    .find(|st| st.key() == s)
                    .ok_or_else(|| {
                        Error::validation("status", format!("unknown task status '{s}'"))
                    })?,
            ),
        };
        let id = CampaignId(campaign_id);
        let tz = ops.get_campaign(id)?.time_zone;
        let mut items = vec![];
        let mut cursor = after.map(TaskId);
        let mut scanned = 0;
        let mut exhausted = false;
        while items.len() < TASK_PAGE && scanned < TASK_SCAN {
            let chunk = (TASK_SCAN - scanned).min(200);
            let page = ops.campaign_tasks_page(id, cursor, chunk)?;
            exhausted = page.len() < chunk;
            for t in &page {
                scanned += 1;
                cursor = Some(t.id);
                if wanted.is_none_or(|w| t.status == w) {
                    items.push(TaskRow::of(t, tz));
                    if items.len() == TASK_PAGE {
                        break;
                    }
                }
            }
            if exhausted {
                break;
            }
        }
        // The last task read is the cursor: when the page filled up before the chunk was
        // used up, the rest of the chunk is read again next time (cheap, and never skipped).
        let last_read = cursor.map(|c| c.0);
        let more = !exhausted || items.len() == TASK_PAGE;
        Ok(TaskPage {
            next: if more { last_read } else { None },
            items,
            status: wanted.map(|w| w.key().to_owned()),
        })
    })
    .await
}

/// Hands the open task `task_id` to `assignee` (blank: nobody) (Operator). Errors name
/// `assignee`; a closed task keeps its assignee (refused).
#[server]
pub async fn assign_task(
    /// The task.
    task_id: u64,
    /// The new assignee; blank for nobody.
    assignee: Option<String>,
) -> Result<TaskRow, AppError> {
    use campaign_ops_core::{Role, TaskId};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let task = ops.reassign_task(&caller.actor, TaskId(task_id), assignee.as_deref())?;
        let tz = ops.get_campaign(task.campaign_id)?.time_zone;
        Ok(TaskRow::of(&task, tz))
    })
    .await
}
