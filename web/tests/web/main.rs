//! The dashboard's integration tests (feature `ssr`, the default): the router on a real
//! store (redb in memory), called in-process, and the process with its daemon on a real
//! socket, and end to end in headless Chromium.

#![cfg(feature = "ssr")]

mod admin;
mod auth;
mod bad_input;
mod campaign;
mod campaigns;
mod checklist;
mod demo;
mod e2e;
mod pages;
mod process;
mod roles;
mod security;
mod today;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::{Actor, CampaignId, Clock, Objective, Platform, Role, SystemClock};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::{self, Service};
use chrono::NaiveDate;
use tower::ServiceExt;

/// A service on a fresh in-memory database.
pub fn service() -> Service {
    service_on(SystemClock)
}

/// A service on a fresh in-memory database, reading time from `clock`.
pub fn service_on(clock: impl Clock + 'static) -> Service {
    campaign_ops_actions::ops(RedbStore::in_memory().expect("in-memory redb"), clock)
}

/// The password every test user gets.
pub const PASSWORD: &str = "test passphrase 1";

/// Adds the user `name` with `role`.
pub fn add_user(ops: &Service, name: &str, role: Role) {
    let new = NewUser::new(name, role, PASSWORD).display_name(format!("{name} display"));
    ops.add_user(&Actor::new("test").expect("actor"), new)
        .expect("user added");
}

/// A `Cookie` header value of a fresh session of a new user `name` with `role`.
pub fn session(ops: &Service, name: &str, role: Role) -> String {
    add_user(ops, name, role);
    let signed = ops.sign_in(name, PASSWORD).expect("signed in");
    format!("campaign_ops_session={}", signed.token)
}

/// A GET of `uri` with the cookie `cookie`.
pub fn get_as(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(axum::http::header::COOKIE, cookie)
        .body(Body::empty())
        .expect("a request")
}

/// One router over `ops` (its sign-in limiter lives as long as it does). Build it before
/// the test's requests, not while another test renders (see [`ROUTER`]).
pub async fn app(ops: &Service) -> axum::Router {
    let _turn = ROUTER.lock().await;
    let addr = "127.0.0.1:3000".parse().expect("an address");
    server::router(ops.clone(), server::options(addr))
}

/// Sends `req` through `app`, as it is (no session added).
pub async fn via(app: &axum::Router, req: Request<Body>) -> Response<Body> {
    let _turn = ROUTER.lock().await;
    let res = app
        .clone()
        .oneshot(req)
        .await
        .expect("the router is infallible");
    // Rendered whole while this test has its turn.
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 10 << 20).await.expect("a body");
    Response::from_parts(parts, Body::from(bytes))
}

/// Adds a campaign named `name` (client Acme, Draft, LinkedIn and X, Europe/Berlin).
pub fn seed(ops: &Service, name: &str) -> CampaignId {
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date");
    let new = NewCampaign::new(
        name,
        "Acme",
        Objective::LeadGeneration,
        vec![Platform::LinkedIn, Platform::X],
        start,
        "Europe/Berlin",
    );
    ops.create_campaign(&Actor::new("test").expect("actor"), new)
        .expect("seeded")
        .id
}

/// A server function's answer to a call as the hydrated client makes it (no `text/html`
/// in `Accept`): the status and the body.
pub async fn call(ops: &Service, path: &str, body: &str) -> (StatusCode, String) {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("a request");
    let res = send(ops, req).await;
    let status = res.status();
    (status, text(res).await)
}

/// The value of a call that must succeed.
pub async fn call_ok<T: serde::de::DeserializeOwned>(ops: &Service, path: &str, body: &str) -> T {
    let (status, body) = call(ops, path, body).await;
    assert_eq!(status, StatusCode::OK, "{path} {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The error of a call that must fail.
pub async fn call_err<E: serde::de::DeserializeOwned>(ops: &Service, path: &str, body: &str) -> E {
    let (status, body) = call(ops, path, body).await;
    assert_ne!(status, StatusCode::OK, "{path} {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// A form post as a browser without JS sends it, from the page `referer` (a path).
pub fn form_post(path: &str, referer: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, format!("http://127.0.0.1:3000{referer}"))
        .body(Body::from(body.to_owned()))
        .expect("a request")
}

/// Where a response redirects to, as a path on the site.
pub fn location(res: &Response<Body>) -> String {
    res.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII")
        .trim_start_matches("http://127.0.0.1:3000")
        // What is left of the query once server_fn took its error out of it.
        .trim_end_matches('?')
        .to_owned()
}

/// Held while a test builds a router or renders through one. Building the router generates
/// Leptos' route list, which sets a process-global "suppress resource loads" flag for a
/// moment; a resource first polled by a render in another test at that moment never loads,
/// and that render hangs for good (leptos-rs/leptos#4773). A real server builds its router
/// once before it serves; tests build one per request, in parallel, so they take turns.
pub static ROUTER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The login name of the user [`send`] signs in as: an admin in UTC, named as the
/// dashboard's actor was before sign-in.
pub const DEFAULT_USER: &str = "dashboard";

/// Sends `req` through the dashboard's router over `ops`; a request without a cookie goes
/// as [`DEFAULT_USER`] (added on first use), signed in afresh. Tests of who may do what
/// set their own cookie ([`session`]) or go through [`via`].
pub async fn send(ops: &Service, mut req: Request<Body>) -> Response<Body> {
    if !req.headers().contains_key(header::COOKIE) {
        if ops
            .user_by_name(DEFAULT_USER)
            .expect("users are readable")
            .is_none()
        {
            add_user(ops, DEFAULT_USER, Role::Admin);
        }
        let signed = ops.sign_in(DEFAULT_USER, PASSWORD).expect("signed in");
        let cookie = format!("campaign_ops_session={}", signed.token);
        req.headers_mut()
            .insert(header::COOKIE, cookie.parse().expect("a header value"));
    }
    let _turn = ROUTER.lock().await;
    let addr = "127.0.0.1:3000".parse().expect("an address");
    let res = server::router(ops.clone(), server::options(addr))
        .oneshot(req)
        .await
        .expect("the router is infallible");
    // Rendered whole while this test has its turn.
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 10 << 20).await.expect("a body");
    Response::from_parts(parts, Body::from(bytes))
}

/// The body as text.
pub async fn text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .expect("a body");
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A GET of `uri`.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("a request")
}

/// A logical dump of what the store shows (campaigns 1 to 64 and everything filed under
/// them, the campaign actions' ledger, the whole audit log, which records every user
/// change): equal before and after a refused call.
pub fn dump(ops: &Service) -> serde_json::Value {
    campaign_ops_core::conformance::logical_dump(
        ops.store(),
        1..=64,
        &campaign_ops_actions::CAMPAIGN_ACTIONS,
    )
}
