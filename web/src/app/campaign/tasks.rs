//! The tasks section: status filter chips (links), one page of tasks, a link to the next
//! page (keyset cursor `tasks_after`), and a form per open task to assign or reassign it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::{Actions, field_error, href, query_value};
use crate::api::campaign::{TaskPage, TaskRow, campaign_tasks};

/// Status filters: key (empty for all) and label.
const STATUSES: [(&str, &str); 7] = [
    ("", "All"),
    ("pending", "Pending"),
    ("in_progress", "In progress"),
    ("blocked", "Blocked"),
    ("completed", "Completed"),
    ("failed", "Failed"),
    ("skipped", "Skipped"),
];

/// The tasks section of campaign `id`.
#[component]
pub fn TasksSection(id: u64, can_edit: bool, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        (
            query_value(&q, "status"),
            query_value(&q, "tasks_after").and_then(|a| a.parse::<u64>().ok()),
        )
    };
    let tasks = Resource::new(
        move || (key(), actions.any_changes()),
        move |((status, after), _)| campaign_tasks(id, status, after),
    );
    let assign_error = move || actions.assign.value().get().and_then(Result::err);
    view! {
        <section class="card" id="tasks" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">"Tasks"</h2>
            {move || field_error(assign_error(), "assignee")}
            {move || {
                assign_error()
                    .and_then(|e| e.form_message(&["assignee"]))
                    .map(|m| view! { <p class="error" id="assign-error">{m}</p> })
            }}
            <Suspense fallback=|| view! { <p>"Loading tasks…"</p> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok(page) => {
                            let q = query.get_untracked();
                            view! { <TaskTable id page q can_edit actions/> }.into_any()
                        }
                        Err(e) => view! { <crate::app::LoadError error=e id="tasks-error"/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TaskTable(
    id: u64,
    page: TaskPage,
    q: ParamsMap,
    can_edit: bool,
    actions: Actions,
) -> impl IntoView {
    let current = page.status.clone().unwrap_or_default();
    let chips = STATUSES
        .iter()
        .map(|(key, label)| {
            let to = href(
                id,
                &q,
                &[("status", Some((*key).to_owned())), ("tasks_after", None)],
            );
            view! {
                <a class="chip" class:off=current != *key href=format!("{to}#tasks") aria-current=(current == *key).then_some("true")>
                    {*label}
                </a>
            }
        })
        .collect_view();
    let next = page.next.map(|n| {
        let to = href(id, &q, &[("tasks_after", Some(n.to_string()))]);
        view! { <a class="next" id="tasks-next" href=format!("{to}#tasks")>"Next page →"</a> }
    });
    let body = if page.items.is_empty() {
        view! { <p id="no-tasks">"No tasks here."</p> }.into_any()
    } else {
        view! {
            <table id="task-list">
                <thead>
                    <tr>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Task"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Assignee"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|t| view! { <Row t can_edit actions/> }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="chips" role="group" aria-label="Task status">{chips}</div>
        {body}
        {next}
    }
}

#[component]
fn Row(t: TaskRow, can_edit: bool, actions: Actions) -> impl IntoView {
    let assignee = t.assignee.clone().unwrap_or_default();
    let form = (can_edit && t.open).then(|| {
        let label = format!("Assignee of task {}", t.id);
        view! {
            <ActionForm action=actions.assign attr:class="assign">
                <input type="hidden" name="task_id" value=t.id/>
                <input type="text" name="assignee" value=assignee.clone() aria-label=label placeholder="nobody"/>
                <button type="submit">"Assign"</button>
            </ActionForm>
        }
    });
    let shown = (!(can_edit && t.open)).then(|| {
        view! { <span>{t.assignee.clone().unwrap_or_else(|| "—".to_owned())}</span> }
    });
    view! {
        <tr data-task=t.id>
            <td>{t.due.clone()}</td>
            <td>{t.title.clone()}</td>
            <td>{format!("{}{}", t.task_type, t.platform.clone().map(|p| format!(" · {p}")).unwrap_or_default())}</td>
            <td><span class=format!("status status-{}", t.status)>{t.status.clone()}</span></td>
            <td>{form}{shown}</td>
        </tr>
    }
}
