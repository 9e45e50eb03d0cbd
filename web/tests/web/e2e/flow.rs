//! The dashboard flow in the browser, step by step, each with its screenshot.

use campaign_ops_core::Role;

use super::Served;
use super::browser::Browser;
use crate::{PASSWORD, add_user, seed, service};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_is_created_in_the_hydrated_dashboard() {
    let Some(mut browser) = Browser::start("campaigns").await else {
        return;
    };
    let ops = service();
    seed(&ops, "Winter launch");
    add_user(&ops, "olivia", Role::Operator);
    let served = Served::start(ops.clone()).await;

    // Anonymous: sent to the sign-in page, a plain form that works without the client.
    browser
        .client()
        .goto(&served.url("/"))
        .await
        .expect("the page loads");
    browser.wait_for("form#sign-in").await;
    browser.shot("sign-in").await;
    browser.assert_accessible("the sign-in page").await;
    browser
        .fill("form#sign-in input[name=name]", "olivia")
        .await;
    browser
        .fill("form#sign-in input[name=password]", PASSWORD)
        .await;
    browser.click("form#sign-in button[type=submit]").await;
    browser.wait_hydrated().await;

    // Signed in, `/` is the operator's Today page.
    browser.wait_for("main").await;
    browser.shot("today").await;
    browser.assert_accessible("the Today page").await;

    browser.open(&served.url("/campaigns")).await;
    browser.wait_for("#campaigns").await;
    browser.shot("campaigns").await;
    browser.assert_accessible("the campaigns page").await;

    browser.open(&served.url("/campaigns/new")).await;
    browser.assert_accessible("the new-campaign page").await;

    // Every field right but the name: its error next to it, nothing created.
    browser
        .fill("#create-campaign input[name=client_name]", "Acme")
        .await;
    browser
        .click("#create-campaign select[name=objective] option[value=lead_generation]")
        .await;
    browser
        .click("#create-campaign input[name='platforms[]'][value=linkedin]")
        .await;
    browser
        .click("#create-campaign input[name='platforms[]'][value=x]")
        .await;
    // A date input takes typed digits in the browser's locale order; set its value as a
    // date picker would.
    browser
        .client()
        .execute(
            "document.querySelector('#create-campaign input[name=start_date]').value = '2027-03-01';",
            vec![],
        )
        .await
        .expect("the date is set");
    browser
        .fill("#create-campaign input[name=time_zone]", "Europe/Berlin")
        .await;
    browser
        .fill("#create-campaign input[name=name]", "   ")
        .await;
    browser.click("#create-campaign button[type=submit]").await;
    let error = browser.wait_for("#name-error").await;
    assert!(
        error.text().await.expect("text").contains("empty"),
        "the name's error says what is wrong"
    );
    browser.shot("name-error").await;

    // The name put right: submitted by the hydrated client.
    browser
        .fill("#create-campaign input[name=name]", "Spring launch")
        .await;
    browser.click("#create-campaign button[type=submit]").await;
    // Created: the server sends the browser to the new campaign's edit page.
    let saved = browser.wait_for("#saved").await;
    assert!(
        saved
            .text()
            .await
            .expect("text")
            .contains("Campaign created.")
    );
    browser.wait_hydrated().await;
    browser.shot("created").await;
    browser.assert_accessible("the edit page").await;

    browser.open(&served.url("/campaigns")).await;
    let table = browser.wait_for("#campaigns").await;
    browser
        .client()
        .wait()
        .for_element(fantoccini::Locator::XPath(
            "//table[@id='campaigns']//td[@class='name']/a[text()='Spring launch']",
        ))
        .await
        .expect("the new campaign is listed");
    assert!(table.text().await.expect("text").contains("Winter launch"));
    browser.shot("listed").await;

    // The campaign's own page.
    browser.open(&served.url("/campaigns/2")).await;
    browser.shot("campaign").await;
    browser.assert_accessible("the campaign page").await;

    let names: Vec<String> = ops
        .list_campaigns(
            &campaign_ops_core::service::CampaignFilter::default(),
            10,
            None,
        )
        .expect("listed")
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Winter launch", "Spring launch"]);

    browser.close().await;
    served.stop().await;
}
