//! One task on the Today page: what it is (campaign, platform, type, due time), the copy
//! with the rules it breaks, the SOP checklist, and the moves its status allows.

use leptos::prelude::*;

use super::TaskActions;
use super::forms::{BlockForm, CompleteForm, FailForm, SkipForm, StartForm};
use crate::api::{CopyIssue, TaskCard};

/// A task card.
#[component]
pub(super) fn TaskCardView(card: TaskCard, actions: TaskActions) -> impl IntoView {
    let TaskCard {
        id,
        campaign_id,
        campaign_name,
        platform,
        platform_key,
        task_type,
        content_type,
        title,
        status,
        due_at,
        due_local,
        copy,
        issues,
        checklist,
        asset_ref,
        reason,
        actions: allowed,
        ..
    } = card;
    let can = |key: &str| allowed.iter().any(|a| a == key);
    let kind = match content_type {
        Some(ct) => format!("{} · {}", task_type.replace('_', " "), ct.replace('_', " ")),
        None => task_type.replace('_', " "),
    };
    let platform_class = format!(
        "platform platform-{}",
        platform_key.as_deref().unwrap_or("none")
    );
    view! {
        <article class="task" id=format!("task-{id}") data-status=status.clone() aria-labelledby=format!("task-{id}-title")>
            <header>
                <h3 id=format!("task-{id}-title")>{title}</h3>
                <p class="meta">
                    <a href=format!("/campaigns/{campaign_id}")>{campaign_name}</a>
                    {platform.map(|p| view! { " · " <span class=platform_class>{p}</span> })}
                    " · " <span class="kind">{kind}</span>
                    " · " <time datetime=due_at>{due_local}</time>
                    " · " <span class=format!("status status-{status}")>{status.replace('_', " ")}</span>
                </p>
            </header>
            {reason.map(|r| view! { <p class="reason">{r}</p> })}
            {copy.map(|copy| view! { <CopyBlock copy issues/> })}
            {asset_ref.map(|a| view! { <p class="asset">"Asset: " <code>{a}</code></p> })}
            {(!checklist.is_empty()).then(|| view! { <Checklist id steps=checklist/> })}
            <div class="task-actions">
                {can("start").then(|| view! { <StartForm id action=actions.start/> })}
                {can("complete").then(|| view! { <CompleteForm id action=actions.complete/> })}
                {can("fail").then(|| view! { <FailForm id action=actions.fail/> })}
                {can("block").then(|| view! { <BlockForm id action=actions.block/> })}
                {can("skip").then(|| view! { <SkipForm id action=actions.skip/> })}
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

/// The SOP checklist, each step a checkbox to tick while working through it.
#[component]
fn Checklist(id: u64, steps: Vec<String>) -> impl IntoView {
    let total = steps.len();
    view! {
        <details class="checklist" open>
            <summary>{format!("Checklist ({total} steps)")}</summary>
            <ol>
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let input = format!("task-{id}-step-{i}");
                        view! {
                            <li>
                                <input type="checkbox" id=input.clone()/>
                                <label for=input>{step}</label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </details>
    }
}
