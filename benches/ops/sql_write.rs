//! The SQLite side's writes: each of the service's transactions written the way an
//! application on SQLite would write it, the same rows in one transaction, durable at
//! `synchronous=FULL`.

use campaign_ops::core::service::{GENESIS_HASH, engage_instructions, entry_hash, field_changes};
use campaign_ops::{
    Actor, AuditAction, AuditEntry, AuditSeq, CalendarItem, Campaign, CampaignId, CampaignPlan,
    CompletionProof, EntityKind, MetricEntry, MetricKind, OperatorTask, Platform, TaskId,
    TaskStatus, TaskType,
};
use chrono::Duration;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::Value;

use crate::dataset::now;
use crate::sql::{
    Result, Sql, TASK_COLS, insert_audit, insert_campaign, insert_item, insert_metric, insert_plan,
    insert_task, proof_key, us,
};
use crate::sql_read::task_from_row;

/// The result of one calendar generation on SQLite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SqlCalendar {
    /// Items inserted.
    pub items: usize,
    /// Tasks inserted.
    pub tasks: usize,
}

/// What an audit entry records of a change: the JSON forms of the record before and after.
struct Audited {
    action: AuditAction,
    entity: EntityKind,
    entity_id: u64,
    campaign: CampaignId,
    before: Option<Value>,
    after: Option<Value>,
    details: Option<String>,
}

impl Audited {
    /// The record of creating `after`.
    fn created(
        action: AuditAction,
        entity: EntityKind,
        entity_id: u64,
        campaign: CampaignId,
        after: Value,
        details: String,
    ) -> Self {
        Audited {
            action,
            entity,
            entity_id,
            campaign,
            before: None,
            after: Some(after),
            details: Some(details),
        }
    }
}

fn load_task(conn: &Connection, id: TaskId) -> Result<OperatorTask> {
    Ok(conn
        .prepare_cached(&format!("SELECT {TASK_COLS} FROM tasks WHERE id = ?1"))?
        .query_row([id.0 as i64], task_from_row)?)
}

/// Appends an audit entry after the current last one, hash-chained and with the field
/// changes of `before` → `after`, as the core's entries are.
fn audit(conn: &Connection, actor: &Actor, a: Audited) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq as u64 + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut entry = AuditEntry {
        seq: AuditSeq(seq),
        at: now(),
        actor: actor.as_str().to_owned(),
        action: a.action,
        entity: a.entity,
        entity_id: a.entity_id,
        campaign_id: Some(a.campaign),
        before: None,
        after: None,
        changes: field_changes(a.before.as_ref(), a.after.as_ref()),
        details: a.details,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    insert_audit(conn, &entry)
}

impl Sql {
    /// Pending or InProgress → Completed with the metrics, the calendar item published, two
    /// ENGAGE follow-ups and the audit entry, in one transaction (mirrors
    /// `CampaignOps::mark_task_complete`).
    pub fn complete_task(
        &mut self,
        actor: &Actor,
        id: TaskId,
        proof: CompletionProof,
        metrics: &[(MetricKind, f64)],
    ) -> Result<OperatorTask> {
        let now = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = load_task(&tx, id)?;
        let mut after = before.clone();
        after.status = before.status.move_to(TaskStatus::Completed)?;
        after.updated_at = now;
        after.outcome = Some("Published as planned.".to_owned());
        after.proof = Some(proof);
        after.finished_at = Some(now);
        let mut notes = vec![];
        if after.started_at.is_none() {
            notes.push("completed without being started".to_owned());
        }
        for (kind, value) in metrics {
            let metric = MetricEntry {
                id: campaign_ops::MetricId(0),
                campaign_id: after.campaign_id,
                task_id: Some(id),
                platform: after.platform,
                kind: *kind,
                value: *value,
                recorded_at: now,
                recorded_by: actor.as_str().to_owned(),
                notes: None,
            };
            insert_metric(&tx, &metric, false)?;
            notes.push(format!("recorded metric {}", tx.last_insert_rowid()));
        }
        if let (TaskType::Post, Some(item)) = (after.task_type, after.calendar_item_id) {
            tx.prepare_cached(
                "UPDATE calendar_items SET status = 'published', updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![item.0 as i64, us(now)])?;
            for hours in [2, 24] {
                let platform = after.platform.unwrap_or(Platform::X);
                let title = format!("Engage {hours}h after: {}", after.title);
                let due = now + Duration::hours(hours);
                let engage = OperatorTask {
                    calendar_item_id: after.calendar_item_id,
                    parent_task_id: Some(id),
                    platform: after.platform,
                    content_type: after.content_type,
                    instructions: engage_instructions(Some(platform), after.proof.as_ref()),
                    assignee: after.assignee.clone(),
                    ..OperatorTask::pending(
                        TaskId(0),
                        after.campaign_id,
                        TaskType::Engage,
                        title,
                        due,
                        now,
                    )
                };
                let follow_up = insert_task(&tx, &engage, false)?;
                notes.push(format!("created follow-up task {follow_up}"));
            }
        }
        tx.prepare_cached(
            "UPDATE tasks SET status = ?2, outcome = ?3, proof_kind = ?4, proof_value = ?5, \
             finished_at = ?6, updated_at = ?7 WHERE id = ?1",
        )?
        .execute(params![
            id.0 as i64,
            after.status.key(),
            after.outcome,
            after.proof.as_ref().map(|p| proof_key(p.kind)),
            after.proof.as_ref().map(|p| p.value.as_str()),
            us(now),
            us(now)
        ])?;
        let audited = Audited {
            action: AuditAction::TaskComplete,
            entity: EntityKind::Task,
            entity_id: id.0,
            campaign: after.campaign_id,
            before: Some(serde_json::to_value(&before)?),
            after: Some(serde_json::to_value(&after)?),
            details: Some(notes.join("; ")),
        };
        audit(&tx, actor, audited)?;
        tx.commit()?;
        Ok(after)
    }

    /// Inserts fresh rows (SQLite picks the ids) in one transaction; returns their ids.
    pub fn insert_fresh(
        &mut self,
        campaigns: &[Campaign],
        items: &[CalendarItem],
        tasks: &[OperatorTask],
    ) -> Result<(Vec<CampaignId>, Vec<TaskId>)> {
        let tx = self.conn.transaction()?;
        let mut cids = vec![];
        for c in campaigns {
            cids.push(CampaignId(insert_campaign(&tx, c, false)? as u64));
        }
        let mut tids = vec![];
        for (item, task) in items.iter().zip(tasks) {
            let item_id = insert_item(&tx, item, false)? as u64;
            let task = OperatorTask {
                calendar_item_id: Some(item_id.into()),
                ..task.clone()
            };
            tids.push(TaskId(insert_task(&tx, &task, false)? as u64));
        }
        tx.commit()?;
        Ok((cids, tids))
    }

    /// Stores a generated plan, its calendar and its POST tasks for `campaign` in one
    /// transaction, with the three audit entries: the rows the core computed, so this
    /// measures storage only.
    pub fn store_calendar(
        &mut self,
        actor: &Actor,
        campaign: CampaignId,
        plan: &CampaignPlan,
        items: &[CalendarItem],
        tasks: &[OperatorTask],
    ) -> Result<SqlCalendar> {
        let tx = self.conn.transaction()?;
        let plan = CampaignPlan {
            campaign_id: campaign,
            ..plan.clone()
        };
        let plan_id = insert_plan(&tx, &plan, false)? as u64;
        let audited = Audited::created(
            AuditAction::PlanCreate,
            EntityKind::Plan,
            plan_id,
            campaign,
            serde_json::to_value(&plan)?,
            "version 1".to_owned(),
        );
        audit(&tx, actor, audited)?;
        let mut item_ids = Vec::with_capacity(items.len());
        for item in items {
            let item = CalendarItem {
                campaign_id: campaign,
                plan_id: plan_id.into(),
                ..item.clone()
            };
            item_ids.push(insert_item(&tx, &item, false)? as u64);
        }
        let audited = Audited::created(
            AuditAction::CalendarGenerate,
            EntityKind::Plan,
            plan_id,
            campaign,
            serde_json::json!({ "created": item_ids }),
            format!("{} created, 0 removed, 0 kept", items.len()),
        );
        audit(&tx, actor, audited)?;
        let mut task_ids = Vec::with_capacity(tasks.len());
        for (task, &item) in tasks.iter().zip(&item_ids) {
            let task = OperatorTask {
                campaign_id: campaign,
                calendar_item_id: Some(item.into()),
                ..task.clone()
            };
            task_ids.push(insert_task(&tx, &task, false)?);
        }
        let audited = Audited::created(
            AuditAction::TasksGenerate,
            EntityKind::Task,
            task_ids.first().copied().unwrap_or(0) as u64,
            campaign,
            serde_json::json!({ "created": task_ids }),
            format!("{} POST tasks", tasks.len()),
        );
        audit(&tx, actor, audited)?;
        tx.commit()?;
        Ok(SqlCalendar {
            items: item_ids.len(),
            tasks: task_ids.len(),
        })
    }
}
