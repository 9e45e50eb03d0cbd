//! The dashboard's integration tests (feature `ssr`, the default): the router on a real
//! store (redb in memory), called in-process, and the process with its daemon on a real
//! socket, and end to end in headless Chromium.

#![cfg(feature = "ssr")]

mod campaign;
mod e2e;
mod pages;
mod process;

use axum::body::Body;
use axum::http::{Request, Response};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::{Actor, Objective, Platform, SystemClock};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::{self, Service};
use chrono::NaiveDate;
use tower::ServiceExt;

/// A service on a fresh in-memory database.
pub fn service() -> Service {
    campaign_ops_actions::ops(RedbStore::in_memory().expect("in-memory redb"), SystemClock)
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
