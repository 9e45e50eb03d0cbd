//! The admin pages and their server functions: Actions (the registered actions, run now,
//! enable / disable stored and honoured by the daemon, the ledger paged) and Audit (the
//! whole log filtered and paged, the chain's verification on request), happy paths and
//! validation errors on their fields; the nav links for admins only; an expired session's
//! page goes to sign-in with a return path.

use axum::http::StatusCode;
use campaign_ops_actions::{Daemon, DaemonConfig, Registry};
use campaign_ops_core::{AuditAction, RunStatus};
use campaign_ops_web::api::AppError;
use campaign_ops_web::api::actions::{
    ActionRow, ActionRuns, ListActions, RunActionNow, RunRow, RunsPage, SetActionEnabled,
};
use campaign_ops_web::api::audit::{
    AuditChainStatus, ChainStatus, LogPage, SearchAuditLog, VerifyAuditLog,
};
use campaign_ops_web::app::{session_ended_url, sign_in_url};
use leptos::server_fn::ServerFn;

use super::{call_err, call_ok, get, get_as, seed, send, service, session, text, via};

const TICK: &str = "CAMPAIGN_TICK";

fn field(e: &AppError) -> &str {
    match e {
        AppError::Validation { field, .. } => field,
        other => panic!("not a field error: {other:?}"),
    }
}

fn daemon(ops: &campaign_ops_web::server::Service) -> Daemon {
    Daemon::new(
        ops.clone(),
        Registry::build().expect("registry"),
        DaemonConfig::default(),
    )
    .expect("daemon")
}

#[tokio::test]
async fn the_actions_page_lists_every_registered_action_with_its_controls() {
    let ops = service();
    let list: Vec<ActionRow> = call_ok(&ops, ListActions::PATH, "").await;
    let names: Vec<&str> = list.iter().map(|a| a.name.as_str()).collect();
    let registry = Registry::build().expect("registry");
    assert_eq!(names, registry.names().collect::<Vec<_>>());
    let tick = list.iter().find(|a| a.name == TICK).expect("the tick");
    assert!(tick.enabled && tick.next_run.is_some() && tick.last_run.is_none());
    assert_eq!(tick.schedule, "daily at 00:05");
    let html = text(send(&ops, get("/actions")).await).await;
    assert!(html.contains(r#"id="actions""#), "{html}");
    assert!(html.contains(&format!(r#"data-action="{TICK}""#)));
    assert!(html.contains(&format!(r#"action="{}""#, RunActionNow::PATH)));
    assert!(html.contains(&format!(r#"action="{}""#, SetActionEnabled::PATH)));
    assert!(html.contains(r#"class="actions-link""#) && html.contains(r#"class="audit-link""#));
}

#[tokio::test]
async fn a_disabled_action_is_stored_audited_and_not_run_by_the_daemon() {
    let ops = service();
    let row: ActionRow = call_ok(
        &ops,
        SetActionEnabled::PATH,
        &format!("action={TICK}&enabled=false"),
    )
    .await;
    assert!(!row.enabled && row.next_run.is_none());
    assert!(
        row.switched
            .as_deref()
            .unwrap()
            .starts_with("off by dashboard")
    );
    assert_eq!(
        ops.action_setting(TICK).unwrap().map(|s| s.enabled),
        Some(false)
    );
    let daemon = daemon(&ops);
    let due: Vec<&str> = daemon
        .plan()
        .unwrap()
        .due
        .iter()
        .map(|d| d.action)
        .collect();
    assert!(!due.contains(&TICK) && !due.is_empty(), "{due:?}");
    let ran = daemon.run_due().unwrap();
    assert!(ran.iter().all(|o| o.due.action != TICK));
    assert!(
        ops.list_action_runs(TICK, None, false, 10)
            .unwrap()
            .is_empty()
    );
    // On again: it runs.
    let row: ActionRow = call_ok(
        &ops,
        SetActionEnabled::PATH,
        &format!("action={TICK}&enabled=true"),
    )
    .await;
    assert!(row.enabled);
    assert!(
        daemon
            .run_due()
            .unwrap()
            .iter()
            .any(|o| o.due.action == TICK)
    );
    let actions: Vec<AuditAction> = ops
        .audit_log(None, 100)
        .unwrap()
        .iter()
        .map(|e| e.action)
        .filter(|a| matches!(a, AuditAction::ActionDisable | AuditAction::ActionEnable))
        .collect();
    assert_eq!(
        actions,
        [AuditAction::ActionDisable, AuditAction::ActionEnable]
    );
}

#[tokio::test]
async fn run_now_queues_a_run_the_daemon_makes_and_the_ledger_pages_it() {
    let ops = service();
    let daemon = daemon(&ops);
    daemon.run_due().unwrap(); // the scheduled periods, out of the way
    // The current period ran already: asked again, it runs once more.
    let queued: RunRow = call_ok(&ops, RunActionNow::PATH, &format!("action={TICK}")).await;
    assert_eq!((queued.status.as_str(), queued.attempts), ("queued", 0));
    let ran = daemon.run_due().unwrap();
    let run = ran
        .iter()
        .find(|o| o.run.key == queued.key)
        .expect("the request ran");
    assert_eq!(run.run.status, RunStatus::Succeeded);
    let page: RunsPage = call_ok(&ops, ActionRuns::PATH, &format!("action={TICK}")).await;
    assert!(
        page.runs
            .iter()
            .any(|r| r.key == queued.key && r.status == "succeeded")
    );
    assert_eq!(page.next, None);
    let list: Vec<ActionRow> = call_ok(&ops, ListActions::PATH, "").await;
    let tick = list.iter().find(|a| a.name == TICK).unwrap();
    assert!(tick.last_run.is_some());
    let html = text(send(&ops, get(&format!("/actions?runs={TICK}"))).await).await;
    assert!(html.contains(r#"id="runs""#), "{html}");
    assert!(html.contains(&queued.period));
    assert!(
        ops.audit_log(None, 100)
            .unwrap()
            .iter()
            .any(|e| e.action == AuditAction::ActionRunNow)
    );
}

#[tokio::test]
async fn an_unknown_action_is_refused_on_its_field() {
    let ops = service();
    // The first call adds the signed-in user (audited): before the head is taken.
    let _: Vec<ActionRow> = call_ok(&ops, ListActions::PATH, "").await;
    let before = ops.audit_head().unwrap();
    for (path, body) in [
        (RunActionNow::PATH, "action=NOPE"),
        (SetActionEnabled::PATH, "action=NOPE&enabled=false"),
        (ActionRuns::PATH, "action=NOPE"),
        (RunActionNow::PATH, "action=two+words"),
    ] {
        let e: AppError = call_err(&ops, path, body).await;
        assert_eq!(field(&e), "action", "{path} {body}");
    }
    assert_eq!(ops.audit_head().unwrap(), before, "nothing changed");
}

#[tokio::test]
async fn the_audit_log_is_filtered_and_paged_newest_first() {
    let ops = service();
    let a = seed(&ops, "Audit one");
    let b = seed(&ops, "Audit two");
    let all: LogPage = call_ok(&ops, SearchAuditLog::PATH, "").await;
    let seqs: Vec<u64> = all.items.iter().map(|r| r.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seqs:?}"
    );
    assert_eq!(all.head, seqs.first().copied());
    let one: LogPage = call_ok(&ops, SearchAuditLog::PATH, &format!("campaign={}", a.0)).await;
    assert!(!one.items.is_empty());
    assert!(one.items.iter().all(|r| r.campaign_id == Some(a.0)));
    let created: LogPage = call_ok(&ops, SearchAuditLog::PATH, "action=campaign.create").await;
    let ids: Vec<Option<u64>> = created.items.iter().map(|r| r.campaign_id).collect();
    assert_eq!(ids, [Some(b.0), Some(a.0)]);
    let by: LogPage = call_ok(&ops, SearchAuditLog::PATH, "actor=nobody").await;
    assert!(by.items.is_empty());
    let later: LogPage = call_ok(&ops, SearchAuditLog::PATH, "from=2999-01-01").await;
    assert!(later.items.is_empty() && later.next_before.is_none());
    // Paging: the cursor of a page of one.
    let first = all.items[0].seq;
    let older: LogPage = call_ok(&ops, SearchAuditLog::PATH, &format!("before={first}")).await;
    assert_eq!(older.items.first().map(|r| r.seq), Some(first - 1));
    for (body, bad) in [
        ("campaign=abc", "campaign"),
        ("action=campaign.explode", "action"),
        ("from=yesterday", "from"),
        ("from=2027-01-10&until=2027-01-01", "until"),
    ] {
        let e: AppError = call_err(&ops, SearchAuditLog::PATH, body).await;
        assert_eq!(field(&e), bad, "{body}");
    }
    let html = text(send(&ops, get(&format!("/audit?campaign={}", a.0))).await).await;
    assert!(html.contains(r#"id="audit-log""#), "{html}");
    assert!(html.contains(r#"data-chain="unverified""#), "{html}");
    let html = text(send(&ops, get("/audit?campaign=abc")).await).await;
    assert!(html.contains(r#"id="audit-campaign-error""#), "{html}");
}

#[tokio::test]
async fn the_chain_is_verified_on_request_and_the_result_kept() {
    let ops = service();
    seed(&ops, "Chain");
    let status: ChainStatus = call_ok(&ops, AuditChainStatus::PATH, "").await;
    assert!(status.last.is_none() && status.head.is_some());
    let verified: ChainStatus = call_ok(&ops, VerifyAuditLog::PATH, "").await;
    let last = verified.last.clone().expect("a verification");
    assert!(last.intact && last.entries == status.head.unwrap() && last.by == "dashboard");
    seed(&ops, "Chain two");
    let status: ChainStatus = call_ok(&ops, AuditChainStatus::PATH, "").await;
    assert_eq!(status.last, verified.last, "kept");
    assert!(status.head > last.head);
    let html = text(send(&ops, get("/audit")).await).await;
    assert!(html.contains(r#"data-chain="intact""#), "{html}");
    assert!(html.contains("entries appended since"), "{html}");
}

#[tokio::test]
async fn admin_pages_and_links_are_for_admins_only() {
    let ops = service();
    let viewer = session(&ops, "vera", campaign_ops_core::Role::Viewer);
    let operator = session(&ops, "otto", campaign_ops_core::Role::Operator);
    let app = super::app(&ops).await;
    for cookie in [&viewer, &operator] {
        for page in ["/actions", "/audit"] {
            let html = text(via(&app, get_as(page, cookie)).await).await;
            assert!(html.contains("this needs the admin role"), "{page}: {html}");
            assert!(!html.contains(r#"id="actions""#) && !html.contains(r#"id="audit-log""#));
            assert!(!html.contains(r#"class="actions-link""#));
            assert!(!html.contains(r#"class="audit-link""#));
        }
    }
}

#[tokio::test]
async fn an_ended_session_sends_a_page_to_sign_in_with_its_return_path() {
    assert_eq!(sign_in_url("/today"), "/sign-in?next=/today");
    assert_eq!(
        sign_in_url("/campaigns?status=active&after=3"),
        "/sign-in?next=/campaigns%3Fstatus%3Dactive%26after%3D3"
    );
    assert_eq!(
        session_ended_url("/today"),
        "/sign-in?next=/today&session=ended"
    );
    // The server's half: a page request whose session ended is redirected there, and a
    // server function (what a client-side navigation calls) answers 401, which the page's
    // LoadError turns into the same redirect in the browser.
    let ops = service();
    let cookie = session(&ops, "otto", campaign_ops_core::Role::Operator);
    let app = super::app(&ops).await;
    let token = cookie.trim_start_matches("campaign_ops_session=");
    assert!(ops.sign_out(token).expect("signed out"));
    let res = via(&app, get_as("/campaigns?status=active", &cookie)).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(to, session_ended_url("/campaigns?status=active"));
    // Where it is sent, the sign-in page says why.
    let page = text(via(&app, get(&to)).await).await;
    assert!(
        page.contains(r#"id="session-ended""#) && page.contains("Your session has ended"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="/campaigns?status=active""#),
        "{page}"
    );
    let res = via(
        &app,
        axum::http::Request::post(campaign_ops_web::api::ListCampaigns::PATH)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &cookie)
            .body(axum::body::Body::from("limit=10"))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let e: AppError = serde_json::from_str(&text(res).await).expect("an AppError");
    assert!(matches!(e, AppError::Unauthorized(_)), "{e:?}");
}
