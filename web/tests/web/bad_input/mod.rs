//! The server functions' bad-input table (issue 10; the service API's is `tests/it/bad_input`,
//! the command line's is the CLI's): malformed form and JSON bodies, missing, duplicated
//! and mistyped fields, oversized bodies and fields, control and bidi characters, unknown
//! ids, ids of a read-only campaign, bad time zones — each sent over HTTP as the hydrated
//! client sends a call (an admin's, so no role check is what refuses it). Every row must
//! get its status (never 500, never a panic) and a message naming the field, short (no
//! megabyte echoed back), and leave the store's logical dump as it was.

mod rows;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::{CampaignId, Role};
use campaign_ops_web::server::Service;

use super::{DEFAULT_USER, add_user, dump, send, text};

/// How a row's body is sent.
pub enum Payload {
    /// URL-encoded, as the client and forms send arguments.
    Form(String),
    /// With another content type.
    Typed(&'static str, Vec<u8>),
}

/// One bad call: the server function's path, its body, the status it must get and words
/// its message must contain (lower case: the field, and the rule where it matters).
pub struct Row {
    pub path: String,
    pub body: Payload,
    pub status: StatusCode,
    pub words: Vec<&'static str>,
}

/// A row with a URL-encoded body.
pub fn form(path: &str, body: impl Into<String>, status: u16, words: &[&'static str]) -> Row {
    Row {
        path: path.to_owned(),
        body: Payload::Form(body.into()),
        status: StatusCode::from_u16(status).expect("a status"),
        words: words.to_vec(),
    }
}

/// A row with a body of `content_type`.
pub fn typed(
    path: &str,
    content_type: &'static str,
    body: impl Into<Vec<u8>>,
    status: u16,
    words: &[&'static str],
) -> Row {
    Row {
        path: path.to_owned(),
        body: Payload::Typed(content_type, body.into()),
        status: StatusCode::from_u16(status).expect("a status"),
        words: words.to_vec(),
    }
}

/// The ids the rows use: an open (draft) campaign with its plan, items and tasks, and a
/// completed (read-only) one with the same.
pub struct World {
    pub ops: Service,
    pub open: u64,
    pub open_item: u64,
    pub open_task: u64,
    pub done: u64,
    pub done_plan: u64,
    pub done_item: u64,
    pub done_task: u64,
}

fn world() -> World {
    let planned = super::campaign::planned();
    let ops = planned.ops.clone();
    let actor = super::campaign::actor();
    let open = CampaignId(planned.id);
    let done = super::seed(&ops, "Finished launch");
    let plan = ops
        .plan_campaign(
            &actor,
            done,
            &campaign_ops_core::service::CampaignPlanning::new("wrap-up", 14),
        )
        .expect("planned");
    ops.activate_campaign(&actor, done).expect("active");
    ops.complete_campaign(&actor, done).expect("completed");
    let first_item = |c| ops.campaign_calendar(c).expect("items")[0].id.0;
    let first_task = |c| ops.campaign_tasks(c).expect("tasks")[0].id.0;
    add_user(&ops, DEFAULT_USER, Role::Admin);
    World {
        open: open.0,
        open_item: first_item(open),
        open_task: first_task(open),
        done: done.0,
        done_plan: plan.plan.id.0,
        done_item: first_item(done),
        done_task: first_task(done),
        ops,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_server_function_call_gets_a_clear_error_and_changes_nothing() {
    let w = world();
    let rows = rows::rows(&w);
    assert!(rows.len() >= 25, "only {} rows", rows.len());
    let mut failures = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let before = dump(&w.ops);
        let (content_type, bytes) = match &row.body {
            Payload::Form(s) => ("application/x-www-form-urlencoded", s.clone().into_bytes()),
            Payload::Typed(t, b) => (*t, b.clone()),
        };
        let req = Request::post(&row.path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "application/json")
            .body(Body::from(bytes))
            .expect("a request");
        let res = send(&w.ops, req).await;
        let status = res.status();
        let body = text(res).await;
        let shown: String = body.chars().take(300).collect();
        let what = format!("row {i} ({}): {status} {shown}", row.path);
        if status != row.status {
            failures.push(format!("{what}: expected {}", row.status));
        }
        if status == StatusCode::INTERNAL_SERVER_ERROR || status.is_success() {
            failures.push(format!("{what}: neither a refusal nor clear"));
        }
        let lower = body.to_lowercase();
        for word in &row.words {
            if !lower.contains(word) {
                failures.push(format!("{what}: does not say {word:?}"));
            }
        }
        if body.len() > 1000 {
            failures.push(format!("{what}: {} bytes of message", body.len()));
        }
        if dump(&w.ops) != before {
            failures.push(format!("{what}: the store changed"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
    eprintln!("{} bad server function calls refused", rows.len());
}
