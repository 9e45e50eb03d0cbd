//! The Content-Security-Policy in the browser: with it on (every response carries it), the
//! sign-in page, the Today page, the campaigns list and a planned campaign's page (its plan
//! timeline sets `style` attributes) load and hydrate — the WASM client is allowed to
//! compile and run — and the browser reports no violation. A script the policy must stop
//! (an inline `<script>` without the nonce) is stopped and reported, so the reports the
//! test counts do arrive.

use std::time::{Duration, Instant};

use campaign_ops_core::Role;
use campaign_ops_core::service::CampaignPlanning;
use campaign_ops_web::server::security::headers::csp_reports;

use super::Served;
use super::browser::Browser;
use crate::{PASSWORD, add_user, seed, service};

/// The reports received whose page is on `base`.
fn reports_for(base: &str) -> Vec<String> {
    csp_reports()
        .into_iter()
        .filter(|r| r.contains(base))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_lets_the_client_hydrate_and_reports_nothing() {
    let Some(mut browser) = Browser::start("csp").await else {
        return;
    };
    let ops = service();
    let id = seed(&ops, "Policy launch");
    ops.plan_campaign(
        &campaign_ops_core::Actor::new("test").expect("actor"),
        id,
        &CampaignPlanning::new("product launch", 14),
    )
    .expect("planned");
    add_user(&ops, "cleo", Role::Operator);
    let served = Served::start(ops.clone()).await;

    browser
        .client()
        .goto(&served.url("/sign-in"))
        .await
        .expect("the page loads");
    browser.fill("form#sign-in input[name=name]", "cleo").await;
    browser
        .fill("form#sign-in input[name=password]", PASSWORD)
        .await;
    browser.click("form#sign-in button[type=submit]").await;
    browser.wait_hydrated().await;
    let campaign_page = format!("/campaigns/{}", id.0);
    for page in ["/today", "/campaigns", campaign_page.as_str()] {
        browser.open(&served.url(page)).await;
    }
    browser.wait_for(".phase-bar").await;
    browser.shot("campaign-page-under-csp").await;

    // The control: an inline script without the nonce does not run, and is reported.
    let ran = browser
        .client()
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'window.cspControlRan = true;';
             document.body.appendChild(s);
             return window.cspControlRan === true;",
            vec![],
        )
        .await
        .expect("the script runs through WebDriver");
    assert_eq!(ran, serde_json::Value::Bool(false), "the CSP stops it");
    let waited = Instant::now();
    while reports_for(&served.base).is_empty() && waited.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Reports that were on their way when the control's arrived have had time to land.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reports = reports_for(&served.base);
    assert_eq!(
        reports.len(),
        1,
        "only the control's violation is reported:\n{}",
        reports.join("\n")
    );
    assert!(reports[0].contains("script-src"), "{}", reports[0]);
    browser.close().await;
    served.stop().await;
}
