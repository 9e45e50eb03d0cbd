//! The campaign page, `/campaigns/:id`: a header, then one section per module — the
//! [`plan`], the [`calendar`] with the content [`editor`], the [`tasks`], the [`reports`],
//! the [`audit`] trail and the [`downloads`].
//!
//! Everything it shows comes from server functions (`crate::api::campaign`), and every
//! control is a link or a form that works without JS: view, date, filters, the selected
//! item and the pages live in the query string; forms post to the server functions, which
//! redirect back (with the error in the URL when there is one). Hydrated, forms submit in
//! the background and the sections reload; calendar items can also be dragged ([`drag`]).
//! Forms are shown only to callers who may use them; the server functions check anyway.

mod audit;
mod calendar;
mod downloads;
mod drag;
mod editor;
mod plan;
mod reports;
mod tasks;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::ParamsMap;

use crate::api::AppError;
use crate::api::campaign::{
    AssignTask, BuildCalendar, GeneratePlan, Overview, Reschedule, SaveItem, campaign_overview,
};

/// The actions of the page, shared by its sections: a section reloads when one it shows
/// the effects of has run.
#[derive(Clone, Copy)]
pub(crate) struct Actions {
    pub generate: ServerAction<GeneratePlan>,
    pub build: ServerAction<BuildCalendar>,
    pub save: ServerAction<SaveItem>,
    pub reschedule: ServerAction<Reschedule>,
    pub assign: ServerAction<AssignTask>,
}

impl Actions {
    fn new() -> Self {
        Self {
            generate: ServerAction::new(),
            build: ServerAction::new(),
            save: ServerAction::new(),
            reschedule: ServerAction::new(),
            assign: ServerAction::new(),
        }
    }

    /// How many changes to the calendar ran (a key that moves when one did).
    pub fn calendar_changes(&self) -> (usize, usize, usize) {
        (
            self.build.version().get(),
            self.save.version().get(),
            self.reschedule.version().get(),
        )
    }

    /// How many changes of any kind ran.
    pub fn any_changes(&self) -> usize {
        let (b, s, r) = self.calendar_changes();
        b + s + r + self.generate.version().get() + self.assign.version().get()
    }
}

/// The link to this page with the query `query` changed by `changes` (`None` removes a
/// key); the error markers of a no-JS form post are dropped.
pub(crate) fn href(
    id: u64,
    query: &ParamsMap,
    changes: &[(&'static str, Option<String>)],
) -> String {
    let mut q = query.clone();
    q.remove("__err");
    q.remove("__path");
    for (key, value) in changes {
        match value {
            Some(v) if !v.is_empty() => q.replace(*key, v.clone()),
            _ => {
                q.remove(key);
            }
        }
    }
    format!("/campaigns/{id}{}", q.to_query_string())
}

/// The value of `key` in the query, if not blank.
pub(crate) fn query_value(query: &ParamsMap, key: &str) -> Option<String> {
    query.get(key).filter(|v| !v.trim().is_empty())
}

/// The message of `error` for `field`, shown next to it with the id `<field>-error`.
pub(crate) fn field_error(error: Option<AppError>, field: &'static str) -> Option<impl IntoView> {
    error.and_then(|e| e.field_message(field)).map(|message| {
        view! { <p class="field-error" id=format!("{field}-error")>{message}</p> }
    })
}

/// The campaign page.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<u64>().ok());
    let actions = Actions::new();
    let overview = Resource::new(
        move || {
            (
                id(),
                actions.generate.version().get(),
                actions.build.version().get(),
            )
        },
        |(id, _, _)| async move {
            match id {
                Some(id) => campaign_overview(id).await,
                None => Err(AppError::NotFound("no such campaign".to_owned())),
            }
        },
    );
    view! {
        <main class="page campaign" data-hydrated=move || hydrated.get().to_string()>
            <p class="crumbs"><a href="/">"← Campaigns"</a></p>
            <Suspense fallback=|| view! { <p>"Loading the campaign…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Sections o actions/> }.into_any(),
                        Err(e) => view! { <Missing e/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The page of a campaign that could not be loaded (404 when it does not exist).
#[component]
fn Missing(e: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if matches!(e, AppError::NotFound(_))
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>"Campaign not available"</h1>
        <crate::app::LoadError error=e id="campaign-error"/>
    }
}

/// The header and the sections of a loaded campaign.
#[component]
fn Sections(o: Overview, actions: Actions) -> impl IntoView {
    let id = o.id;
    let status = o.status.clone();
    view! {
        <header class="campaign-head">
            <h1 id="campaign-name">{o.name.clone()}</h1>
            <p class="meta">
                <span class=format!("status status-{status}")>{status.clone()}</span>
                {format!(
                    " {} · {} · {} to {} · {}",
                    o.client_name,
                    o.objective.replace('_', " "),
                    o.start_date,
                    o.end_date.clone().unwrap_or_else(|| "open end".to_owned()),
                    o.time_zone,
                )}
            </p>
            <nav class="sections" aria-label="Sections">
                <a href="#plan">"Plan"</a>
                <a href="#calendar">"Calendar"</a>
                <a href="#tasks">"Tasks"</a>
                <a href="#reports">"Reports"</a>
                <a href="#audit">"Audit trail"</a>
                <a href="#downloads">"Downloads"</a>
            </nav>
        </header>
        <plan::PlanSection o=o.clone() actions/>
        <calendar::CalendarSection id can_edit=o.can_edit actions/>
        <tasks::TasksSection id can_edit=o.can_edit actions/>
        <reports::ReportsSection id actions/>
        <audit::AuditSection id actions/>
        <downloads::DownloadsSection id/>
    }
}
