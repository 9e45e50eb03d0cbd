//! The Audit page (admin, `/audit`): the whole log newest first, filtered by campaign,
//! actor, action and a date range (a plain GET form: the filters live in the URL query,
//! `before=<seq>` for the next page), and the hash chain's status with a Verify now form.
//! Each page is a bounded read (see `search_audit_log`); the chain is verified only when
//! asked for, and the page shows the last verification and how many entries came since.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::api::audit::{
    ChainStatus, LogPage, VerifyAuditLog, audit_chain_status, search_audit_log,
};

/// The filters, as the URL query holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Filters {
    campaign: String,
    actor: String,
    action: String,
    from: String,
    until: String,
    before: Option<u64>,
}

/// The filter fields: name and label.
const FIELDS: [&str; 5] = ["campaign", "actor", "action", "from", "until"];

impl Filters {
    fn value(&self, field: &str) -> &str {
        match field {
            "campaign" => &self.campaign,
            "actor" => &self.actor,
            "action" => &self.action,
            "from" => &self.from,
            _ => &self.until,
        }
    }

    /// The query of these filters with the cursor `before`.
    fn query(&self, before: Option<u64>) -> String {
        let mut pairs: Vec<String> = FIELDS
            .iter()
            .filter(|f| !self.value(f).is_empty())
            .map(|f| format!("{f}={}", super::query_value(self.value(f))))
            .collect();
        if let Some(b) = before {
            pairs.push(format!("before={b}"));
        }
        format!("/audit?{}", pairs.join("&"))
    }
}

fn given(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// The Audit page.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let verify = ServerAction::<VerifyAuditLog>::new();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            campaign: get("campaign"),
            actor: get("actor"),
            action: get("action"),
            from: get("from"),
            until: get("until"),
            before: q.get("before").and_then(|b| b.parse().ok()),
        }
    });
    let log = Resource::new(
        move || filters.get(),
        |f| {
            search_audit_log(
                given(&f.campaign),
                given(&f.actor),
                given(&f.action),
                given(&f.from),
                given(&f.until),
                f.before,
            )
        },
    );
    let status = Resource::new(move || verify.version().get(), |_| audit_chain_status());
    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Audit log"</h1>
            <Suspense fallback=|| view! { <p>"Loading the chain's status…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => view! { <Chain s verify/> }.into_any(),
                        Err(e) => view! { <super::LoadError error=e id="chain-error"/> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| view! { <p>"Loading the log…"</p> }>
                {move || Suspend::new(async move {
                    let result = log.await;
                    let filters = filters.get_untracked();
                    let error = result.as_ref().err().cloned();
                    view! {
                        <FilterForm filters=filters.clone() error/>
                        {match result {
                            Ok(page) => view! { <Entries page filters/> }.into_any(),
                            Err(e) if e.form_message(&FIELDS).is_none() => ().into_any(),
                            Err(e) => view! { <super::LoadError error=e id="log-error"/> }.into_any(),
                        }}
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The chain's status and the Verify now form.
#[component]
fn Chain(s: ChainStatus, verify: ServerAction<VerifyAuditLog>) -> impl IntoView {
    let pending = verify.pending();
    let head = s.head.unwrap_or(0);
    let summary = match &s.last {
        None => "Not verified since the server started.".to_owned(),
        Some(v) if v.intact => {
            let since = head.saturating_sub(v.head.unwrap_or(0));
            format!(
                "Intact: {} entries verified at {} by {}; {since} entries appended since.",
                v.entries, v.at, v.by
            )
        }
        Some(v) => {
            let (seq, reason) = v.first_break.clone().unwrap_or_default();
            format!(
                "BROKEN at entry {seq}: {reason} (verified at {} by {}).",
                v.at, v.by
            )
        }
    };
    let state = match &s.last {
        None => "unverified",
        Some(v) if v.intact => "intact",
        Some(_) => "broken",
    };
    view! {
        <section class="chain" aria-labelledby="chain-heading">
            <h2 id="chain-heading">"Hash chain"</h2>
            <p id="chain-status" data-chain=state>{format!("{head} entries. {summary}")}</p>
            <ActionForm action=verify attr:id="verify-chain">
                <button type="submit" disabled=move || pending.get()>"Verify the whole chain now"</button>
            </ActionForm>
        </section>
    }
}

/// The filter form, each field's error next to it.
#[component]
fn FilterForm(filters: Filters, error: Option<AppError>) -> impl IntoView {
    let field_error = |field: &'static str| {
        error
            .as_ref()
            .and_then(|e| e.field_message(field))
            .map(|m| {
                view! { <p class="field-error" id=format!("audit-{field}-error")>{m}</p> }
            })
    };
    let actions = campaign_ops_core::AuditAction::ALL;
    let chosen = filters.action.clone();
    view! {
        <form method="get" action="/audit" class="filters" id="audit-filters">
            <label>"Campaign id" <input type="text" name="campaign" inputmode="numeric" value=filters.campaign.clone()/></label>
            {field_error("campaign")}
            <label>"Actor" <input type="text" name="actor" value=filters.actor.clone()/></label>
            <label>
                "Action"
                <select name="action">
                    <option value="" selected=chosen.is_empty()>"any"</option>
                    {actions
                        .into_iter()
                        .map(|a| view! { <option value=a.key() selected=chosen == a.key()>{a.key()}</option> })
                        .collect_view()}
                </select>
            </label>
            {field_error("action")}
            <label>"From" <input type="date" name="from" value=filters.from.clone()/></label>
            {field_error("from")}
            <label>"Until" <input type="date" name="until" value=filters.until.clone()/></label>
            {field_error("until")}
            <button type="submit">"Filter"</button>
            <a href="/audit">"Clear"</a>
        </form>
    }
}

/// A page of entries, and the link to older ones.
#[component]
fn Entries(page: LogPage, filters: Filters) -> impl IntoView {
    let LogPage {
        items,
        next_before,
        scanned,
        time_zone,
        ..
    } = page;
    let looked = scanned
        .map(|(lo, hi)| format!("Entries {lo} to {hi} looked through; times in {time_zone}."))
        .unwrap_or_else(|| "The log is empty.".to_owned());
    let older = next_before.map(|b| filters.query(Some(b)));
    view! {
        <p class="count" id="log-scanned">{looked}</p>
        {if items.is_empty() {
            view! { <p class="empty" id="log-empty">"No entries match here."</p> }.into_any()
        } else {
            view! {
                <table id="audit-log">
                    <thead>
                        <tr>
                            <th>"#"</th>
                            <th>"When"</th>
                            <th>"Who"</th>
                            <th>"What"</th>
                            <th>"On"</th>
                            <th>"Campaign"</th>
                            <th>"Fields / details"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items
                            .into_iter()
                            .map(|r| {
                                let action = r.action.clone();
                                view! {
                                    <tr data-seq=r.seq data-action=action>
                                        <td>{r.seq}</td>
                                        <td>{r.at}</td>
                                        <td>{r.actor}</td>
                                        <td><code>{r.action}</code></td>
                                        <td>{r.entity}</td>
                                        <td>
                                            {r.campaign_id.map(|c| view! { <a href=format!("/campaigns/{c}")>{c}</a> })}
                                        </td>
                                        <td>
                                            {r.fields.join(", ")}
                                            {r.details.map(|d| view! { <br/><small>{d}</small> })}
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
        {older.map(|href| view! { <p><a href=href id="older-entries">"Older entries"</a></p> })}
    }
}
