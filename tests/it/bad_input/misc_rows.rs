//! Plans, calendars, reports, exports, lists and queues: limits, unknown ids, weeks that
//! do not exist, and input that passes every field rule but would make the library derive
//! dates past 9999.

use campaign_ops::report::ReportWeek;
use campaign_ops::service::{CampaignFilter, CampaignPlanning, ExportFormat};
use campaign_ops::{CampaignId, EntityKind, PlanId};

use super::campaign_rows::megabyte;
use super::harness::{Expect, Row, invalid, row};
use crate::support::{alice, with};

fn week(year: i32, week: u32) -> ReportWeek {
    ReportWeek::new(year, week).unwrap()
}

pub fn rows() -> Vec<Row> {
    let campaign = Expect::NotFound(EntityKind::Campaign);
    vec![
        row(
            "generate_plan: 0 days",
            invalid("duration_days", "between"),
            |w| w.ops.generate_plan(&alice(), w.active, "Launch", 0),
        ),
        row(
            "generate_plan: u32::MAX days",
            invalid("duration_days", "between"),
            |w| w.ops.generate_plan(&alice(), w.active, "Launch", u32::MAX),
        ),
        row(
            "generate_plan: blank focus",
            invalid("focus_area", "must not be empty"),
            |w| w.ops.generate_plan(&alice(), w.active, "   ", 28),
        ),
        row(
            "generate_plan: focus with an RTL override",
            invalid("focus_area", "bidi"),
            |w| {
                w.ops
                    .generate_plan(&alice(), w.active, "\u{202E}hcnual", 28)
            },
        ),
        row(
            "generate_plan: focus of a megabyte",
            invalid("focus_area", "at most"),
            |w| w.ops.generate_plan(&alice(), w.active, &megabyte("f"), 28),
        ),
        row(
            "generate_plan: archived campaign",
            Expect::ReadOnly(EntityKind::Campaign, "archived"),
            |w| w.ops.generate_plan(&alice(), w.archived, "Launch", 28),
        ),
        row("generate_plan: unknown campaign", campaign.clone(), |w| {
            w.ops.generate_plan(&alice(), CampaignId(404), "Launch", 28)
        }),
        row(
            "generate_plan: a plan that would end past 9999 (start 9999-12-20)",
            invalid("duration_days", "9999"),
            |w| w.ops.generate_plan(&alice(), w.far, "Launch", 30),
        ),
        row(
            "plan_campaign: a plan that would end past 9999 (start 9999-12-20)",
            invalid("duration_days", "9999"),
            |w| {
                w.ops
                    .plan_campaign(&alice(), w.far, &CampaignPlanning::new("Launch", 14))
            },
        ),
        row(
            "plan_campaign: theme with NUL",
            invalid("content_theme", "control"),
            |w| {
                let p = with(CampaignPlanning::new("Launch", 28), |p| {
                    p.content_theme = Some("a\0".into())
                });
                w.ops.plan_campaign(&alice(), w.active, &p)
            },
        ),
        row(
            "generate_calendar: unknown plan",
            Expect::NotFound(EntityKind::Plan),
            |w| w.ops.generate_calendar(&alice(), PlanId(123_456), None),
        ),
        row(
            "generate_calendar: theme with a bidi isolate",
            invalid("content_theme", "bidi"),
            |w| w.ops.generate_calendar(&alice(), w.plan, Some("\u{2066}x")),
        ),
        row(
            "ReportWeek: 2027-W53 (2027 has 52 weeks)",
            invalid("week", "does not exist"),
            |_| ReportWeek::new(2027, 53),
        ),
        row(
            "ReportWeek: week 0",
            invalid("week", "does not exist"),
            |_| ReportWeek::new(2026, 0),
        ),
        row(
            "ReportWeek: week u32::MAX",
            invalid("week", "does not exist"),
            |_| ReportWeek::new(2020, u32::MAX),
        ),
        row(
            "ReportWeek: year 10000",
            invalid("week", "0 to 9999"),
            |_| ReportWeek::new(10000, 1),
        ),
        row(
            "ReportWeek: year i32::MIN",
            invalid("week", "0 to 9999"),
            |_| ReportWeek::new(i32::MIN, 1),
        ),
        row(
            "ReportWeek: text 2027-W53",
            invalid("week", "does not exist"),
            |_| "2027-W53".parse::<ReportWeek>(),
        ),
        row(
            "ReportWeek: text of a megabyte",
            invalid("week", ""),
            |_| megabyte("2026-W01").parse::<ReportWeek>(),
        ),
        row(
            "export_weekly_summaries: last before first",
            invalid("last", "before"),
            |w| {
                w.ops.export_weekly_summaries(
                    w.active,
                    week(2026, 10),
                    week(2026, 9),
                    ExportFormat::Csv,
                )
            },
        ),
        row(
            "export_weekly_summaries: 500 weeks",
            invalid("last", "at most"),
            |w| {
                w.ops.export_weekly_summaries(
                    w.active,
                    week(2000, 1),
                    week(2010, 1),
                    ExportFormat::Json,
                )
            },
        ),
        row(
            "export_weekly_summaries: unknown campaign",
            campaign.clone(),
            |_w| {
                _w.ops.export_weekly_summaries(
                    CampaignId(9999),
                    week(2026, 1),
                    week(2026, 2),
                    ExportFormat::Csv,
                )
            },
        ),
        row(
            "ExportFormat: xml",
            invalid("format", "csv or json"),
            |_| "xml".parse::<ExportFormat>(),
        ),
        row(
            "ExportFormat: a megabyte",
            invalid("format", "csv or json"),
            |_| megabyte("x").parse::<ExportFormat>(),
        ),
        row(
            "Objective: a megabyte",
            invalid("objective", "expected"),
            |_| megabyte("awareness").parse::<campaign_ops::Objective>(),
        ),
        row(
            "Objective: with an RTL override",
            invalid("objective", "expected"),
            |_| "\u{202E}ssenerawa".parse::<campaign_ops::Objective>(),
        ),
        row(
            "CampaignStatus: deleted",
            invalid("status", "expected"),
            |_| "deleted".parse::<campaign_ops::CampaignStatus>(),
        ),
        row(
            "Platform: a megabyte of NUL",
            invalid("platform", "expected"),
            |_| megabyte("\0").parse::<campaign_ops::Platform>(),
        ),
        row(
            "list_campaigns: limit 0",
            invalid("limit", "1 to 500"),
            |w| w.ops.list_campaigns(&CampaignFilter::default(), 0, None),
        ),
        row(
            "list_campaigns: limit usize::MAX",
            invalid("limit", "1 to 500"),
            |w| {
                w.ops
                    .list_campaigns(&CampaignFilter::default(), usize::MAX, None)
            },
        ),
        row(
            "list_campaigns: client with NUL",
            invalid("client", "control"),
            |w| {
                let f = with(CampaignFilter::default(), |f| f.client = Some("\0".into()));
                w.ops.list_campaigns(&f, 10, None)
            },
        ),
        row(
            "list_campaigns: text of a megabyte",
            invalid("text", "at most 200"),
            |w| {
                let f = with(CampaignFilter::default(), |f| f.text = Some(megabyte("t")));
                w.ops.list_campaigns(&f, 10, None)
            },
        ),
        row(
            "campaign_tasks_page: limit 0",
            invalid("limit", "1 to 1000"),
            |w| w.ops.campaign_tasks_page(w.active, None, 0),
        ),
        row(
            "campaign_metric_entries: limit 1001",
            invalid("limit", "1 to 1000"),
            |w| w.ops.campaign_metric_entries(w.active, None, 1001),
        ),
        row("audit_log: limit 0", invalid("limit", "1 to"), |w| {
            w.ops.audit_log(None, 0)
        }),
        row(
            "campaign_audit: limit usize::MAX",
            invalid("limit", "1 to"),
            |w| w.ops.campaign_audit(w.active, None, usize::MAX),
        ),
        row(
            "list_action_runs: limit 0",
            invalid("limit", "1 to 1000"),
            |w| w.ops.list_action_runs("CAMPAIGN_TICK", None, false, 0),
        ),
        row("operator_queue: offset zone", invalid("tz", "IANA"), |w| {
            w.ops.operator_queue("bob", "+01:00")
        }),
        row(
            "operator_queue: zone of a megabyte",
            invalid("tz", "IANA"),
            |w| w.ops.operator_queue("bob", &megabyte("Europe/")),
        ),
        row(
            "operator_queue: blank assignee",
            invalid("assignee", "must not be empty"),
            |w| w.ops.operator_queue(" ", "Europe/Berlin"),
        ),
        row(
            "operator_queue: assignee with an RTL override",
            invalid("assignee", "bidi"),
            |w| w.ops.operator_queue("\u{202E}bob", "Europe/Berlin"),
        ),
        row("get_campaign: unknown id", campaign.clone(), |w| {
            w.ops.get_campaign(CampaignId(0))
        }),
        row(
            "get_plan: unknown id",
            Expect::NotFound(EntityKind::Plan),
            |w| w.ops.get_plan(PlanId(u64::MAX)),
        ),
        row("list_plans: unknown campaign", campaign.clone(), |w| {
            w.ops.list_plans(CampaignId(77))
        }),
        row("export_ics: unknown campaign", campaign.clone(), |w| {
            w.ops.export_ics(CampaignId(77))
        }),
        row("export_tasks: unknown campaign", campaign.clone(), |w| {
            w.ops.export_tasks(CampaignId(77), ExportFormat::Csv)
        }),
        row("get_today_tasks: unknown campaign", campaign.clone(), |w| {
            w.ops.get_today_tasks(CampaignId(77))
        }),
        row(
            "generate_weekly_summary: unknown campaign",
            campaign.clone(),
            |w| w.ops.generate_weekly_summary(CampaignId(77), None),
        ),
        row(
            "get_task_completion_rate: unknown campaign",
            campaign,
            |w| w.ops.get_task_completion_rate(CampaignId(77)),
        ),
    ]
}
