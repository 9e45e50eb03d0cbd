//! The steps from version 1 to version 5, unchanged in what they do, on the v5 tables and
//! the frozen v5 records ([`crate::legacy`]). They run before the v5 → v6 step on a file
//! older than version 5, each on the layout of the version it starts from.

use campaign_ops_core::Result;
use redb::{ReadableTable, WriteTransaction};

use crate::error::Context;
use crate::legacy::codec::Stored;
use crate::legacy::tables::*;
use crate::legacy::v5::BriefRecord;
use crate::write::open;

/// 1 → 2: builds `campaigns_by_status` and `open_tasks_by_assignee_due` from the records.
pub(super) fn v1_to_v2(txn: &WriteTransaction) -> Result<()> {
    // Start both indexes empty, so the step is correct even on a file where they exist.
    txn.delete_table(CAMPAIGNS_BY_STATUS)
        .ctx("resetting campaigns_by_status")?;
    txn.delete_table(OPEN_TASKS_BY_ASSIGNEE)
        .ctx("resetting open_tasks_by_assignee_due")?;

    let campaigns = open(txn, CAMPAIGNS)?;
    let mut by_status = open(txn, CAMPAIGNS_BY_STATUS)?;
    for entry in campaigns.iter().ctx("scanning campaigns")? {
        let c = entry.ctx("scanning campaigns")?.1.value().decode()?;
        by_status
            .insert((c.status.code(), c.id), ())
            .ctx("writing campaigns_by_status")?;
    }

    let tasks = open(txn, TASKS)?;
    let mut by_assignee = open(txn, OPEN_TASKS_BY_ASSIGNEE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        if let Some(key) = assignee_key(&task) {
            by_assignee
                .insert(key, ())
                .ctx("writing open_tasks_by_assignee_due")?;
        }
    }
    Ok(())
}

/// 2 → 3: builds `tasks_by_campaign_due` and `metrics_by_campaign_time` from the records.
/// The new record tables (`weekly_summaries`, `action_runs`) start empty.
pub(super) fn v2_to_v3(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(TASKS_BY_CAMPAIGN_DUE)
        .ctx("resetting tasks_by_campaign_due")?;
    txn.delete_table(METRICS_BY_CAMPAIGN_TIME)
        .ctx("resetting metrics_by_campaign_time")?;

    let tasks = open(txn, TASKS)?;
    let mut by_due = open(txn, TASKS_BY_CAMPAIGN_DUE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let t = entry.ctx("scanning tasks")?.1.value().decode()?;
        by_due
            .insert((t.campaign_id, micros(t.due_at), t.id), ())
            .ctx("writing tasks_by_campaign_due")?;
    }

    let metrics = open(txn, METRICS)?;
    let mut by_time = open(txn, METRICS_BY_CAMPAIGN_TIME)?;
    for entry in metrics.iter().ctx("scanning metrics")? {
        let m = entry.ctx("scanning metrics")?.1.value().decode()?;
        by_time
            .insert((m.campaign_id, micros(m.recorded_at), m.id), ())
            .ctx("writing metrics_by_campaign_time")?;
    }
    open(txn, WEEKLY_SUMMARIES)?;
    open(txn, ACTION_RUNS)?;
    Ok(())
}

/// 3 → 4: builds `open_task_briefs_by_assignee_due` and drops the index it replaces.
pub(super) fn v3_to_v4(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(OPEN_TASKS_BY_ASSIGNEE)
        .ctx("dropping open_tasks_by_assignee_due")?;
    txn.delete_table(OPEN_TASK_BRIEFS_BY_ASSIGNEE)
        .ctx("resetting open_task_briefs_by_assignee_due")?;
    let tasks = open(txn, TASKS)?;
    let mut by_assignee = open(txn, OPEN_TASK_BRIEFS_BY_ASSIGNEE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let task = entry.ctx("scanning tasks")?.1.value().decode()?;
        if let Some(key) = assignee_key(&task) {
            by_assignee
                .insert(key, &Stored::encode(&BriefRecord::from(&task))?)
                .ctx("writing open_task_briefs_by_assignee_due")?;
        }
    }
    Ok(())
}

/// 4 → 5: builds `task_briefs_by_campaign_due` and drops the index it replaces.
pub(super) fn v4_to_v5(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(TASKS_BY_CAMPAIGN_DUE)
        .ctx("dropping tasks_by_campaign_due")?;
    txn.delete_table(TASK_BRIEFS_BY_CAMPAIGN_DUE)
        .ctx("resetting task_briefs_by_campaign_due")?;
    let tasks = open(txn, TASKS)?;
    let mut by_due = open(txn, TASK_BRIEFS_BY_CAMPAIGN_DUE)?;
    for entry in tasks.iter().ctx("scanning tasks")? {
        let t = entry.ctx("scanning tasks")?.1.value().decode()?;
        by_due
            .insert(
                (t.campaign_id, micros(t.due_at), t.id),
                &Stored::encode(&BriefRecord::from(&t))?,
            )
            .ctx("writing task_briefs_by_campaign_due")?;
    }
    Ok(())
}
