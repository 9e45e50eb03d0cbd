//! The Actions page (admin, `/actions`): every registered action with its schedule, its
//! switch, last and next run and recent failures with their error, a Run now and an
//! Enable / Disable form each (`ActionForm`s, so they work without JS), and one action's
//! ledger newest first, a page at a time (`/actions?runs=<ACTION>&before=<key>`). The
//! server functions check the admin role themselves.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::api::actions::{
    ActionRow, RunActionNow, RunRow, RunsPage, SetActionEnabled, action_runs, list_actions,
};

/// The Actions page.
#[component]
pub fn ActionsPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let run_now = ServerAction::<RunActionNow>::new();
    let switch = ServerAction::<SetActionEnabled>::new();
    let query = use_query_map();
    let actions = Resource::new(
        move || (run_now.version().get(), switch.version().get()),
        |_| list_actions(),
    );
    let history = Resource::new(
        move || {
            let q = query.read();
            (
                run_now.version().get(),
                q.get("runs").filter(|r| !r.is_empty()),
                q.get("before").filter(|b| !b.is_empty()),
            )
        },
        |(_, runs, before)| async move {
            match runs {
                Some(action) => action_runs(action, before).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let error = move || {
        [
            run_now.value().get().and_then(Result::err),
            switch.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e: AppError| view! { <p class="error" id="actions-error" role="alert">{e.to_string()}</p> })
    };
    let queued = move || {
        run_now.value().get().and_then(Result::ok).map(|r| {
            view! {
                <p class="created" id="run-queued">
                    {format!("Queued {}: the daemon starts it now.", r.key)}
                </p>
            }
        })
    };
    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Actions"</h1>
            <p class="count">
                "Scheduled work the daemon runs. A switched-off action does not run; switched on "
                "again, it runs its latest period and does not catch up the ones it missed."
            </p>
            {error}
            {queued}
            <Suspense fallback=|| view! { <p>"Loading actions…"</p> }>
                {move || Suspend::new(async move {
                    match actions.await {
                        Ok(list) => view! { <ActionTable list run_now switch/> }.into_any(),
                        Err(e) => view! { <super::LoadError error=e id="actions-load-error"/> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(Some(page)) => view! { <History page/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <super::LoadError error=e id="runs-error"/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The actions, one row each with its forms.
#[component]
fn ActionTable(
    list: Vec<ActionRow>,
    run_now: ServerAction<RunActionNow>,
    switch: ServerAction<SetActionEnabled>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">"No actions are registered in this program."</p> }
            .into_any();
    }
    view! {
        <table id="actions">
            <thead>
                <tr>
                    <th>"Action"</th>
                    <th>"Schedule"</th>
                    <th>"Status"</th>
                    <th>"Last run"</th>
                    <th>"Next run"</th>
                    <th>"Failures"</th>
                    <th>"Controls"</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|a| view! { <ActionRowView a run_now switch/> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A run in a few words: status, period and when.
fn run_summary(r: &RunRow) -> String {
    format!("{} · {} · {}", r.status, r.period, r.last_attempt_at)
}

/// One action.
#[component]
fn ActionRowView(
    a: ActionRow,
    run_now: ServerAction<RunActionNow>,
    switch: ServerAction<SetActionEnabled>,
) -> impl IntoView {
    let [for_run, for_switch, for_link] = [(); 3].map(|()| a.name.clone());
    let enabled = a.enabled;
    view! {
        <tr data-action=a.name.clone() data-enabled=enabled.to_string()>
            <td class="name">
                <a href=format!("/actions?runs={}", super::query_value(&for_link))>{a.name.clone()}</a>
            </td>
            <td>{format!("{} ({})", a.schedule, a.zone)}</td>
            <td>
                <span class={if enabled { "status status-active" } else { "status" }}>
                    {if enabled { "on" } else { "off" }}
                </span>
                {a.switched.map(|s| view! { <br/><small>{s}</small> })}
            </td>
            <td class="last-run">
                {match a.last_run {
                    Some(r) => view! { <span data-status=r.status.clone()>{run_summary(&r)}</span> }.into_any(),
                    None => view! { <span class="empty">"never"</span> }.into_any(),
                }}
            </td>
            <td class="next-run">{a.next_run.unwrap_or_else(|| "—".to_owned())}</td>
            <td class="failures">
                {if a.failures.is_empty() {
                    view! { <span class="empty">"none"</span> }.into_any()
                } else {
                    view! {
                        <ul>
                            {a.failures
                                .into_iter()
                                .map(|f| {
                                    view! {
                                        <li data-run=f.key.clone()>
                                            {run_summary(&f)}
                                            {f.error.map(|e| view! { <br/><code class="run-error">{e}</code> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </td>
            <td class="controls">
                <ActionForm action=run_now>
                    <input type="hidden" name="action" value=for_run/>
                    <button type="submit" class="run-now">"Run now"</button>
                </ActionForm>
                <ActionForm action=switch>
                    <input type="hidden" name="action" value=for_switch/>
                    <input type="hidden" name="enabled" value=(!enabled).to_string()/>
                    <button type="submit" class="switch">{if enabled { "Disable" } else { "Enable" }}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// One action's ledger, newest first, with a link to the older page.
#[component]
fn History(page: RunsPage) -> impl IntoView {
    let RunsPage { action, runs, next } = page;
    let older = next.map(|key| {
        format!(
            "/actions?runs={}&before={}",
            super::query_value(&action),
            super::query_value(&key)
        )
    });
    view! {
        <section class="history" aria-labelledby="history-heading">
            <h2 id="history-heading">{format!("Runs of {action}")}</h2>
            {if runs.is_empty() {
                view! { <p class="empty">"No runs recorded."</p> }.into_any()
            } else {
                view! {
                    <table id="runs">
                        <thead>
                            <tr>
                                <th>"Period"</th>
                                <th>"Status"</th>
                                <th>"Attempts"</th>
                                <th>"Last attempt"</th>
                                <th>"Finished"</th>
                                <th>"Error or report"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {runs
                                .into_iter()
                                .map(|r| {
                                    let (key, status) = (r.key.clone(), r.status.clone());
                                    view! {
                                        <tr data-run=key data-status=status>
                                            <td>{r.period}</td>
                                            <td>{r.status}</td>
                                            <td>{r.attempts}</td>
                                            <td>{r.last_attempt_at}</td>
                                            <td>{r.finished_at.unwrap_or_default()}</td>
                                            <td>
                                                {match (r.error, r.report) {
                                                    (Some(e), _) => view! { <code class="run-error">{e}</code> }.into_any(),
                                                    (None, Some(rep)) => view! { <span>{rep}</span> }.into_any(),
                                                    (None, None) => ().into_any(),
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            {older.map(|href| view! { <p><a href=href id="older-runs">"Older runs"</a></p> })}
        </section>
    }
}
