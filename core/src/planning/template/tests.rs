//! The template planner: determinism, phase sizing, objective-shaped KPIs, platform
//! tactics, themes and angles, and request validation.

use chrono_tz::Tz;

use super::*;
use crate::Error;
use crate::model::{Campaign, Platform};
use crate::planning::fixtures::{campaign, date};
use crate::planning::validate_plan_draft;

fn sample(objective: Objective) -> Campaign {
    let mut c = campaign(
        Tz::Europe__Berlin,
        &[(Platform::LinkedIn, 3), (Platform::Email, 1)],
        date(2026, 3, 2),
        None,
    );
    c.objective = objective;
    c
}

fn request(c: &Campaign, days: u32) -> PlanRequest<'_> {
    PlanRequest {
        campaign: c,
        focus_area: "  self-service analytics for small teams ",
        duration_days: days,
        start_date: date(2026, 3, 2),
    }
}

#[test]
fn same_input_gives_same_plan() {
    let c = sample(Objective::LeadGeneration);
    let a = TemplatePlanner.plan(&request(&c, 30)).unwrap();
    let b = TemplatePlanner.plan(&request(&c, 30)).unwrap();
    assert_eq!(a, b);
    assert_eq!(TemplatePlanner.name(), "template");
}

#[test]
fn phases_are_contiguous_and_sum_to_duration() {
    let c = sample(Objective::Awareness);
    for days in [7, 14, 20, 21, 30, 59, 60, 90, 365] {
        let req = request(&c, days);
        let draft = TemplatePlanner.plan(&req).unwrap();
        validate_plan_draft(&draft, &req).unwrap();
        let mut next = 0;
        for phase in &draft.phases {
            assert_eq!(phase.start_day, next, "{days}");
            assert!(phase.days >= 1);
            assert!(!phase.goals.is_empty() && !phase.kpis.is_empty());
            next += phase.days;
        }
        assert_eq!(next, days);
        assert_eq!(draft.weekly_themes.len() as u32, days.div_ceil(7));
        let names: Vec<_> = draft.phases.iter().map(|p| p.name.as_str()).collect();
        match days {
            7 | 14 | 20 => assert_eq!(names, ["Awareness & engagement", "Conversion"]),
            21..=59 => assert_eq!(names, ["Awareness", "Engagement", "Conversion"]),
            _ => assert_eq!(names.len(), 4),
        }
        assert!((3..=5).contains(&draft.messaging_angles.len()));
    }
}

#[test]
fn objective_shapes_kpis() {
    let kpi_names = |o: Objective| -> Vec<String> {
        let c = sample(o);
        let draft = TemplatePlanner.plan(&request(&c, 30)).unwrap();
        draft
            .phases
            .iter()
            .flat_map(|p| p.kpis.iter().map(|k| k.name.clone()))
            .collect()
    };
    let leads = kpi_names(Objective::LeadGeneration);
    let awareness = kpi_names(Objective::Awareness);
    let conversion = kpi_names(Objective::Conversion);
    assert!(leads.iter().any(|k| k == "leads"));
    assert!(!awareness.iter().any(|k| k == "leads"));
    assert!(awareness.iter().any(|k| k == "new followers"));
    assert!(conversion.iter().any(|k| k == "conversions"));
    assert_ne!(leads, awareness);
}

#[test]
fn kpis_have_targets_units_and_scale_with_cadence() {
    let c = sample(Objective::Awareness);
    let low = TemplatePlanner.plan(&request(&c, 30)).unwrap();
    let mut busy = c.clone();
    busy.cadence.insert(Platform::LinkedIn, 6);
    let high = TemplatePlanner.plan(&request(&busy, 30)).unwrap();
    let impressions = |d: &PlanDraft| {
        d.phases[0]
            .kpis
            .iter()
            .find(|k| k.name == "impressions" && k.platform == Some(Platform::LinkedIn))
            .map(|k| k.target)
            .unwrap()
    };
    assert!(impressions(&high) > impressions(&low) * 1.9);
    let email_click = low
        .phases
        .iter()
        .flat_map(|p| &p.kpis)
        .find(|k| k.platform == Some(Platform::Email) && k.name.starts_with("click rate"))
        .unwrap();
    assert_eq!((email_click.target, email_click.unit.as_str()), (2.5, "%"));
    let er = low
        .phases
        .iter()
        .flat_map(|p| &p.kpis)
        .find(|k| k.platform == Some(Platform::LinkedIn) && k.name.starts_with("engagement"))
        .unwrap();
    assert_eq!(er.target, 2.5);
}

#[test]
fn only_campaign_platforms_get_tactics() {
    let c = sample(Objective::Engagement);
    let draft = TemplatePlanner.plan(&request(&c, 90)).unwrap();
    for phase in &draft.phases {
        let platforms: Vec<_> = phase.tactics.iter().map(|t| t.platform).collect();
        assert_eq!(platforms, [Platform::LinkedIn, Platform::Email]);
        for k in &phase.kpis {
            assert!(k.platform.is_none_or(|p| c.platforms.contains(&p)));
        }
    }
}

#[test]
fn content_mentions_focus_client_and_cta() {
    let c = sample(Objective::LeadGeneration);
    let draft = TemplatePlanner.plan(&request(&c, 30)).unwrap();
    assert!(draft.positioning.contains("Acme Analytics"));
    assert!(
        draft
            .positioning
            .contains("self-service analytics for small teams")
    );
    assert_eq!(draft.messaging_angles.len(), 5);
    assert!(
        draft
            .messaging_angles
            .iter()
            .any(|a| a.contains("Book a 20-minute demo"))
    );
    assert!(draft.weekly_themes[0].theme.starts_with("Awareness: "));
    assert!(
        draft
            .weekly_themes
            .last()
            .unwrap()
            .theme
            .starts_with("Conversion: ")
    );
    let mut no_cta = c.clone();
    no_cta.primary_cta = None;
    let draft = TemplatePlanner.plan(&request(&no_cta, 30)).unwrap();
    assert_eq!(draft.messaging_angles.len(), 4);
}

#[test]
fn rejects_bad_requests() {
    let c = sample(Objective::Awareness);
    for days in [0, 6, 366] {
        let err = TemplatePlanner.plan(&request(&c, days)).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "duration_days"));
    }
    let long = "x".repeat(201);
    for focus in ["", "   ", long.as_str(), "two\nlines"] {
        let req = PlanRequest {
            focus_area: focus,
            ..request(&c, 30)
        };
        let err = TemplatePlanner.plan(&req).unwrap_err();
        assert!(matches!(err, Error::Validation { ref field, .. } if field == "focus_area"));
    }
    let mut ended = c.clone();
    ended.end_date = Some(date(2026, 3, 1));
    let err = TemplatePlanner.plan(&request(&ended, 30)).unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "start_date"));
    assert_eq!(
        validate_plan_request(&request(&c, 30)).unwrap(),
        "self-service analytics for small teams"
    );
}

#[test]
fn last_call_is_only_the_final_conversion_week() {
    let c = sample(Objective::Conversion);
    for days in [14, 30, 90, 365] {
        let draft = TemplatePlanner.plan(&request(&c, days)).unwrap();
        let last_calls: Vec<u32> = draft
            .weekly_themes
            .iter()
            .filter(|t| t.theme.contains("Last call"))
            .map(|t| t.week)
            .collect();
        assert!(last_calls.len() <= 1, "{days}: {last_calls:?}");
        if let Some(&week) = last_calls.first() {
            // The week after it, if any, is no longer in the conversion phase.
            let next = draft.weekly_themes.get(week as usize);
            assert!(
                next.is_none_or(|t| !t.theme.starts_with("Conversion")),
                "{days}"
            );
        }
        // Consecutive weeks never share a theme.
        for pair in draft.weekly_themes.windows(2) {
            assert_ne!(pair[0].theme, pair[1].theme, "{days}");
        }
    }
}

#[test]
fn angles_read_as_sentences_with_a_long_focus() {
    let c = sample(Objective::Retention);
    let draft = TemplatePlanner.plan(&request(&c, 30)).unwrap();
    assert!(
        draft.messaging_angles.contains(
            &"Self-service analytics for small teams: a practical playbook you can use this week"
                .to_owned()
        ),
        "{:?}",
        draft.messaging_angles
    );
    assert!(
        !draft
            .messaging_angles
            .iter()
            .any(|a| a.contains("teams playbook"))
    );
}
