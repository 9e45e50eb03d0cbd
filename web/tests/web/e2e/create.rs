//! Sign in, Today, the campaigns list, a field error, create, edit, listed, the campaign page.

use campaign_ops_core::service::CampaignFilter;

use super::flow::{CAMPAIGN, Flow, OPERATOR, TODAY, campaign_path};
use crate::PASSWORD;

/// Signs `name` in through the sign-in page's plain form, landing on the hydrated Today.
pub async fn sign_in(flow: &mut Flow, name: &str) {
    let b = &mut flow.browser;
    b.fill("form#sign-in input[name=name]", name).await;
    b.fill("form#sign-in input[name=password]", PASSWORD).await;
    b.click("form#sign-in button[type=submit]").await;
    b.wait_hydrated().await;
    b.wait_for("#signed-in-as").await;
}

/// From the sign-in page to the new campaign's own page.
pub async fn sign_in_and_create_a_campaign(flow: &mut Flow) {
    // Anonymous: sent to the sign-in page, a plain form that works without the client.
    flow.browser
        .client()
        .goto(&flow.url("/"))
        .await
        .expect("the page loads");
    flow.browser.wait_for("form#sign-in").await;
    flow.browser.shot("sign-in").await;
    flow.browser.assert_accessible("the sign-in page").await;
    sign_in(flow, OPERATOR).await;

    let b = &mut flow.browser;
    // Signed in, `/` is the operator's Today page (nothing assigned yet).
    b.wait_for("main.today").await;
    b.shot("today-empty").await;
    b.assert_accessible("the Today page").await;

    b.open(&flow.served.url("/campaigns")).await;
    b.wait_for("#campaigns").await;
    b.shot("campaigns").await;
    b.assert_accessible("the campaigns page").await;

    b.open(&flow.served.url("/campaigns/new")).await;
    b.assert_accessible("the new-campaign page").await;

    // Every field right but the name: its error next to it, nothing created.
    b.fill("#create-campaign input[name=client_name]", "Acme")
        .await;
    b.click("#create-campaign select[name=objective] option[value=lead_generation]")
        .await;
    b.click("#create-campaign input[name='platforms[]'][value=linkedin]")
        .await;
    b.click("#create-campaign input[name='platforms[]'][value=x]")
        .await;
    // A date input takes typed digits in the browser's locale order; set its value as a
    // date picker would.
    b.js(
        "document.querySelector('#create-campaign input[name=start_date]').value = arguments[0];",
        vec![TODAY.into()],
    )
    .await;
    b.fill("#create-campaign input[name=time_zone]", "Europe/Berlin")
        .await;
    b.fill("#create-campaign input[name=name]", "   ").await;
    b.click("#create-campaign button[type=submit]").await;
    let error = b.wait_for("#name-error").await;
    assert!(
        error.text().await.expect("text").contains("empty"),
        "the name's error says what is wrong"
    );
    b.shot("name-error").await;

    // The name put right: submitted by the hydrated client.
    b.fill("#create-campaign input[name=name]", "Spring launch")
        .await;
    b.click("#create-campaign button[type=submit]").await;
    // Created: the server sends the browser to the new campaign's edit page.
    let saved = b.wait_for("#saved").await;
    assert!(
        saved
            .text()
            .await
            .expect("text")
            .contains("Campaign created.")
    );
    b.wait_hydrated().await;
    b.shot("created").await;
    b.assert_accessible("the edit page").await;

    b.open(&flow.served.url("/campaigns")).await;
    let table = b.wait_for("#campaigns").await;
    b.client()
        .wait()
        .for_element(fantoccini::Locator::XPath(
            "//table[@id='campaigns']//td[@class='name']/a[text()='Spring launch']",
        ))
        .await
        .expect("the new campaign is listed");
    assert!(table.text().await.expect("text").contains("Winter launch"));
    b.shot("listed").await;

    // The campaign's own page, not planned yet.
    b.open(&flow.served.url(&campaign_path(""))).await;
    b.wait_for("#no-plan").await;
    b.shot("campaign").await;
    b.assert_accessible("the campaign page").await;

    let names: Vec<String> = flow
        .ops
        .list_campaigns(&CampaignFilter::default(), 10, None)
        .expect("listed")
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Winter launch", "Spring launch"]);
    assert_eq!(
        flow.ops
            .get_campaign(campaign_ops_core::CampaignId(CAMPAIGN))
            .expect("created")
            .start_date
            .to_string(),
        TODAY
    );
}
