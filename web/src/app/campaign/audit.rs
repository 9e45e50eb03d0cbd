//! The audit trail section: the campaign's entries, oldest first, a page at a time
//! (keyset cursor `audit_after`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{Actions, href, query_value};
use crate::api::campaign::{AuditPage, campaign_audit};

/// The audit trail section of campaign `id`.
#[component]
pub fn AuditSection(id: u64, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let after =
        move || query_value(&query.read(), "audit_after").and_then(|a| a.parse::<u64>().ok());
    let page = Resource::new(
        move || (after(), actions.any_changes()),
        move |(after, _)| campaign_audit(id, after),
    );
    view! {
        <section class="card" id="audit" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"Audit trail"</h2>
            <Suspense fallback=|| view! { <p>"Loading the trail…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let next = p.next.map(|n| {
                                href(id, &query.get_untracked(), &[("audit_after", Some(n.to_string()))])
                            });
                            view! { <Trail p next/> }.into_any()
                        }
                        Err(e) => view! { <crate::app::LoadError error=e id="audit-error"/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Trail(p: AuditPage, next: Option<String>) -> impl IntoView {
    if p.items.is_empty() {
        return view! { <p id="no-audit">"No entries."</p> }.into_any();
    }
    view! {
        <table id="audit-trail">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"On"</th>
                    <th scope="col">"Changed"</th>
                </tr>
            </thead>
            <tbody>
                {p.items
                    .into_iter()
                    .map(|e| {
                        let changed = match (&e.details, e.fields.is_empty()) {
                            (Some(d), true) => d.clone(),
                            (Some(d), false) => format!("{} — {d}", e.fields.join(", ")),
                            (None, _) => e.fields.join(", "),
                        };
                        view! {
                            <tr data-seq=e.seq>
                                <td>{e.seq}</td>
                                <td>{e.at}</td>
                                <td>{e.actor}</td>
                                <td><code>{e.action}</code></td>
                                <td>{e.entity}</td>
                                <td>{changed}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {next.map(|n| view! { <a class="next" id="audit-next" href=format!("{n}#audit")>"Next page →"</a> })}
    }
    .into_any()
}
