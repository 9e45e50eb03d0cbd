//! The content editor of one calendar item. It checks as one types: core's
//! `check_content` (through `item_issues`, exactly what saving runs on the server) and,
//! for X, the weighted character count (`x_weighted_length`, per post of a thread) run in
//! the browser (core is compiled into the WASM client), and every broken rule is listed.
//! Without JS the same list is rendered by the server for the stored copy, and a save
//! with errors comes back with the error next to its field.

use campaign_ops_core::platform::{
    ContentIssue, Severity, X_MAX_WEIGHTED, thread_posts, x_weighted_length,
};
use campaign_ops_core::service::item_issues;
use campaign_ops_core::{ContentType, Platform};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{Actions, field_error, href};
use crate::api::campaign::{ItemView, load_item};

/// The fields of the save form.
const FIELDS: [&str; 4] = ["title", "copy", "cta", "asset_ref"];

/// The editor of item `item_id` of campaign `id`.
#[component]
pub fn EditorPanel(id: u64, item_id: u64, can_edit: bool, actions: Actions) -> impl IntoView {
    let item = Resource::new(
        move || {
            (
                item_id,
                actions.save.version().get(),
                actions.reschedule.version().get(),
            )
        },
        |(item_id, _, _)| load_item(item_id),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading the item…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(item) if item.campaign_id == id => {
                        view! { <Editor item can_edit actions/> }.into_any()
                    }
                    Ok(_) => {
                        view! { <p class="error" id="editor-error">"That item belongs to another campaign."</p> }
                            .into_any()
                    }
                    Err(e) => view! { <crate::app::LoadError error=e id="editor-error"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The X weighted length of each post of `copy` (one for a post, one per paragraph of a
/// thread), as the check counts them.
pub fn x_counts(content_type: Option<ContentType>, copy: &str) -> Vec<usize> {
    if content_type == Some(ContentType::Thread) {
        thread_posts(copy)
            .iter()
            .map(|p| x_weighted_length(p))
            .collect()
    } else {
        vec![x_weighted_length(copy.trim())]
    }
}

#[component]
fn Editor(item: ItemView, can_edit: bool, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let platform = item.platform.parse::<Platform>().ok();
    let content_type = item.content_type.parse::<ContentType>().ok();
    let (title, set_title) = signal(item.title.clone());
    let (copy, set_copy) = signal(item.copy.clone());
    let issues = Memo::new(move |_| match (platform, content_type) {
        (Some(p), Some(ct)) => title.with(|t| copy.with(|c| item_issues(p, ct, t, c))),
        _ => vec![],
    });
    let counts = Memo::new(move |_| {
        if platform == Some(Platform::X) {
            copy.with(|c| x_counts(content_type, c))
        } else {
            vec![]
        }
    });
    let save = actions.save;
    let reschedule = actions.reschedule;
    let save_error = move || save.value().get().and_then(Result::err);
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|_| view! { <p class="created" id="item-saved">"Saved."</p> })
    };
    let close = format!(
        "{}#calendar",
        href(item.campaign_id, &query.get_untracked(), &[("item", None)])
    );
    let editable = can_edit && item.editable;
    let heading = format!(
        "{} {} #{} · {} · {}",
        item.platform_label,
        item.content_type,
        item.id,
        item.scheduled_local.replace('T', " "),
        item.status
    );
    view! {
        <article class="editor" id="editor" aria-labelledby="editor-heading">
            <header>
                <h3 id="editor-heading">{heading}</h3>
                <a href=close class="close">"Close"</a>
            </header>
            {(platform == Some(Platform::X))
                .then(|| {
                    view! {
                        <p
                            class="counter"
                            id="x-count"
                            aria-live="polite"
                            class:over=move || counts.get().iter().any(|n| *n > X_MAX_WEIGHTED)
                            data-count=move || counts.get().iter().max().copied().unwrap_or(0)
                        >
                            {move || count_text(&counts.get())}
                        </p>
                    }
                })}
            <Issues issues/>
            {if editable {
                view! {
                    <ActionForm action=save attr:id="save-item" attr:class="form">
                        <input type="hidden" name="item_id" value=item.id/>
                        <label>
                            {if platform == Some(Platform::Email) { "Subject" } else { "Title" }}
                            <input
                                type="text"
                                name="title"
                                id="item-title"
                                value=item.title.clone()
                                on:input=move |ev| set_title.set(event_target_value(&ev))
                            />
                        </label>
                        {move || field_error(save_error(), "title")}
                        <label>
                            "Copy"
                            <textarea
                                name="copy"
                                id="item-copy"
                                rows="8"
                                on:input=move |ev| set_copy.set(event_target_value(&ev))
                            >
                                {item.copy.clone()}
                            </textarea>
                        </label>
                        {move || field_error(save_error(), "copy")}
                        <label>"Call to action" <input type="text" name="cta" value=item.cta.clone()/></label>
                        {move || field_error(save_error(), "cta")}
                        <label>"Asset (URL or file)" <input type="text" name="asset_ref" value=item.asset_ref.clone()/></label>
                        {move || field_error(save_error(), "asset_ref")}
                        {move || {
                            save_error()
                                .and_then(|e| e.form_message(&FIELDS))
                                .map(|m| view! { <p class="error" id="save-error">{m}</p> })
                        }}
                        <button type="submit">"Save"</button>
                        {saved}
                    </ActionForm>
                }
                    .into_any()
            } else {
                view! {
                    <dl class="readonly">
                        <dt>"Title"</dt><dd>{item.title.clone()}</dd>
                        <dt>"Copy"</dt><dd><pre id="item-copy">{item.copy.clone()}</pre></dd>
                        <dt>"Call to action"</dt><dd>{item.cta.clone()}</dd>
                        <dt>"Asset"</dt><dd>{item.asset_ref.clone()}</dd>
                    </dl>
                }
                    .into_any()
            }}
            {(can_edit && item.movable)
                .then(|| {
                    view! {
                        <ActionForm action=reschedule attr:id="reschedule-item" attr:class="form inline">
                            <input type="hidden" name="item_id" value=item.id/>
                            <label>
                                {format!("Move to ({})", item.time_zone)}
                                <input
                                    type="datetime-local"
                                    name="scheduled_at"
                                    value=item.scheduled_local.clone()
                                    required
                                />
                            </label>
                            <button type="submit">"Reschedule"</button>
                        </ActionForm>
                    }
                })}
        </article>
    }
}

/// `"143 / 280"`, or one count per post of a thread.
fn count_text(counts: &[usize]) -> String {
    match counts {
        [one] => format!("X weighted length: {one} / {X_MAX_WEIGHTED}"),
        many => {
            let each: Vec<String> = many
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{}: {n}", i + 1))
                .collect();
            format!(
                "X weighted length per post (of {X_MAX_WEIGHTED}): {}",
                each.join(", ")
            )
        }
    }
}

/// Every rule the draft breaks, live.
#[component]
fn Issues(issues: Memo<Vec<ContentIssue>>) -> impl IntoView {
    view! {
        <div class="checks" aria-live="polite">
            {move || {
                let list = issues.get();
                if list.is_empty() {
                    view! { <p class="ok" id="content-ok">"No rule broken."</p> }.into_any()
                } else {
                    view! {
                        <ul id="content-issues">
                            {list
                                .into_iter()
                                .map(|i| {
                                    let severity = match i.severity {
                                        Severity::Error => "error",
                                        _ => "warning",
                                    };
                                    view! {
                                        <li class=format!("issue-{severity}") data-rule=i.rule>
                                            <strong>{format!("{severity} ")}</strong>
                                            {format!("{} — {}", i.rule, i.message)}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
