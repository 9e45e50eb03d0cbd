//! The Today page and its server functions: the caller's inbox in their zone ([`inbox`]:
//! rows, the one open task in full, bounded sections), and the task moves (happy path and
//! a validation error on its field, each), with and without JS.

mod cache;
mod inbox;

use axum::http::StatusCode;
use campaign_ops_core::service::NewTask;
use campaign_ops_core::{
    Actor, CampaignId, FixedClock, Platform, Store, TaskId, TaskStatus, TaskType,
};
use campaign_ops_store::RedbStore;
use campaign_ops_web::api::{
    AppError, BlockTask, CompleteTask, FailTask, ScopedError, SkipTask, StartTask, TaskMoved,
    TodayTasks, TodayView,
};
use campaign_ops_web::server::Service;
use chrono::{DateTime, TimeZone, Utc};
use leptos::server_fn::ServerFn;

use super::{call_err, call_ok, form_post, get, location, seed, send, text};

/// Who the dashboard acts as until sign-in lands (context::caller).
pub(super) const ME: &str = "dashboard";

pub(super) fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, d, h, 0, 0)
        .single()
        .expect("a time")
}

pub(super) fn actor() -> Actor {
    Actor::new("test").expect("actor")
}

/// A service at Wednesday 2027-01-06 10:00 UTC with an active campaign.
pub(super) fn service() -> (Service, FixedClock, CampaignId) {
    let clock = FixedClock::new(at(6, 10));
    let ops = campaign_ops_actions::ops(RedbStore::in_memory().expect("redb"), clock.clone());
    let id = seed(&ops, "Winter launch");
    ops.activate_campaign(&actor(), id).expect("active");
    (ops, clock, id)
}

pub(super) fn task(
    ops: &Service,
    campaign: CampaignId,
    title: &str,
    due: DateTime<Utc>,
    who: &str,
) -> u64 {
    let mut new = NewTask::new(campaign, TaskType::Manual, title, due);
    new.assignee = Some(who.to_owned());
    new.instructions = vec!["Open the brief.".to_owned(), "Do the work.".to_owned()];
    new.platform = Some(Platform::LinkedIn);
    ops.create_task(&actor(), new).expect("created").id.0
}

/// Overdue, today, in two days, in two weeks, and one of somebody else's.
pub(super) fn seed_tasks(ops: &Service, c: CampaignId) -> [u64; 5] {
    [
        task(ops, c, "Call the printer", at(6, 8), ME),
        task(ops, c, "Review replies", at(6, 15), ME),
        task(ops, c, "Prepare report", at(8, 9), ME),
        task(ops, c, "Far away", at(20, 9), ME),
        task(ops, c, "Olga's work", at(6, 12), "olga"),
    ]
}

pub(super) fn field(e: &AppError) -> &str {
    match e {
        AppError::Validation { field, .. } => field,
        other => panic!("not a field error: {other:?}"),
    }
}

pub(super) fn status(ops: &Service, id: u64) -> TaskStatus {
    ops.get_task(TaskId(id)).expect("a task").status
}

/// The inbox with task `id` asked for.
pub(super) async fn inbox_with(ops: &Service, id: u64) -> TodayView {
    call_ok(ops, TodayTasks::PATH, &format!("task={id}")).await
}

#[tokio::test]
async fn start_task_moves_an_open_task_and_refuses_a_closed_one() {
    let (ops, _, c) = service();
    let [id, ..] = seed_tasks(&ops, c);
    let moved: TaskMoved = call_ok(&ops, StartTask::PATH, &format!("task_id={id}")).await;
    assert_eq!((moved.id, moved.status.as_str()), (id, "in_progress"));
    let e: ScopedError = call_err(&ops, StartTask::PATH, &format!("task_id={id}")).await;
    assert_eq!(e.id, Some(id));
    assert!(matches!(e.error, AppError::Refused(_)), "{e:?}");
    let e: ScopedError = call_err(&ops, StartTask::PATH, "task_id=999").await;
    assert!(matches!(e.error, AppError::NotFound(_)), "{e:?}");
}

#[tokio::test]
async fn complete_task_records_outcome_proof_and_metrics_and_names_the_bad_field() {
    let (ops, _, c) = service();
    let [id, ..] = seed_tasks(&ops, c);
    let base = format!(
        "task_id={id}&outcome=Posted&proof_kind=url&proof=https%3A%2F%2Fexample.com%2Fp%2F1"
    );
    for (extra, expected) in [
        ("&metrics%5Bclicks%5D=lots", "metrics.clicks"),
        ("&metrics%5Bvibes%5D=3", "metrics.vibes"),
        ("&metrics%5Bimpressions%5D=-5", "metrics.impressions"),
    ] {
        let e: ScopedError = call_err(&ops, CompleteTask::PATH, &format!("{base}{extra}")).await;
        assert_eq!((e.id, field(&e.error)), (Some(id), expected), "{extra}");
    }
    let e: ScopedError = call_err(
        &ops,
        CompleteTask::PATH,
        &format!("task_id={id}&proof_kind=url&proof=not+a+link"),
    )
    .await;
    assert_eq!(field(&e.error), "proof");
    let e: ScopedError = call_err(
        &ops,
        CompleteTask::PATH,
        &format!("task_id={id}&proof_kind=video&proof=x"),
    )
    .await;
    assert_eq!(field(&e.error), "proof_kind");
    assert_eq!(
        status(&ops, id),
        TaskStatus::Pending,
        "refused calls change nothing"
    );

    let moved: TaskMoved = call_ok(
        &ops,
        CompleteTask::PATH,
        &format!(
            "{base}&metrics%5Bimpressions%5D=1%2C200&metrics%5Bclicks%5D=35&metrics%5Breach%5D="
        ),
    )
    .await;
    assert_eq!(moved.status, "completed");
    let t = ops.get_task(TaskId(id)).expect("task");
    assert_eq!(t.outcome.as_deref(), Some("Posted"));
    assert_eq!(t.proof.expect("proof").value, "https://example.com/p/1");
    let metrics = ops
        .store()
        .read(|tx| tx.metrics_page(c, None, 10))
        .expect("metrics");
    let mut values: Vec<_> = metrics.iter().map(|m| (m.kind.key(), m.value)).collect();
    values.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(values, [("clicks", 35.0), ("impressions", 1200.0)]);

    let text_proof: TaskMoved = call_ok(
        &ops,
        CompleteTask::PATH,
        &format!(
            "task_id={}&proof_kind=text&proof=Sent+by+mail",
            seed_tasks(&ops, c)[1]
        ),
    )
    .await;
    assert_eq!(text_proof.status, "completed");
}

#[tokio::test]
async fn fail_block_and_skip_need_their_reason_where_the_service_does() {
    let (ops, _, c) = service();
    let [a, b, d, ..] = seed_tasks(&ops, c);
    call_ok::<TaskMoved>(&ops, StartTask::PATH, &format!("task_id={a}")).await;
    let e: ScopedError = call_err(&ops, FailTask::PATH, &format!("task_id={a}&reason=+")).await;
    assert_eq!((e.id, field(&e.error)), (Some(a), "reason"));
    let moved: TaskMoved = call_ok(
        &ops,
        FailTask::PATH,
        &format!("task_id={a}&reason=Account+locked"),
    )
    .await;
    assert_eq!(moved.status, "failed");

    let e: ScopedError = call_err(&ops, BlockTask::PATH, &format!("task_id={b}&reason=")).await;
    assert_eq!(field(&e.error), "reason");
    let moved: TaskMoved = call_ok(
        &ops,
        BlockTask::PATH,
        &format!("task_id={b}&reason=No+assets"),
    )
    .await;
    assert_eq!(moved.status, "blocked");
    let view = inbox_with(&ops, b).await;
    assert_eq!(view.due_today.rows[0].status, "blocked");
    let blocked = view.open.expect("the blocked task is open");
    assert_eq!(
        (blocked.reason.as_deref(), blocked.actions.clone()),
        (
            Some("No assets"),
            vec!["start".to_owned(), "skip".to_owned()]
        )
    );

    let long = "x".repeat(2001);
    let e: ScopedError =
        call_err(&ops, SkipTask::PATH, &format!("task_id={d}&reason={long}")).await;
    assert_eq!(field(&e.error), "reason");
    let moved: TaskMoved = call_ok(&ops, SkipTask::PATH, &format!("task_id={d}&reason=")).await;
    assert_eq!(moved.status, "skipped");
    let view: TodayView = call_ok(&ops, TodayTasks::PATH, "").await;
    assert!(
        view.upcoming.rows.is_empty() && view.overdue.rows.is_empty(),
        "closed tasks leave Today"
    );
}

#[tokio::test]
async fn without_js_a_refused_move_is_shown_at_its_task_and_field() {
    let (ops, _, c) = service();
    let [a, b, ..] = seed_tasks(&ops, c);
    let res = send(
        &ops,
        form_post(
            CompleteTask::PATH,
            &format!("/today?task={b}"),
            &format!("task_id={b}&proof_kind=url&proof=nope"),
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with(&format!("/today?task={b}&")) && back.contains("__err="),
        "back to the open task: {back}"
    );
    let html = text(send(&ops, get(&back)).await).await;
    assert!(
        html.contains(&format!(r#"id="complete-{b}-proof-error""#)),
        "{html}"
    );
    assert!(
        !html.contains(&format!(r#"id="complete-{a}-proof-error""#)),
        "only at its own task"
    );
    assert!(
        !html.contains(&format!(r#"id="complete-{b}-error""#)),
        "the field shows it, not the form"
    );

    let res = send(
        &ops,
        form_post(StartTask::PATH, "/today", &format!("task_id={a}")),
    )
    .await;
    assert_eq!(location(&res), "/today");
    assert_eq!(status(&ops, a), TaskStatus::InProgress);
    let html = text(send(&ops, get("/today")).await).await;
    assert!(
        html.contains(&format!(r#"id="fail-{a}""#)),
        "a started task can fail"
    );
}
