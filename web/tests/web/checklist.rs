//! Ticking checklist steps on Today: stored on the task (so a reload shows them), with JS
//! (the server function's JSON) and without (a form post that comes back to the page),
//! audited; a step that does not exist is refused on its field and changes nothing.

use axum::http::StatusCode;
use campaign_ops_core::service::NewTask;
use campaign_ops_core::{Actor, AuditAction, FixedClock, Platform, TaskId, TaskType};
use campaign_ops_store::RedbStore;
use campaign_ops_web::api::{AppError, ScopedError, StepTicked, TickStep, TodayTasks, TodayView};
use campaign_ops_web::server::Service;
use chrono::{TimeZone, Utc};
use leptos::server_fn::ServerFn;

use super::{DEFAULT_USER, call_err, call_ok, form_post, get, location, seed, send, text};

/// An active campaign with one task of two steps for the signed-in default user.
fn service() -> (Service, u64) {
    let now = Utc.with_ymd_and_hms(2027, 1, 6, 10, 0, 0).unwrap();
    let ops =
        campaign_ops_actions::ops(RedbStore::in_memory().expect("redb"), FixedClock::new(now));
    let actor = Actor::new("test").expect("actor");
    let id = seed(&ops, "Ticks");
    ops.activate_campaign(&actor, id).expect("active");
    let mut new = NewTask::new(id, TaskType::Manual, "Two steps", now);
    new.assignee = Some(DEFAULT_USER.to_owned());
    new.instructions = vec!["Open the brief.".to_owned(), "Do the work.".to_owned()];
    new.platform = Some(Platform::LinkedIn);
    let task = ops.create_task(&actor, new).expect("created").id.0;
    (ops, task)
}

fn pressed(html: &str, task: u64, step: usize) -> bool {
    let button = format!(r#"id="task-{task}-step-{step}""#);
    let at = html
        .find(&button)
        .unwrap_or_else(|| panic!("no {button} in {html}"));
    let rest = &html[at..];
    let end = rest.find('>').expect("the tag ends");
    rest[..end].contains(r#"aria-pressed="true""#)
}

#[tokio::test]
async fn ticks_persist_and_survive_a_reload_with_and_without_js() {
    let (ops, t) = service();
    // With JS: the server function's answer.
    let ticked: StepTicked = call_ok(
        &ops,
        TickStep::PATH,
        &format!("task_id={t}&step=1&ticked=true"),
    )
    .await;
    assert_eq!(
        ticked,
        StepTicked {
            id: t,
            checked: vec![1]
        }
    );
    // A reload shows it.
    let html = text(send(&ops, get("/today")).await).await;
    assert!(pressed(&html, t, 1) && !pressed(&html, t, 0), "{html}");
    assert!(html.contains("Checklist (1 of 2 done)"), "{html}");
    // Without JS: a form post, back to the page, which shows it.
    let res = send(
        &ops,
        form_post(
            TickStep::PATH,
            "/today",
            &format!("task_id={t}&step=0&ticked=true"),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/today");
    let html = text(send(&ops, get("/today")).await).await;
    assert!(pressed(&html, t, 0) && pressed(&html, t, 1), "{html}");
    // Each button posts the opposite of what it shows.
    assert!(html.contains(r#"name="ticked" value="false""#));
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    let open = view.open.expect("the task is open, the first of today");
    assert_eq!((open.id, open.checked), (t, vec![0, 1]));
    // Unticked again.
    let res = send(
        &ops,
        form_post(
            TickStep::PATH,
            "/today",
            &format!("task_id={t}&step=1&ticked=false"),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(ops.get_task(TaskId(t)).expect("task").checked, [0]);
    let log = ops.audit_log(None, 100).expect("log");
    let ticks = log
        .iter()
        .filter(|e| e.action == AuditAction::TaskChecklist)
        .count();
    assert_eq!(ticks, 3, "every change audited");
}

#[tokio::test]
async fn a_step_that_does_not_exist_is_refused_on_its_field() {
    let (ops, t) = service();
    // The first call adds the signed-in user (audited): before the head is taken.
    let _: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    let before = ops.audit_head().expect("head");
    let e: ScopedError = call_err(
        &ops,
        TickStep::PATH,
        &format!("task_id={t}&step=2&ticked=true"),
    )
    .await;
    assert_eq!(e.id, Some(t));
    assert!(
        matches!(&e.error, AppError::Validation { field, .. } if field == "step"),
        "{e:?}"
    );
    assert_eq!(ops.audit_head().expect("head"), before);
    assert!(ops.get_task(TaskId(t)).expect("task").checked.is_empty());
    let e: ScopedError = call_err(&ops, TickStep::PATH, "task_id=999&step=0&ticked=true").await;
    assert!(matches!(e.error, AppError::NotFound(_)), "{e:?}");
}
