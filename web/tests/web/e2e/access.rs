//! Who may see and do what: the pages at phone width (no sideways scrolling), sign-out
//! ending the session on the server (the old cookie no longer works), and a viewer who
//! sees no control that changes anything and whose direct POSTs are refused.

use campaign_ops_core::{CalendarItemId, CampaignId};
use campaign_ops_web::api::AppError;
use campaign_ops_web::api::campaign::{GeneratePlan, Reschedule};
use leptos::server_fn::ServerFn;

use super::browser::Browser;
use super::create::sign_in;
use super::flow::{CAMPAIGN, COOKIE, Flow, VIEWER, campaign_path};

/// The innermost elements reaching past the viewport (their tag, id and class: the ones
/// that widen the page, not their ancestors), if the page scrolls sideways.
const OVERFLOW: &str = r#"
const width = window.innerWidth;
if (document.scrollingElement.scrollWidth <= width) return [];
const wide = el => el.getBoundingClientRect().right > width + 0.5;
return [...document.querySelectorAll('body *')]
  .filter(el => wide(el) && ![...el.children].some(wide))
  .slice(0, 8)
  .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`)
  .concat([`scrollWidth=${document.scrollingElement.scrollWidth} innerWidth=${width}`]);"#;

/// Asserts that `page` does not scroll sideways at the window's width.
async fn assert_fits(b: &Browser, page: &str) {
    let wide = b.js(OVERFLOW, vec![]).await;
    assert_eq!(
        wide.as_array().map(Vec::len),
        Some(0),
        "{page} scrolls sideways: {wide}"
    );
}

/// Today and the campaign page at 390 px wide: screenshots, and nothing wider than the
/// screen.
pub async fn fit_a_phone_screen(flow: &mut Flow) {
    let b = &mut flow.browser;
    b.resize(390, 844).await;
    b.open(&flow.served.url("/today")).await;
    let width = b.js("return window.innerWidth;", vec![]).await;
    assert!(
        width.as_u64().is_some_and(|w| w <= 400),
        "the viewport is phone-sized (innerWidth {width})"
    );
    b.shot("phone-today").await;
    assert_fits(b, "Today").await;
    // The open task (or the line saying there is none) is on top, above the lists.
    let first = b
        .js(
            "const open = document.querySelector('.open-task').getBoundingClientRect(); \
             const lists = document.querySelector('.lists').getBoundingClientRect(); \
             return open.top < lists.top;",
            vec![],
        )
        .await;
    assert_eq!(first, true, "at phone width the open task comes first");
    b.open(&flow.served.url(&campaign_path(""))).await;
    b.wait_for("#calendar-grid").await;
    b.shot("phone-campaign").await;
    assert_fits(b, "the campaign page").await;
    // The plan's phase dates wrap between dates, never inside one (a wrapped inline
    // element has a box per line).
    let broken = b
        .js(
            "const dates = [...document.querySelectorAll('.phase-bar .date')]; \
             return [dates.length, dates.filter(d => d.getClientRects().length > 1) \
               .map(d => d.textContent)];",
            vec![],
        )
        .await;
    assert!(
        broken[0].as_u64().is_some_and(|n| n > 0)
            && broken[1].as_array().is_some_and(Vec::is_empty),
        "phase dates broken across lines at phone width: {broken}"
    );
    b.js(
        "document.getElementById('calendar').scrollIntoView();",
        vec![],
    )
    .await;
    b.shot("phone-calendar").await;
    b.resize(1280, 900).await;
}

/// Sign-out ends the session in the store: the browser is sent to the sign-in page, and
/// the old cookie, put back, no longer signs anyone in.
pub async fn sign_out_ends_the_session(flow: &mut Flow) {
    let b = &mut flow.browser;
    b.open(&flow.served.url("/today")).await;
    let cookie = b
        .client()
        .get_named_cookie(COOKIE)
        .await
        .expect("the session cookie");
    let token = cookie.value().to_owned();
    assert!(flow.ops.session_user(&token).expect("read").is_some());
    b.click("#sign-out").await;
    b.wait_for("form#sign-in").await;
    b.shot("signed-out").await;
    assert!(
        flow.ops.session_user(&token).expect("read").is_none(),
        "the session is gone from the store"
    );

    b.client()
        .add_cookie(cookie)
        .await
        .expect("the old cookie is put back");
    b.client()
        .goto(&flow.served.url("/today"))
        .await
        .expect("the page loads");
    b.wait_for("form#sign-in").await;
    b.wait_for("#session-ended").await;
    assert_eq!(
        b.count("main.today").await,
        0,
        "the old cookie opens nothing"
    );
}

/// A POST to a server function from the page's own script (its cookie, its origin), as
/// the hydrated client makes it: the status and the body.
async fn post_from_page(b: &Browser, path: &str, body: &str) -> (u64, String) {
    let answer = b
        .js_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0], { method: 'POST', body: arguments[1], headers: {
                 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' } })
               .then(async r => done([r.status, await r.text()]))
               .catch(e => done([0, String(e)]));",
            vec![path.into(), body.into()],
        )
        .await;
    (
        answer[0].as_u64().expect("a status"),
        answer[1].as_str().expect("a body").to_owned(),
    )
}

/// A viewer: every page without a form or a draggable item, and the server functions
/// behind those forms refuse the viewer's session when called directly.
pub async fn a_viewer_sees_and_changes_nothing(flow: &mut Flow) {
    sign_in(flow, VIEWER).await;
    let b = &mut flow.browser;
    let role = b.wait_for("#signed-in-as").await;
    assert_eq!(
        role.attr("data-role").await.expect("attr").as_deref(),
        Some("viewer")
    );
    b.wait_for("main.today").await;
    assert_eq!(
        b.count("main form").await,
        0,
        "no form on the viewer's Today"
    );

    b.open(&flow.served.url(&campaign_path(""))).await;
    b.wait_for("#plan-version").await;
    b.wait_for("#calendar-grid a.item").await;
    b.wait_for("#task-list").await;
    assert_eq!(
        b.count("main form").await,
        0,
        "no form on the viewer's campaign page"
    );
    assert_eq!(
        b.count("#calendar-grid a.item[draggable=true]").await,
        0,
        "nothing to drag"
    );
    b.shot("viewer-campaign").await;
    b.assert_accessible("the viewer's campaign page").await;

    let item = flow
        .ops
        .campaign_calendar(CampaignId(CAMPAIGN))
        .expect("the calendar")
        .into_iter()
        .next()
        .expect("an item");
    b.open(
        &flow
            .served
            .url(&campaign_path(&format!("item={}", item.id.0))),
    )
    .await;
    b.wait_for("#editor").await;
    assert_eq!(
        b.count("main form, #editor textarea").await,
        0,
        "a read-only editor"
    );
    // The copy shown as text wraps like the editor's field: nothing wider than the page.
    assert_fits(b, "the viewer's editor").await;
    b.js(
        "document.getElementById('editor').scrollIntoView();",
        vec![],
    )
    .await;
    b.shot("viewer-editor").await;

    // Straight to the server functions, with the viewer's cookie: refused, nothing changed.
    let body = format!("item_id={}&scheduled_at=2027-01-20T10%3A00", item.id.0);
    let (status, answer) = post_from_page(b, Reschedule::PATH, &body).await;
    assert_forbidden(status, &answer);
    let after = flow
        .ops
        .get_calendar_item(CalendarItemId(item.id.0))
        .expect("the item");
    assert_eq!(
        after.scheduled_at, item.scheduled_at,
        "the item did not move"
    );

    let body = format!("campaign_id={CAMPAIGN}&focus_area=takeover&duration_days=14");
    let (status, answer) = post_from_page(b, GeneratePlan::PATH, &body).await;
    assert_forbidden(status, &answer);
    let plans = flow.ops.list_plans(CampaignId(CAMPAIGN)).expect("plans");
    assert_eq!(plans.len(), 1, "no plan version added");
}

fn assert_forbidden(status: u64, body: &str) {
    assert_eq!(status, 403, "{body}");
    let error: AppError = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert!(matches!(error, AppError::Forbidden(_)), "{error:?}");
}
