//! `campaign_tasks` (status filter, keyset pages) and `assign_task`.

use campaign_ops_core::{CampaignId, TaskId};
use campaign_ops_web::api::campaign::{AssignTask, CampaignTasks, TASK_PAGE, TaskPage, TaskRow};
use leptos::server_fn::ServerFn;

use super::{actor, call, field_error, planned};

#[tokio::test]
async fn tasks_page_by_cursor_and_filter_by_status() {
    let p = planned();
    let id = p.id.to_string();
    let all = p.ops.campaign_tasks(CampaignId(p.id)).unwrap();
    assert!(all.len() > 2, "the plan made POST tasks");
    p.ops.start_task(&actor(), all[1].id).unwrap();

    let page: TaskPage = call(&p.ops, CampaignTasks::PATH, &[("campaign_id", &id)])
        .await
        .unwrap();
    assert_eq!(page.items.len(), all.len().min(TASK_PAGE));
    assert_eq!(page.items[0].id, all[0].id.0);
    assert!(page.items[0].due.starts_with("2027-01-"));

    let started: TaskPage = call(
        &p.ops,
        CampaignTasks::PATH,
        &[("campaign_id", &id), ("status", "in_progress")],
    )
    .await
    .unwrap();
    assert_eq!(
        started.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [all[1].id.0]
    );
    assert_eq!(started.next, None);
    assert_eq!(started.status.as_deref(), Some("in_progress"));

    let after = all[0].id.0.to_string();
    let rest: TaskPage = call(
        &p.ops,
        CampaignTasks::PATH,
        &[("campaign_id", &id), ("after", &after)],
    )
    .await
    .unwrap();
    assert_eq!(rest.items[0].id, all[1].id.0, "the page after the cursor");
}

#[tokio::test]
async fn an_unknown_status_is_an_error_on_status() {
    let p = planned();
    let id = p.id.to_string();
    let r = call::<TaskPage>(
        &p.ops,
        CampaignTasks::PATH,
        &[("campaign_id", &id), ("status", "done-ish")],
    )
    .await;
    assert!(field_error(r, "status").contains("done-ish"));
}

#[tokio::test]
async fn a_task_is_assigned_and_reassigned_and_a_bad_name_is_an_error_on_assignee() {
    let p = planned();
    let task = p.ops.campaign_tasks(CampaignId(p.id)).unwrap()[0].clone();
    let id = task.id.0.to_string();
    let row: TaskRow = call(
        &p.ops,
        AssignTask::PATH,
        &[("task_id", &id), ("assignee", "dana")],
    )
    .await
    .unwrap();
    assert_eq!(row.assignee.as_deref(), Some("dana"));
    let row: TaskRow = call(
        &p.ops,
        AssignTask::PATH,
        &[("task_id", &id), ("assignee", "")],
    )
    .await
    .unwrap();
    assert_eq!(row.assignee, None, "blank unassigns");
    let long = "x".repeat(101);
    let r = call::<TaskRow>(
        &p.ops,
        AssignTask::PATH,
        &[("task_id", &id), ("assignee", &long)],
    )
    .await;
    field_error(r, "assignee");
    assert_eq!(p.ops.get_task(TaskId(task.id.0)).unwrap().assignee, None);
}
