//! The plan section: the newest plan's phases on a timeline (each phase a bar placed by
//! its days), its KPIs with their targets, and the forms that generate a new plan version
//! and build its calendar and POST tasks.

use leptos::prelude::*;

use super::{Actions, field_error};
use crate::api::campaign::{Overview, PhaseView, PlanView};

/// The plan section of campaign `o`.
#[component]
pub fn PlanSection(o: Overview, actions: Actions) -> impl IntoView {
    let plan = o.plan.clone();
    let plan_id = plan.as_ref().map(|p| p.id);
    view! {
        <section class="card" id="plan" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"Plan"</h2>
            {match plan {
                Some(p) => view! { <PlanDetails p/> }.into_any(),
                None => view! { <p id="no-plan">"Not planned yet."</p> }.into_any(),
            }}
            {o.can_edit.then(|| view! { <PlanForms campaign_id=o.id plan_id actions/> })}
        </section>
    }
}

#[component]
fn PlanDetails(p: PlanView) -> impl IntoView {
    let phases = p.phases.clone();
    view! {
        <p class="plan-meta" id="plan-version">
            {format!(
                "Version {} · {} · {} to {} ({} days) · by {}",
                p.version, p.focus_area, p.start_date, p.end_date, p.duration_days, p.generated_by
            )}
        </p>
        <p class="positioning">{p.positioning.clone()}</p>
        <ol class="timeline" aria-label="Phases on the plan's timeline">
            {phases
                .iter()
                .map(|ph| {
                    // The bar's place as custom properties: wide screens size the bar by
                    // them, phone width draws it as a band behind a full-width line (a
                    // short phase's bar is narrower than its dates).
                    let style = format!("--offset:{}%;--width:{}%", ph.offset_pct, ph.width_pct);
                    view! {
                        <li class="phase-bar" style=style>
                            <span class="phase-name">{ph.name.clone()}</span>
                            // Each date stays whole: a line breaks between them, not inside.
                            <span class="phase-days">
                                <span class="date">{ph.start_date.clone()}</span>
                                " – "
                                <span class="date">{ph.end_date.clone()}</span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <div class="phases">
            {phases.into_iter().map(|ph| view! { <Phase ph/> }).collect_view()}
        </div>
        {(!p.messaging_angles.is_empty())
            .then(|| {
                view! {
                    <h3>"Messaging angles"</h3>
                    <ul class="angles">
                        {p.messaging_angles.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
                    </ul>
                }
            })}
    }
}

#[component]
fn Phase(ph: PhaseView) -> impl IntoView {
    view! {
        <article class="phase">
            <h3>{format!("{} ({} days)", ph.name, ph.days)}</h3>
            <ul class="goals">{ph.goals.iter().map(|g| view! { <li>{g.clone()}</li> }).collect_view()}</ul>
            <table class="kpis">
                <caption>"KPIs"</caption>
                <thead><tr><th scope="col">"KPI"</th><th scope="col">"Target"</th><th scope="col">"Platform"</th></tr></thead>
                <tbody>
                    {ph.kpis
                        .into_iter()
                        .map(|k| {
                            view! {
                                <tr class="kpi">
                                    <td>{k.name}</td>
                                    <td class="target">{k.target}</td>
                                    <td>{k.platform.unwrap_or_else(|| "all".to_owned())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <ul class="tactics">{ph.tactics.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        </article>
    }
}

/// The planning inputs (a new plan version) and the calendar build of the newest plan.
#[component]
fn PlanForms(campaign_id: u64, plan_id: Option<u64>, actions: Actions) -> impl IntoView {
    let generate = actions.generate;
    let build = actions.build;
    let generate_error = move || generate.value().get().and_then(Result::err);
    let build_error = move || build.value().get().and_then(Result::err);
    let built = move || {
        build.value().get().and_then(Result::ok).map(|b| {
            view! {
                <p class="created" id="calendar-built">
                    {format!(
                        "Calendar built: {} items created, {} removed, {} kept; {} POST tasks.",
                        b.created, b.removed, b.kept, b.tasks
                    )}
                </p>
            }
        })
    };
    view! {
        <div class="forms">
            <ActionForm action=generate attr:id="generate-plan" attr:class="form">
                <h3>{if plan_id.is_some() { "Regenerate the plan" } else { "Plan the campaign" }}</h3>
                <input type="hidden" name="campaign_id" value=campaign_id/>
                <label>"Focus area" <input type="text" name="focus_area" required/></label>
                {move || field_error(generate_error(), "focus_area")}
                <label>
                    "Duration (days)"
                    <input type="number" name="duration_days" min="7" max="365" value="28"/>
                </label>
                {move || field_error(generate_error(), "duration_days")}
                {move || {
                    generate_error()
                        .and_then(|e| e.form_message(&["focus_area", "duration_days"]))
                        .map(|m| view! { <p class="error" id="plan-error">{m}</p> })
                }}
                <button type="submit">"Generate plan"</button>
            </ActionForm>
            {plan_id
                .map(|plan_id| {
                    view! {
                        <ActionForm action=build attr:id="build-calendar" attr:class="form">
                            <h3>"Build the calendar and tasks"</h3>
                            <input type="hidden" name="plan_id" value=plan_id/>
                            <label>"Content theme (optional)" <input type="text" name="content_theme"/></label>
                            {move || field_error(build_error(), "content_theme")}
                            <label>"Assign POST tasks to (optional)" <input type="text" name="assignee"/></label>
                            {move || field_error(build_error(), "assignee")}
                            {move || {
                                build_error()
                                    .and_then(|e| e.form_message(&["content_theme", "assignee"]))
                                    .map(|m| view! { <p class="error" id="build-error">{m}</p> })
                            }}
                            <button type="submit">"Build calendar"</button>
                            {built}
                        </ActionForm>
                    }
                })}
        </div>
    }
}
