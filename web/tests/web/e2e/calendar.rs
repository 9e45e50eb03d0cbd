//! The campaign page at work: plan the campaign, build its calendar and tasks, drag an
//! item to another day, and edit an X post's copy with the live weighted counter (core's
//! check running in the WASM client).

use campaign_ops_core::platform::{X_MAX_WEIGHTED, x_weighted_length};
use campaign_ops_core::{CalendarItemId, CampaignId, Store};
use serde_json::{Value, json};

use super::flow::{CAMPAIGN, Flow, OPERATOR, campaign_path};

/// Generates the first plan version from the plan section's form.
pub async fn plan_the_campaign(flow: &mut Flow) {
    let b = &mut flow.browser;
    b.fill("#generate-plan input[name=focus_area]", "product launch")
        .await;
    b.fill("#generate-plan input[name=duration_days]", "28")
        .await;
    b.click("#generate-plan button[type=submit]").await;
    let version = b.wait_for("#plan-version").await;
    let text = version.text().await.expect("text");
    assert!(text.starts_with("Version 1 · product launch"), "{text}");
    b.wait_for("#build-calendar").await;
    b.shot("planned").await;
    b.assert_accessible("the planned campaign").await;
    let plans = flow.ops.list_plans(CampaignId(CAMPAIGN)).expect("plans");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].duration_days, 28);
}

/// Builds the calendar and the POST tasks, assigned to the operator.
pub async fn build_the_calendar_and_tasks(flow: &mut Flow) {
    let b = &mut flow.browser;
    b.fill("#build-calendar input[name=assignee]", OPERATOR)
        .await;
    b.click("#build-calendar button[type=submit]").await;
    let built = b.wait_for("#calendar-built").await;
    let text = built.text().await.expect("text");
    assert!(text.starts_with("Calendar built: "), "{text}");
    b.wait_until(
        "the calendar shows the new items",
        "document.querySelectorAll('#calendar-grid a.item').length > 0",
        vec![],
    )
    .await;
    b.shot("calendar-built").await;
    b.assert_accessible("the campaign with its calendar").await;

    let items = flow
        .ops
        .campaign_calendar(CampaignId(CAMPAIGN))
        .expect("the calendar");
    assert!(!items.is_empty());
    assert!(
        text.contains(&format!("{} items created", items.len())),
        "{text}"
    );
    // The POST tasks went to the operator.
    let tasks = flow
        .ops
        .store()
        .read(|tx| {
            tx.open_task_briefs_for_assignee(
                OPERATOR,
                chrono::DateTime::<chrono::Utc>::MIN_UTC,
                chrono::DateTime::<chrono::Utc>::MAX_UTC,
                5,
            )
        })
        .expect("the operator's tasks");
    assert!(!tasks.is_empty(), "POST tasks are assigned to {OPERATOR}");
}

/// Finds a planned item from the day after tomorrow on and a day two days after it.
const PICK_DRAG: &str = r#"
const days = [...document.querySelectorAll('.cal-month .day:not(.out)')];
for (const [i, day] of days.entries()) {
  if (day.dataset.date < arguments[0]) continue;
  const item = day.querySelector('a.item.p-linkedin[draggable=true]');
  const to = days[i + 2];
  if (item && to) return [item.dataset.item, day.dataset.date, to.dataset.date, item.dataset.local];
}
return null;"#;

/// HTML5 drag and drop as Chromium runs it, from script: WebDriver's pointer actions do not
/// start a native drag in Chromium, so the events the page listens to (`dragstart` on the
/// item, `dragover` and `drop` on the cell) are dispatched with one shared `DataTransfer`.
/// Returns whether the cell accepted the drop (its `dragover` handler called
/// `preventDefault`), which only the hydrated page does.
const DRAG: &str = r#"
const item = document.querySelector(`#calendar-grid a.item[data-item="${arguments[0]}"]`);
const cell = document.querySelector(`#calendar-grid .day[data-date="${arguments[1]}"]`);
const dataTransfer = new DataTransfer();
const fire = (el, type) => {
  const ev = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer });
  el.dispatchEvent(ev);
  return ev.defaultPrevented;
};
fire(item, 'dragstart');
fire(cell, 'dragenter');
const accepted = fire(cell, 'dragover');
fire(cell, 'drop');
fire(item, 'dragend');
return accepted && dataTransfer.getData('text/plain').startsWith(arguments[0] + '|');"#;

/// Drags a LinkedIn item two days later in the month view; it moves in the store, and is
/// in its new cell after a reload.
pub async fn drag_an_item_to_another_day(flow: &mut Flow) {
    let b = &mut flow.browser;
    let picked = b.js(PICK_DRAG, vec!["2027-01-06".into()]).await;
    let [id, from, to, local] = strings(&picked);
    let id_num: u64 = id.parse().expect("an item id");
    let time = &local[11..16];
    assert!(local.starts_with(&from), "{local} is on {from}");
    let accepted = b.js(DRAG, vec![id.clone().into(), to.clone().into()]).await;
    assert_eq!(accepted, Value::Bool(true), "the day cell accepts the drop");
    let in_new_cell = "document.querySelector(`.day[data-date=\"${arguments[1]}\"] a.item[data-item=\"${arguments[0]}\"]`)";
    b.wait_until(
        "the dragged item shows on its new day",
        in_new_cell,
        vec![id.clone().into(), to.clone().into()],
    )
    .await;

    let stored = flow
        .ops
        .get_calendar_item(CalendarItemId(id_num))
        .expect("the item");
    let local_now = stored
        .scheduled_at
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    assert_eq!(local_now, format!("{to}T{time}"), "moved by the days only");

    // After a reload (the server's HTML, hydrated again), it is still there.
    b.open(&flow.served.url(&campaign_path(""))).await;
    b.wait_until(
        "the moved item is on its new day after a reload",
        in_new_cell,
        vec![id.clone().into(), to.clone().into()],
    )
    .await;
    let shown = b
        .js(
            "return document.querySelector(`a.item[data-item=\"${arguments[0]}\"]`).dataset.local;",
            vec![id.into()],
        )
        .await;
    assert_eq!(shown, json!(format!("{to}T{time}")));
    b.shot("dragged").await;
}

/// Opens an X post in the editor and types: the weighted count (a URL counts 23) and the
/// list of broken rules follow each keystroke, before anything is saved; then saves.
pub async fn edit_copy_with_the_live_x_counter(flow: &mut Flow) {
    let b = &mut flow.browser;
    let first_x = "document.querySelector('#calendar-grid a.item.p-x[draggable=true]')";
    b.wait_until("an X item is on the calendar", first_x, vec![])
        .await;
    let id = b
        .js(&format!("return {first_x}.dataset.item;"), vec![])
        .await;
    let id = id.as_str().expect("an id").to_owned();
    b.click(&format!("#calendar-grid a.item[data-item='{id}']"))
        .await;
    let copy = b.wait_for("#editor textarea#item-copy").await;
    let counter = b.wait_for("#x-count").await;
    let before = count_of(&counter.attr("data-count").await.expect("attr"));
    b.assert_accessible("the content editor").await;

    // Appended in the browser: the counter is core's weighted length of what is typed.
    copy.send_keys(" https://example.com/spring-launch-2027")
        .await
        .expect("typed");
    let value = textarea_value(b).await;
    let expected = x_weighted_length(value.trim());
    // The URL is 38 characters but counts 23 (X's t.co length), a space one more.
    assert!(
        expected > before && expected <= before + 25,
        "{before} -> {expected}: a URL counts 23 whatever its length"
    );
    b.wait_until(
        "the X counter shows the new weighted length",
        "document.querySelector('#x-count').dataset.count == arguments[0]",
        vec![expected.to_string().into()],
    )
    .await;
    let text = counter.text().await.expect("text");
    assert_eq!(
        text,
        format!("X weighted length: {expected} / {X_MAX_WEIGHTED}")
    );
    b.shot("copy-counting").await;

    // Past the limit: flagged at once, with the broken rule listed.
    copy.send_keys(&" more".repeat(60)).await.expect("typed");
    b.wait_until(
        "the counter and the rules flag an over-long post",
        "document.querySelector('#x-count.over') && document.querySelector('#content-issues li.issue-error')",
        vec![],
    )
    .await;
    b.shot("copy-over-limit").await;
    b.assert_accessible("the editor with broken rules").await;

    // Put right and saved: stored as typed.
    let final_copy = "Spring is here: see what is new https://example.com/spring #launch";
    copy.clear().await.expect("cleared");
    copy.send_keys(final_copy).await.expect("typed");
    b.wait_until(
        "the counter follows the new copy",
        "document.querySelector('#x-count').dataset.count == arguments[0] && !document.querySelector('#x-count.over')",
        vec![x_weighted_length(final_copy).to_string().into()],
    )
    .await;
    b.click("#save-item button[type=submit]").await;
    b.wait_for("#item-saved").await;
    b.shot("copy-saved").await;
    let stored = flow
        .ops
        .get_calendar_item(CalendarItemId(id.parse().expect("an id")))
        .expect("the item");
    assert_eq!(stored.copy, final_copy);
}

async fn textarea_value(b: &super::browser::Browser) -> String {
    b.js("return document.querySelector('#item-copy').value;", vec![])
        .await
        .as_str()
        .expect("a string")
        .to_owned()
}

fn count_of(attr: &Option<String>) -> usize {
    attr.as_deref()
        .and_then(|v| v.parse().ok())
        .expect("data-count holds a number")
}

/// The four strings of a JS array.
fn strings(v: &Value) -> [String; 4] {
    let all: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("no planned LinkedIn item to drag: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect();
    all.try_into().expect("four strings")
}
