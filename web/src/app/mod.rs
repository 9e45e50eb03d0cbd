//! The dashboard's components: the HTML shell (server side), the [`App`] with its routes,
//! and one module per page.

mod campaign;
mod campaigns;
mod today;
mod user_menu;
mod users;

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
