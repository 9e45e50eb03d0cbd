//! The dashboard's components: the HTML shell (server side), the [`App`] with its routes,
//! and one module per page.

mod actions;
mod audit_log;
mod campaign;
mod campaigns;
mod keyed;
mod today;
mod user_menu;
mod users;

pub use actions::ActionsPage;
pub use audit_log::AuditLogPage;
pub use campaign::CampaignPage;
pub use campaigns::{CampaignsPage, EditCampaignPage, NewCampaignPage};
pub use today::TodayPage;
pub use user_menu::UserMenu;
pub use users::UsersPage;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};

/// The whole HTML document the server renders around [`App`], with the scripts that load
/// and hydrate the WASM client.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The dashboard: header and routes. Hydrated in the browser by `hydrate()` (feature
/// `hydrate`).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href=format!("/pkg/{}.css", crate::OUTPUT_NAME)/>
        <Title text="campaign-ops"/>
        <Router>
            <header class="top">
                <a class="brand" href="/">"campaign-ops"</a>
                <nav aria-label="Main">
                    <a href="/today">"Today"</a>
                    <a href="/campaigns">"Campaigns"</a>
                </nav>
                <UserMenu/>
            </header>
            // Async: the page is sent once its data is loaded, so it is whole without JS.
            <Routes fallback=NotFound>
                <Route path=StaticSegment("") view=|| view! { <Redirect path="/today"/> }/>
                <Route path=StaticSegment("today") view=TodayPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("campaigns") view=CampaignsPage ssr=SsrMode::Async/>
                <Route
                    path=(StaticSegment("campaigns"), StaticSegment("new"))
                    view=NewCampaignPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("campaigns"), ParamSegment("id"), StaticSegment("edit"))
                    view=EditCampaignPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(StaticSegment("campaigns"), ParamSegment("id"))
                    view=CampaignPage
                    ssr=SsrMode::Async
                />
                <Route path=StaticSegment("users") view=UsersPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("actions") view=ActionsPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("audit") view=AuditLogPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

/// The page of an unknown path (status 404 on the server).
#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="page">
            <h1>"Not found"</h1>
            <p><a href="/today">"Back to Today"</a></p>
        </main>
    }
}

/// Whether the WASM client has hydrated the page: `false` in the server's HTML, `true` once
/// an effect (which runs only in the browser) has run. Pages put it in `data-hydrated` so
/// browser tests can wait for hydration before they click.
pub fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// Percent-encodes `value` for a URL query (all but unreserved characters and `/`).
pub(crate) fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The sign-in page's address that brings the user back to `here` (a path with its
/// query) once signed in.
pub fn sign_in_url(here: &str) -> String {
    format!("/sign-in?next={}", query_value(here))
}

/// The query parameter that has the sign-in page say the user's session has ended (it
/// expired, or was ended elsewhere), so that being sent there is explained.
pub const SESSION_ENDED: &str = "session=ended";

/// [`sign_in_url`] for someone whose session has ended: the sign-in page says so.
pub fn session_ended_url(here: &str) -> String {
    format!("{}&{SESSION_ENDED}", sign_in_url(here))
}

/// A page's load error, with `id` for tests. When nobody is signed in any more (the
/// session expired or was ended while the page was open, and the client navigated to
/// another page, whose data then answered 401), the browser goes to the sign-in page,
/// which returns here after, instead of showing the refusal; without JS (a server render
/// is redirected by the sign-in middleware before it gets here) the link does the same.
#[component]
pub fn LoadError(
    /// What the page's server function failed with.
    error: crate::api::AppError,
    /// The message's element id.
    id: &'static str,
) -> impl IntoView {
    if !matches!(error, crate::api::AppError::Unauthorized(_)) {
        return view! { <p class="error" id=id>{error.to_string()}</p> }.into_any();
    }
    let location = leptos_router::hooks::use_location();
    let (path, search) = (
        location.pathname.get_untracked(),
        location.search.get_untracked(),
    );
    let here = match (path.starts_with('/'), search.is_empty()) {
        (true, true) => path,
        (true, false) => format!("{path}?{search}"),
        (false, true) => format!("/{path}"),
        (false, false) => format!("/{path}?{search}"),
    };
    let to = session_ended_url(&here);
    let target = to.clone();
    // Effects run only in the browser: a full page load, the sign-in page is the server's.
    Effect::new(move |_| {
        if let Err(e) = window().location().replace(&target) {
            leptos::logging::error!("going to the sign-in page failed: {e:?}");
        }
    });
    view! {
        <p class="error" id=id role="alert" data-signed-out="true">
            "Your session has ended. "
            <a href=to rel="external" id="sign-in-again">"Sign in again"</a>
        </p>
    }
    .into_any()
}
