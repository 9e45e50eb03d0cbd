//! The campaigns page: one page of the list (server function
//! [`list_campaigns`](crate::api::list_campaigns)), a link to the next page, and the form
//! that creates a campaign ([`create_campaign`](crate::api::create_campaign)). The form is a
//! real `<form>` posting to the server function, so it works without JS (the server
//! redirects back, with the error in the URL when there is one); hydrated, it submits in
//! the background and the list reloads.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, CampaignList, CampaignRow, CreateCampaign, PAGE_SIZE, list_campaigns};

/// The form's fields, in the names the server function takes.
const FIELDS: [&str; 6] = [
    "name",
    "client_name",
    "objective",
    "platforms",
    "start_date",
    "time_zone",
];

/// Objectives offered in the form: key and label.
const OBJECTIVES: [(&str, &str); 5] = [
    ("awareness", "Awareness"),
    ("engagement", "Engagement"),
    ("lead_generation", "Lead generation"),
    ("conversion", "Conversion"),
    ("retention", "Retention"),
];

/// Platforms offered in the form: key and label.
const PLATFORMS: [(&str, &str); 4] = [
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("email", "Email"),
];

/// The campaigns list with the create form.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let create = ServerAction::<CreateCampaign>::new();
    let query = use_query_map();
    let after = move || {
        query
            .read()
            .get("after")
            .and_then(|a| a.parse::<u64>().ok())
    };
    let campaigns = Resource::new(
        move || (create.version().get(), after()),
        |(_, after)| list_campaigns(PAGE_SIZE, after),
    );

    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Campaigns"</h1>
            <Suspense fallback=|| view! { <p>"Loading campaigns…"</p> }>
                {move || Suspend::new(async move {
                    match campaigns.await {
                        Ok(list) => view! { <CampaignTable list/> }.into_any(),
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <CreateForm create/>
        </main>
    }
}

/// One page of campaigns as a table, with the total and the link to the next page.
#[component]
fn CampaignTable(list: CampaignList) -> impl IntoView {
    let CampaignList { items, total, next } = list;
    if items.is_empty() {
        return view! { <p id="no-campaigns">"No campaigns yet: create the first one below."</p> }
            .into_any();
    }
    let shown = items.len();
    view! {
        <p class="count">{format!("{shown} of {total} campaigns")}</p>
        <table id="campaigns">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Client"</th>
                    <th>"Status"</th>
                    <th>"Objective"</th>
                    <th>"Platforms"</th>
                    <th>"Start"</th>
                    <th>"Zone"</th>
                </tr>
            </thead>
            <tbody>{items.into_iter().map(|row| view! { <CampaignRowView row/> }).collect_view()}</tbody>
        </table>
        {next.map(|n| view! { <a class="next" href=format!("/?after={n}")>"Next page →"</a> })}
    }
    .into_any()
}

/// One row of the table.
#[component]
fn CampaignRowView(row: CampaignRow) -> impl IntoView {
    view! {
        <tr data-id=row.id>
            <td class="name">{row.name}</td>
            <td>{row.client_name}</td>
            <td><span class=format!("status status-{}", row.status)>{row.status.clone()}</span></td>
            <td>{row.objective.replace('_', " ")}</td>
            <td>{row.platforms.join(", ")}</td>
            <td>{row.start_date}</td>
            <td>{row.time_zone}</td>
        </tr>
    }
}

/// The create-campaign form, with each field's error next to it.
#[component]
fn CreateForm(create: ServerAction<CreateCampaign>) -> impl IntoView {
    let value = create.value();
    let error = move || value.get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error().and_then(|e| e.field_message(field)).map(|message| {
                view! { <p class="field-error" id=format!("{field}-error")>{message}</p> }
            })
        }
    };
    let form_error = move || {
        error()
            .and_then(|e: AppError| e.form_message(&FIELDS))
            .map(|message| view! { <p class="error" id="form-error">{message}</p> })
    };
    let created = move || {
        value.get().and_then(Result::ok).map(|row| {
            view! { <p class="created" id="created">{format!("Created “{}”.", row.name)}</p> }
        })
    };

    view! {
        <section class="create">
            <h2>"New campaign"</h2>
            {created}
            {form_error}
            <ActionForm action=create attr:id="create-campaign">
                <label>"Name" <input type="text" name="name" autocomplete="off"/></label>
                {field_error("name")}
                <label>"Client" <input type="text" name="client_name"/></label>
                {field_error("client_name")}
                <label>
                    "Objective"
                    <select name="objective">
                        {OBJECTIVES
                            .iter()
                            .map(|(key, label)| view! { <option value=*key>{*label}</option> })
                            .collect_view()}
                    </select>
                </label>
                {field_error("objective")}
                <fieldset>
                    <legend>"Platforms"</legend>
                    {PLATFORMS
                        .iter()
                        .map(|(key, label)| {
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="platforms[]" value=*key/>
                                    {*label}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                {field_error("platforms")}
                <label>"Start date" <input type="date" name="start_date"/></label>
                {field_error("start_date")}
                <label>"Time zone" <input type="text" name="time_zone" value="UTC"/></label>
                {field_error("time_zone")}
                <button type="submit">"Create campaign"</button>
            </ActionForm>
        </section>
    }
}
