//! The server side (feature `ssr`): the axum [`router`] that renders the pages, answers the
//! server functions and serves the embedded [`site`], all compressed and behind the
//! [`security`] rules (cross-site requests refused, a body limit, the security headers);
//! and [`run`], the process that serves it next to the actions daemon until SIGTERM /
//! Ctrl-C.

pub mod auth;
pub mod compression;
pub mod context;
pub mod demo;
pub mod errors;
pub mod page_cache;
mod process;
pub mod security;
pub mod site;

pub use context::Service;
pub use process::{RunError, run, run_daemon, run_with, serve_until, serve_with};
pub use security::{PublicOrigin, Security};

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};

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

/// [`router_with`] and the default [`Security`]: this site is the request's own `Host`.
pub fn router(ops: Service, options: LeptosOptions) -> Router {
    router_with(ops, options, Security::default())
}

/// The dashboard's routes: the pages (server-rendered, the service in their context), the
/// server functions under `/api`, the embedded client under `/pkg`, sign-in and sign-out
/// ([`auth`]), a 404 page for the rest; every request but `/pkg` goes through the sign-in
/// middleware ([`auth::authenticate`]). Around them, outermost first: compression at a fast
/// level ([`compression`]; the site's files come precompressed), the security headers and the CSP nonce
/// ([`security::headers`]), the cross-site check ([`security::origin`], with `security`'s
/// public origin), the body limit ([`security::body`]) and the statuses of server
/// functions' errors ([`errors`]).
pub fn router_with(ops: Service, options: LeptosOptions, security: Security) -> Router {
    router_with_cache(ops, options, security, page_cache::PageCache::from_env())
}

/// [`router_with`] with `cache` as the Today page's cache ([`page_cache`], inside the
/// sign-in middleware, around the pages) instead of the one `CAMPAIGN_OPS_PAGE_CACHE`
/// sets up.
pub fn router_with_cache(
    ops: Service,
    options: LeptosOptions,
    security: Security,
    cache: page_cache::PageCache,
) -> Router {
    let compression = std::sync::Arc::new(compression::Compression::from_env());
    let cache = page_cache::CacheState {
        cache,
        ops: ops.clone(),
        compression: std::sync::Arc::clone(&compression),
    };
    let downloads = crate::api::campaign::downloads::routes(ops.clone());
    let auth = auth::Auth::new(ops.clone());
    let policy = security::origin::Policy {
        security,
        listen: options.site_addr.to_string(),
    };
    let context = move || {
        provide_context(ops.clone());
        security::headers::provide_request_nonce();
    };
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
        .layer(axum::middleware::from_fn_with_state(
            cache,
            page_cache::serve,
        ))
        .merge(auth::routes(auth.clone()))
        .layer(axum::middleware::from_fn_with_state(
            auth,
            auth::authenticate,
        ))
        .with_state(options)
        .route(
            security::headers::CSP_REPORTS,
            post(security::headers::report),
        )
        .layer(axum::middleware::from_fn(errors::server_fn_status))
        .layer(axum::middleware::from_fn(security::body::limit_body))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(policy),
            security::origin::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn(security::headers::add_headers))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::clone(&compression),
            compression::compress,
        ))
        .layer(compression.streaming_layer())
}
