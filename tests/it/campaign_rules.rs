//! Campaign rules: the status machine, illegal and read-only moves, unknown campaigns,
//! and every validation rule of create and update, each refused without a write.

use std::collections::BTreeMap;

use campaign_ops::service::CampaignUpdate;
use campaign_ops::{
    CampaignId, CampaignStatus, EntityKind, Error, Objective, Platform, Transition,
};

use crate::support::*;

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
