//! Test fixtures shared by the planning tests: a campaign and a plan built the way the
//! service builds them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

use crate::model::*;
use crate::planning::{PlanRequest, Planner, TemplatePlanner};

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub(crate) fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// A campaign on `cadence`'s platforms in `tz`.
pub(crate) fn campaign(
    tz: Tz,
    cadence: &[(Platform, u32)],
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> Campaign {
    let created = utc(2026, 1, 1, 0, 0);
    Campaign {
        id: CampaignId(7),
        name: "Spring launch".into(),
        client_name: "Acme Analytics".into(),
        objective: Objective::LeadGeneration,
        description: "Launch of the new dashboard product".into(),
        platforms: cadence.iter().map(|(p, _)| *p).collect(),
        start_date: start,
        end_date: end,
        time_zone: tz,
        cadence: cadence.iter().copied().collect::<BTreeMap<_, _>>(),
        primary_cta: Some("Book a 20-minute demo".into()),
        owner: "lead".into(),
        status: CampaignStatus::Active,
        metadata: BTreeMap::new(),
        created_at: created,
        updated_at: created,
    }
}

/// The template plan for `campaign`, wrapped as the service would store it.
pub(crate) fn plan(campaign: &Campaign, start: NaiveDate, days: u32) -> CampaignPlan {
    let request = PlanRequest {
        campaign,
        focus_area: "self-service analytics for small teams",
        duration_days: days,
        start_date: start,
    };
    let draft = TemplatePlanner.plan(&request).expect("template plan");
    CampaignPlan {
        id: PlanId(3),
        campaign_id: campaign.id,
        version: 1,
        focus_area: request.focus_area.into(),
        start_date: start,
        duration_days: days,
        positioning: draft.positioning,
        messaging_angles: draft.messaging_angles,
        phases: draft.phases,
        weekly_themes: draft.weekly_themes,
        generated_by: TemplatePlanner::NAME.into(),
        created_at: utc(2026, 1, 1, 0, 0),
    }
}
