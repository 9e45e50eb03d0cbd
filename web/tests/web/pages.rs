//! Pages, server functions and assets through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_web::api::CreateCampaign;
use leptos::server_fn::ServerFn;

use campaign_ops_core::Role;

use super::{get, get_as, seed, send, service, session, text};

#[tokio::test]
async fn the_campaigns_page_is_rendered_on_the_server_with_the_hydration_scripts() {
    let ops = service();
    seed(&ops, "Winter launch");
    seed(&ops, "Spring teaser");
    let cookie = session(&ops, "vera", Role::Viewer);
    let res = send(&ops, get_as("/", &cookie)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    assert!(html.contains("Winter launch"), "{html}");
    assert!(html.contains("Spring teaser"));
    assert!(html.contains("2 of 2 campaigns"));
    assert!(
        html.contains(r#"data-hydrated="false""#),
        "only the client sets it"
    );
    assert!(html.contains("/pkg/campaign-ops.js"));
    assert!(html.contains("campaign-ops_bg.wasm"));
    assert!(html.contains(r#"id="create-campaign""#));
}

/// A form post as a browser without JS sends it, with the session `cookie`.
fn form_post(body: &str, cookie: &str) -> Request<Body> {
    Request::post(CreateCampaign::PATH)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, "http://127.0.0.1:3000/")
        .body(Body::from(body.to_owned()))
        .expect("a request")
}

#[tokio::test]
async fn the_form_works_without_js_and_shows_the_error_next_to_its_field() {
    let ops = service();
    let cookie = session(&ops, "otto", Role::Operator);
    let bad = "name=&client_name=Acme&objective=awareness&platforms%5B%5D=linkedin\
               &start_date=2027-01-04&time_zone=UTC";
    let res = send(&ops, form_post(bad, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(back.contains("__err="), "{back}");
    let path = back.trim_start_matches("http://127.0.0.1:3000");
    let html = text(send(&ops, get_as(path, &cookie)).await).await;
    assert!(html.contains(r#"id="name-error""#), "{html}");
    assert!(
        !html.contains(r#"id="form-error""#),
        "the field shows it, not the form"
    );

    let good = "name=Autumn+push&client_name=Acme&objective=lead_generation\
                &platforms%5B%5D=linkedin&platforms%5B%5D=x&start_date=2027-01-04&time_zone=Europe%2FBerlin";
    let res = send(&ops, form_post(good, &cookie)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = res.headers()[header::LOCATION].to_str().expect("ASCII");
    assert!(!back.contains("__err"), "{back}");
    let html = text(send(&ops, get_as("/", &cookie)).await).await;
    assert!(html.contains("Autumn push"));
    assert!(html.contains("LinkedIn, X (Twitter)"));
}

#[tokio::test]
async fn a_taken_name_is_an_error_of_the_name_field() {
    let ops = service();
    seed(&ops, "Winter launch");
    let cookie = session(&ops, "otto", Role::Operator);
    let body = "name=winter+launch&client_name=Acme&objective=awareness&platforms%5B%5D=x\
                &start_date=2027-01-04&time_zone=UTC";
    let res = send(&ops, form_post(body, &cookie)).await;
    let back = res.headers()[header::LOCATION]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let path = back.trim_start_matches("http://127.0.0.1:3000");
    let html = text(send(&ops, get_as(path, &cookie)).await).await;
    assert!(html.contains(r#"id="name-error""#), "{html}");
    assert!(html.contains("already exists"));
}

#[tokio::test]
async fn html_is_compressed_when_the_client_accepts_it() {
    let ops = service();
    seed(&ops, "Winter launch");
    let cookie = session(&ops, "vera", Role::Viewer);
    let req = Request::get("/")
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("a request");
    let res = send(&ops, req).await;
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn unknown_paths_and_files_are_404() {
    let ops = service();
    let cookie = session(&ops, "vera", Role::Viewer);
    let res = send(&ops, get_as("/no/such/page", &cookie)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains("Not found"));
    let res = send(&ops, get("/pkg/no-such-file.js")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn embedded_files_are_served_with_their_type_and_revalidated_by_etag() {
    let Some(asset) = campaign_ops_web::server::site::assets().first() else {
        // The site was not built before this test build: nothing embedded to serve.
        return;
    };
    let ops = service();
    let res = send(&ops, get(&format!("/pkg/{}", asset.path))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers()[header::ETAG].clone();
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        campaign_ops_web::server::site::content_type(asset.path)
    );
    let again = Request::get(format!("/pkg/{}", asset.path))
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .expect("a request");
    assert_eq!(send(&ops, again).await.status(), StatusCode::NOT_MODIFIED);
}
