//! Signing in and out through the router: the cookie, redirects, expiry on the injected
//! clock, the failed sign-in limit, disabled users.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::{Actor, FixedClock, Role};
use campaign_ops_web::api::ListCampaigns;
use chrono::{Duration, TimeZone, Utc};
use leptos::server_fn::ServerFn;

use super::{PASSWORD, add_user, app, get, get_as, service, service_on, session, text, via};

/// The form post of a sign-in, from `addr` when given.
fn sign_in(name: &str, password: &str, addr: Option<&str>) -> Request<Body> {
    let body = format!(
        "name={}&password={}&next=%2F%3Fafter%3D1",
        name,
        password.replace(' ', "+")
    );
    let mut req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body))
        .expect("a request");
    if let Some(addr) = addr {
        let addr: SocketAddr = addr.parse().expect("an address");
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    req
}

/// The `campaign_ops_session=...` pair of a response's `Set-Cookie`, and the whole header.
fn set_cookie(res: &axum::http::Response<Body>) -> (String, String) {
    let whole = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let pair = whole.split(';').next().expect("a pair").to_owned();
    (pair, whole)
}

/// A server function call as the hydrated client makes it.
fn list_campaigns(cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(ListCampaigns::PATH)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from("limit=10")).expect("a request")
}

fn clock() -> FixedClock {
    FixedClock::new(Utc.with_ymd_and_hms(2027, 2, 1, 10, 0, 0).unwrap())
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_goes_where_it_was_asked() {
    let ops = service();
    add_user(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    let res = via(&app, sign_in("Otto", PASSWORD, None)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/?after=1");
    let (pair, whole) = set_cookie(&res);
    let token = pair
        .strip_prefix("campaign_ops_session=")
        .expect("our cookie");
    assert_eq!(token.len(), 64, "256 bits as hex");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200"] {
        assert!(whole.contains(attribute), "{attribute} in {whole}");
    }
    assert!(!whole.contains("Secure"), "plain http: {whole}");

    // The cookie opens the pages; the header names the user and offers sign-out.
    let html = text(via(&app, get_as("/", &pair)).await).await;
    assert!(html.contains(r#"id="signed-in-as""#), "{html}");
    assert!(html.contains("otto display"));
    assert!(html.contains(r#"action="/sign-out""#));

    // Behind a TLS proxy the cookie is Secure.
    let mut req = sign_in("otto", PASSWORD, None);
    req.headers_mut()
        .insert("x-forwarded-proto", "https".parse().expect("a value"));
    let (_, whole) = set_cookie(&via(&app, req).await);
    assert!(whole.contains("; Secure"), "{whole}");
}

#[tokio::test]
async fn anonymous_pages_go_to_sign_in_and_server_functions_answer_401() {
    let ops = service();
    let app = app(&ops).await;
    let res = via(&app, get("/?after=2")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        "/sign-in?next=/%3Fafter%3D2"
    );
    let page = via(&app, get("/sign-in?next=/%3Fafter%3D2")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    assert!(
        html.contains(r#"<form method="post" action="/sign-in""#),
        "{html}"
    );
    assert!(
        html.contains(r#"value="/?after=2""#),
        "the page to go back to: {html}"
    );
    let res = via(&app, list_campaigns(None)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = via(&app, list_campaigns(Some("campaign_ops_session=forged"))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(
        res.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"),
        "a cookie of no session is removed"
    );
}

#[tokio::test]
async fn wrong_passwords_and_unknown_names_get_one_answer() {
    let ops = service();
    add_user(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    let wrong = via(&app, sign_in("otto", "not the password", None)).await;
    let unknown = via(&app, sign_in("nobody", PASSWORD, None)).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(header::SET_COOKIE).is_none());
    let (wrong, unknown) = (text(wrong).await, text(unknown).await);
    assert!(wrong.contains(r#"id="sign-in-error""#));
    assert_eq!(
        wrong.replace("otto", "nobody"),
        unknown,
        "same page but the echoed name"
    );
}

#[tokio::test]
async fn every_sign_in_makes_a_new_session_whatever_cookie_came_along() {
    let ops = service();
    let cookie = session(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    let mut req = sign_in("otto", PASSWORD, None);
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().expect("a value"));
    let (pair, _) = set_cookie(&via(&app, req).await);
    assert_ne!(pair, cookie, "no session fixation");
    assert_eq!(via(&app, get_as("/", &pair)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server_and_clears_the_cookie() {
    let ops = service();
    let cookie = session(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    assert_eq!(
        via(&app, get_as("/", &cookie)).await.status(),
        StatusCode::OK
    );
    let req = Request::post("/sign-out")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .expect("a request");
    let res = via(&app, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/sign-in");
    let (pair, whole) = set_cookie(&res);
    assert_eq!(pair, "campaign_ops_session=");
    assert!(whole.contains("Max-Age=0"));
    // The old cookie, replayed, is nobody's.
    let token = cookie.trim_start_matches("campaign_ops_session=");
    assert!(ops.session_user(token).expect("lookup").is_none());
    assert_eq!(
        via(&app, get_as("/", &cookie)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        via(&app, list_campaigns(Some(&cookie))).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_expires_on_the_injected_clock_and_use_extends_it() {
    let clock = clock();
    let ops = service_on(clock.clone());
    let cookie = session(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    clock.advance(Duration::hours(11));
    let res = via(&app, get_as("/", &cookie)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, renewed) = set_cookie(&res);
    assert!(
        renewed.contains("Max-Age=43200"),
        "renewed with the session: {renewed}"
    );
    clock.advance(Duration::hours(11));
    assert_eq!(
        via(&app, get_as("/", &cookie)).await.status(),
        StatusCode::OK,
        "used: extended"
    );
    clock.advance(Duration::hours(12));
    assert_eq!(
        via(&app, get_as("/", &cookie)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        via(&app, list_campaigns(Some(&cookie))).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn five_failures_refuse_the_name_and_the_address_until_the_window_passes() {
    let clock = clock();
    let ops = service_on(clock.clone());
    add_user(&ops, "otto", Role::Operator);
    add_user(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    for _ in 0..5 {
        let res = via(
            &app,
            sign_in("otto", "wrong password", Some("10.1.1.1:5000")),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password is refused now, from anywhere, saying when to come back.
    let res = via(&app, sign_in("otto", PASSWORD, Some("10.2.2.2:5000"))).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()[header::RETRY_AFTER], "900");
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    assert!(text(res).await.contains("try again after 10:15 UTC"));
    // The address is refused for other names too.
    let res = via(&app, sign_in("vera", PASSWORD, Some("10.1.1.1:6000"))).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = via(&app, sign_in("vera", PASSWORD, Some("10.3.3.3:6000"))).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "another name from elsewhere"
    );

    clock.advance(Duration::minutes(15));
    let res = via(&app, sign_in("otto", PASSWORD, Some("10.1.1.1:5000"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the window passed");
}

#[tokio::test]
async fn a_disabled_user_is_refused_and_their_sessions_end() {
    let ops = service();
    let cookie = session(&ops, "otto", Role::Operator);
    let app = app(&ops).await;
    assert_eq!(
        via(&app, list_campaigns(Some(&cookie))).await.status(),
        StatusCode::OK
    );
    ops.disable_user(&Actor::new("admin").expect("actor"), "otto")
        .expect("disabled");
    assert_eq!(
        via(&app, list_campaigns(Some(&cookie))).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = via(&app, sign_in("otto", PASSWORD, None)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res).await.contains("disabled"));
}

#[tokio::test]
async fn a_role_change_counts_at_the_next_request() {
    let ops = service();
    let cookie = session(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    let create = || {
        Request::post(campaign_ops_web::api::CreateCampaign::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(
                "name=X&client_name=Acme&objective=awareness&platforms%5B%5D=x\
                 &start_date=2027-01-04&time_zone=UTC",
            ))
            .expect("a request")
    };
    assert_eq!(via(&app, create()).await.status(), StatusCode::FORBIDDEN);
    ops.set_role(&Actor::new("admin").expect("actor"), "vera", Role::Operator)
        .expect("promoted");
    assert_eq!(via(&app, create()).await.status(), StatusCode::OK);
}
