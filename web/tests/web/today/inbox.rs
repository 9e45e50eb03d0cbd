//! The inbox: the caller's rows in their zone (overdue, today, the next days), the one
//! open task in full (asked for, else the default), bounded sections, the page without JS.

use axum::http::StatusCode;
use campaign_ops_core::service::CampaignPlanning;
use campaign_ops_core::{Platform, Store};
use campaign_ops_web::api::{
    COUNT_BEYOND, CompleteTask, OVERDUE_ROWS, SkipTask, TaskMoved, TodayTasks, TodayView,
};
use leptos::server_fn::ServerFn;

use super::super::{call_ok, get, send, text};
use super::{ME, actor, at, inbox_with, seed_tasks, service, task};

fn titles(rows: &[campaign_ops_web::api::TodayRow]) -> Vec<String> {
    rows.iter().map(|r| r.title.clone()).collect()
}

#[tokio::test]
async fn today_tasks_lists_the_callers_rows_and_opens_the_oldest_overdue() {
    let (ops, _, c) = service();
    let [overdue, today, soon, _, _] = seed_tasks(&ops, c);
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    assert_eq!(titles(&view.overdue.rows), ["Call the printer"]);
    assert_eq!(titles(&view.due_today.rows), ["Review replies"]);
    assert_eq!(
        titles(&view.upcoming.rows),
        ["Prepare report"],
        "two weeks away is not shown"
    );
    assert_eq!(
        (view.time_zone.as_str(), view.today.as_str()),
        ("UTC", "Wednesday 6 January 2027")
    );
    let row = &view.overdue.rows[0];
    assert_eq!(row.id, overdue);
    assert_eq!(
        (row.campaign_name.as_str(), row.platform.as_deref()),
        ("Winter launch", Some("LinkedIn"))
    );
    assert_eq!(
        (row.due_day.as_str(), row.due_time.as_str()),
        ("Wed 6 Jan", "08:00")
    );
    assert_eq!(
        (row.kind.as_str(), row.status.as_str()),
        ("manual", "pending")
    );
    assert_eq!(view.due_today.rows[0].id, today);
    assert_eq!(view.upcoming.rows[0].id, soon);
    assert_eq!(view.upcoming.rows[0].due_day, "Fri 8 Jan");
    assert_eq!(view.overdue.count_label(), "1");
    // The oldest overdue task is open, in full.
    let card = view.open.as_ref().expect("an open task");
    assert_eq!((card.id, card.overdue), (overdue, true));
    assert_eq!(card.campaign_name, "Winter launch");
    assert_eq!(card.due_local, "Wed 6 Jan, 08:00");
    assert_eq!(card.checklist, ["Open the brief.", "Do the work."]);
    assert_eq!(card.actions, ["start", "complete", "block", "skip"]);
    assert_eq!(view.notice, None);
    // Any of the caller's open tasks opens when asked for, listed or not.
    let view = inbox_with(&ops, soon).await;
    assert_eq!(view.open.map(|c| (c.id, c.overdue)), Some((soon, false)));
}

#[tokio::test]
async fn without_an_overdue_task_the_first_of_today_opens_and_without_either_none() {
    let (ops, _, c) = service();
    let today = task(&ops, c, "Review replies", at(6, 15), ME);
    task(&ops, c, "Later", at(6, 18), ME);
    task(&ops, c, "Tomorrow", at(7, 9), ME);
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    assert_eq!(view.open.map(|c| c.id), Some(today));
    let (ops, _, c) = service();
    task(&ops, c, "Tomorrow", at(7, 9), ME);
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    assert_eq!((view.open, view.upcoming.rows.len()), (None, 1));
    let html = text(send(&ops, get("/today")).await).await;
    assert!(html.contains(r#"id="no-open-task""#), "{html}");
}

#[tokio::test]
async fn a_closed_or_somebody_elses_task_asked_for_falls_back_with_a_notice() {
    let (ops, _, c) = service();
    let [overdue, today, _, _, olgas] = seed_tasks(&ops, c);
    call_ok::<TaskMoved>(&ops, SkipTask::PATH, &format!("task_id={today}")).await;
    let view = inbox_with(&ops, today).await;
    assert_eq!(view.open.map(|c| c.id), Some(overdue), "the default opens");
    assert_eq!(
        view.notice.as_deref(),
        Some("“Review replies” is skipped: it has left your open tasks.")
    );
    for other in [olgas, 999] {
        let view = inbox_with(&ops, other).await;
        assert_eq!(view.open.map(|c| c.id), Some(overdue));
        assert_eq!(
            view.notice,
            Some(format!("Task {other} is not one of your open tasks.")),
            "nothing about somebody else's task is shown"
        );
    }
}

#[tokio::test]
async fn a_long_backlog_shows_the_oldest_rows_counts_the_rest_and_links_their_campaign() {
    let (ops, _, c) = service();
    let backlog = OVERDUE_ROWS + COUNT_BEYOND + 5;
    for i in 0..backlog {
        let due = at(4, 0) + chrono::Duration::minutes(i as i64);
        task(&ops, c, &format!("Old {i}"), due, ME);
    }
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    let o = &view.overdue;
    assert_eq!(o.rows.len(), OVERDUE_ROWS);
    assert_eq!(o.rows[0].title, "Old 0", "the oldest first");
    assert_eq!((o.more, o.more_capped), (COUNT_BEYOND, true));
    assert_eq!(o.count_label(), format!("{}+", OVERDUE_ROWS + COUNT_BEYOND));
    assert_eq!(
        o.more_campaigns.iter().map(|l| l.id).collect::<Vec<_>>(),
        [c.0]
    );
    let html = text(send(&ops, get("/today")).await).await;
    assert!(
        html.contains(&format!(r#"href="/campaigns/{}#tasks""#, c.0)),
        "{html}"
    );
    assert_eq!(
        html.matches(r#"href="/today?task="#).count(),
        OVERDUE_ROWS,
        "{html}"
    );
}

#[tokio::test]
async fn the_today_page_is_whole_without_js() {
    let (ops, _, c) = service();
    let [overdue, today, soon, _, _] = seed_tasks(&ops, c);
    let res = send(&ops, get("/today")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains(r#"data-hydrated="false""#), "{html}");
    let (o, t, s) = (
        html.find(&format!(r#"id="row-{overdue}""#))
            .expect("overdue row"),
        html.find(&format!(r#"id="row-{today}""#))
            .expect("today row"),
        html.find(&format!(r#"id="row-{soon}""#))
            .expect("next days row"),
    );
    assert!(o < t && t < s, "overdue, then today, then the next days");
    assert!(
        html.find(&format!(r#"id="task-{overdue}""#))
            .expect("the open card")
            < o,
        "the open task comes first"
    );
    assert!(!html.contains("Far away") && !html.contains("Olga"));
    assert!(html.contains("Overdue (1)") && html.contains("Today (1)"));
    assert!(html.contains(r#"datetime="2027-01-06T08:00:00Z""#));
    assert!(
        html.contains(&format!(r#"href="/today?task={today}""#)),
        "rows are links"
    );
    for form in ["start", "complete", "block", "skip"] {
        assert!(
            html.contains(&format!(r#"id="{form}-{overdue}""#)),
            "{form}: {html}"
        );
        assert!(
            !html.contains(&format!(r#"id="{form}-{today}""#)),
            "only the open task has forms"
        );
    }
    assert!(
        !html.contains(&format!(r#"id="fail-{overdue}""#)),
        "fail needs a started task"
    );
    assert!(html.contains(&format!(r#"action="{}""#, CompleteTask::PATH)));
    assert!(html.contains(r#"name="metrics[impressions]""#));
    // Following a row opens its task: its card, checklist and forms, its row current.
    let html = text(send(&ops, get(&format!("/today?task={today}"))).await).await;
    assert!(
        html.contains(&format!(r#"id="task-{today}-step-1""#)),
        "the checklist"
    );
    assert!(html.contains(&format!(r#"id="start-{today}""#)));
    assert!(!html.contains(&format!(r#"id="start-{overdue}""#)));
    let row = &html[html.find(&format!(r#"id="row-{today}""#)).expect("its row")..];
    assert!(
        row[..row.find('>').expect("tag")].contains(r#"aria-current="true""#),
        "{row}"
    );
}

#[tokio::test]
async fn a_post_shows_its_copy_with_the_content_checks() {
    let (ops, _, c) = service();
    let mut planning = CampaignPlanning::new("Winter boots", 14);
    planning.assignee = Some(ME.to_owned());
    let planned = ops.plan_campaign(&actor(), c, &planning).expect("planned");
    assert!(!planned.tasks.created.is_empty());
    // Rewrite one X item's copy so it breaks a rule (a fixture: the content editor is
    // another page), and find its task on Today.
    let post = planned
        .tasks
        .created
        .iter()
        .map(|id| ops.get_task(*id).expect("task"))
        .find(|t| t.platform == Some(Platform::X) && t.due_at < at(13, 0))
        .expect("an X post in the next days");
    let item = post.calendar_item_id.expect("an item");
    ops.store()
        .write(|tx| {
            let mut it = tx.calendar_item(item)?.expect("the item");
            it.copy = "Boots! #one #two #three".to_owned();
            tx.put_calendar_item(&it)
        })
        .expect("copy rewritten");
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    let row = view
        .rows()
        .find(|r| r.id == post.id.0)
        .expect("the post is listed");
    assert!(row.warnings >= 1, "its row counts the warnings: {row:?}");
    let view = inbox_with(&ops, post.id.0).await;
    let card = view.open.expect("the post is open");
    assert_eq!(
        card.copy.as_deref(),
        Some("Boots! #one #two #three"),
        "the item's copy as it is now"
    );
    assert!(
        card.issues
            .iter()
            .any(|i| i.rule == "x.hashtags" && i.severity == "warning"),
        "{:?}",
        card.issues
    );
    let html = text(send(&ops, get(&format!("/today?task={}", post.id.0))).await).await;
    assert!(html.contains(r#"data-rule="x.hashtags""#), "{html}");
}
