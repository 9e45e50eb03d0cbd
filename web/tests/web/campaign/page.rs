//! The page as the server renders it, the plan's server functions, and a no-JS form post.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::Platform;
use campaign_ops_core::platform::x_weighted_length;
use campaign_ops_web::api::AppError;
use campaign_ops_web::api::campaign::{
    BuildCalendar, CalendarBuilt, CampaignOverview, GeneratePlan, Overview, PlanView, SaveItem,
};
use leptos::server_fn::ServerFn;

use super::{call, field_error, form, planned, send, text};
use crate::get;

#[tokio::test]
async fn the_overview_has_the_plan_with_phases_on_a_timeline_and_kpi_targets() {
    let p = planned();
    let id = p.id.to_string();
    let o: Overview = call(&p.ops, CampaignOverview::PATH, &[("campaign_id", &id)])
        .await
        .unwrap();
    assert_eq!(o.name, "Winter launch");
    assert!(o.can_edit, "the built-in caller is an admin");
    let plan = o.plan.expect("planned");
    assert_eq!((plan.version, plan.duration_days), (1, 14));
    let widths: f64 = plan.phases.iter().map(|ph| ph.width_pct).sum();
    assert!(
        (widths - 100.0).abs() < 0.5,
        "phases cover the plan: {widths}"
    );
    assert_eq!(plan.phases[0].offset_pct, 0.0);
    assert!(plan.phases.iter().all(|ph| !ph.kpis.is_empty()));
    let missing =
        call::<Overview>(&p.ops, CampaignOverview::PATH, &[("campaign_id", "424242")]).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
}

#[tokio::test]
async fn a_new_plan_version_is_generated_and_its_calendar_built() {
    let p = planned();
    let id = p.id.to_string();
    let plan: PlanView = call(
        &p.ops,
        GeneratePlan::PATH,
        &[
            ("campaign_id", &id),
            ("focus_area", "spring teaser"),
            ("duration_days", "21"),
        ],
    )
    .await
    .unwrap();
    assert_eq!((plan.version, plan.duration_days), (2, 21));
    let plan_id = plan.id.to_string();
    let built: CalendarBuilt = call(
        &p.ops,
        BuildCalendar::PATH,
        &[
            ("plan_id", &plan_id),
            ("content_theme", ""),
            ("assignee", "dana"),
        ],
    )
    .await
    .unwrap();
    assert!(built.created > 0, "a third week to fill: {built:?}");
    assert_eq!(built.tasks, built.created);
}

#[tokio::test]
async fn planning_inputs_are_checked_on_their_fields() {
    let p = planned();
    let id = p.id.to_string();
    let r = call::<PlanView>(
        &p.ops,
        GeneratePlan::PATH,
        &[
            ("campaign_id", &id),
            ("focus_area", "x"),
            ("duration_days", "two weeks"),
        ],
    )
    .await;
    assert!(field_error(r, "duration_days").contains("whole number"));
    let r = call::<PlanView>(
        &p.ops,
        GeneratePlan::PATH,
        &[
            ("campaign_id", &id),
            ("focus_area", "x"),
            ("duration_days", "3"),
        ],
    )
    .await;
    assert!(field_error(r, "duration_days").contains("between"));
    let r = call::<PlanView>(
        &p.ops,
        GeneratePlan::PATH,
        &[
            ("campaign_id", &id),
            ("focus_area", " "),
            ("duration_days", "14"),
        ],
    )
    .await;
    field_error(r, "focus_area");
    let plan = p
        .ops
        .list_plans(campaign_ops_core::CampaignId(p.id))
        .unwrap()[0]
        .id
        .0
        .to_string();
    let r = call::<CalendarBuilt>(
        &p.ops,
        BuildCalendar::PATH,
        &[("plan_id", &plan), ("content_theme", "two\nlines")],
    )
    .await;
    field_error(r, "content_theme");
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server_with_plan_calendar_tasks_reports_and_trail() {
    let p = planned();
    let res = send(&p.ops, get(&format!("/campaigns/{}?date=2027-01-04", p.id))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    for needle in [
        r#"id="campaign-name""#,
        "Winter launch",
        r#"data-hydrated="false""#,
        r#"id="plan-version""#,
        r#"class="timeline""#,
        r#"id="generate-plan""#,
        r#"id="build-calendar""#,
        r#"data-view="month""#,
        "January 2027",
        r#"class="chip p-x""#,
        r#"id="task-list""#,
        r#"id="audit-trail""#,
        "tasks.generate",
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="completion-chart""#,
        r#"href="/campaigns/1/export/calendar.ics""#,
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    let items = p.items();
    let x = items.iter().find(|i| i.platform == Platform::X).unwrap();
    assert!(html.contains(&format!(r#"data-item="{}""#, x.id.0)));
    assert!(html.contains(r#"draggable="true""#));

    let week = text(
        send(
            &p.ops,
            get(&format!("/campaigns/{}?view=week&date=2027-01-04", p.id)),
        )
        .await,
    )
    .await;
    assert!(week.contains(r#"data-view="week""#));
    assert!(week.contains("Week 2027-W01"));
}

#[tokio::test]
async fn the_editor_shows_the_x_count_and_the_checks_of_the_stored_copy() {
    let p = planned();
    let x = p.item_of(Platform::X);
    let html = text(send(&p.ops, get(&format!("/campaigns/{}?item={}", p.id, x.id.0))).await).await;
    assert!(html.contains(r#"id="editor""#), "{html}");
    assert!(html.contains(r#"id="save-item""#));
    assert!(html.contains(r#"type="datetime-local""#));
    let count = x_weighted_length(x.copy.trim());
    assert!(
        html.contains(&format!(r#"data-count="{count}""#)),
        "count {count}"
    );
    assert!(html.contains(&format!("X weighted length: {count} / 280")));
    assert!(html.contains(r#"id="content-ok""#) || html.contains(r#"id="content-issues""#));
}

#[tokio::test]
async fn a_save_without_js_comes_back_with_the_error_next_to_copy() {
    let p = planned();
    let x = p.item_of(Platform::X);
    let page = format!("/campaigns/{}?item={}", p.id, x.id.0);
    let id = x.id.0.to_string();
    let long = "日".repeat(145);
    let req = Request::post(SaveItem::PATH)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, format!("http://127.0.0.1:3000{page}"))
        .body(Body::from(form(&[
            ("item_id", &id),
            ("title", "T"),
            ("copy", &long),
            ("cta", ""),
            ("asset_ref", ""),
        ])))
        .unwrap();
    let res = send(&p.ops, req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(back.contains("__err="), "{back}");
    let html = text(
        send(
            &p.ops,
            get(back.trim_start_matches("http://127.0.0.1:3000")),
        )
        .await,
    )
    .await;
    assert!(html.contains(r#"id="copy-error""#), "{html}");
    assert!(html.contains("x.length"));
}

#[tokio::test]
async fn an_unknown_campaign_is_a_404_page() {
    let p = planned();
    let res = send(&p.ops, get("/campaigns/424242")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains(r#"id="campaign-error""#));
}
