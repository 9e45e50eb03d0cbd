//! Record builders: small, complete records with every field set to something checkable;
//! public so that a backend's own tests build the same records.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::model::*;
use crate::report::{ReportWeek, WeeklySummary, weekly_summary};

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
        created_at: at(0),
        updated_at: at(1),
    }
}

/// A plan of `campaign` with one phase.
pub fn plan(id: u64, campaign: u64, version: u32) -> CampaignPlan {
    CampaignPlan {
        id: PlanId(id),
        campaign_id: CampaignId(campaign),
        version,
        focus_area: "product launch".to_owned(),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        duration_days: 28,
        positioning: "the fastest way to plan".to_owned(),
        messaging_angles: vec!["speed".to_owned(), "clarity".to_owned()],
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
                platform: Some(Platform::LinkedIn),
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

/// A calendar item of `campaign` and `plan` at `scheduled_at`.
pub fn item(id: u64, campaign: u64, plan: u64, scheduled_at: DateTime<Utc>) -> CalendarItem {
    CalendarItem {
        id: CalendarItemId(id),
        campaign_id: CampaignId(campaign),
        plan_id: PlanId(plan),
        platform: Platform::Instagram,
        content_type: ContentType::Reel,
        scheduled_at,
        title: format!("Item {id}"),
        copy: "Launch day ✨ #spring".to_owned(),
        asset_ref: Some("assets/reel-1.mp4".to_owned()),
        cta: Some("Link in bio".to_owned()),
        theme: "Meet the product".to_owned(),
        status: CalendarItemStatus::Planned,
        notes: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// A task of `campaign` due `due_at`.
pub fn task(
    id: u64,
    campaign: u64,
    assignee: Option<&str>,
    due_at: DateTime<Utc>,
    status: TaskStatus,
) -> OperatorTask {
    OperatorTask {
        id: TaskId(id),
        campaign_id: CampaignId(campaign),
        calendar_item_id: None,
        parent_task_id: None,
        related_task_ids: Vec::new(),
        task_type: TaskType::Post,
        platform: Some(Platform::X),
        content_type: Some(ContentType::Thread),
        title: format!("Task {id}"),
        instructions: vec!["Check the copy".to_owned(), "Publish".to_owned()],
        checked: Vec::new(),
        copy: Some("Thread 1/3".to_owned()),
        asset_ref: None,
        assignee: assignee.map(str::to_owned),
        due_at,
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

/// A metric entry of `campaign`.
pub fn metric(id: u64, campaign: u64, value: f64) -> MetricEntry {
    MetricEntry {
        id: MetricId(id),
        campaign_id: CampaignId(campaign),
        task_id: Some(TaskId(1)),
        platform: Some(Platform::Email),
        kind: MetricKind::Clicks,
        value,
        recorded_at: at(30),
        recorded_by: "olivia".to_owned(),
        notes: Some("from the ESP export".to_owned()),
    }
}

/// Audit entry `seq`. Its hashes are stand-ins (`seq` written as 64 digits) that still
/// link: its `prev_hash` is entry `seq - 1`'s `hash`, and entry 1 links to the genesis hash.
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

/// A metric entry of `campaign` recorded at `recorded_at`.
pub fn metric_at(id: u64, campaign: u64, recorded_at: DateTime<Utc>) -> MetricEntry {
    MetricEntry {
        recorded_at,
        ..metric(id, campaign, id as f64)
    }
}

/// A chain of `n` audit entries from seq 1, entry `seq` of campaign `campaign_of(seq)`.
pub fn audit_chain(n: u64, campaign_of: impl Fn(u64) -> Option<u64>) -> Vec<AuditEntry> {
    (1..=n).map(|seq| audit(seq, campaign_of(seq))).collect()
}

/// A ledger record of `action` in `period`, with every field set.
pub fn run(action: &str, period: &str, status: RunStatus) -> ActionRun {
    ActionRun {
        key: ActionRun::key_for(action, period),
        action: action.to_owned(),
        period: period.to_owned(),
        status,
        attempts: 1,
        first_attempt_at: at(1),
        last_attempt_at: at(2),
        next_attempt_at: Some(at(3)),
        finished_at: status.is_final().then(|| at(4)),
        last_error: Some("timeout".to_owned()),
        report: Some(r#"{"campaigns":3}"#.to_owned()),
        interruptions: 2,
        checkpoint: Some(42),
    }
}

/// The summary of `campaign`'s ISO week `week` of 2026 (no tasks, no metrics), generated
/// at `at(generated)`.
pub fn summary(campaign: &Campaign, week: u32, generated: i64) -> WeeklySummary {
    let week = ReportWeek::new(2026, week).expect("a week of 2026");
    weekly_summary::<OperatorTask>(campaign, &[], &[], week, at(generated))
}
