//! Task reads: by id, a campaign's tasks by id, a calendar item's, a campaign's open tasks
//! due in a range, an operator's queue (as briefs) and the status counts of a due range.

use campaign_ops_core::model::*;
use campaign_ops_core::{Result, StatusCounts};
use chrono::{DateTime, Utc};

use super::after_id;
use crate::codec::{task_status_of, time};
use crate::tx::{Tx, id, limit};

impl Tx<'_> {
    pub(super) fn task_by_id(&self, tid: TaskId) -> Result<Option<OperatorTask>> {
        self.record(
            "reading a task",
            "tasks",
            "SELECT data FROM tasks WHERE id = $1",
            &[&id(tid.0)],
        )
    }

    pub(super) fn tasks_of(
        &self,
        campaign: CampaignId,
        after: Option<TaskId>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        self.records(
            "listing tasks",
            "tasks",
            "SELECT data FROM tasks WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|t| t.0)), &limit(n)],
        )
    }

    pub(super) fn tasks_of_item(&self, item: CalendarItemId) -> Result<Vec<OperatorTask>> {
        self.records(
            "listing a calendar item's tasks",
            "tasks",
            "SELECT data FROM tasks WHERE item_id = $1 ORDER BY id",
            &[&id(item.0)],
        )
    }

    pub(super) fn open_tasks_between(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<OperatorTask>> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        self.records(
            "listing open tasks due",
            "tasks",
            "SELECT data FROM tasks WHERE campaign_id = $1 AND open
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             ORDER BY due_us, due_ns, id LIMIT $6",
            &[&id(campaign.0), &fus, &fns, &uus, &uns, &limit(n)],
        )
    }

    /// The briefs are decoded straight from the stored task JSON: [`TaskBrief`]'s fields are
    /// the task's own (same names, same encodings), and serde skips the rest (instructions,
    /// copy, proof…) without building them: most of a queue's decoding cost was those.
    /// `tests/pg/schema.rs` pins that a brief read this way equals [`OperatorTask::brief`].
    pub(super) fn queue_of(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<TaskBrief>> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        self.records(
            "reading an operator's queue",
            "tasks",
            "SELECT data FROM tasks WHERE assignee = $1 AND open
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             ORDER BY due_us, due_ns, id LIMIT $6",
            &[&assignee, &fus, &fns, &uus, &uns, &limit(n)],
        )
    }

    pub(super) fn count_tasks(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let rows = self.rows(
            "counting tasks by status",
            "SELECT status, count(*) FROM tasks WHERE campaign_id = $1
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             GROUP BY status",
            &[&id(campaign.0), &fus, &fns, &uus, &uns],
        )?;
        let mut counts = StatusCounts::default();
        for r in rows {
            let status = task_status_of(r.get(0))?;
            let n: i64 = r.get(1);
            for _ in 0..n.min(i64::from(u32::MAX)) {
                counts.add(status);
            }
        }
        Ok(counts)
    }
}
