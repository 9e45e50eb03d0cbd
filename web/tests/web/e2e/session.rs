//! An expired session in the browser: the fixed clock moved past the session's expiry
//! while a signed-in page is open. A page the browser loads is redirected to the sign-in
//! page by the server; a link the hydrated client follows itself gets a 401 from the next
//! page's server function, and the page's `LoadError` sends the browser there. Both times
//! the sign-in page says the session has ended, and signing in again returns to the page.

use campaign_ops_core::Clock;
use chrono::Duration;

use super::flow::{self, COOKIE, Flow, OPERATOR};

/// Moves the flow's clock one second past the expiry of the browser's session.
async fn expire_the_session(flow: &Flow) {
    let cookie = flow
        .browser
        .client()
        .get_named_cookie(COOKIE)
        .await
        .expect("the session cookie");
    let (session, _) = flow
        .ops
        .session_user(cookie.value())
        .expect("read")
        .expect("a live session");
    flow.clock.set(session.expires_at + Duration::seconds(1));
    assert!(session.is_expired(flow.clock.now()));
}

/// On the sign-in page with the session-ended notice, and `next` is `path`: signs in again
/// and lands on `path`, hydrated.
async fn told_and_signed_in_again(flow: &mut Flow, path: &str, shot: &str) {
    let b = &mut flow.browser;
    b.wait_for("form#sign-in").await;
    let notice = b.wait_for("#session-ended").await;
    let text = notice.text().await.expect("text");
    assert!(text.starts_with("Your session has ended"), "{text}");
    let next = b
        .js(
            "return document.querySelector('form#sign-in input[name=next]').value;",
            vec![],
        )
        .await;
    assert_eq!(next.as_str(), Some(path), "back to the page afterwards");
    b.shot(shot).await;
    b.assert_accessible("the sign-in page after an ended session")
        .await;
    super::create::sign_in(flow, OPERATOR).await;
    let url = flow.browser.client().current_url().await.expect("a URL");
    let here = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    assert_eq!(here, path, "signed in again, back where the user was");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_sends_the_browser_to_sign_in_with_a_message() {
    let Some(mut flow) = flow::start("expired-session").await else {
        return;
    };
    flow.browser
        .client()
        .goto(&flow.url("/campaigns?status=draft"))
        .await
        .expect("the page loads");
    super::create::sign_in(&mut flow, OPERATOR).await;
    flow.browser.wait_for("#campaigns").await;

    // A page load with the expired session: the server redirects it.
    expire_the_session(&flow).await;
    flow.browser
        .client()
        .goto(&flow.url("/campaigns?status=draft"))
        .await
        .expect("the page loads");
    told_and_signed_in_again(&mut flow, "/campaigns?status=draft", "ended-on-load").await;
    flow.browser.wait_for("#campaigns").await;

    // A link followed by the hydrated client: no page request reaches the server's
    // redirect; the Today page's data call is refused and the page goes to sign-in itself.
    expire_the_session(&flow).await;
    flow.browser.click("header.top nav a[href='/today']").await;
    told_and_signed_in_again(&mut flow, "/today", "ended-on-navigation").await;
    flow.browser.wait_for("main.today").await;
    flow::finish(flow).await;
}
