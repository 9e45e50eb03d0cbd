//! Shared fixtures: temp files, stores on memory and on a file, and complete records with
//! every field set.

use std::collections::BTreeMap;
use std::path::PathBuf;

use campaign_ops_core::model::*;
use campaign_ops_core::{ReadTx, Result, Store, WriteTx};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

/// A temp dir (kept alive by the caller) and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.redb");
    (dir, path)
}

/// Runs `check` on an in-memory store and on a fresh file store.
pub fn on_both(check: impl Fn(&RedbStore)) {
    check(&RedbStore::in_memory().unwrap());
    let (_dir, path) = temp_db();
    check(&RedbStore::open(&path).unwrap());
}

/// A write that must succeed.
#[track_caller]
pub fn write<R>(store: &RedbStore, mut f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> R {
    store.write(|tx| f(tx)).expect("write transaction failed")
}

/// A read that must succeed.
#[track_caller]
pub fn read<R>(store: &RedbStore, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> R {
    store.read(f).expect("read transaction failed")
}

/// 2026-03-02 00:00 UTC (a Monday) plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + Duration::hours(hours)
}

/// A campaign with every field set.
pub fn campaign(id: u64, name: &str, status: CampaignStatus) -> Campaign {
    Campaign {
        id: CampaignId(id),
        name: name.to_owned(),
        client_name: "Acme".to_owned(),
        objective: Objective::LeadGeneration,
        description: "Spring launch of the new plan".to_owned(),
        platforms: vec![Platform::LinkedIn, Platform::X],
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        end_date: Some(NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()),
        time_zone: chrono_tz::America::New_York,
        cadence: BTreeMap::from([(Platform::LinkedIn, 3), (Platform::X, 5)]),
        primary_cta: Some("Book a demo".to_owned()),
        owner: "olivia".to_owned(),
        status,
        metadata: BTreeMap::from([("region".to_owned(), "emea".to_owned())]),
        // Nanoseconds, as SystemClock produces: stored exactly.
        created_at: at(0) + Duration::nanoseconds(123_456_789),
        updated_at: at(1),
    }
}

/// A plan of `campaign`.
pub fn plan(id: u64, campaign: u64, version: u32) -> CampaignPlan {
    CampaignPlan {
        id: PlanId(id),
        campaign_id: CampaignId(campaign),
        version,
        focus_area: "product launch".to_owned(),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        duration_days: 28,
        positioning: "the fastest way to plan".to_owned(),
        messaging_angles: vec!["speed".to_owned()],
        phases: vec![PlanPhase {
            name: "Awareness".to_owned(),
            start_day: 0,
            days: 14,
            goals: vec!["reach".to_owned()],
            tactics: vec![PlatformTactic {
                platform: Platform::LinkedIn,
                tactic: "carousel series".to_owned(),
            }],
            kpis: vec![Kpi {
                name: "engagement rate".to_owned(),
                target: 2.5,
                unit: "%".to_owned(),
                platform: None,
            }],
        }],
        weekly_themes: vec![WeeklyTheme {
            week: 1,
            theme: "Meet the product".to_owned(),
        }],
        generated_by: "template".to_owned(),
        created_at: at(0),
    }
}

/// A planned calendar item of `campaign` (plan 1) at `scheduled_at`.
pub fn item(id: u64, campaign: u64, scheduled_at: DateTime<Utc>) -> CalendarItem {
    CalendarItem {
        id: CalendarItemId(id),
        campaign_id: CampaignId(campaign),
        plan_id: PlanId(1),
        platform: Platform::Instagram,
        content_type: ContentType::Reel,
        scheduled_at,
        title: format!("Item {id}"),
        copy: "Launch day ✨".to_owned(),
        asset_ref: None,
        cta: Some("Link in bio".to_owned()),
        theme: "Meet the product".to_owned(),
        status: CalendarItemStatus::Planned,
        notes: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// A task of `campaign` due `due_hours` after [`at`]`(0)`.
pub fn task(
    id: u64,
    campaign: u64,
    assignee: Option<&str>,
    due_hours: i64,
    status: TaskStatus,
) -> OperatorTask {
    OperatorTask {
        platform: Some(Platform::X),
        content_type: Some(ContentType::Thread),
        instructions: vec!["Check the copy".to_owned(), "Publish".to_owned()],
        copy: Some("Thread 1/3".to_owned()),
        assignee: assignee.map(str::to_owned),
        status,
        ..OperatorTask::pending(
            TaskId(id),
            CampaignId(campaign),
            TaskType::Post,
            format!("Task {id}"),
            at(due_hours),
            at(0),
        )
    }
}

/// A metric entry of `campaign` recorded `hours` after [`at`]`(0)`.
pub fn metric(id: u64, campaign: u64, hours: i64) -> MetricEntry {
    MetricEntry {
        id: MetricId(id),
        campaign_id: CampaignId(campaign),
        task_id: Some(TaskId(1)),
        platform: Some(Platform::Email),
        kind: MetricKind::Clicks,
        value: 12.5,
        recorded_at: at(hours),
        recorded_by: "olivia".to_owned(),
        notes: None,
    }
}

/// A run of `action` in `period` with `status`.
pub fn run(action: &str, period: &str, status: RunStatus) -> ActionRun {
    ActionRun {
        key: ActionRun::key_for(action, period),
        action: action.to_owned(),
        period: period.to_owned(),
        status,
        attempts: 1,
        first_attempt_at: at(0),
        last_attempt_at: at(0),
        next_attempt_at: None,
        finished_at: None,
        last_error: None,
        report: None,
        interruptions: 0,
        checkpoint: None,
    }
}

/// Audit entry `seq` of a well-linked chain: `prev_hash` is entry `seq - 1`'s hash (the
/// genesis hash, 64 zeros, for the first).
pub fn audit(seq: u64, campaign: Option<u64>) -> AuditEntry {
    AuditEntry {
        seq: AuditSeq(seq),
        at: at(seq as i64),
        actor: "olivia".to_owned(),
        action: AuditAction::CampaignUpdate,
        entity: EntityKind::Campaign,
        entity_id: campaign.unwrap_or(0),
        campaign_id: campaign.map(CampaignId),
        before: Some(r#"{"status":"draft"}"#.to_owned()),
        after: Some(r#"{"status":"active"}"#.to_owned()),
        changes: vec![],
        details: None,
        prev_hash: format!("{:064}", seq - 1),
        hash: format!("{seq:064}"),
    }
}

/// Ids of records, for comparing orders.
pub fn ids<T>(records: &[T], id: impl Fn(&T) -> u64) -> Vec<u64> {
    records.iter().map(id).collect()
}
