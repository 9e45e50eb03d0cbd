//! The server side (feature `ssr`): the axum [`router`] that renders the pages, answers the
//! server functions and serves the embedded [`site`], all compressed; and [`run`], the
//! process that serves it next to the actions daemon until SIGTERM / Ctrl-C.

pub mod auth;
pub mod context;
pub mod demo;
mod process;
pub mod site;

pub use context::Service;
pub use process::{RunError, run, run_daemon, serve_until};

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use crate::app::{App, shell};

/// The Leptos options the server renders with: the client files under `/pkg` named
/// [`crate::OUTPUT_NAME`], and `addr` as the site's address.
pub fn options(addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(crate::OUTPUT_NAME)
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// The dashboard's routes: the pages (server-rendered, the service in their context), the
/// server functions under `/api`, the embedded client under `/pkg`, sign-in and sign-out
/// ([`auth`]), a 404 page for the rest; every request but `/pkg` goes through the sign-in
/// middleware ([`auth::authenticate`]); responses compressed (gzip or brotli, as the client
/// accepts).
pub fn router(ops: Service, options: LeptosOptions) -> Router {
    let downloads = crate::api::campaign::downloads::routes(ops.clone());
    let auth = auth::Auth::new(ops.clone());
    let context = move || provide_context(ops.clone());
    let routes = generate_route_list(App);
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let not_found =
        leptos_axum::render_app_to_stream_with_context(context.clone(), app_shell.clone());
    Router::new()
        .route("/pkg/{*file}", get(site::serve))
        .merge(downloads)
        .leptos_routes_with_context(&options, routes, context, app_shell)
        .fallback(move |req: Request<Body>| not_found(req))
        .merge(auth::routes(auth.clone()))
        .layer(axum::middleware::from_fn_with_state(
            auth,
            auth::authenticate,
        ))
        .with_state(options)
        // Level 4: most of brotli's and gzip's gain at a fraction of their best level's cost
        // (brotli's default, 11, takes seconds on the WASM file).
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
}
