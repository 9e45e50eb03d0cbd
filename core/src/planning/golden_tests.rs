//! Golden snapshots of a whole campaign plan: the template plan, the calendar drafts and
//! every POST task's SOP checklist of a 90-day, 4-platform campaign, compared byte for byte
//! with JSON files under `testdata/`. They pin the output while the code that computes it is
//! optimised (see `calendar/timing.rs`): any change to them must be a deliberate one.
//!
//! To rewrite the snapshots after an intended change of output, run the tests with
//! `UPDATE_GOLDEN=1` and review the diff.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::model::{Campaign, CampaignPlan, PlanId, Platform};
use crate::planning::fixtures::{campaign, date, utc};
use crate::planning::{
    CalendarDraft, CalendarRequest, PlanDraft, PlanRequest, Planner, TemplatePlanner,
    draft_calendar,
};
use crate::platform::checklist_steps;

/// The posts a week of the campaigns the service creates by default.
pub(crate) const CADENCE: [(Platform, u32); 4] = [
    (Platform::LinkedIn, 3),
    (Platform::Instagram, 4),
    (Platform::X, 5),
    (Platform::Email, 1),
];

/// Length of the campaign and of its plan, in days.
pub(crate) const DAYS: u32 = 90;

/// One fixed campaign to plan: zone, first day and the "now" of the calendar generation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scenario {
    pub tz: Tz,
    pub start: NaiveDate,
    pub not_before: DateTime<Utc>,
    pub content_theme: Option<&'static str>,
}

/// Berlin from Thursday 5 March 2026, across the spring-forward change of 29 March;
/// generated at 08:40 local on the first day, so part of that morning's windows is gone.
pub(crate) fn berlin() -> Scenario {
    Scenario {
        tz: Tz::Europe__Berlin,
        start: date(2026, 3, 5),
        not_before: utc(2026, 3, 5, 7, 40),
        content_theme: Some("Answers in minutes, not weeks"),
    }
}

/// New York from Thursday 17 September 2026, across the fall-back change of 1 November;
/// generated the day before the campaign starts, without a content theme.
pub(crate) fn new_york() -> Scenario {
    Scenario {
        tz: Tz::America__New_York,
        start: date(2026, 9, 17),
        not_before: utc(2026, 9, 16, 12, 0),
        content_theme: None,
    }
}

/// The campaign of a scenario: [`CADENCE`] on all four platforms for [`DAYS`] days.
pub(crate) fn scenario_campaign(s: &Scenario) -> Campaign {
    let end = s.start + Duration::days(i64::from(DAYS) - 1);
    campaign(s.tz, &CADENCE, s.start, Some(end))
}

/// The plan request of a scenario's campaign.
pub(crate) fn plan_request<'a>(s: &Scenario, campaign: &'a Campaign) -> PlanRequest<'a> {
    PlanRequest {
        campaign,
        focus_area: "self-service analytics for small teams",
        duration_days: DAYS,
        start_date: s.start,
    }
}

/// `draft` stored as the service stores a plan.
pub(crate) fn stored_plan(request: &PlanRequest<'_>, draft: &PlanDraft) -> CampaignPlan {
    CampaignPlan {
        id: PlanId(3),
        campaign_id: request.campaign.id,
        version: 1,
        focus_area: request.focus_area.into(),
        start_date: request.start_date,
        duration_days: request.duration_days,
        positioning: draft.positioning.clone(),
        messaging_angles: draft.messaging_angles.clone(),
        phases: draft.phases.clone(),
        weekly_themes: draft.weekly_themes.clone(),
        generated_by: TemplatePlanner::NAME.into(),
        created_at: utc(2026, 1, 1, 0, 0),
    }
}

/// Everything the core computes when a campaign is planned.
pub(crate) struct Planned {
    pub plan: PlanDraft,
    pub drafts: Vec<CalendarDraft>,
    /// The instruction lines of each draft's POST task, in the order of `drafts`.
    pub instructions: Vec<Vec<String>>,
}

/// Plans `campaign` the way the service does: template plan, calendar drafts, then one
/// POST task's SOP checklist per calendar item (as `service::tasks` builds its
/// instructions).
pub(crate) fn plan_campaign(s: &Scenario, campaign: &Campaign) -> Planned {
    let request = plan_request(s, campaign);
    let plan = TemplatePlanner.plan(&request).expect("template plan");
    let stored = stored_plan(&request, &plan);
    let drafts = draft_calendar(&CalendarRequest {
        campaign,
        plan: &stored,
        content_theme: s.content_theme,
        not_before: s.not_before,
        kept: &[],
    })
    .expect("calendar drafts");
    let instructions = drafts
        .iter()
        .map(|d| {
            checklist_steps(d.platform, d.content_type)
                .expect("generated content types have checklists")
                .to_vec()
        })
        .collect();
    Planned {
        plan,
        drafts,
        instructions,
    }
}

/// What a snapshot file holds: the plan draft, the drafts, and each distinct checklist
/// once (every task of one platform and content type gets the same lines).
#[derive(Serialize)]
struct Snapshot<'a> {
    plan: &'a PlanDraft,
    drafts: &'a [CalendarDraft],
    checklists: BTreeMap<String, &'a [String]>,
}

/// The snapshot JSON of `planned`.
fn snapshot(planned: &Planned) -> String {
    let mut checklists: BTreeMap<String, &[String]> = BTreeMap::new();
    for (d, lines) in planned.drafts.iter().zip(&planned.instructions) {
        let key = format!("{}/{}", d.platform.key(), d.content_type.key());
        let first = *checklists.entry(key.clone()).or_insert(lines);
        assert_eq!(
            first,
            lines.as_slice(),
            "{key}: tasks got different checklists"
        );
    }
    let snapshot = Snapshot {
        plan: &planned.plan,
        drafts: &planned.drafts,
        checklists,
    };
    serde_json::to_string_pretty(&snapshot).expect("serialisable") + "\n"
}

/// Compares `actual` with the golden file `name`, or rewrites it under `UPDATE_GOLDEN=1`.
fn assert_golden(name: &str, expected: &str, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = format!(
            "{}/src/planning/testdata/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    if expected == actual {
        return;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{name} differs from the golden snapshot at line {}:\n  expected: {}\n  actual:   {}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of file>"),
    );
}

#[test]
fn berlin_90_days_four_platforms_matches_the_golden_snapshot() {
    let s = berlin();
    let planned = plan_campaign(&s, &scenario_campaign(&s));
    assert!(planned.drafts.len() > 150, "{}", planned.drafts.len());
    assert_golden(
        "plan_berlin_90d.json",
        include_str!("testdata/plan_berlin_90d.json"),
        &snapshot(&planned),
    );
}

#[test]
fn new_york_across_the_fall_back_change_matches_the_golden_snapshot() {
    let s = new_york();
    let planned = plan_campaign(&s, &scenario_campaign(&s));
    // Posts on both sides of 1 November keep their local times: the UTC hour moves.
    let utc_hours = |from: NaiveDate, to: NaiveDate| {
        planned
            .drafts
            .iter()
            .filter(|d| {
                let day = d.scheduled_at.with_timezone(&s.tz).date_naive();
                day >= from && day < to && d.platform == Platform::X
            })
            .map(|d| d.scheduled_at.format("%H").to_string())
            .min()
    };
    assert_eq!(
        utc_hours(date(2026, 10, 26), date(2026, 11, 1)).as_deref(),
        Some("13")
    );
    assert_eq!(
        utc_hours(date(2026, 11, 2), date(2026, 11, 8)).as_deref(),
        Some("14")
    );
    assert_golden(
        "plan_new_york_90d.json",
        include_str!("testdata/plan_new_york_90d.json"),
        &snapshot(&planned),
    );
}
