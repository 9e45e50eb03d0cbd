//! The campaign page (`/campaigns/:id`) and its server functions, through the router on a
//! real store (redb in memory) with a fixed clock: each function's happy path and its
//! validation error on the right field, the page's HTML as the server renders it, the
//! downloads, and the SVG charts.

mod calendar;
mod charts;
mod downloads;
mod editor;
mod page;
mod reports;
mod tasks;

use axum::body::Body;
use axum::http::Response;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::service::{CampaignPlanning, NewCampaign};
use campaign_ops_core::{Actor, CalendarItem, CampaignId, FixedClock, Objective, Platform, Role};
use campaign_ops_store::RedbStore;
use campaign_ops_web::api::AppError;
use campaign_ops_web::server::Service;
use chrono::{NaiveDate, TimeZone, Utc};
use serde::de::DeserializeOwned;

use super::{PASSWORD, add_user, text};

/// The operator the campaign tests act as (the role table covers who may not).
const OPERATOR: &str = "campaign-operator";

/// Sends `req` through the router as [`OPERATOR`], signed in afresh.
pub async fn send(ops: &Service, mut req: Request<Body>) -> Response<Body> {
    let known = ops.user_by_name(OPERATOR).expect("users are readable");
    if known.is_none() {
        add_user(ops, OPERATOR, Role::Operator);
    }
    let signed = ops.sign_in(OPERATOR, PASSWORD).expect("signed in");
    let cookie = format!("campaign_ops_session={}", signed.token);
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().expect("a header value"));
    super::send(ops, req).await
}

/// A planned campaign on a fresh store: the service, the campaign's id, the clock.
pub struct Planned {
    pub ops: Service,
    pub id: u64,
    pub clock: FixedClock,
}

impl Planned {
    /// The campaign's calendar items.
    pub fn items(&self) -> Vec<CalendarItem> {
        self.ops
            .campaign_calendar(CampaignId(self.id))
            .expect("the calendar")
    }

    /// The first item of `platform`.
    pub fn item_of(&self, platform: Platform) -> CalendarItem {
        self.items()
            .into_iter()
            .find(|i| i.platform == platform)
            .expect("an item of the platform")
    }
}

pub fn actor() -> Actor {
    Actor::new("tester").expect("an actor")
}

/// "Winter launch" (LinkedIn, X, Email; Europe/Berlin; from Monday 2027-01-04), planned
/// for 14 days with its calendar and POST tasks, the clock at 2027-01-01 08:00 UTC.
pub fn planned() -> Planned {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2027, 1, 1, 8, 0, 0).unwrap());
    let ops = campaign_ops_actions::ops(RedbStore::in_memory().expect("redb"), clock.clone());
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date");
    let campaign = ops
        .create_campaign(
            &actor(),
            NewCampaign::new(
                "Winter launch",
                "Acme",
                Objective::LeadGeneration,
                vec![Platform::LinkedIn, Platform::X, Platform::Email],
                start,
                "Europe/Berlin",
            ),
        )
        .expect("created");
    ops.plan_campaign(
        &actor(),
        campaign.id,
        &CampaignPlanning::new("product launch", 14),
    )
    .expect("planned");
    Planned {
        ops,
        id: campaign.id.0,
        clock,
    }
}

/// `pairs` URL-encoded, as a form sends them.
pub fn form(pairs: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Calls the server function at `path` as the hydrated page does (URL-encoded arguments,
/// JSON answer): its value or its error.
pub async fn call<T: DeserializeOwned>(
    ops: &Service,
    path: &str,
    pairs: &[(&str, &str)],
) -> Result<T, AppError> {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(form(pairs)))
        .expect("a request");
    let res = send(ops, req).await;
    let status = res.status();
    let body = text(res).await;
    if status == StatusCode::OK {
        Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{status} {e}: {body}")))
    }
}

/// Asserts that `result` is a validation error on `field` and returns its rule.
#[track_caller]
pub fn field_error<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) -> String {
    match result {
        Err(AppError::Validation { field: f, rule }) if f == field => rule,
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
}
