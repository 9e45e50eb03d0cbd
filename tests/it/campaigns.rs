//! Campaign calls: create, get, list, update, lifecycle moves and every validation rule.

use std::collections::BTreeMap;

use campaign_ops::service::{CampaignFilter, CampaignUpdate};
use campaign_ops::{
    AuditAction, CampaignId, CampaignStatus, EntityKind, Error, Objective, Platform, Transition,
};
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

    let trail = ops.campaign_audit(c.id, None, 1000).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, AuditAction::CampaignCreate);
    assert_eq!(trail[0].actor, "alice");
    // A create records every field of the new record, with nothing before.
    let e = &trail[0];
    assert!(e.before.is_none() && e.after.is_none(), "no whole records");
    assert!(e.changes.iter().all(|f| f.before.is_none()));
    let name = e.changes.iter().find(|f| f.field == "name").unwrap();
    assert_eq!(name.after.as_deref(), Some("\"Winter Launch\""));
    assert!(e.changes.iter().any(|f| f.field == "created_at"));
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
    assert_eq!(
        ops.get_campaign(CampaignId(9)),
        Err(Error::not_found(EntityKind::Campaign, 9))
    );
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
        .list_campaigns(&CampaignFilter::default(), 3, None)
        .unwrap();
    assert_eq!(all.total, 7);
    assert_eq!(all.items.len(), 3);
    assert_eq!(all.items[0].name, "Campaign 0");
    // Keyset paging: each page starts after the previous page's cursor.
    let page2 = ops
        .list_campaigns(&CampaignFilter::default(), 3, all.next)
        .unwrap();
    assert_eq!(page2.items[0].name, "Campaign 3");
    let page3 = ops
        .list_campaigns(&CampaignFilter::default(), 3, page2.next)
        .unwrap();
    assert_eq!(page3.items.len(), 1);
    assert_eq!(page3.items[0].name, "Campaign 6");
    assert_eq!(page3.next, None, "the last page has no cursor");
    assert_eq!(page3.total, 7, "the total counts every page");
    let beyond = ops
        .list_campaigns(&CampaignFilter::default(), 3, Some(page3.items[0].id))
        .unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 7);

    let active = with(CampaignFilter::default(), |f| {
        f.status = Some(CampaignStatus::Active)
    });
    let page = ops.list_campaigns(&active, 10, None).unwrap();
    assert_eq!(page.total, 4);
    assert!(
        page.items
            .iter()
            .all(|c| c.status == CampaignStatus::Active)
    );

    let globex = with(CampaignFilter::default(), |f| {
        f.client = Some("globex".into())
    });
    assert_eq!(ops.list_campaigns(&globex, 10, None).unwrap().total, 4);

    let text = with(CampaignFilter::default(), |f| {
        f.text = Some("BLACK friday".into())
    });
    let found = ops.list_campaigns(&text, 10, None).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].name, "Campaign 3");

    let combined = with(CampaignFilter::default(), |f| {
        f.status = Some(CampaignStatus::Draft);
        f.client = Some("Globex".into());
    });
    // Drafts are 4, 5, 6; of these 4 and 6 belong to Globex.
    assert_eq!(ops.list_campaigns(&combined, 10, None).unwrap().total, 2);
}

#[test]
fn list_refuses_bad_limits() {
    let ops = ops();
    for limit in [0, 501] {
        assert!(matches!(
            ops.list_campaigns(&CampaignFilter::default(), limit, None),
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

    let update = with(CampaignUpdate::default(), |u| {
        u.name = Some("Winter Launch 2027".into());
        u.objective = Some(Objective::Awareness);
        u.end_date = Some(None);
        u.primary_cta = Some(None);
        u.platforms = Some(vec![Platform::LinkedIn, Platform::Instagram]);
        u.cadence = Some(BTreeMap::from([(Platform::Instagram, 2)]));
        u.time_zone = Some("America/New_York".into());
        u.metadata_set = BTreeMap::from([("region".into(), "NA".into())]);
        u.metadata_remove = vec!["utm_source".into()];
    });
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
    assert_eq!(
        err,
        Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".into(),
            value: "WINTER LAUNCH 2027".into(),
        }
    );

    // The update's entry lists exactly the fields that changed, with old and new values.
    let trail = ops.campaign_audit(c.id, None, 1000).unwrap();
    let e = trail.last().unwrap();
    assert_eq!(e.action, AuditAction::CampaignUpdate);
    let fields: Vec<&str> = e.changes.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "cadence",
            "end_date",
            "metadata",
            "name",
            "objective",
            "platforms",
            "primary_cta",
            "time_zone",
            "updated_at"
        ]
    );
    let cta = e.changes.iter().find(|f| f.field == "primary_cta").unwrap();
    assert_eq!(cta.before.as_deref(), Some("\"Book a demo\""));
    assert_eq!(cta.after.as_deref(), Some("null"));
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
            with(CampaignUpdate::default(), |u| u.name = Some("Same".into())),
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
            with(CampaignUpdate::default(), |u| u.name = Some("CASE".into())),
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

    let actions = audit_actions(&ops, c.id);
    assert_eq!(
        actions,
        [
            AuditAction::CampaignCreate,
            AuditAction::CampaignActivate,
            AuditAction::CampaignPause,
            AuditAction::CampaignResume,
            AuditAction::CampaignPause,
            AuditAction::CampaignComplete,
            AuditAction::CampaignArchive
        ]
    );
    let pause = &ops.campaign_audit(c.id, None, 1000).unwrap()[2];
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
                Err(Error::IllegalTransition(transition)) => {
                    assert!(!expected);
                    assert_eq!(transition, Transition::Campaign { from, to });
                    assert_eq!(transition.entity(), EntityKind::Campaign);
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
        other => panic!("no path to {other} yet"),
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
            other => unreachable!("no step leads to {other}"),
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
                // The refusal names the campaign's real status (activating and resuming
                // refuse a legal-looking move from the wrong place too).
                assert_eq!(
                    result,
                    Err(Error::IllegalTransition(Transition::Campaign {
                        from,
                        to: *to
                    })),
                    "{name} from {from}"
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
                with(CampaignUpdate::default(), |u| {
                    u.description = Some("late edit".into())
                }),
            )
            .unwrap_err();
        assert_eq!(
            err,
            Error::ReadOnly {
                entity: EntityKind::Campaign,
                id: id.to_string(),
                status: status.key().into(),
            }
        );
        assert!(!err.is_retryable());
        assert_eq!(snapshot(&ops), before);
    }
}

#[test]
fn unknown_campaign_moves_are_not_found() {
    let ops = ops();
    let err = ops
        .pause_campaign(&alice(), CampaignId(77), None)
        .unwrap_err();
    assert_eq!(err, Error::not_found(EntityKind::Campaign, 77));
    let err = ops
        .update_campaign(&alice(), CampaignId(77), CampaignUpdate::default())
        .unwrap_err();
    assert_eq!(err, Error::not_found(EntityKind::Campaign, 77));
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
    // A taken name is not a broken rule but a clash with another campaign.
    let before = snapshot(&ops);
    assert_eq!(
        ops.create_campaign(&alice(), new_campaign("  TAKEN name ")),
        Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".into(),
            value: "TAKEN name".into(),
        })
    );
    assert_eq!(snapshot(&ops), before, "name: store changed");
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
            with(CampaignUpdate::default(), |u| u.name = Some("".into())),
        ),
        (
            "client_name",
            with(CampaignUpdate::default(), |u| {
                u.client_name = Some(" ".into())
            }),
        ),
        (
            "platforms",
            with(CampaignUpdate::default(), |u| u.platforms = Some(vec![])),
        ),
        (
            "end_date",
            with(CampaignUpdate::default(), |u| {
                u.start_date = Some(date(2027, 3, 1))
            }),
        ),
        (
            "time_zone",
            with(CampaignUpdate::default(), |u| {
                u.time_zone = Some("Berlin".into())
            }),
        ),
        (
            "cadence.email",
            with(CampaignUpdate::default(), |u| {
                u.cadence = Some(BTreeMap::from([(Platform::Email, 1)]))
            }),
        ),
        (
            "cadence.x",
            with(CampaignUpdate::default(), |u| {
                u.cadence = Some(BTreeMap::from([(Platform::X, 0)]))
            }),
        ),
        (
            "metadata",
            with(CampaignUpdate::default(), |u| {
                u.metadata_set = BTreeMap::from([("sp ace".into(), "v".into())])
            }),
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
    // Renaming onto another campaign's name (in any case) is a clash, not a broken rule.
    let before = snapshot(&ops);
    assert_eq!(
        ops.update_campaign(
            &alice(),
            c.id,
            with(CampaignUpdate::default(), |u| u.name = Some("other".into()))
        ),
        Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".into(),
            value: "other".into(),
        })
    );
    assert_eq!(snapshot(&ops), before, "name: store changed");
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
    let update = with(CampaignUpdate::default(), |u| {
        u.end_date = Some(Some(chrono::NaiveDate::MAX))
    });
    assert!(matches!(
        ops.update_campaign(&alice(), c.id, update),
        Err(Error::Validation { field, .. }) if field == "end_date"
    ));
    assert_eq!(snapshot(&ops), before);
}
