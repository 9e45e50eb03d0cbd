//! The reports section: one week's summary (week links to page through), and the two SVG
//! charts the server draws (completion per week, engagement rate per platform).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{Actions, href, query_value};
use crate::api::campaign::{ReportView, campaign_report};

/// The reports section of campaign `id`.
#[component]
pub fn ReportsSection(id: u64, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let week = move || query_value(&query.read(), "week");
    let report = Resource::new(
        move || (week(), actions.any_changes()),
        move |(week, _)| campaign_report(id, week),
    );
    view! {
        <section class="card" id="reports" aria-labelledby="reports-heading">
            <h2 id="reports-heading">"Reports"</h2>
            <Suspense fallback=|| view! { <p>"Loading the report…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => {
                            let q = query.get_untracked();
                            let prev = href(id, &q, &[("week", Some(r.prev_week.clone()))]);
                            let next = href(id, &q, &[("week", Some(r.next_week.clone()))]);
                            view! { <Report r prev next/> }.into_any()
                        }
                        Err(e) => view! { <crate::app::LoadError error=e id="report-error"/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Report(r: ReportView, prev: String, next: String) -> impl IntoView {
    view! {
        <div class="report-head">
            <h3 id="report-week">{format!("Week {} ({} – {})", r.week, r.days.0, r.days.1)}</h3>
            <nav aria-label="Report week">
                <a href=format!("{prev}#reports") rel="prev">"← Previous week"</a>
                <a href=format!("{next}#reports") rel="next">"Next week →"</a>
            </nav>
        </div>
        <p class="summary-text" id="summary-text">{r.text.clone()}</p>
        <dl class="figures">
            <dt>"Completion"</dt><dd id="completion-rate">{r.completion.clone()}</dd>
            <dt>"Engagement rate"</dt><dd id="engagement-rate">{r.engagement.clone()}</dd>
            {r.tasks
                .iter()
                .map(|(label, n)| view! { <dt>{label.clone()}</dt><dd>{*n}</dd> })
                .collect_view()}
        </dl>
        <table class="platform-figures" id="platform-figures">
            <caption>"Per platform this week"</caption>
            <thead>
                <tr>
                    <th scope="col">"Platform"</th>
                    <th scope="col">"Impressions"</th>
                    <th scope="col">"Engagements"</th>
                    <th scope="col">"Rate"</th>
                </tr>
            </thead>
            <tbody>
                {r.platforms
                    .iter()
                    .map(|p| {
                        view! {
                            <tr>
                                <td>{p.platform.clone()}</td>
                                <td>{p.impressions.clone()}</td>
                                <td>{p.engagements.clone()}</td>
                                <td>{p.rate.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <div class="charts">
            <figure class="chart-box" inner_html=r.completion_chart.clone()></figure>
            <figure class="chart-box" inner_html=r.engagement_chart.clone()></figure>
        </div>
    }
}
