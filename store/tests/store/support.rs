//! Shared fixtures: temp files and a few complete records.

use std::collections::BTreeMap;
use std::path::PathBuf;

use campaign_ops_core::model::*;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

/// A temp dir (kept alive by the caller) and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.redb");
    (dir, path)
}

/// 2026-03-02 00:00 UTC plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + Duration::hours(hours)
}

pub fn campaign(id: u64, name: &str, status: CampaignStatus) -> Campaign {
    Campaign {
        id: CampaignId(id),
        name: name.to_owned(),
        client_name: "Acme".to_owned(),
        objective: Objective::Awareness,
        description: String::new(),
        platforms: vec![Platform::LinkedIn],
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        end_date: None,
        time_zone: chrono_tz::Europe::Berlin,
        cadence: BTreeMap::from([(Platform::LinkedIn, 2)]),
        primary_cta: None,
        owner: "olivia".to_owned(),
        status,
        metadata: BTreeMap::new(),
        created_at: at(0),
        updated_at: at(0),
    }
}

pub fn task(
    id: u64,
    campaign: u64,
    assignee: Option<&str>,
    due: i64,
    status: TaskStatus,
) -> OperatorTask {
    OperatorTask {
        id: TaskId(id),
        campaign_id: CampaignId(campaign),
        calendar_item_id: None,
        parent_task_id: None,
        related_task_ids: Vec::new(),
        task_type: TaskType::Engage,
        platform: None,
        content_type: None,
        title: format!("Task {id}"),
        instructions: Vec::new(),
        copy: None,
        asset_ref: None,
        assignee: assignee.map(str::to_owned),
        due_at: at(due),
        status,
        outcome: None,
        proof: None,
        reason: None,
        started_at: None,
        finished_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub fn audit(seq: u64, campaign: Option<u64>) -> AuditEntry {
    AuditEntry {
        seq: AuditSeq(seq),
        at: at(seq as i64),
        actor: "olivia".to_owned(),
        action: "campaign.create".to_owned(),
        entity: EntityKind::Campaign,
        entity_id: campaign.unwrap_or(0),
        campaign_id: campaign.map(CampaignId),
        before: None,
        after: Some("{}".to_owned()),
        details: None,
        prev_hash: format!("{:064}", seq - 1),
        hash: format!("{seq:064}"),
    }
}
