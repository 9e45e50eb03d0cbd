//! The operator's work: a task of the new campaign on Today, started and completed there
//! with its proof and metrics, then its figures in the campaign's weekly report and both
//! charts.

use campaign_ops_core::report::ReportWeek;
use campaign_ops_core::{CampaignId, Clock, MetricKind, Store, TaskId, TaskStatus};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::browser::Browser;
use super::flow::{CAMPAIGN, Flow, campaign_path};

/// Impressions and engagements typed into the completion form (a 7.5 % engagement rate).
const IMPRESSIONS: f64 = 1200.0;
const ENGAGEMENTS: f64 = 90.0;

/// Moves the clock to the morning of the operator's first task (the plan's first posts may
/// be a day or two after its start), opens Today, finds the row of the first task of the
/// new campaign due today (or overdue), as the server listed it, and opens it from its row;
/// returns its id.
pub async fn find_the_task_on_today(flow: &mut Flow) -> u64 {
    let first = flow
        .ops
        .store()
        .read(|tx| {
            tx.open_task_briefs_for_assignee(
                super::flow::OPERATOR,
                DateTime::<Utc>::MIN_UTC,
                DateTime::<Utc>::MAX_UTC,
                1,
            )
        })
        .expect("the operator's tasks");
    let due = first.first().expect("a task").due_at;
    let morning = due
        .date_naive()
        .and_hms_opt(0, 1, 0)
        .expect("a time")
        .and_utc();
    flow.clock
        .set((due - chrono::Duration::minutes(30)).max(morning));
    // A day or more later the session may have idled out: sign in again if asked to.
    flow.browser
        .client()
        .goto(&flow.url("/today"))
        .await
        .expect("the page loads");
    if flow.browser.count("form#sign-in").await > 0 {
        super::create::sign_in(flow, super::flow::OPERATOR).await;
    }
    let b = &mut flow.browser;
    b.wait_hydrated().await;
    let row = format!(
        "document.querySelector(\".overdue li[data-campaign='{CAMPAIGN}'] a, \
         .due-today li[data-campaign='{CAMPAIGN}'] a\")"
    );
    b.wait_until("a row of the new campaign is on Today", &row, vec![])
        .await;
    let id = b.js(&format!("return {row}.id;"), vec![]).await;
    let id: u64 = id
        .as_str()
        .and_then(|s| s.strip_prefix("row-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a row's id: {id}"));
    b.shot("today-tasks").await;
    b.assert_accessible("Today with tasks").await;
    // Open it from its row: a client-side navigation once hydrated (the marker set on this
    // document survives it; a page load would drop it), which shows its card.
    b.js("window.__sameDocument = true;", vec![]).await;
    b.click(&format!("#row-{id}")).await;
    b.wait_for(&format!("article.task#task-{id}")).await;
    b.wait_for(&format!("#row-{id}[aria-current='true']")).await;
    let same = b.js("return window.__sameDocument === true;", vec![]).await;
    assert_eq!(same, true, "the row opened its task without a page load");
    let url = b
        .js("return location.pathname + location.search;", vec![])
        .await;
    assert_eq!(
        url,
        format!("/today?task={id}").as_str(),
        "the URL names the open task"
    );
    b.shot("today-open-task").await;
    b.assert_accessible("Today with a task open").await;
    let task = flow.ops.get_task(TaskId(id)).expect("the task");
    assert_eq!(task.assignee.as_deref(), Some(super::flow::OPERATOR));
    assert_eq!(task.campaign_id, CampaignId(CAMPAIGN));
    id
}

/// Starts task `id` and completes it with a proof URL and metrics, from its card.
pub async fn complete_it_with_metrics(flow: &mut Flow, id: u64) {
    let b = &mut flow.browser;
    b.click(&format!("#start-{id} button[type=submit]")).await;
    b.wait_for(&format!("#task-{id}[data-status='in_progress']"))
        .await;
    b.click(&format!("#task-{id} .act-complete > summary"))
        .await;
    let form = format!("#complete-{id}");
    b.fill(&format!("{form} textarea[name=outcome]"), "Posted on time")
        .await;
    b.fill(
        &format!("{form} input[name=proof]"),
        "https://www.linkedin.com/feed/update/urn:li:activity:1",
    )
    .await;
    b.fill(&format!("{form} input[name='metrics[engagements]']"), "90")
        .await;
    // A metric that is not a number is refused next to its field, and the card keeps what
    // was typed (the inbox reloads over the same task's card).
    let impressions = format!("{form} input[name='metrics[impressions]']");
    b.fill(&impressions, "lots").await;
    b.click(&format!("{form} button[type=submit]")).await;
    b.wait_until(
        "the impressions field's error",
        "document.getElementById(arguments[0])",
        vec![format!("complete-{id}-metrics.impressions-error").into()],
    )
    .await;
    let kept = b
        .js(
            "return [arguments[0], arguments[1]].map((css) => document.querySelector(css).value);",
            vec![
                format!("{form} textarea[name=outcome]").into(),
                format!("{form} input[name='metrics[engagements]']").into(),
            ],
        )
        .await;
    assert_eq!(
        kept,
        serde_json::json!(["Posted on time", "90"]),
        "typed values survive a refusal"
    );
    b.fill(&impressions, "1,200").await;
    b.shot("completing").await;
    b.assert_accessible("the completion form").await;
    b.click(&format!("{form} button[type=submit]")).await;
    // Done: its card and its row leave Today (the URL still names it: the page says so).
    b.wait_until(
        "the completed task leaves Today",
        "!document.getElementById(arguments[0]) && !document.getElementById(arguments[1])",
        vec![format!("task-{id}").into(), format!("row-{id}").into()],
    )
    .await;
    b.wait_for("#today-notice").await;
    b.shot("completed").await;
    next_card_is_blank(b).await;

    let task = flow.ops.get_task(TaskId(id)).expect("the task");
    assert_eq!(task.status, TaskStatus::Completed);
    assert_eq!(task.outcome.as_deref(), Some("Posted on time"));
    let metrics = flow
        .ops
        .store()
        .read(|tx| tx.metrics_page(CampaignId(CAMPAIGN), None, 10))
        .expect("metrics");
    let value = |kind: MetricKind| {
        metrics
            .iter()
            .find(|m| m.kind == kind && m.task_id == Some(TaskId(id)))
            .map(|m| m.value)
    };
    assert_eq!(value(MetricKind::Impressions), Some(IMPRESSIONS));
    assert_eq!(value(MetricKind::Engagements), Some(ENGAGEMENTS));
}

/// The card Today opens after a completion is the next task's own: none of the completed
/// task's typed values, and its move forms closed (the page rebuilt over the old card once
/// and kept both).
async fn next_card_is_blank(b: &Browser) {
    let left = b
        .js(
            r#"const card = document.querySelector('article.task');
            if (!card) return 'no next task is open';
            const typed = [...card.querySelectorAll('textarea, input[type=text]')]
                .filter((e) => e.value !== '')
                .map((e) => `${e.name}=${e.value}`);
            const open = [...card.querySelectorAll('details.act[open]')].map((d) => d.className);
            return typed.length || open.length
                ? `${card.id} has typed values [${typed}] and open forms [${open}]`
                : '';"#,
            vec![],
        )
        .await;
    assert_eq!(left, Value::from(""), "the next task's card starts blank");
}

/// The report section of this week shows the completion and the metrics, and both SVG
/// charts have this week's mark.
pub async fn see_it_in_the_weekly_report_and_the_chart(flow: &mut Flow) {
    let b = &mut flow.browser;
    b.open(&flow.served.url(&format!("{}#reports", campaign_path(""))))
        .await;
    let week = ReportWeek::containing(flow.clock.now(), chrono_tz::Europe::Berlin);
    let shown = b.wait_for("#report-week").await;
    assert!(
        shown
            .text()
            .await
            .expect("text")
            .starts_with(&format!("Week {week}")),
        "this week's report"
    );
    let summary = flow
        .ops
        .generate_weekly_summary(CampaignId(CAMPAIGN), Some(week))
        .expect("the summary");
    assert!(summary.tasks.completed >= 1, "{:?}", summary.tasks);
    let completion = text_of(b, "#completion-rate").await;
    assert_ne!(completion, "—", "a completion rate");
    let engagement = text_of(b, "#engagement-rate").await;
    assert_eq!(engagement, "7.5 %", "90 engagements of 1,200 impressions");
    let figures = text_of(b, "#platform-figures").await;
    assert!(figures.contains("1200"), "{figures}");
    b.js(
        "document.getElementById('reports').scrollIntoView();",
        vec![],
    )
    .await;
    b.shot("report").await;
    b.assert_accessible("the campaign's report").await;

    // The charts, drawn by the server: this week's bar and this week's dot.
    let label = format!("W{:02}", week.week());
    let bars = texts(b, "#completion-chart rect.bar title").await;
    assert!(
        bars.iter()
            .any(|t| t.starts_with(&format!("{label}: ")) && !t.ends_with(": 0 %")),
        "{bars:?}"
    );
    let dots = texts(b, "#engagement-chart circle.dot title").await;
    assert!(
        dots.iter()
            .any(|d| d.contains(&label) && d.ends_with("7.5 %")),
        "{dots:?}"
    );
}

/// The text content of every element matching `css`, from the DOM (SVG `<title>`s too:
/// the tooltips of a chart's marks, as the server drew them).
async fn texts(b: &Browser, css: &str) -> Vec<String> {
    let all = b
        .js(
            "return [...document.querySelectorAll(arguments[0])].map(t => t.textContent);",
            vec![css.into()],
        )
        .await;
    all.as_array()
        .unwrap_or_else(|| panic!("a list of texts: {all}"))
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The trimmed text of the first element matching `css`.
async fn text_of(b: &Browser, css: &str) -> String {
    texts(b, css)
        .await
        .into_iter()
        .next()
        .map(|t| t.trim().to_owned())
        .unwrap_or_else(|| panic!("nothing matches {css}"))
}
