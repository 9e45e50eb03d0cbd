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
    let title = format!("Task {id}");
    OperatorTask {
        platform: Some(Platform::LinkedIn),
        content_type: Some(ContentType::Post),
        status,
        ..OperatorTask::pending(
            TaskId(id),
            CampaignId(1),
            TaskType::Post,
            title,
            due_at,
            created(),
        )
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
