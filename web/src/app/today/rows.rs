//! The inbox's sections: a heading with the count, compact rows (due time, title,
//! platform, type, campaign, status, content warnings), each a plain link that opens the
//! task, and a line for what was left out with links to those tasks' campaigns.
//!
//! Rows hold no form and no signal: they are most of the page, and the page is rendered
//! on every load.

use leptos::prelude::*;

use crate::api::{TodayRow, TodaySection};

/// How a section shows a row's due time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// Day and time (overdue: it may be days ago).
    DayAndTime,
    /// The time (today).
    Time,
    /// The time, under a heading per day (the next days).
    ByDay,
}

/// One section: heading, rows (or `empty`), and the "more" line.
#[component]
pub(super) fn SectionView(
    class: &'static str,
    heading: &'static str,
    heading_id: &'static str,
    section: TodaySection,
    /// The open task, whose row is marked current.
    open: Option<u64>,
    when: When,
    empty: &'static str,
) -> impl IntoView {
    let title = format!("{heading} ({})", section.count_label());
    let TodaySection {
        rows,
        more,
        more_capped,
        more_campaigns,
    } = section;
    let list = if rows.is_empty() {
        view! { <p class="empty">{empty}</p> }.into_any()
    } else if when == When::ByDay {
        by_day(rows)
            .into_iter()
            .map(|(day, rows)| {
                view! {
                    <h3 class="day">{day}</h3>
                    <RowList rows open when/>
                }
            })
            .collect_view()
            .into_any()
    } else {
        view! { <RowList rows open when/> }.into_any()
    };
    let more = (more > 0).then(|| {
        let count = if more_capped {
            format!("{more}+")
        } else {
            more.to_string()
        };
        view! {
            <p class="more">
                {format!("{count} more not shown: finish these first, or see the tasks of ")}
                {more_campaigns
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        view! {
                            {(i > 0).then_some(", ")}
                            <a href=format!("/campaigns/{}#tasks", c.id)>{c.name}</a>
                        }
                    })
                    .collect_view()}
                "."
            </p>
        }
    });
    view! {
        <section class=format!("tasks {class}") aria-labelledby=heading_id>
            <h2 id=heading_id>{title}</h2>
            {list}
            {more}
        </section>
    }
}

/// Rows grouped by their local day, in order.
fn by_day(rows: Vec<TodayRow>) -> Vec<(String, Vec<TodayRow>)> {
    let mut days: Vec<(String, Vec<TodayRow>)> = Vec::new();
    for row in rows {
        match days.last_mut() {
            Some((day, list)) if *day == row.due_day => list.push(row),
            _ => days.push((row.due_day.clone(), vec![row])),
        }
    }
    days
}

#[component]
fn RowList(rows: Vec<TodayRow>, open: Option<u64>, when: When) -> impl IntoView {
    view! {
        <ul class="rows">
            {rows.into_iter().map(|row| view! { <Row row open when/> }).collect_view()}
        </ul>
    }
}

/// One row: a link to `/today?task=<id>` (the router navigates in the page once
/// hydrated, the browser loads it before).
#[component]
fn Row(row: TodayRow, open: Option<u64>, when: When) -> impl IntoView {
    let TodayRow {
        id,
        campaign_id,
        campaign_name,
        platform,
        platform_key,
        kind,
        title,
        status,
        due_at,
        due_day,
        due_time,
        warnings,
    } = row;
    let current = open == Some(id);
    let day = (when == When::DayAndTime).then(|| view! { <span class="d">{due_day}</span> " " });
    let platform = platform.map(|p| {
        let class = format!(
            "platform platform-{}",
            platform_key.as_deref().unwrap_or("none")
        );
        view! { <span class=class>{p}</span> " · " }
    });
    let warnings = (warnings > 0).then(|| {
        let label = if warnings == 1 {
            "1 content warning".to_owned()
        } else {
            format!("{warnings} content warnings")
        };
        let title = label.clone();
        view! {
            <span class="warn" title=title>
                <span aria-hidden="true">{format!("⚠ {warnings}")}</span>
                <span class="sr-only">{label}</span>
            </span>
        }
    });
    view! {
        <li class:current=current data-status=status.clone() data-campaign=campaign_id>
            <a
                href=format!("/today?task={id}")
                id=format!("row-{id}")
                aria-current=current.then_some("true")
            >
                <time datetime=due_at>{day}<span class="t">{due_time}</span></time>
                <span class="title">{title}</span>
                <span class="meta">{platform}{kind} " · " {campaign_name}</span>
                <span class=format!("status status-{status}")>{status.replace('_', " ")}</span>
                {warnings}
            </a>
        </li>
    }
}
