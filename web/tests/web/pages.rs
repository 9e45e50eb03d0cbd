//! Pages, server functions and assets through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_web::api::CreateCampaign;
use leptos::server_fn::ServerFn;

use super::{form_post, get, location, seed, send, service, text};

#[tokio::test]
async fn the_campaigns_page_is_rendered_on_the_server_with_the_hydration_scripts() {
    let ops = service();
    seed(&ops, "Winter launch");
    seed(&ops, "Spring teaser");
    let res = send(&ops, get("/campaigns")).await;
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
    assert!(html.contains(r#"id="campaign-filters""#));
}

#[tokio::test]
async fn the_root_goes_to_today() {
    let ops = service();
    let req = Request::get("/")
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .expect("a request");
    let res = send(&ops, req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), "/today");
}

#[tokio::test]
async fn the_create_form_works_without_js_and_shows_the_error_next_to_its_field() {
    let ops = service();
    let page = text(send(&ops, get("/campaigns/new")).await).await;
    assert!(page.contains(r#"id="create-campaign""#), "{page}");
    assert!(page.contains(&format!(r#"action="{}""#, CreateCampaign::PATH)));

    let bad = "name=&client_name=Acme&objective=awareness&platforms%5B%5D=linkedin\
               &start_date=2027-01-04&time_zone=UTC";
    let res = send(&ops, form_post(CreateCampaign::PATH, "/campaigns/new", bad)).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with("/campaigns/new?") && back.contains("__err="),
        "{back}"
    );
    let html = text(send(&ops, get(&back)).await).await;
    assert!(html.contains(r#"id="name-error""#), "{html}");
    assert!(
        !html.contains(r#"id="form-error""#),
        "the field shows it, not the form"
    );

    let good = "name=Autumn+push&client_name=Acme&objective=lead_generation\
                &platforms%5B%5D=linkedin&platforms%5B%5D=x&start_date=2027-01-04&time_zone=Europe%2FBerlin\
                &end_date=&description=&primary_cta=";
    let res = send(
        &ops,
        form_post(CreateCampaign::PATH, "/campaigns/new", good),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert_eq!(back, "/campaigns/1/edit?saved=created");
    let html = text(send(&ops, get(&back)).await).await;
    assert!(html.contains("Campaign created."), "{html}");
    let html = text(send(&ops, get("/campaigns")).await).await;
    assert!(html.contains("Autumn push"));
    assert!(html.contains("LinkedIn, X (Twitter)"));
}

#[tokio::test]
async fn a_taken_name_is_an_error_of_the_name_field() {
    let ops = service();
    seed(&ops, "Winter launch");
    let body = "name=winter+launch&client_name=Acme&objective=awareness&platforms%5B%5D=x\
                &start_date=2027-01-04&time_zone=UTC";
    let res = send(
        &ops,
        form_post(CreateCampaign::PATH, "/campaigns/new", body),
    )
    .await;
    let html = text(send(&ops, get(&location(&res))).await).await;
    assert!(html.contains(r#"id="name-error""#), "{html}");
    assert!(html.contains("already exists"));
}

#[tokio::test]
async fn html_is_compressed_when_the_client_accepts_it() {
    use std::io::Read as _;
    let ops = service();
    seed(&ops, "Winter launch");
    let page = |accept: &'static str| {
        let ops = ops.clone();
        async move {
            let req = Request::get("/campaigns")
                .header(header::ACCEPT_ENCODING, accept)
                .body(Body::empty())
                .expect("a request");
            let res = send(&ops, req).await;
            let encoding = res
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().expect("ASCII").to_owned());
            assert_eq!(res.headers()[header::VARY], "accept-encoding");
            let body = axum::body::to_bytes(res.into_body(), 10 << 20)
                .await
                .expect("a body");
            (encoding, body.to_vec())
        }
    };
    // The cheapest encoding the client takes, by the server's order (zstd, gzip, brotli).
    let (plain_enc, plain) = page("identity").await;
    assert_eq!(plain_enc, None);
    let plain = String::from_utf8(plain).expect("UTF-8");
    assert!(plain.contains("Winter launch"), "{plain}");
    for (accept, expected) in [
        ("gzip, deflate, br, zstd", "zstd"),
        ("br, gzip", "gzip"),
        ("br", "br"),
    ] {
        let (encoding, body) = page(accept).await;
        assert_eq!(encoding.as_deref(), Some(expected), "{accept}");
        let mut text = String::new();
        match expected {
            "zstd" => text = String::from_utf8(zstd::decode_all(&body[..]).expect("zstd")).unwrap(),
            "gzip" => {
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_string(&mut text)
                    .expect("gzip");
            }
            _ => {
                brotli::Decompressor::new(&body[..], 4096)
                    .read_to_string(&mut text)
                    .expect("brotli");
            }
        }
        // The same page (but for the per-response CSP nonce).
        assert_eq!(text.len(), plain.len(), "{accept}");
        assert!(text.contains("Winter launch"));
    }
}

#[tokio::test]
async fn unknown_paths_and_files_are_404() {
    let ops = service();
    let res = send(&ops, get("/no/such/page")).await;
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
