//! Task reads: by id, a campaign's tasks by id, a calendar item's, a campaign's open tasks
//! due in a range, an operator's queue (as briefs) and the status counts of a due range
//! (with the open ones due before a split instant, in the same statement).

use campaign_ops_core::model::*;
use campaign_ops_core::{Result, StatusCounts};
use chrono::{DateTime, Utc};

use super::after_id;
use crate::codec::{decode, task_status_of, time};
use crate::error::corrupt;
use crate::tx::{Params, Tx, id, limit};

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

    /// From the queue index alone (schema v4: it includes each open task's stored brief),
    /// an index-only scan: no task record is read. On an older schema (tests open those)
    /// the briefs decode from the task records, as that version's build read them.
    pub(super) fn queue_of(
        &self,
        assignee: &str,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<TaskBrief>> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let params: Params = &[&assignee, &fus, &fns, &uus, &uns, &limit(n)];
        if self.schema < 4 {
            return self.records(
                "reading an operator's queue",
                "tasks",
                "SELECT data FROM tasks WHERE assignee = $1 AND open
                   AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
                 ORDER BY due_us, due_ns, id LIMIT $6",
                params,
            );
        }
        let rows = self.rows(
            "reading an operator's queue",
            "SELECT brief FROM tasks WHERE assignee = $1 AND open
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             ORDER BY due_us, due_ns, id LIMIT $6",
            params,
        )?;
        rows.iter()
            .map(|r| match r.get::<_, Option<&str>>(0) {
                Some(brief) => decode("tasks", brief),
                None => Err(corrupt("tasks", "an open task without its brief")),
            })
            .collect()
    }

    pub(super) fn count_tasks(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<StatusCounts> {
        Ok(self.count_tasks_split(campaign, from, until, from)?.0)
    }

    /// The status counts of the due range and, in the same index-only pass (the
    /// `(campaign, due) INCLUDE (status)` index), how many of them are open and due before
    /// `split`: one statement where the trait's default makes two.
    pub(super) fn count_tasks_split(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        split: DateTime<Utc>,
    ) -> Result<(StatusCounts, u32)> {
        let (fus, fns) = time(from);
        let (uus, uns) = time(until);
        let (sus, sns) = time(split);
        let rows = self.rows(
            "counting tasks by status",
            "SELECT status, count(*), count(*) FILTER (WHERE (due_us, due_ns) < ($6, $7))
             FROM tasks WHERE campaign_id = $1
               AND (due_us, due_ns) >= ($2, $3) AND (due_us, due_ns) < ($4, $5)
             GROUP BY status",
            &[&id(campaign.0), &fus, &fns, &uus, &uns, &sus, &sns],
        )?;
        let mut counts = StatusCounts::default();
        let mut before = 0u32;
        for r in rows {
            let status = task_status_of(r.get(0))?;
            let n: i64 = r.get(1);
            for _ in 0..n.min(i64::from(u32::MAX)) {
                counts.add(status);
            }
            if status.is_open() {
                let early: i64 = r.get(2);
                before = before.saturating_add(u32::try_from(early).unwrap_or(u32::MAX));
            }
        }
        Ok((counts, before))
    }
}
