//! The fixed records of the golden bytes test: every field set, instants with
//! nanoseconds, a POST task whose checklist is its SOP's.

use std::collections::BTreeMap;

use campaign_ops_core::model::*;
use campaign_ops_core::platform::sop;
use campaign_ops_core::report::{KindTotals, MetricTotals, ReportWeek, TaskCounts, WeeklySummary};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// 2026-03-02 09:30:00.123456789 UTC: a clock reading with nanoseconds.
pub(super) fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
        + chrono::Duration::nanoseconds(123_456_789)
        + chrono::Duration::hours(hours)
}

pub(super) fn campaign() -> Campaign {
    Campaign {
        id: CampaignId(7),
        name: "Spring launch".into(),
        client_name: "Acme GmbH".into(),
        objective: Objective::LeadGeneration,
        description: "Spring launch of the new plan ✨".into(),
        platforms: vec![Platform::LinkedIn, Platform::X, Platform::Email],
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        end_date: Some(NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()),
        time_zone: chrono_tz::Europe::Berlin,
        cadence: BTreeMap::from([
            (Platform::LinkedIn, 3),
            (Platform::X, 5),
            (Platform::Email, 1),
        ]),
        primary_cta: Some("Book a demo".into()),
        owner: "olivia".into(),
        status: CampaignStatus::Paused,
        metadata: BTreeMap::from([
            ("budget".into(), "12000".into()),
            ("region".into(), "emea".into()),
        ]),
        created_at: at(0),
        updated_at: at(1),
    }
}

pub(super) fn plan() -> CampaignPlan {
    CampaignPlan {
        id: PlanId(3),
        campaign_id: CampaignId(7),
        version: 2,
        focus_area: "product launch".into(),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        duration_days: 28,
        positioning: "the fastest way to plan".into(),
        messaging_angles: vec!["speed".into(), "clarity".into()],
        phases: vec![PlanPhase {
            name: "Awareness".into(),
            start_day: 0,
            days: 14,
            goals: vec!["reach".into()],
            tactics: vec![PlatformTactic {
                platform: Platform::Instagram,
                tactic: "reels".into(),
            }],
            kpis: vec![
                Kpi {
                    name: "engagement rate".into(),
                    target: 2.5,
                    unit: "%".into(),
                    platform: Some(Platform::LinkedIn),
                },
                Kpi {
                    name: "leads".into(),
                    target: 40.0,
                    unit: "leads".into(),
                    platform: None,
                },
            ],
        }],
        weekly_themes: vec![WeeklyTheme {
            week: 1,
            theme: "Meet the product".into(),
        }],
        generated_by: "template".into(),
        created_at: at(0),
    }
}

pub(super) fn item() -> CalendarItem {
    CalendarItem {
        id: CalendarItemId(11),
        campaign_id: CampaignId(7),
        plan_id: PlanId(3),
        platform: Platform::Instagram,
        content_type: ContentType::Reel,
        scheduled_at: Utc.with_ymd_and_hms(2026, 3, 3, 17, 15, 0).unwrap(),
        title: "Item 11".into(),
        copy: "Launch day ✨ #spring".into(),
        asset_ref: Some("assets/reel-1.mp4".into()),
        cta: Some("Link in bio".into()),
        theme: "Meet the product".into(),
        status: CalendarItemStatus::InProgress,
        notes: None,
        created_at: at(0),
        updated_at: at(2),
    }
}

/// A completed POST task whose instructions are its SOP checklist (stored as a reference).
pub(super) fn sop_task() -> OperatorTask {
    OperatorTask {
        id: TaskId(21),
        campaign_id: CampaignId(7),
        calendar_item_id: Some(CalendarItemId(11)),
        parent_task_id: None,
        related_task_ids: vec![],
        task_type: TaskType::Post,
        platform: Some(Platform::Instagram),
        content_type: Some(ContentType::Reel),
        title: "Post on Instagram: Item 11".into(),
        instructions: sop(Platform::Instagram)
            .checklist(ContentType::Reel)
            .unwrap()
            .steps(),
        checked: Vec::new(),
        copy: Some("Launch day ✨ #spring".into()),
        asset_ref: Some("assets/reel-1.mp4".into()),
        assignee: Some("olga".into()),
        due_at: Utc.with_ymd_and_hms(2026, 3, 3, 17, 15, 0).unwrap(),
        status: TaskStatus::Completed,
        outcome: Some("Posted".into()),
        proof: Some(CompletionProof {
            kind: ProofKind::Url,
            value: "https://example.com/p/1".into(),
        }),
        reason: None,
        started_at: Some(at(3)),
        finished_at: Some(at(4)),
        created_at: at(0),
        updated_at: at(4),
    }
}

/// [`sop_task`] with steps 0 and 2 of its checklist ticked (task format 2).
pub(super) fn checked_task() -> OperatorTask {
    OperatorTask {
        checked: vec![0, 2],
        ..sop_task()
    }
}

/// A blocked ENGAGE follow-up with instructions of its own (stored as text).
pub(super) fn text_task() -> OperatorTask {
    OperatorTask {
        id: TaskId(22),
        parent_task_id: Some(TaskId(21)),
        related_task_ids: vec![TaskId(21), TaskId(5)],
        task_type: TaskType::Engage,
        title: "Engage 2h after: Post on Instagram: Item 11".into(),
        instructions: vec!["Open the post.".into(), "Reply to every comment.".into()],
        checked: Vec::new(),
        copy: None,
        asset_ref: None,
        status: TaskStatus::Blocked,
        outcome: None,
        proof: None,
        reason: Some("Account locked".into()),
        finished_at: None,
        ..sop_task()
    }
}

pub(super) fn metric() -> MetricEntry {
    MetricEntry {
        id: MetricId(31),
        campaign_id: CampaignId(7),
        task_id: Some(TaskId(21)),
        platform: Some(Platform::Instagram),
        kind: MetricKind::Impressions,
        value: 1520.5,
        recorded_at: at(4),
        recorded_by: "alice".into(),
        notes: Some("from the export".into()),
    }
}

pub(super) fn summary() -> WeeklySummary {
    let totals = MetricTotals {
        entries: 3,
        by_kind: KindTotals {
            impressions: 1520.5,
            clicks: 12.0,
            engagements: 87.0,
            ..KindTotals::default()
        },
        total_engagements: 87.0,
        engagement_rate: Some(87.0 / 1520.5),
    };
    WeeklySummary {
        campaign_id: CampaignId(7),
        campaign_name: "Spring launch".into(),
        week: ReportWeek::new(2026, 10).unwrap(),
        time_zone: chrono_tz::Europe::Berlin,
        starts_at: Utc.with_ymd_and_hms(2026, 3, 1, 23, 0, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2026, 3, 8, 23, 0, 0).unwrap(),
        generated_at: at(170),
        tasks: TaskCounts {
            planned: 9,
            pending: 1,
            in_progress: 1,
            completed: 4,
            failed: 1,
            blocked: 1,
            skipped: 1,
            overdue: 2,
        },
        completion_rate: Some(0.5),
        metrics: totals,
        platforms: BTreeMap::from([
            (Platform::Instagram, totals),
            (Platform::LinkedIn, MetricTotals::default()),
        ]),
        top_platform: Some(Platform::Instagram),
        text: "Week 2026-W10: 4 of 9 tasks done".into(),
    }
}

pub(super) fn run() -> ActionRun {
    ActionRun {
        key: "CAMPAIGN_TICK 2026-03-02".into(),
        action: "CAMPAIGN_TICK".into(),
        period: "2026-03-02".into(),
        status: RunStatus::Retrying,
        attempts: 2,
        first_attempt_at: at(0),
        last_attempt_at: at(1),
        next_attempt_at: Some(at(2)),
        finished_at: None,
        last_error: Some("disk full".into()),
        report: None,
        interruptions: 1,
        checkpoint: Some(4),
    }
}

pub(super) fn audit() -> AuditEntry {
    AuditEntry {
        seq: AuditSeq(41),
        at: at(4),
        actor: "alice".into(),
        action: AuditAction::TaskComplete,
        entity: EntityKind::Task,
        entity_id: 21,
        campaign_id: Some(CampaignId(7)),
        // Whole records, as entries migrated from v5 carry them, and the field diff that
        // entries written since v6 carry (a real entry has one or the other).
        before: Some(r#"{"status":"in_progress"}"#.into()),
        after: Some(r#"{"status":"completed"}"#.into()),
        changes: vec![
            FieldChange {
                field: "outcome".into(),
                before: Some("null".into()),
                after: Some(r#""posted""#.into()),
            },
            FieldChange {
                field: "status".into(),
                before: Some(r#""in_progress""#.into()),
                after: None,
            },
        ],
        details: Some("created follow-up tasks 22, 23".into()),
        prev_hash: "ab".repeat(32),
        hash: "cd".repeat(32),
    }
}

pub(super) fn user() -> User {
    User {
        id: UserId(5),
        name: "jürgen.ops".into(),
        display_name: "Jürgen Ops".into(),
        role: Role::Operator,
        time_zone: chrono_tz::America::New_York,
        disabled: true,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$\
                        q2Jx1m6m6WcE1y7Tt0z0m1gq0CkqkQ4l4n8f2JH3c3Y"
            .into(),
        created_at: at(-48),
        updated_at: at(1),
    }
}

pub(super) fn session() -> Session {
    Session {
        token_hash: TokenHash::of("0123456789abcdef"),
        user_id: UserId(5),
        created_at: at(0),
        expires_at: at(12),
        last_seen_at: at(2),
    }
}

/// A disabled action.
pub(super) fn action_setting() -> ActionSetting {
    ActionSetting {
        action: "WEEKLY_CAMPAIGN_SUMMARY".into(),
        enabled: false,
        changed_at: at(9),
        changed_by: "ada".into(),
    }
}
