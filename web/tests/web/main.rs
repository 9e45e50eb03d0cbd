//! The dashboard's integration tests (feature `ssr`, the default): the router on a real
//! store (redb in memory), called in-process, and the process with its daemon on a real
//! socket.

#![cfg(feature = "ssr")]

mod campaigns;
mod pages;
mod process;
mod today;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::{Actor, CampaignId, Objective, Platform, SystemClock};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::{self, Service};
use chrono::NaiveDate;
use tower::ServiceExt;

/// A service on a fresh in-memory database.
pub fn service() -> Service {
    campaign_ops_actions::ops(RedbStore::in_memory().expect("in-memory redb"), SystemClock)
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

/// Sends `req` through the dashboard's router over `ops`.
pub async fn send(ops: &Service, req: Request<Body>) -> Response<Body> {
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
