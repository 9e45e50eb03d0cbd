//! Cross-site requests and security headers over HTTP (`server::security`): a
//! state-changing request from another origin is refused with 403 and changes nothing;
//! the same request from this site works; every response carries the CSP (with a fresh
//! nonce that Leptos' inline scripts carry too), X-Frame-Options, Referrer-Policy and
//! nosniff; bodies past the limit get 413.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use campaign_ops_core::Role;
use campaign_ops_core::service::CampaignFilter;
use campaign_ops_web::api::{CreateCampaign, ListCampaigns};
use campaign_ops_web::server::{self, PublicOrigin, Security};
use leptos::server_fn::ServerFn;

use super::{add_user, app, get, get_as, seed, send, service, session, text, via};

/// This site as the tests' router sees it (`server::options("127.0.0.1:3000")`).
const OWN: &str = "http://127.0.0.1:3000";

const CREATE: &str = "name=Cross+site&client_name=Acme&objective=awareness&platforms%5B%5D=x\
                      &start_date=2027-01-04&time_zone=UTC";

/// A server function call as the hydrated client makes it, with `headers` added.
fn create(headers: &[(header::HeaderName, &str)]) -> Request<Body> {
    let mut req = Request::post(CreateCampaign::PATH)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::HOST, "127.0.0.1:3000");
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.body(Body::from(CREATE)).expect("a request")
}

fn campaigns(ops: &server::Service) -> u64 {
    ops.list_campaigns(&CampaignFilter::default(), 100, None)
        .expect("listed")
        .total
}

/// The body of a refusal, checked to be the origin check's.
async fn refused(res: Response<Body>) -> String {
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = text(res).await;
    assert!(body.contains("cross-site request refused"), "{body}");
    body
}

#[tokio::test]
async fn a_server_function_call_from_another_origin_is_refused_and_changes_nothing() {
    let ops = service();
    add_user(&ops, super::DEFAULT_USER, Role::Admin);
    let before = super::dump(&ops);
    for (name, value) in [
        (header::ORIGIN, "https://evil.example"),
        // Same site, other origin: SameSite=Strict would let its cookie through.
        (header::ORIGIN, "http://evil.127.0.0.1:3000"),
        (header::ORIGIN, "http://127.0.0.1:3001"),
        (header::ORIGIN, "https://127.0.0.1:3000.evil.example"),
        (header::ORIGIN, "null"),
        (header::REFERER, "https://evil.example/page"),
    ] {
        let body = refused(send(&ops, create(&[(name.clone(), value)])).await).await;
        assert!(body.contains(value), "{body}");
    }
    assert_eq!(campaigns(&ops), 0);
    assert_eq!(super::dump(&ops), before, "nothing changed");

    // From this site (by Origin, by Referer) and from a program (neither): done.
    for headers in [
        vec![(header::ORIGIN, OWN)],
        vec![(header::REFERER, "http://127.0.0.1:3000/campaigns/new")],
        vec![],
    ] {
        let res = send(&ops, create(&headers)).await;
        let status = res.status();
        let body = text(res).await;
        assert!(
            status == StatusCode::OK || body.contains("Taken"),
            "{headers:?}: {status} {body}"
        );
    }
    assert_eq!(campaigns(&ops), 1);
}

#[tokio::test]
async fn sign_in_and_sign_out_from_another_origin_are_refused() {
    let ops = service();
    add_user(&ops, "olivia", Role::Operator);
    let form = |path: &str, origin: &str, cookie: Option<&str>| {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, origin);
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie);
        }
        req.body(Body::from(format!(
            "name=olivia&password={}",
            super::PASSWORD.replace(' ', "+")
        )))
        .expect("a request")
    };
    let app = app(&ops).await;
    // Login CSRF: another site signing the browser in as someone else.
    let res = via(&app, form("/sign-in", "https://evil.example", None)).await;
    assert!(!res.headers().contains_key(header::SET_COOKIE));
    refused(res).await;
    let res = via(&app, form("/sign-in", OWN, None)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers().contains_key(header::SET_COOKIE));

    let cookie = session(&ops, "otto", Role::Viewer);
    let res = via(
        &app,
        form("/sign-out", "https://evil.example", Some(&cookie)),
    )
    .await;
    refused(res).await;
    let res = via(&app, get_as("/today", &cookie)).await;
    assert_eq!(res.status(), StatusCode::OK, "still signed in");
    let res = via(&app, form("/sign-out", OWN, Some(&cookie))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = via(&app, get_as("/today", &cookie)).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "signed out: to sign-in"
    );
}

#[tokio::test]
async fn a_form_post_without_js_from_another_origin_is_refused() {
    let ops = service();
    let id = seed(&ops, "Winter launch").0;
    add_user(&ops, super::DEFAULT_USER, Role::Admin);
    let before = super::dump(&ops);
    let page = format!("/campaigns/{id}/edit");
    let body = format!(
        "campaign_id={id}&name=Renamed&client_name=Acme&objective=awareness\
         &platforms%5B%5D=x&start_date=2027-01-04&time_zone=UTC"
    );
    let post = |origin: &str| {
        Request::post(campaign_ops_web::api::UpdateCampaign::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, origin)
            .header(header::REFERER, format!("{OWN}{page}"))
            .body(Body::from(body.clone()))
            .expect("a request")
    };
    refused(send(&ops, post("https://evil.example")).await).await;
    assert_eq!(super::dump(&ops), before);
    let res = send(&ops, post(OWN)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        ops.get_campaign(campaign_ops_core::CampaignId(id))
            .expect("there")
            .name,
        "Renamed"
    );
}

#[tokio::test]
async fn behind_a_proxy_only_the_public_url_is_this_site() {
    let ops = service();
    let public: PublicOrigin = "https://ops.example.com".parse().expect("a URL");
    let security = Security {
        public_origin: Some(public),
    };
    let app = {
        let _turn = super::ROUTER.lock().await;
        server::router_with(
            ops.clone(),
            server::options("127.0.0.1:3000".parse().expect("an address")),
            security,
        )
    };
    let cookie = session(&ops, "ada", Role::Admin);
    let call = |origin: &str| {
        let mut req = create(&[(header::ORIGIN, origin)]);
        req.headers_mut()
            .insert(header::COOKIE, cookie.parse().expect("a header"));
        req
    };
    // The proxy passes Host on as the backend's address: it is not the site any more.
    refused(via(&app, call(OWN)).await).await;
    refused(via(&app, call("http://ops.example.com")).await).await;
    let res = via(&app, call("https://ops.example.com")).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", text(res).await);
}

/// The security headers every response must carry, and the CSP's nonce.
fn security_headers(res: &Response<Body>) -> String {
    let h = res.headers();
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "same-origin");
    let csp = h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII")
        .to_owned();
    for directive in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    let script = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .expect("a script-src");
    assert!(!script.contains("'unsafe-inline'"), "{script}");
    assert!(!script.contains("'unsafe-eval'"), "{script}");
    let nonce = script
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-"))
        .and_then(|s| s.strip_suffix('\''))
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 22, "at least 128 bits: {nonce}");
    nonce.to_owned()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let ops = service();
    let id = seed(&ops, "Winter launch").0;
    let cookie = session(&ops, "vera", Role::Viewer);
    let app = app(&ops).await;
    let mut nonces = Vec::new();
    for req in [
        get("/sign-in"),
        get("/"),
        get_as("/today", &cookie),
        get_as(&format!("/campaigns/{id}"), &cookie),
        get_as("/no-such-page", &cookie),
        get_as(&format!("/campaigns/{id}/export/tasks.csv"), &cookie),
        get("/pkg/campaign-ops.css"),
        Request::post(ListCampaigns::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from("limit=10"))
            .expect("a request"),
        // Refusals too.
        create(&[(header::ORIGIN, "https://evil.example")]),
        Request::post(ListCampaigns::PATH)
            .body(Body::from("limit=10"))
            .expect("a request"),
    ] {
        let what = format!("{} {}", req.method(), req.uri());
        let res = via(&app, req).await;
        let nonce = security_headers(&res);
        let is_html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
        let body = text(res).await;
        if is_html {
            // Every inline script carries the header's nonce; none runs without it.
            for tag in body.split("<script").skip(1) {
                let open = &tag[..tag.find('>').expect("a closed tag")];
                assert!(
                    open.contains(&format!("nonce=\"{nonce}\"")),
                    "{what}: <script{open}> without the nonce {nonce}"
                );
            }
        }
        nonces.push(nonce);
    }
    let page = text(via(&app, get_as("/today", &cookie)).await).await;
    assert!(
        page.contains("<script type=\"module\" nonce=\""),
        "the hydration script is inline and carries a nonce: {page}"
    );
    let mut unique = nonces.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), nonces.len(), "a fresh nonce per response");
}

#[tokio::test]
async fn a_body_past_the_limit_gets_413_and_changes_nothing() {
    let ops = service();
    let cookie = session(&ops, "ada", Role::Admin);
    let before = super::dump(&ops);
    let big = format!(
        "{CREATE}&description={}",
        "x".repeat(server::security::body::MAX_BODY_BYTES)
    );
    let app = app(&ops).await;
    for declared in [true, false] {
        let mut req = Request::post(CreateCampaign::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie);
        if declared {
            req = req.header(header::CONTENT_LENGTH, big.len());
        }
        let res = via(&app, req.body(Body::from(big.clone())).expect("a request")).await;
        assert_eq!(
            res.status(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "declared {declared}"
        );
        let body = text(res).await;
        assert!(body.contains("request body too large"), "{body}");
    }
    assert_eq!(super::dump(&ops), before);
    // Just under the limit is read (and refused for its description's length: a field).
    let fits = format!("{CREATE}&description={}", "x".repeat(6000));
    let res = via(
        &app,
        Request::post(CreateCampaign::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(fits))
            .expect("a request"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(text(res).await.contains("description"));
}

#[tokio::test]
async fn csp_reports_are_taken_without_an_origin_check() {
    let ops = service();
    let app = app(&ops).await;
    let req = Request::post(server::security::headers::CSP_REPORTS)
        .header(header::CONTENT_TYPE, "application/csp-report")
        .header(header::ORIGIN, "null")
        .body(Body::from(
            r#"{"csp-report":{"violated-directive":"script-src-elem","blocked-uri":"inline","document-uri":"http://127.0.0.1:3000/test-report"}}"#,
        ))
        .expect("a request");
    let res = via(&app, req).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        server::security::headers::csp_reports()
            .iter()
            .any(|r| r.contains("/test-report"))
    );
}
