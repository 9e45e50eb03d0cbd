//! Campaign calls: create, get, list, update, lifecycle moves and every validation rule.

use std::collections::BTreeMap;

use campaign_ops::service::{CampaignFilter, CampaignUpdate};
use campaign_ops::{CampaignId, CampaignStatus, Error, Objective, Platform};
use chrono::Duration;

use crate::support::*;

#[test]
fn create_fills_defaults_and_audits() {
    let ops = ops();
    let c = create(&ops, "Winter Launch");
    assert_eq!(c.id, CampaignId(1));
    assert_eq!(c.status, CampaignStatus::Draft);
    assert_eq!(c.owner, "alice");
    assert_eq!(c.platforms, vec![Platform::LinkedIn, Platform::X]);
    // Platforms without a cadence get the default one.
    assert_eq!(c.cadence[&Platform::LinkedIn], 3);
    assert_eq!(c.cadence[&Platform::X], 5);
    assert_eq!(c.time_zone, chrono_tz::Europe::Berlin);
    assert_eq!(c.created_at, t0());
    assert_eq!(ops.get_campaign(c.id).unwrap(), c);

    let trail = ops.campaign_audit(c.id).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "campaign.create");
    assert_eq!(trail[0].actor, "alice");
    assert!(trail[0].before.is_none());
    let after: serde_json::Value = serde_json::from_str(trail[0].after.as_ref().unwrap()).unwrap();
    assert_eq!(after["name"], "Winter Launch");
}

#[test]
fn create_active_and_second_id() {
    let ops = ops();
    create(&ops, "One");
    let mut n = new_campaign("Two");
    n.activate = true;
    let c = ops.create_campaign(&alice(), n).unwrap();
    assert_eq!(c.id, CampaignId(2));
    assert_eq!(c.status, CampaignStatus::Active);
}

#[test]
fn get_unknown_is_not_found() {
    let ops = ops();
    assert!(matches!(
        ops.get_campaign(CampaignId(9)),
        Err(Error::NotFound {
            entity: "campaign",
            ..
        })
    ));
}

#[test]
fn list_filters_pages_and_counts() {
    let ops = ops();
    for i in 0..7 {
        let mut n = new_campaign(&format!("Campaign {i}"));
        if i % 2 == 0 {
            n.client_name = "Globex".into();
        }
        if i == 3 {
            n.description = "Black Friday special".into();
        }
        n.activate = i < 4;
        ops.create_campaign(&alice(), n).unwrap();
    }
    let all = ops
        .list_campaigns(&CampaignFilter::default(), 3, 0)
        .unwrap();
    assert_eq!(all.total, 7);
    assert_eq!(all.items.len(), 3);
    assert_eq!(all.items[0].name, "Campaign 0");
    let page3 = ops
        .list_campaigns(&CampaignFilter::default(), 3, 6)
        .unwrap();
    assert_eq!(page3.items.len(), 1);
    assert_eq!(page3.items[0].name, "Campaign 6");
    let beyond = ops
        .list_campaigns(&CampaignFilter::default(), 3, 30)
        .unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 7);

    let active = CampaignFilter {
        status: Some(CampaignStatus::Active),
        ..Default::default()
    };
    let page = ops.list_campaigns(&active, 10, 0).unwrap();
    assert_eq!(page.total, 4);
    assert!(
        page.items
            .iter()
            .all(|c| c.status == CampaignStatus::Active)
    );

    let globex = CampaignFilter {
        client: Some("globex".into()),
        ..Default::default()
    };
    assert_eq!(ops.list_campaigns(&globex, 10, 0).unwrap().total, 4);

    let text = CampaignFilter {
        text: Some("BLACK friday".into()),
        ..Default::default()
    };
    let found = ops.list_campaigns(&text, 10, 0).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].name, "Campaign 3");

    let combined = CampaignFilter {
        status: Some(CampaignStatus::Draft),
        client: Some("Globex".into()),
        text: None,
    };
    // Drafts are 4, 5, 6; of these 4 and 6 belong to Globex.
    assert_eq!(ops.list_campaigns(&combined, 10, 0).unwrap().total, 2);
}

#[test]
fn list_refuses_bad_limits() {
    let ops = ops();
    for limit in [0, 501] {
        assert!(matches!(
            ops.list_campaigns(&CampaignFilter::default(), limit, 0),
            Err(Error::Validation { field, .. }) if field == "limit"
        ));
    }
}

#[test]
fn update_changes_and_clears_fields() {
    let ops = ops();
    let mut n = new_campaign("Winter Launch");
    n.primary_cta = Some("Book a demo".into());
    n.metadata.insert("utm_source".into(), "newsletter".into());
    n.metadata.insert("region".into(), "DACH".into());
    let c = ops.create_campaign(&alice(), n).unwrap();
    ops.clock().advance(Duration::hours(1));

    let update = CampaignUpdate {
        name: Some("Winter Launch 2027".into()),
        objective: Some(Objective::Awareness),
        end_date: Some(None),
        primary_cta: Some(None),
        platforms: Some(vec![Platform::LinkedIn, Platform::Instagram]),
        cadence: Some(BTreeMap::from([(Platform::Instagram, 2)])),
        time_zone: Some("America/New_York".into()),
        metadata_set: BTreeMap::from([("region".into(), "NA".into())]),
        metadata_remove: vec!["utm_source".into()],
        ..Default::default()
    };
    let u = ops.update_campaign(&alice(), c.id, update).unwrap();
    assert_eq!(u.name, "Winter Launch 2027");
    assert_eq!(u.objective, Objective::Awareness);
    assert_eq!(u.end_date, None, "end date cleared");
    assert_eq!(u.primary_cta, None, "CTA cleared");
    assert_eq!(u.platforms, vec![Platform::LinkedIn, Platform::Instagram]);
    assert_eq!(
        u.cadence,
        BTreeMap::from([(Platform::LinkedIn, 3), (Platform::Instagram, 2)]),
        "X's cadence dropped with the platform"
    );
    assert_eq!(u.time_zone, chrono_tz::America::New_York);
    assert_eq!(
        u.metadata,
        BTreeMap::from([("region".to_string(), "NA".to_string())])
    );
    assert_eq!(u.updated_at, t0() + Duration::hours(1));
    assert_eq!(u.created_at, t0());
    assert_eq!(ops.get_campaign(c.id).unwrap(), u);
    // The old name is free again, the new one is taken (case-insensitively).
    create(&ops, "winter launch");
    let err = ops
        .create_campaign(&alice(), new_campaign("WINTER LAUNCH 2027"))
        .unwrap_err();
    assert!(matches!(err, Error::Validation { ref field, .. } if field == "name"));

    let trail = ops.campaign_audit(c.id).unwrap();
    assert_eq!(trail.last().unwrap().action, "campaign.update");
    assert!(
        trail
            .last()
            .unwrap()
            .before
            .as_ref()
            .unwrap()
            .contains("Book a demo")
    );
}

#[test]
fn update_without_changes_writes_nothing() {
    let ops = ops();
    let c = create(&ops, "Same");
    let before = snapshot(&ops);
    let u = ops
        .update_campaign(
            &alice(),
            c.id,
            CampaignUpdate {
                name: Some("Same".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(u, c);
    assert_eq!(snapshot(&ops), before);
}

#[test]
fn update_keeps_own_name_in_other_case() {
    let ops = ops();
    let c = create(&ops, "Case");
    let u = ops
        .update_campaign(
            &alice(),
            c.id,
            CampaignUpdate {
                name: Some("CASE".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(u.name, "CASE");
}

#[test]
fn lifecycle_moves() {
    let ops = ops();
    let a = alice();
    let c = create(&ops, "Life");
    assert_eq!(
        ops.activate_campaign(&a, c.id).unwrap().status,
        CampaignStatus::Active
    );
    let paused = ops.pause_campaign(&a, c.id, Some("budget review")).unwrap();
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert_eq!(
        ops.resume_campaign(&a, c.id).unwrap().status,
        CampaignStatus::Active
    );
    assert_eq!(
        ops.pause_campaign(&a, c.id, None).unwrap().status,
        CampaignStatus::Paused
    );
    assert_eq!(
        ops.complete_campaign(&a, c.id).unwrap().status,
        CampaignStatus::Completed
    );
    assert_eq!(
        ops.archive_campaign(&a, c.id).unwrap().status,
        CampaignStatus::Archived
    );

    let actions: Vec<String> = ops
        .campaign_audit(c.id)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "campaign.create",
            "campaign.activate",
            "campaign.pause",
            "campaign.resume",
            "campaign.pause",
            "campaign.complete",
            "campaign.archive"
        ]
    );
    let pause = &ops.campaign_audit(c.id).unwrap()[2];
    assert_eq!(pause.details.as_deref(), Some("budget review"));

    let d = create(&ops, "Abandoned");
    assert_eq!(
        ops.archive_campaign(&a, d.id).unwrap().status,
        CampaignStatus::Archived
    );
    let e = create(&ops, "Straight");
    ops.activate_campaign(&a, e.id).unwrap();
    assert_eq!(
        ops.complete_campaign(&a, e.id).unwrap().status,
        CampaignStatus::Completed
    );
}

#[test]
fn status_machine_table() {
    use CampaignStatus::*;
    let legal = [
        (Draft, Active),
        (Draft, Archived),
        (Active, Paused),
        (Active, Completed),
        (Paused, Active),
        (Paused, Completed),
        (Completed, Archived),
    ];
    for from in CampaignStatus::ALL {
        for to in CampaignStatus::ALL {
            let expected = legal.contains(&(from, to));
            assert_eq!(from.can_move_to(to), expected, "{from} -> {to}");
            match from.move_to(to) {
                Ok(s) => assert!(expected && s == to),
                Err(Error::IllegalTransition {
                    entity,
                    from: f,
                    to: t,
                }) => {
                    assert!(!expected);
                    assert_eq!(
                        (entity, f.as_str(), t.as_str()),
                        ("campaign", from.key(), to.key())
                    );
                }
                Err(other) => panic!("unexpected {other}"),
            }
        }
    }
}

/// Drives a campaign into `status` through legal moves.
fn campaign_in(ops: &Ops, name: &str, status: CampaignStatus) -> CampaignId {
    let a = alice();
    let id = create(ops, name).id;
    let path: &[CampaignStatus] = match status {
        CampaignStatus::Draft => &[],
        CampaignStatus::Active => &[CampaignStatus::Active],
        CampaignStatus::Paused => &[CampaignStatus::Active, CampaignStatus::Paused],
        CampaignStatus::Completed => &[CampaignStatus::Active, CampaignStatus::Completed],
        CampaignStatus::Archived => &[CampaignStatus::Archived],
    };
    for step in path {
        match step {
            CampaignStatus::Active => ops
                .activate_campaign(&a, id)
                .map(|_| ())
                .or_else(|_| ops.resume_campaign(&a, id).map(|_| ())),
            CampaignStatus::Paused => ops.pause_campaign(&a, id, None).map(|_| ()),
            CampaignStatus::Completed => ops.complete_campaign(&a, id).map(|_| ()),
            CampaignStatus::Archived => ops.archive_campaign(&a, id).map(|_| ()),
            CampaignStatus::Draft => unreachable!(),
        }
        .unwrap();
    }
    assert_eq!(ops.get_campaign(id).unwrap().status, status);
    id
}

#[test]
fn every_illegal_service_move_is_refused_and_changes_nothing() {
    let ops = ops();
    let a = alice();
    type Call = fn(&Ops, CampaignId) -> campaign_ops::Result<campaign_ops::Campaign>;
    let calls: [(&str, CampaignStatus, Call); 5] = [
        ("activate", CampaignStatus::Active, |o, id| {
            o.activate_campaign(&alice(), id)
        }),
        ("pause", CampaignStatus::Paused, |o, id| {
            o.pause_campaign(&alice(), id, None)
        }),
        ("resume", CampaignStatus::Active, |o, id| {
            o.resume_campaign(&alice(), id)
        }),
        ("complete", CampaignStatus::Completed, |o, id| {
            o.complete_campaign(&alice(), id)
        }),
        ("archive", CampaignStatus::Archived, |o, id| {
            o.archive_campaign(&alice(), id)
        }),
    ];
    let _ = a;
    let mut refused = 0;
    for (i, from) in CampaignStatus::ALL.into_iter().enumerate() {
        for (j, (name, to, call)) in calls.iter().enumerate() {
            let id = campaign_in(&ops, &format!("c{i}-{j}"), from);
            let legal = if *name == "resume" {
                from == CampaignStatus::Paused
            } else if *name == "activate" {
                from == CampaignStatus::Draft
            } else {
                from.can_move_to(*to)
            };
            let before = snapshot(&ops);
            let result = call(&ops, id);
            if legal {
                assert_eq!(result.unwrap().status, *to, "{name} from {from}");
            } else {
                refused += 1;
                assert!(
                    matches!(result, Err(Error::IllegalTransition { .. })),
                    "{name} from {from}: {result:?}"
                );
                assert_eq!(
                    snapshot(&ops),
                    before,
                    "{name} from {from} changed the store"
                );
            }
        }
    }
    assert_eq!(refused, 5 * 5 - 7);
}

#[test]
fn completed_and_archived_campaigns_are_read_only() {
    let ops = ops();
    for status in [CampaignStatus::Completed, CampaignStatus::Archived] {
        let id = campaign_in(&ops, &format!("ro {status}"), status);
        let before = snapshot(&ops);
        let err = ops
            .update_campaign(
                &alice(),
                id,
                CampaignUpdate {
                    description: Some("late edit".into()),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err}");
        assert_eq!(snapshot(&ops), before);
    }
}

#[test]
fn unknown_campaign_moves_are_not_found() {
    let ops = ops();
    let err = ops
        .pause_campaign(&alice(), CampaignId(77), None)
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));
    let err = ops
        .update_campaign(&alice(), CampaignId(77), CampaignUpdate::default())
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }));
}

#[test]
fn every_create_rule_names_its_field_and_writes_nothing() {
    let ops = ops();
    create(&ops, "Taken Name");
    type Mutate = fn(&mut campaign_ops::service::NewCampaign);
    let cases: Vec<(&str, Mutate)> = vec![
        ("name", |n| n.name = "   ".into()),
        ("name", |n| n.name = "x".repeat(121)),
        ("name", |n| n.name = "two\nlines".into()),
        ("name", |n| n.name = "TAKEN name".into()),
        ("client_name", |n| n.client_name = String::new()),
        ("client_name", |n| n.client_name = "c".repeat(121)),
        ("description", |n| n.description = "d".repeat(5001)),
        ("platforms", |n| n.platforms.clear()),
        ("platforms", |n| {
            n.platforms = vec![Platform::X, Platform::X]
        }),
        ("end_date", |n| n.end_date = Some(date(2026, 11, 30))),
        ("time_zone", |n| n.time_zone = "Mars/Olympus".into()),
        ("time_zone", |n| n.time_zone = String::new()),
        ("cadence.instagram", |n| {
            n.cadence.insert(Platform::Instagram, 2);
        }),
        ("cadence.x", |n| {
            n.cadence.insert(Platform::X, 0);
        }),
        ("cadence.x", |n| {
            n.cadence.insert(Platform::X, 101);
        }),
        ("cadence.linkedin", |n| {
            // Fits the 100/week rule but not LinkedIn's posting windows.
            n.cadence.insert(Platform::LinkedIn, 90);
        }),
        ("primary_cta", |n| n.primary_cta = Some("c".repeat(201))),
        ("owner", |n| n.owner = Some(" ".into())),
        ("metadata", |n| {
            n.metadata.insert("bad key!".into(), "v".into());
        }),
        ("metadata", |n| {
            n.metadata.insert("k".repeat(65), "v".into());
        }),
        ("metadata", |n| {
            n.metadata.insert(String::new(), "v".into());
        }),
        ("metadata.note", |n| {
            n.metadata.insert("note".into(), "v".repeat(1001));
        }),
        ("metadata", |n| {
            for i in 0..51 {
                n.metadata.insert(format!("k{i}"), "v".into());
            }
        }),
    ];
    for (field, mutate) in cases {
        let mut n = new_campaign("Fresh");
        mutate(&mut n);
        let before = snapshot(&ops);
        match ops.create_campaign(&alice(), n) {
            Err(Error::Validation { field: f, rule }) => {
                assert_eq!(f, field, "rule: {rule}");
                assert!(!rule.is_empty());
            }
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
        assert_eq!(snapshot(&ops), before, "{field}: store changed");
    }
    // A refused create does not use up an id.
    assert_eq!(create(&ops, "Fresh").id, CampaignId(2));
}

#[test]
fn validation_messages_read_well() {
    let ops = ops();
    let mut n = new_campaign("Dates");
    n.end_date = Some(date(2026, 11, 1));
    let err = ops.create_campaign(&alice(), n).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid end_date: must not be before the start date (2026-12-01); got 2026-11-01"
    );
}

#[test]
fn every_update_rule_names_its_field_and_writes_nothing() {
    let ops = ops();
    create(&ops, "Other");
    let c = create(&ops, "Mine");
    let cases: Vec<(&str, CampaignUpdate)> = vec![
        (
            "name",
            CampaignUpdate {
                name: Some("".into()),
                ..Default::default()
            },
        ),
        (
            "name",
            CampaignUpdate {
                name: Some("other".into()),
                ..Default::default()
            },
        ),
        (
            "client_name",
            CampaignUpdate {
                client_name: Some(" ".into()),
                ..Default::default()
            },
        ),
        (
            "platforms",
            CampaignUpdate {
                platforms: Some(vec![]),
                ..Default::default()
            },
        ),
        (
            "end_date",
            CampaignUpdate {
                start_date: Some(date(2027, 3, 1)),
                ..Default::default()
            },
        ),
        (
            "time_zone",
            CampaignUpdate {
                time_zone: Some("Berlin".into()),
                ..Default::default()
            },
        ),
        (
            "cadence.email",
            CampaignUpdate {
                cadence: Some(BTreeMap::from([(Platform::Email, 1)])),
                ..Default::default()
            },
        ),
        (
            "cadence.x",
            CampaignUpdate {
                cadence: Some(BTreeMap::from([(Platform::X, 0)])),
                ..Default::default()
            },
        ),
        (
            "metadata",
            CampaignUpdate {
                metadata_set: BTreeMap::from([("sp ace".into(), "v".into())]),
                ..Default::default()
            },
        ),
    ];
    for (field, update) in cases {
        let before = snapshot(&ops);
        match ops.update_campaign(&alice(), c.id, update) {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
        assert_eq!(snapshot(&ops), before, "{field}: store changed");
    }
}

#[test]
fn actor_rules() {
    assert!(
        matches!(campaign_ops::Actor::new("  "), Err(Error::Validation { field, .. }) if field == "actor")
    );
    assert!(campaign_ops::Actor::new("a".repeat(101)).is_err());
    assert!(campaign_ops::Actor::new("bob\u{7}").is_err());
    assert_eq!(campaign_ops::Actor::new(" bob ").unwrap().as_str(), "bob");
}

#[test]
fn parse_status_and_objective() {
    assert_eq!(
        "Paused".parse::<CampaignStatus>().unwrap(),
        CampaignStatus::Paused
    );
    assert!(
        matches!("running".parse::<CampaignStatus>(), Err(Error::Validation { field, .. }) if field == "status")
    );
    assert_eq!(
        "lead-generation".parse::<Objective>().unwrap(),
        Objective::LeadGeneration
    );
    assert_eq!("twitter".parse::<Platform>().unwrap(), Platform::X);
}

#[test]
fn dates_outside_the_supported_years_are_refused_and_write_nothing() {
    let ops = ops();
    let c = create(&ops, "Far Dates");
    type Mutate = fn(&mut campaign_ops::service::NewCampaign);
    let cases: Vec<(&str, Mutate)> = vec![
        ("start_date", |n| n.start_date = chrono::NaiveDate::MAX),
        ("start_date", |n| n.start_date = chrono::NaiveDate::MIN),
        ("start_date", |n| n.start_date = date(1969, 12, 31)),
        ("end_date", |n| n.end_date = Some(date(10_000, 1, 1))),
    ];
    for (field, mutate) in cases {
        let mut n = new_campaign("Fresh");
        mutate(&mut n);
        let before = snapshot(&ops);
        match ops.create_campaign(&alice(), n) {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected a validation error, got {other:?}"),
        }
        assert_eq!(snapshot(&ops), before, "{field}: store changed");
    }
    let before = snapshot(&ops);
    let update = campaign_ops::service::CampaignUpdate {
        end_date: Some(Some(chrono::NaiveDate::MAX)),
        ..Default::default()
    };
    assert!(matches!(
        ops.update_campaign(&alice(), c.id, update),
        Err(Error::Validation { field, .. }) if field == "end_date"
    ));
    assert_eq!(snapshot(&ops), before);
}
