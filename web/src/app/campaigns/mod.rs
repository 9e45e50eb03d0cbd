//! The campaigns pages: the list with its filters and paging (this module), the create
//! and edit forms ([`edit`]) and the lifecycle buttons ([`status`]).
//!
//! The filters live in the URL query (`/campaigns?status=active&client=Acme&text=launch`,
//! `after=<id>` for the next page), so links and the back button keep them; the filter
//! form is a plain GET form.

mod edit;
mod fields;
mod status;

pub use edit::{EditCampaignPage, NewCampaignPage};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    AppError, CampaignList, CampaignRow, ChangeCampaignStatus, PAGE_SIZE, list_campaigns,
};

/// Statuses offered by the filter: key and label.
const STATUSES: [(&str, &str); 5] = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("completed", "Completed"),
    ("archived", "Archived"),
];

/// The list's filters, as the URL query holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Filters {
    status: String,
    client: String,
    text: String,
    after: Option<u64>,
}

impl Filters {
    /// The query string of these filters with the cursor `after` (empty values left out).
    fn query(&self, after: Option<u64>) -> String {
        let after = after.map(|a| a.to_string()).unwrap_or_default();
        let pairs = [
            ("status", self.status.as_str()),
            ("client", self.client.as_str()),
            ("text", self.text.as_str()),
            ("after", after.as_str()),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        }
    }

    fn is_filtered(&self) -> bool {
        !(self.status.is_empty() && self.client.is_empty() && self.text.is_empty())
    }
}

/// Percent-encodes a query value (all but unreserved characters).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Optional text: `None` when blank.
fn given(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// The campaigns list.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let moves = ServerAction::<ChangeCampaignStatus>::new();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            status: get("status"),
            client: get("client"),
            text: get("text"),
            after: q.get("after").and_then(|a| a.parse::<u64>().ok()),
        }
    });
    let campaigns = Resource::new(
        move || (moves.version().get(), filters.get()),
        |(_, f)| {
            list_campaigns(
                PAGE_SIZE,
                f.after,
                given(&f.status),
                given(&f.client),
                given(&f.text),
            )
        },
    );

    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <div class="title-row">
                <h1>"Campaigns"</h1>
                <a class="button" href="/campaigns/new" id="new-campaign">"New campaign"</a>
            </div>
            <Suspense fallback=|| view! { <p>"Loading campaigns…"</p> }>
                {move || Suspend::new(async move {
                    let result = campaigns.await;
                    let filters = filters.get_untracked();
                    let error = result.as_ref().err().cloned();
                    view! {
                        <FilterForm filters=filters.clone() error/>
                        {match result {
                            Ok(list) => view! { <CampaignTable list filters moves/> }.into_any(),
                            // An ended session: to the sign-in page, as on every page.
                            Err(e @ AppError::Unauthorized(_)) => {
                                view! { <super::LoadError error=e id="list-error"/> }.into_any()
                            }
                            Err(e) => {
                                // A filter's error is shown at the filter; the rest here.
                                e.form_message(&["status", "client", "text"])
                                    .map(|m| view! { <p class="error" id="list-error">{m}</p> })
                                    .into_any()
                            }
                        }}
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The filters: a GET form to this page (works without JS; links keep the filters).
#[component]
fn FilterForm(filters: Filters, error: Option<AppError>) -> impl IntoView {
    let field_error = |field: &'static str| {
        error
            .as_ref()
            .and_then(|e| e.field_message(field))
            .map(|m| {
                view! { <p class="field-error" id=format!("filter-{field}-error")>{m}</p> }
            })
    };
    let current = filters.status.clone();
    view! {
        <form class="filters" method="get" action="/campaigns" role="search" id="campaign-filters">
            <label>
                "Status"
                <select name="status">
                    <option value="" selected={current.is_empty()}>"Any"</option>
                    {STATUSES
                        .iter()
                        .map(|(key, label)| {
                            view! { <option value=*key selected={current == *key}>{*label}</option> }
                        })
                        .collect_view()}
                </select>
                {field_error("status")}
            </label>
            <label>
                "Client" <input type="text" name="client" value=filters.client.clone()/>
                {field_error("client")}
            </label>
            <label>
                "Search" <input type="search" name="text" value=filters.text.clone()/>
                {field_error("text")}
            </label>
            <button type="submit">"Filter"</button>
            {filters.is_filtered().then(|| view! { <a href="/campaigns" class="clear">"Clear"</a> })}
        </form>
    }
}

/// One page of campaigns as a table, with the total and the links to the first and the
/// next page (filters kept).
#[component]
fn CampaignTable(
    list: CampaignList,
    filters: Filters,
    moves: ServerAction<ChangeCampaignStatus>,
) -> impl IntoView {
    let CampaignList { items, total, next } = list;
    if items.is_empty() {
        let message = if filters.is_filtered() {
            "No campaign matches these filters."
        } else {
            "No campaigns yet: create the first one."
        };
        return view! { <p id="no-campaigns">{message}</p> }.into_any();
    }
    let shown = items.len();
    let first = filters.after.map(|_| filters.query(None));
    let next = next.map(|n| filters.query(Some(n)));
    view! {
        <p class="count">{format!("{shown} of {total} campaigns")}</p>
        <div class="table-wrap">
            <table id="campaigns">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Client"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Objective"</th>
                        <th scope="col">"Platforms"</th>
                        <th scope="col">"Dates"</th>
                        <th scope="col">"Zone"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|row| view! { <CampaignRowView row moves/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {first.map(|q| view! { <a class="first" href=format!("/campaigns{q}")>"← First page"</a> })}
            {next.map(|q| view! { <a class="next" href=format!("/campaigns{q}")>"Next page →"</a> })}
        </nav>
    }
    .into_any()
}

/// One row of the table.
#[component]
fn CampaignRowView(row: CampaignRow, moves: ServerAction<ChangeCampaignStatus>) -> impl IntoView {
    let dates = match &row.end_date {
        Some(end) => format!("{} – {end}", row.start_date),
        None => format!("from {}", row.start_date),
    };
    view! {
        <tr data-id=row.id>
            <td class="name"><a href=format!("/campaigns/{}", row.id)>{row.name.clone()}</a></td>
            <td>{row.client_name}</td>
            <td><span class=format!("status status-{}", row.status)>{row.status.clone()}</span></td>
            <td>{row.objective.replace('_', " ")}</td>
            <td>{row.platforms.join(", ")}</td>
            <td>{dates}</td>
            <td>{row.time_zone}</td>
            <td class="row-actions">
                <a href=format!("/campaigns/{}/edit", row.id)>"Edit"</a>
                <status::StatusButtons id=row.id moves=row.moves action=moves with_reason=false/>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_keeps_the_filters_and_encodes_them() {
        let f = Filters {
            status: "active".into(),
            client: "Acme & Co".into(),
            text: String::new(),
            after: Some(4),
        };
        assert_eq!(
            f.query(Some(9)),
            "?status=active&client=Acme%20%26%20Co&after=9"
        );
        assert_eq!(Filters::default().query(None), "");
    }
}
