//! The function × role table: every server function, called directly over HTTP (no page in
//! between) by nobody, a viewer, an operator and an admin, is allowed or refused with
//! 401 / 403 exactly as its row says. A new server function is one more row.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::Role;
use campaign_ops_web::api::actions::{ActionRuns, ListActions, RunActionNow, SetActionEnabled};
use campaign_ops_web::api::audit::{AuditChainStatus, SearchAuditLog, VerifyAuditLog};
use campaign_ops_web::api::campaign::{
    AssignTask, BuildCalendar, CampaignAudit, CampaignOverview, CampaignReport, CampaignTasks,
    GeneratePlan, LoadCalendar, LoadItem, Reschedule, SaveItem,
};
use campaign_ops_web::api::users::{
    AddUser, CurrentUser, DisableUser, EnableUser, ListUsers, ResetPassword, SetMyTimeZone,
    SetUserRole,
};
use campaign_ops_web::api::{
    BlockTask, ChangeCampaignStatus, CompleteTask, CreateCampaign, FailTask, GetCampaignForm,
    ListCampaigns, SkipTask, StartTask, TickStep, TodayTasks, UpdateCampaign,
};
use leptos::server_fn::ServerFn;

use super::{add_user, app, get_as, seed, service, session, text, via};

/// One server function: its path, a URL-encoded body that makes a valid call, and the
/// least role it needs (`None`: anyone, signed in or not).
struct Row {
    path: &'static str,
    body: &'static str,
    min: Option<Role>,
}

const fn row(path: &'static str, body: &'static str, min: Option<Role>) -> Row {
    Row { path, body, min }
}

/// The table. The users functions act on `target`, a user made for them; the campaign
/// functions on campaign 1 (ids of items and tasks that may not exist: an allowed call may
/// then be refused for its input, never with 401 / 403).
fn table() -> Vec<Row> {
    use Role::*;
    vec![
        row(TodayTasks::PATH, "", Some(Viewer)),
        row(GetCampaignForm::PATH, "campaign_id=1", Some(Viewer)),
        row(
            UpdateCampaign::PATH,
            "campaign_id=1&name=Role+rows&client_name=Acme&objective=awareness\
             &platforms%5B%5D=x&start_date=2027-01-04&time_zone=UTC",
            Some(Operator),
        ),
        row(
            ChangeCampaignStatus::PATH,
            "campaign_id=1&to=active",
            Some(Operator),
        ),
        row(StartTask::PATH, "task_id=1", Some(Operator)),
        row(CompleteTask::PATH, "task_id=1&outcome=done", Some(Operator)),
        row(FailTask::PATH, "task_id=1&reason=broken", Some(Operator)),
        row(BlockTask::PATH, "task_id=1&reason=waiting", Some(Operator)),
        row(SkipTask::PATH, "task_id=1", Some(Operator)),
        row(CampaignOverview::PATH, "campaign_id=1", Some(Viewer)),
        row(
            GeneratePlan::PATH,
            "campaign_id=1&focus_area=launch&duration_days=14",
            Some(Operator),
        ),
        row(BuildCalendar::PATH, "plan_id=1", Some(Operator)),
        row(LoadCalendar::PATH, "campaign_id=1", Some(Viewer)),
        row(
            Reschedule::PATH,
            "item_id=1&scheduled_at=2027-01-05T10%3A00",
            Some(Operator),
        ),
        row(LoadItem::PATH, "item_id=1", Some(Viewer)),
        row(
            SaveItem::PATH,
            "item_id=1&title=T&copy=Hello",
            Some(Operator),
        ),
        row(CampaignTasks::PATH, "campaign_id=1", Some(Viewer)),
        row(AssignTask::PATH, "task_id=1&assignee=otto", Some(Operator)),
        row(CampaignReport::PATH, "campaign_id=1", Some(Viewer)),
        row(CampaignAudit::PATH, "campaign_id=1", Some(Viewer)),
        row(CurrentUser::PATH, "", None),
        row(ListCampaigns::PATH, "limit=10", Some(Viewer)),
        row(
            CreateCampaign::PATH,
            "name=Role+table&client_name=Acme&objective=awareness&platforms%5B%5D=x\
             &start_date=2027-01-04&time_zone=UTC",
            Some(Operator),
        ),
        row(
            SetMyTimeZone::PATH,
            "time_zone=Europe%2FBerlin",
            Some(Viewer),
        ),
        row(ListUsers::PATH, "", Some(Admin)),
        row(
            AddUser::PATH,
            "name=newcomer&display_name=&role=viewer&time_zone=UTC&password=a+long+passphrase",
            Some(Admin),
        ),
        row(SetUserRole::PATH, "name=target&role=operator", Some(Admin)),
        row(
            ResetPassword::PATH,
            "name=target&password=another+passphrase",
            Some(Admin),
        ),
        row(DisableUser::PATH, "name=target", Some(Admin)),
        row(EnableUser::PATH, "name=target", Some(Admin)),
        row(
            TickStep::PATH,
            "task_id=1&step=0&ticked=true",
            Some(Operator),
        ),
        row(ListActions::PATH, "", Some(Admin)),
        row(ActionRuns::PATH, "action=CAMPAIGN_TICK", Some(Admin)),
        row(RunActionNow::PATH, "action=CAMPAIGN_TICK", Some(Admin)),
        row(
            SetActionEnabled::PATH,
            "action=CAMPAIGN_TICK&enabled=false",
            Some(Admin),
        ),
        row(SearchAuditLog::PATH, "campaign=1", Some(Admin)),
        row(AuditChainStatus::PATH, "", Some(Admin)),
        row(VerifyAuditLog::PATH, "", Some(Admin)),
    ]
}

/// Who calls: nobody, or a session of each role.
fn callers(ops: &campaign_ops_web::server::Service) -> Vec<(Option<Role>, Option<String>)> {
    let mut callers = vec![(None, None)];
    for (name, role) in [
        ("vera", Role::Viewer),
        ("otto", Role::Operator),
        ("ada", Role::Admin),
    ] {
        callers.push((Some(role), Some(session(ops, name, role))));
    }
    callers
}

#[tokio::test]
async fn every_server_function_refuses_exactly_the_callers_its_row_refuses() {
    let ops = service();
    add_user(&ops, "target", Role::Viewer);
    seed(&ops, "Role table");
    let app = app(&ops).await;
    let callers = callers(&ops);
    let mut failures = Vec::new();
    for row in table() {
        for (role, cookie) in &callers {
            let mut req = Request::post(row.path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            if let Some(cookie) = cookie {
                req = req.header(header::COOKIE, cookie);
            }
            let res = via(&app, req.body(Body::from(row.body)).expect("a request")).await;
            let status = res.status();
            let expected = match (row.min, role) {
                (None, _) => StatusCode::OK,
                (Some(_), None) => StatusCode::UNAUTHORIZED,
                (Some(min), Some(role)) if !role.allows(min) => StatusCode::FORBIDDEN,
                (Some(_), Some(_)) => StatusCode::OK,
            };
            let body = text(res).await;
            // An allowed call may still be refused for its input (a name taken the second
            // time, a task not there or in another state): what matters here is that the
            // role check let it through. Each function's happy path has its own test.
            let allowed_but_refused = expected == StatusCode::OK
                && status != StatusCode::UNAUTHORIZED
                && status != StatusCode::FORBIDDEN
                && !body.contains("Unauthorized")
                && !body.contains("Forbidden");
            if status != expected && !allowed_but_refused {
                failures.push(format!(
                    "{} as {role:?}: {status} (expected {expected}): {body}",
                    row.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_viewers_direct_post_changes_nothing() {
    let ops = service();
    let cookie = session(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    let before = ops.audit_head().expect("head");
    let req = Request::post(AddUser::PATH)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(
            "name=sneaky&role=admin&time_zone=UTC&password=a+long+passphrase",
        ))
        .expect("a request");
    let res = via(&app, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res).await.contains("Forbidden"));
    assert_eq!(ops.audit_head().expect("head"), before);
    assert!(ops.user_by_name("sneaky").expect("lookup").is_none());
}

#[tokio::test]
async fn the_users_page_lists_users_for_admins_and_refuses_others() {
    let ops = service();
    let admin = session(&ops, "ada", Role::Admin);
    let viewer = session(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    let html = text(via(&app, super::get_as("/users", &admin)).await).await;
    assert!(html.contains(r#"id="users""#), "{html}");
    assert!(html.contains(r#"data-user="vera""#));
    assert!(html.contains(r#"id="add-user""#));
    assert!(
        html.contains(r#"class="users-link""#),
        "admins get the link"
    );
    assert!(!html.contains("argon2"), "no hash reaches a page");
    let html = text(via(&app, super::get_as("/users", &viewer)).await).await;
    assert!(!html.contains(r#"id="users""#));
    assert!(html.contains("this needs the admin role"), "{html}");
    assert!(!html.contains(r#"class="users-link""#));
}

#[tokio::test]
async fn downloads_need_a_signed_in_user() {
    let ops = service();
    let id = seed(&ops, "Downloads");
    let viewer = session(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    let path = format!("/campaigns/{}/export/tasks.csv", id.0);
    let res = via(&app, super::get(&path)).await;
    assert!(
        matches!(
            res.status(),
            StatusCode::UNAUTHORIZED | StatusCode::SEE_OTHER | StatusCode::FOUND
        ),
        "anonymous: {}",
        res.status()
    );
    let res = via(&app, get_as(&path, &viewer)).await;
    assert_eq!(res.status(), StatusCode::OK);
}
