//! The dashboard's integration tests (feature `ssr`, the default): the router on a real
//! store (redb in memory), called in-process, and the process with its daemon on a real
//! socket, and end to end in headless Chromium.

#![cfg(feature = "ssr")]

mod auth;
mod campaign;
mod demo;
mod e2e;
mod pages;
mod process;
mod roles;

use axum::body::Body;
use axum::http::{Request, Response};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::{Actor, Clock, Objective, Platform, Role, SystemClock};
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

/// One router over `ops` (its sign-in limiter lives as long as it does).
pub fn app(ops: &Service) -> axum::Router {
    let addr = "127.0.0.1:3000".parse().expect("an address");
    server::router(ops.clone(), server::options(addr))
}

/// Sends `req` through `app`.
pub async fn call(app: &axum::Router, req: Request<Body>) -> Response<Body> {
    app.clone()
        .oneshot(req)
        .await
        .expect("the router is infallible")
}

/// Adds a campaign named `name`.
pub fn seed(ops: &Service, name: &str) {
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
        .expect("seeded");
}

/// Sends `req` through the dashboard's router over `ops`.
pub async fn send(ops: &Service, req: Request<Body>) -> Response<Body> {
    let addr = "127.0.0.1:3000".parse().expect("an address");
    server::router(ops.clone(), server::options(addr))
        .oneshot(req)
        .await
        .expect("the router is infallible")
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
