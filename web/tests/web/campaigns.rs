//! The campaigns server functions (happy path and a validation error on its field, each)
//! and the list page's filters, paging and lifecycle buttons.

use axum::http::StatusCode;
use campaign_ops_core::{Actor, CampaignStatus};
use campaign_ops_web::api::{
    AppError, CampaignForm, CampaignList, CampaignRow, ChangeCampaignStatus, CreateCampaign,
    GetCampaignForm, ListCampaigns, ScopedError, UpdateCampaign,
};
use leptos::server_fn::ServerFn;

use super::{call_err, call_ok, form_post, get, location, seed, send, service, text};

fn actor() -> Actor {
    Actor::new("test").expect("actor")
}

fn field(e: &AppError) -> &str {
    match e {
        AppError::Validation { field, .. } | AppError::Taken { field, .. } => field,
        other => panic!("not a field error: {other:?}"),
    }
}

#[tokio::test]
async fn list_campaigns_filters_by_status_client_and_text_and_pages() {
    let ops = service();
    let a = seed(&ops, "Winter launch");
    seed(&ops, "Spring teaser");
    seed(&ops, "Winter sale");
    ops.activate_campaign(&actor(), a).expect("activated");

    let all: CampaignList = call_ok(&ops, ListCampaigns::PATH, "limit=2").await;
    assert_eq!((all.items.len(), all.total, all.next), (2, 3, Some(2)));
    let rest: CampaignList = call_ok(&ops, ListCampaigns::PATH, "limit=2&after=2").await;
    assert_eq!(rest.items[0].name, "Winter sale");
    assert_eq!(rest.next, None);

    let active: CampaignList = call_ok(
        &ops,
        ListCampaigns::PATH,
        "limit=50&status=active&client=acme",
    )
    .await;
    assert_eq!(active.total, 1);
    assert_eq!(active.items[0].moves, ["pause", "complete"]);
    let text: CampaignList =
        call_ok(&ops, ListCampaigns::PATH, "limit=50&text=WINTER&status=").await;
    assert_eq!(text.total, 2);
    let none: CampaignList = call_ok(&ops, ListCampaigns::PATH, "limit=50&client=Other").await;
    assert_eq!(none.total, 0);

    let e: AppError = call_err(&ops, ListCampaigns::PATH, "limit=50&status=running").await;
    assert_eq!(field(&e), "status");
    let long = "x".repeat(300);
    let e: AppError = call_err(&ops, ListCampaigns::PATH, &format!("limit=50&text={long}")).await;
    assert_eq!(field(&e), "text");
}

#[tokio::test]
async fn create_campaign_checks_each_field() {
    let ops = service();
    let row: CampaignRow = call_ok(
        &ops,
        CreateCampaign::PATH,
        "name=Launch&client_name=Acme&objective=awareness&platforms%5B%5D=x&start_date=2027-01-04\
         &time_zone=UTC&end_date=2027-02-01&description=Hello&primary_cta=Book+a+demo",
    )
    .await;
    assert_eq!(
        (row.name.as_str(), row.status.as_str()),
        ("Launch", "draft")
    );
    assert_eq!(row.end_date.as_deref(), Some("2027-02-01"));
    assert_eq!(row.moves, ["activate", "archive"]);
    let stored = ops
        .get_campaign(campaign_ops_core::CampaignId(row.id))
        .expect("stored");
    assert_eq!(stored.primary_cta.as_deref(), Some("Book a demo"));

    for (body, expected) in [
        (
            "name=B&client_name=Acme&objective=awareness&platforms%5B%5D=x&start_date=2027-01-04&time_zone=UTC&end_date=2027-01-01",
            "end_date",
        ),
        (
            "name=B&client_name=Acme&objective=awareness&platforms%5B%5D=x&start_date=4.1.2027&time_zone=UTC",
            "start_date",
        ),
        (
            "name=B&client_name=Acme&objective=awareness&start_date=2027-01-04&time_zone=UTC",
            "platforms",
        ),
        (
            "name=B&client_name=Acme&objective=awareness&platforms%5B%5D=x&start_date=2027-01-04&time_zone=Mars%2FBase",
            "time_zone",
        ),
        (
            "name=B&client_name=&objective=awareness&platforms%5B%5D=x&start_date=2027-01-04&time_zone=UTC",
            "client_name",
        ),
        (
            "name=Launch&client_name=Acme&objective=awareness&platforms%5B%5D=x&start_date=2027-01-04&time_zone=UTC",
            "name",
        ),
    ] {
        let e: AppError = call_err(&ops, CreateCampaign::PATH, body).await;
        assert_eq!(field(&e), expected, "{body}: {e:?}");
    }
}

#[tokio::test]
async fn get_campaign_form_loads_the_fields_and_a_missing_campaign_is_not_found() {
    let ops = service();
    let id = seed(&ops, "Winter launch").0;
    let form: CampaignForm =
        call_ok(&ops, GetCampaignForm::PATH, &format!("campaign_id={id}")).await;
    assert_eq!(form.name, "Winter launch");
    assert_eq!(form.platforms, ["linkedin", "x"]);
    assert_eq!(
        (form.time_zone.as_str(), form.end_date.as_str()),
        ("Europe/Berlin", "")
    );
    assert!(form.editable);
    let e: AppError = call_err(&ops, GetCampaignForm::PATH, "campaign_id=99").await;
    assert!(matches!(e, AppError::NotFound(_)), "{e:?}");
    let e: AppError = call_err(&ops, GetCampaignForm::PATH, "campaign_id=abc").await;
    assert!(
        matches!(&e, AppError::Validation { field, .. } if field == "campaign_id"),
        "not a number, named: {e:?}"
    );
}

const EDIT: &str = "name=Winter+relaunch&client_name=Acme+Corp&objective=engagement\
                    &platforms%5B%5D=linkedin&platforms%5B%5D=email&start_date=2027-01-11\
                    &end_date=2027-03-01&time_zone=America%2FNew_York&description=New\
                    &primary_cta=";

#[tokio::test]
async fn update_campaign_sets_every_field_and_names_the_bad_one() {
    let ops = service();
    let id = seed(&ops, "Winter launch");
    let saved: CampaignForm = call_ok(
        &ops,
        UpdateCampaign::PATH,
        &format!("campaign_id={}&{EDIT}", id.0),
    )
    .await;
    assert_eq!(saved.name, "Winter relaunch");
    assert_eq!(saved.platforms, ["linkedin", "email"]);
    let c = ops.get_campaign(id).expect("stored");
    assert_eq!(c.client_name, "Acme Corp");
    assert_eq!(c.time_zone.name(), "America/New_York");
    assert_eq!(
        c.end_date.map(|d| d.to_string()).as_deref(),
        Some("2027-03-01")
    );
    assert_eq!(c.description, "New");

    let bad = EDIT.replace("end_date=2027-03-01", "end_date=2026-12-31");
    let e: AppError = call_err(
        &ops,
        UpdateCampaign::PATH,
        &format!("campaign_id={}&{bad}", id.0),
    )
    .await;
    assert_eq!(field(&e), "end_date");
    assert_eq!(
        ops.get_campaign(id).expect("kept"),
        c,
        "a refused edit changes nothing"
    );

    ops.activate_campaign(&actor(), id).expect("active");
    ops.complete_campaign(&actor(), id).expect("completed");
    let e: AppError = call_err(
        &ops,
        UpdateCampaign::PATH,
        &format!("campaign_id={}&{EDIT}", id.0),
    )
    .await;
    assert!(matches!(e, AppError::Refused(_)), "read-only: {e:?}");
}

#[tokio::test]
async fn the_edit_form_works_without_js() {
    let ops = service();
    let id = seed(&ops, "Winter launch").0;
    let page = format!("/campaigns/{id}/edit");
    let html = text(send(&ops, get(&page)).await).await;
    assert!(html.contains(r#"id="edit-campaign""#), "{html}");
    assert!(html.contains(r#"value="Winter launch""#));
    assert!(html.contains(r#"value="Europe/Berlin""#));
    assert!(html.contains(r#"data-hydrated="false""#));

    let bad = EDIT.replace("name=Winter+relaunch", "name=");
    let res = send(
        &ops,
        form_post(
            UpdateCampaign::PATH,
            &page,
            &format!("campaign_id={id}&{bad}"),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let html = text(send(&ops, get(&location(&res))).await).await;
    assert!(html.contains(r#"id="name-error""#), "{html}");
    assert!(!html.contains(r#"id="form-error""#));

    let res = send(
        &ops,
        form_post(
            UpdateCampaign::PATH,
            &page,
            &format!("campaign_id={id}&{EDIT}"),
        ),
    )
    .await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let html = text(send(&ops, get(&location(&res))).await).await;
    assert!(html.contains("Saved."), "{html}");
    assert!(html.contains(r#"value="Winter relaunch""#));

    let html = text(send(&ops, get("/campaigns/99/edit")).await).await;
    assert!(html.contains(r#"id="load-error""#), "{html}");
}

#[tokio::test]
async fn change_campaign_status_follows_the_status_machine() {
    let ops = service();
    let id = seed(&ops, "Winter launch").0;
    let path = ChangeCampaignStatus::PATH;
    let row: CampaignRow = call_ok(&ops, path, &format!("campaign_id={id}&to=activate")).await;
    assert_eq!(
        (row.status.as_str(), row.moves.clone()),
        ("active", vec!["pause".to_owned(), "complete".to_owned()])
    );
    let row: CampaignRow = call_ok(
        &ops,
        path,
        &format!("campaign_id={id}&to=pause&reason=Client+holiday"),
    )
    .await;
    assert_eq!(row.status, "paused");
    let row: CampaignRow = call_ok(&ops, path, &format!("campaign_id={id}&to=resume")).await;
    assert_eq!(row.status, "active");
    let row: CampaignRow = call_ok(&ops, path, &format!("campaign_id={id}&to=complete")).await;
    assert_eq!(row.status, "completed");
    let row: CampaignRow = call_ok(&ops, path, &format!("campaign_id={id}&to=archive")).await;
    assert_eq!((row.status.as_str(), row.moves.len()), ("archived", 0));

    // Refused server-side, whatever buttons a page showed.
    let e: ScopedError = call_err(&ops, path, &format!("campaign_id={id}&to=resume")).await;
    assert_eq!(e.id, Some(id));
    assert!(matches!(e.error, AppError::Refused(_)), "{e:?}");
    assert_eq!(
        ops.get_campaign(campaign_ops_core::CampaignId(id))
            .expect("kept")
            .status,
        CampaignStatus::Archived
    );

    let other = seed(&ops, "Spring teaser").0;
    let e: ScopedError = call_err(&ops, path, &format!("campaign_id={other}&to=launch")).await;
    assert_eq!((e.id, field(&e.error)), (Some(other), "to"));
    let long = "r".repeat(600);
    call_ok::<CampaignRow>(&ops, path, &format!("campaign_id={other}&to=activate")).await;
    let e: ScopedError = call_err(
        &ops,
        path,
        &format!("campaign_id={other}&to=pause&reason={long}"),
    )
    .await;
    assert_eq!(field(&e.error), "reason");
}

#[tokio::test]
async fn the_list_page_keeps_filters_in_links_and_shows_only_allowed_moves() {
    let ops = service();
    let draft = seed(&ops, "Winter launch").0;
    let active = seed(&ops, "Winter sale");
    ops.activate_campaign(&actor(), active).expect("active");
    for i in 0..60 {
        seed(&ops, &format!("Winter batch {i:02}"));
    }
    let html = text(send(&ops, get("/campaigns?text=winter")).await).await;
    assert!(html.contains("50 of 62 campaigns"), "{html}");
    assert!(
        html.contains(r#"href="/campaigns?text=winter&amp;after=50""#)
            || html.contains(r#"href="/campaigns?text=winter&after=50""#),
        "{html}"
    );
    assert!(html.contains(&format!(r#"id="activate-{draft}""#)));
    assert!(html.contains(&format!(r#"id="archive-{draft}""#)));
    assert!(!html.contains(&format!(r#"id="pause-{draft}""#)));
    assert!(html.contains(&format!(r#"id="pause-{}""#, active.0)));
    assert!(!html.contains(&format!(r#"id="activate-{}""#, active.0)));
    assert!(!html.contains(&format!(r#"id="archive-{}""#, active.0)));

    let html = text(send(&ops, get("/campaigns?status=active")).await).await;
    assert!(html.contains("1 of 1 campaigns"), "{html}");
    assert!(
        html.contains(r#"<option value="active" selected"#),
        "{html}"
    );

    let html = text(send(&ops, get("/campaigns?status=bogus")).await).await;
    assert!(html.contains(r#"id="filter-status-error""#), "{html}");

    // Without JS a refused move comes back to the list, shown at its campaign's row.
    let res = send(
        &ops,
        form_post(
            ChangeCampaignStatus::PATH,
            "/campaigns?text=winter",
            &format!("campaign_id={draft}&to=complete"),
        ),
    )
    .await;
    let back = location(&res);
    assert!(back.starts_with("/campaigns?text=winter&"), "{back}");
    let html = text(send(&ops, get(&back)).await).await;
    assert!(
        html.contains(&format!(r#"id="status-{draft}-error""#)),
        "{html}"
    );
    assert!(!html.contains(&format!(r#"id="status-{}-error""#, active.0)));
}
