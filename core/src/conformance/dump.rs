//! A logical dump of a store through the trait alone, so that any backend can be compared
//! before and after a call that must change nothing.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::read;
use crate::Result;
use crate::model::*;
use crate::store::{CampaignQuery, ReadTx, Store};

/// A limit larger than any data set the suite writes.
const ALL: usize = 100_000;
const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;

/// Everything the trait shows about campaigns `campaigns` (their records and those filed
/// under their ids, which need not exist as campaigns), the ledger of `actions`, and the
/// audit log; indexes included (by name, by status, open tasks by due time, counts), so
/// that an index left out of step shows up too. Ids not handed out yet are not part of it
/// (the contract promises no gapless sequence).
pub fn logical_dump<S: Store>(
    store: &S,
    campaigns: RangeInclusive<u64>,
    actions: &[&str],
) -> Value {
    read(store, |tx| {
        let mut per_campaign = vec![];
        for id in campaigns {
            per_campaign.push(campaign_dump(tx, CampaignId(id))?);
        }
        let mut ledger = vec![];
        for action in actions {
            ledger.push(json!({
                "action": action,
                "runs": tx.action_runs(action, None, false, ALL)?,
                "open": tx.open_action_runs(action, ALL)?,
                "setting": tx.action_setting(action)?,
            }));
        }
        let by_status = CampaignStatus::ALL
            .into_iter()
            .map(|s| Ok((s.key(), tx.campaign_ids(s, None, ALL)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(json!({
            "campaign_page": tx.campaign_page(&CampaignQuery::first(ALL))?,
            "campaign_ids": by_status,
            "campaigns": per_campaign,
            "planned_items_due": tx.planned_items_due(MIN, MAX, None, ALL)?,
            "action_runs": ledger,
            "audit_head": tx.audit_head()?,
            "audit": tx.audit_entries(None, ALL)?,
            "users": tx.users_page(None, ALL)?,
        }))
    })
}

fn campaign_dump(tx: &dyn ReadTx, id: CampaignId) -> Result<Value> {
    let record = tx.campaign(id)?;
    let by_name = match &record {
        Some(c) => tx.campaign_id_by_name(&c.name)?,
        None => None,
    };
    let tasks = tx.tasks_page(id, None, ALL)?;
    let mut item_tasks = vec![];
    for item in tx.calendar_items(id, MIN, MAX, None, ALL)? {
        item_tasks.push(json!({
            "item": item.id,
            "tasks": tx.tasks_for_calendar_item(item.id)?.iter().map(|t| t.id).collect::<Vec<_>>(),
        }));
    }
    let mut assignees: Vec<&str> = tasks.iter().filter_map(|t| t.assignee.as_deref()).collect();
    assignees.sort_unstable();
    assignees.dedup();
    let mut queues = vec![];
    for a in assignees {
        queues.push(json!({
            "assignee": a,
            "briefs": tx.open_task_briefs_for_assignee(a, MIN, MAX, ALL)?,
        }));
    }
    let counts = tx.task_counts(id, MIN, MAX)?;
    Ok(json!({
        "id": id,
        "record": record,
        "by_name": by_name,
        "plans": tx.plans_for_campaign(id)?,
        "calendar_items": tx.calendar_items(id, MIN, MAX, None, ALL)?,
        "item_tasks": item_tasks,
        "tasks": tasks,
        "open_tasks_due": tx.open_tasks_due(id, MIN, MAX, ALL)?,
        "queues": queues,
        "task_counts": TaskStatus::ALL.map(|s| counts.get(s)),
        "metrics": tx.metrics_page(id, None, ALL)?,
        "metrics_recorded": tx.metrics_recorded(id, MIN, MAX, None, ALL)?,
        "weekly_summaries": tx.weekly_summaries(id, None, ALL)?,
        "audit": tx.audit_for_campaign(id, None, ALL)?,
    }))
}
