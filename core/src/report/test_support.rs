//! Builders of campaigns, tasks and metric entries for the report tests.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

use crate::model::*;

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// Campaign 1, active, in `tz`, on `platforms`.
pub(crate) fn campaign(tz: Tz, platforms: &[Platform]) -> Campaign {
    Campaign {
        id: CampaignId(1),
        name: "Spring launch".to_owned(),
        client_name: "Acme".to_owned(),
        objective: Objective::Awareness,
        description: String::new(),
        platforms: platforms.to_vec(),
        start_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        end_date: None,
        time_zone: tz,
        cadence: BTreeMap::new(),
        primary_cta: None,
        owner: "owner".to_owned(),
        status: CampaignStatus::Active,
        metadata: BTreeMap::new(),
        created_at: created(),
        updated_at: created(),
    }
}

/// A LinkedIn post task of campaign 1.
pub(crate) fn task(id: u64, status: TaskStatus, due_at: DateTime<Utc>) -> OperatorTask {
    OperatorTask {
        id: TaskId(id),
        campaign_id: CampaignId(1),
        calendar_item_id: None,
        parent_task_id: None,
        related_task_ids: Vec::new(),
        task_type: TaskType::Post,
        platform: Some(Platform::LinkedIn),
        content_type: Some(ContentType::Post),
        title: format!("Task {id}"),
        instructions: Vec::new(),
        copy: None,
        asset_ref: None,
        assignee: None,
        due_at,
        status,
        outcome: None,
        proof: None,
        reason: None,
        started_at: None,
        finished_at: None,
        created_at: created(),
        updated_at: created(),
    }
}

/// A task due at a fixed instant.
pub(crate) fn task_with(id: u64, status: TaskStatus) -> OperatorTask {
    task(
        id,
        status,
        Utc.with_ymd_and_hms(2026, 3, 25, 9, 0, 0).unwrap(),
    )
}

/// An entry of campaign 1 recorded Wednesday 25 March 2026 12:00 UTC (week 2026-W13).
pub(crate) fn metric(
    id: u64,
    platform: Option<Platform>,
    task_id: Option<TaskId>,
    kind: MetricKind,
    value: f64,
) -> MetricEntry {
    MetricEntry {
        id: MetricId(id),
        campaign_id: CampaignId(1),
        task_id,
        platform,
        kind,
        value,
        recorded_at: Utc.with_ymd_and_hms(2026, 3, 25, 12, 0, 0).unwrap(),
        recorded_by: "analyst".to_owned(),
        notes: None,
    }
}
