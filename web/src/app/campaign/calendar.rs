//! The calendar section: a month grid or a week of hour rows, items coloured by platform
//! (CSS class `p-<platform>`), filter chips, previous / next / today links, each item's
//! schedule issues, and the editor of the selected item. Every control is a link; once
//! hydrated a planned item can also be dragged to another day (month) or hour (week),
//! which calls the same `reschedule` server function as the editor's date-time form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use super::{Actions, drag, editor, field_error, href, query_value};
use crate::api::campaign::{CalendarView, DayCell, ItemChip, Reschedule, load_calendar};

/// The calendar section of campaign `id`.
#[component]
pub fn CalendarSection(id: u64, can_edit: bool, actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        (
            query_value(&q, "view"),
            query_value(&q, "date"),
            query_value(&q, "platforms"),
        )
    };
    let calendar = Resource::new(
        move || (key(), actions.calendar_changes()),
        move |((view, date, platforms), _)| load_calendar(id, view, date, platforms),
    );
    let item = move || query.read().get("item").and_then(|v| v.parse::<u64>().ok());
    let moved_error = move || actions.reschedule.value().get().and_then(Result::err);
    view! {
        <section class="card" id="calendar" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">"Calendar"</h2>
            {move || field_error(moved_error(), "scheduled_at")}
            {move || {
                moved_error()
                    .and_then(|e| e.form_message(&["scheduled_at"]))
                    .map(|m| view! { <p class="error" id="reschedule-error">{m}</p> })
            }}
            <Suspense fallback=|| view! { <p>"Loading the calendar…"</p> }>
                {move || Suspend::new(async move {
                    match calendar.await {
                        Ok(c) => {
                            let q = query.get_untracked();
                            view! { <Calendar c q can_edit actions/> }.into_any()
                        }
                        Err(e) => {
                            view! { <crate::app::LoadError error=e id="calendar-error"/> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
            {move || {
                item().map(|item_id| view! { <editor::EditorPanel id item_id can_edit actions/> })
            }}
        </section>
    }
}

/// The toolbar and the grid of a loaded view.
#[component]
fn Calendar(c: CalendarView, q: ParamsMap, can_edit: bool, actions: Actions) -> impl IntoView {
    let id = c.campaign_id;
    let month = c.view == "month";
    let link = {
        let q = q.clone();
        move |changes: &[(&'static str, Option<String>)]| href(id, &q, changes)
    };
    let chips = c
        .chips
        .iter()
        .map(|chip| {
            let to = link(&[("platforms", Some(chip.toggle.clone()))]);
            view! {
                <a
                    class=format!("chip p-{}", chip.key)
                    class:off=!chip.active
                    href=format!("{to}#calendar")
                    // A link, not a toggle button: the chip in effect is "current" (aria-pressed is
                    // for buttons only).
                    aria-current=chip.active.then_some("true")
                    data-platform=chip.key.clone()
                >
                    {chip.label.clone()}
                </a>
            }
        })
        .collect_view();
    let shown: usize = c.days.iter().map(|d| d.items.len()).sum();
    view! {
        <div class="cal-toolbar">
            <h3 id="calendar-title">{c.title.clone()}</h3>
            <nav class="cal-nav" aria-label="Calendar range">
                <a href=format!("{}#calendar", link(&[("date", Some(c.prev.clone()))])) rel="prev">"← Previous"</a>
                <a href=format!("{}#calendar", link(&[("date", Some(c.today.clone()))]))>"Today"</a>
                <a href=format!("{}#calendar", link(&[("date", Some(c.next.clone()))])) rel="next">"Next →"</a>
                <a
                    href=format!("{}#calendar", link(&[("view", Some("month".to_owned())), ("date", Some(c.date.clone()))]))
                    aria-current=month.then_some("true")
                    id="view-month"
                >
                    "Month"
                </a>
                <a
                    href=format!("{}#calendar", link(&[("view", Some("week".to_owned())), ("date", Some(c.date.clone()))]))
                    aria-current=(!month).then_some("true")
                    id="view-week"
                >
                    "Week"
                </a>
            </nav>
            <div class="chips" role="group" aria-label="Platforms shown">{chips}</div>
            <p class="count" id="calendar-count">
                {format!("{shown} of {} items · times in {}", c.total, c.time_zone)}
            </p>
        </div>
        {if month {
            view! { <MonthGrid c=c.clone() q=q.clone() can_edit actions/> }.into_any()
        } else {
            view! { <WeekGrid c=c.clone() q=q.clone() can_edit actions/> }.into_any()
        }}
    }
}

/// Weekday headers, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

#[component]
fn MonthGrid(c: CalendarView, q: ParamsMap, can_edit: bool, actions: Actions) -> impl IntoView {
    let id = c.campaign_id;
    view! {
        <div class="cal-month" id="calendar-grid" data-view="month">
            {WEEKDAYS.iter().map(|d| view! { <div class="wd" aria-hidden="true">{*d}</div> }).collect_view()}
            {c.days
                .into_iter()
                .map(|day| {
                    let date = day.date.clone();
                    let drop_date = date.clone();
                    let (weekday, number) = (day.weekday.clone(), day.day);
                    let (out, today) = (!day.in_range, day.today);
                    view! {
                        <div
                            class="day"
                            class:out=out
                            class:today=today
                            data-date=date
                            on:dragover=move |ev| drag::allow(&ev)
                            on:drop=move |ev| {
                                if let Some((item_id, time)) = drag::dropped(&ev) {
                                    actions.reschedule.dispatch(Reschedule {
                                        item_id,
                                        scheduled_at: format!("{drop_date}T{time}"),
                                    });
                                }
                            }
                        >
                            <span class="dn">
                                <span class="sr">{format!("{weekday} ")}</span>
                                {number}
                            </span>
                            <Items day=day q=q.clone() id can_edit hour=None/>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn WeekGrid(c: CalendarView, q: ParamsMap, can_edit: bool, actions: Actions) -> impl IntoView {
    let id = c.campaign_id;
    let days = c.days.clone();
    view! {
        <table class="cal-week" id="calendar-grid" data-view="week">
            <thead>
                <tr>
                    <th scope="col">"Hour"</th>
                    {days
                        .iter()
                        .map(|d| {
                            view! {
                                <th scope="col" class:today=d.today>
                                    {format!("{} {}", d.weekday, d.day)}
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {c.hours
                    .iter()
                    .map(|&hour| {
                        view! {
                            <tr>
                                <th scope="row">{format!("{hour:02}:00")}</th>
                                {days
                                    .iter()
                                    .map(|day| {
                                        let date = day.date.clone();
                                        view! {
                                            <td
                                                class="slot"
                                                data-date=date.clone()
                                                data-hour=hour
                                                on:dragover=move |ev| drag::allow(&ev)
                                                on:drop=move |ev| {
                                                    if let Some((item_id, time)) = drag::dropped(&ev) {
                                                        let minutes = time.split_once(':').map_or("00", |(_, m)| m);
                                                        actions.reschedule.dispatch(Reschedule {
                                                            item_id,
                                                            scheduled_at: format!("{date}T{hour:02}:{minutes}"),
                                                        });
                                                    }
                                                }
                                            >
                                                <Items day=day.clone() q=q.clone() id can_edit hour=Some(hour)/>
                                            </td>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The items of `day` (those of `hour` only, in a week view), each a link that opens it
/// in the editor.
#[component]
fn Items(day: DayCell, q: ParamsMap, id: u64, can_edit: bool, hour: Option<u32>) -> impl IntoView {
    let items: Vec<ItemChip> = day
        .items
        .into_iter()
        .filter(|i| hour.is_none_or(|h| i.hour == h))
        .collect();
    if items.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="items">
            {items
                .into_iter()
                .map(|i| {
                    let to = format!("{}#editor", href(id, &q, &[("item", Some(i.id.to_string()))]));
                    let movable = can_edit && i.status == "planned";
                    let payload = format!("{}|{}", i.id, i.time);
                    let warn = !i.issues.is_empty();
                    view! {
                        <li>
                            <a
                                class=format!("item p-{} st-{}", i.platform, i.status)
                                class:warn=warn
                                href=to
                                draggable=if movable { "true" } else { "false" }
                                data-item=i.id
                                data-local=i.local.clone()
                                on:dragstart=move |ev| drag::start(&ev, &payload)
                            >
                                <span class="time">{i.time.clone()}</span>
                                <span class="sr">{format!(" {}: ", i.platform_label)}</span>
                                <span class="title">{i.title.clone()}</span>
                                {i.issues
                                    .iter()
                                    .map(|m| view! { <span class="issue">{format!("⚠ {m}")}</span> })
                                    .collect_view()}
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
