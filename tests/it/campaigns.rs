//! Campaign calls: create, get, list, update and the lifecycle moves (their rules:
//! `campaign_rules`).

use std::collections::BTreeMap;

use campaign_ops::service::{CampaignFilter, CampaignUpdate};
use campaign_ops::{
    AuditAction, CampaignId, CampaignStatus, EntityKind, Error, Objective, Platform,
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
