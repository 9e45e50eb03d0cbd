//! The Today page's open task in full: what it is (campaign, platform, type, due time),
//! the copy with the rules it breaks, the SOP checklist, and the moves its status allows.

use leptos::prelude::*;

use super::TaskActions;
use super::forms::{BlockForm, CardErrors, CompleteForm, FailForm, Move, SkipForm, StartForm};
use crate::api::{CopyIssue, TaskCard, TickStep};

/// The open task's card.
#[component]
pub(super) fn TaskCardView(card: TaskCard, actions: TaskActions) -> impl IntoView {
    let TaskCard {
        id,
        campaign_id,
        campaign_name,
        platform,
        platform_key,
        kind,
        title,
        status,
        due_at,
        due_local,
        overdue,
        copy,
        issues,
        checklist,
        checked,
        asset_ref,
        reason,
        actions: allowed,
    } = card;
    let can = |key: &str| allowed.iter().any(|a| a == key);
    let errors = CardErrors::new(actions, id);
    let platform_class = format!(
        "platform platform-{}",
        platform_key.as_deref().unwrap_or("none")
    );
    view! {
        <article
            class="task"
            class:overdue=overdue
            id=format!("task-{id}")
            data-status=status.clone()
            aria-labelledby=format!("task-{id}-title")
        >
            <header>
                <h2 id=format!("task-{id}-title")>{title}</h2>
                <p class="meta">
                    <a href=format!("/campaigns/{campaign_id}")>{campaign_name}</a>
                    {platform.map(|p| view! { " · " <span class=platform_class>{p}</span> })}
                    " · " <span class="kind">{kind}</span>
                    " · " <time datetime=due_at>{due_local}</time>
                    {overdue.then_some(" (overdue)")}
                    " · " <span class=format!("status status-{status}")>{status.replace('_', " ")}</span>
                </p>
            </header>
            {reason.map(|r| view! { <p class="reason">{r}</p> })}
            {copy.map(|copy| view! { <CopyBlock copy issues/> })}
            {asset_ref.map(|a| view! { <p class="asset">"Asset: " <code>{a}</code></p> })}
            {(!checklist.is_empty())
                .then(|| view! { <Checklist id steps=checklist checked tick=actions.tick errors/> })}
            <div class="task-actions">
                {can("start").then(|| view! { <StartForm id action=actions.start errors/> })}
                {can("complete").then(|| view! { <CompleteForm id action=actions.complete errors/> })}
                {can("fail").then(|| view! { <FailForm id action=actions.fail errors/> })}
                {can("block").then(|| view! { <BlockForm id action=actions.block errors/> })}
                {can("skip").then(|| view! { <SkipForm id action=actions.skip errors/> })}
            </div>
        </article>
    }
}

/// The copy to publish, and every rule of the platform's SOP it breaks.
#[component]
fn CopyBlock(copy: String, issues: Vec<CopyIssue>) -> impl IntoView {
    view! {
        <div class="copy">
            <pre>{copy}</pre>
            {if issues.is_empty() {
                view! { <p class="copy-ok">"Copy passes the platform's checks."</p> }.into_any()
            } else {
                view! {
                    <ul class="issues" aria-label="Content check">
                        {issues
                            .into_iter()
                            .map(|i| {
                                view! {
                                    <li class=format!("issue issue-{}", i.severity) data-rule=i.rule>
                                        <strong>{if i.severity == "error" { "Error" } else { "Warning" }}</strong>
                                        ": "
                                        {i.message}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </div>
    }
}

/// The SOP checklist, each step a toggle button in a form of its own that ticks or unticks
/// it on the server ([`tick_step`](crate::api::tick_step)): stored, so it survives a
/// reload, and a plain form post before the WASM has loaded.
#[component]
fn Checklist(
    id: u64,
    steps: Vec<String>,
    checked: Vec<u16>,
    tick: ServerAction<TickStep>,
    errors: CardErrors,
) -> impl IntoView {
    let total = steps.len();
    let done = checked.len();
    let error = move || {
        errors.of(Move::Tick).map(|e| {
            view! {
                <p class="error" id=format!("task-{id}-checklist-error") role="alert">{e.to_string()}</p>
            }
        })
    };
    view! {
        <details class="checklist" open>
            <summary>{format!("Checklist ({done} of {total} done)")}</summary>
            {error}
            <ol>
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let ticked = u16::try_from(i).is_ok_and(|i| checked.contains(&i));
                        view! {
                            <li class={if ticked { "done" } else { "" }}>
                                <ActionForm action=tick>
                                    <input type="hidden" name="task_id" value=id/>
                                    <input type="hidden" name="step" value=i/>
                                    <input type="hidden" name="ticked" value=(!ticked).to_string()/>
                                    <button
                                        type="submit"
                                        class="step"
                                        id=format!("task-{id}-step-{i}")
                                        aria-pressed=ticked.to_string()
                                    >
                                        <span class="box" aria-hidden="true">{if ticked { "☑" } else { "☐" }}</span>
                                        <span class="text">{step}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </details>
    }
}
