//! The Today page, an operator's home: their open tasks in their own time zone, overdue
//! first, then the rest of today, then the next days grouped by day
//! ([`today_tasks`](crate::api::today_tasks)). Each task is a [`card`] with its forms.

mod card;
mod forms;

use leptos::prelude::*;

use crate::api::{
    BlockTask, CompleteTask, FailTask, SkipTask, StartTask, TaskCard, TickStep, TodayView,
    today_tasks,
};

/// The page's task moves: one action per server function, shared by every card (a card
/// shows an error only when it names its task).
#[derive(Clone, Copy)]
pub(crate) struct TaskActions {
    pub(crate) start: ServerAction<StartTask>,
    pub(crate) complete: ServerAction<CompleteTask>,
    pub(crate) fail: ServerAction<FailTask>,
    pub(crate) block: ServerAction<BlockTask>,
    pub(crate) skip: ServerAction<SkipTask>,
    pub(crate) tick: ServerAction<TickStep>,
}

impl TaskActions {
    fn new() -> Self {
        Self {
            start: ServerAction::new(),
            complete: ServerAction::new(),
            fail: ServerAction::new(),
            block: ServerAction::new(),
            skip: ServerAction::new(),
            tick: ServerAction::new(),
        }
    }

    /// Changes whenever any move has finished: the list reloads.
    fn version(self) -> usize {
        self.start.version().get()
            + self.complete.version().get()
            + self.fail.version().get()
            + self.block.version().get()
            + self.skip.version().get()
            + self.tick.version().get()
    }

    /// An error of a move that names no task (the call did not reach the server).
    fn unscoped_error(self) -> Option<String> {
        [
            self.start.value().get().and_then(Result::err),
            self.complete.value().get().and_then(Result::err),
            self.fail.value().get().and_then(Result::err),
            self.block.value().get().and_then(Result::err),
            self.skip.value().get().and_then(Result::err),
            self.tick.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .find_map(|e| e.unscoped().map(ToString::to_string))
    }
}

/// The Today page.
#[component]
pub fn TodayPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let actions = TaskActions::new();
    let tasks = Resource::new(move || actions.version(), |_| today_tasks());

    view! {
        <main class="page today" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Today"</h1>
            {move || {
                actions
                    .unscoped_error()
                    .map(|message| view! { <p class="error" role="alert">{message}</p> })
            }}
            <Suspense fallback=|| view! { <p>"Loading your tasks…"</p> }>
                {move || Suspend::new(async move {
                    match tasks.await {
                        Ok(view) => view! { <Sections view actions/> }.into_any(),
                        Err(e) => view! { <super::LoadError error=e id="today-error"/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// Overdue, today and the next days.
#[component]
fn Sections(view: TodayView, actions: TaskActions) -> impl IntoView {
    let TodayView {
        time_zone,
        today,
        overdue,
        more_overdue,
        due_today,
        more_today,
        upcoming,
        more_upcoming,
    } = view;
    let days = group_by_day(upcoming);
    view! {
        <p class="count" id="today-date">{format!("{today} · times in {time_zone}")}</p>
        <section class="tasks overdue" aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{format!("Overdue ({})", count(overdue.len(), more_overdue))}</h2>
            <TaskList cards=overdue actions empty="Nothing overdue."/>
            {more(more_overdue)}
        </section>
        <section class="tasks due-today" aria-labelledby="today-heading">
            <h2 id="today-heading">{format!("Today ({})", count(due_today.len(), more_today))}</h2>
            <TaskList cards=due_today actions empty="Nothing else due today."/>
            {more(more_today)}
        </section>
        <section class="tasks upcoming" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">"Next days"</h2>
            {if days.is_empty() {
                view! { <p class="empty">"Nothing due in the next days."</p> }.into_any()
            } else {
                days.into_iter()
                    .map(|(day, cards)| {
                        view! {
                            <h3 class="day">{day}</h3>
                            <TaskList cards actions empty=""/>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
            {more(more_upcoming)}
        </section>
    }
}

/// `12`, or `50+` when the section was cut.
fn count(shown: usize, more: bool) -> String {
    if more {
        format!("{shown}+")
    } else {
        shown.to_string()
    }
}

fn more(more: bool) -> Option<impl IntoView> {
    more.then(|| {
        view! {
            <p class="more">"More tasks than shown here: finish these first, or see each campaign's tasks."</p>
        }
    })
}

/// The cards of the next days, in order, grouped by their local day (the day label taken
/// from the first card's due time, e.g. `Wed 2 Dec`).
fn group_by_day(cards: Vec<TaskCard>) -> Vec<(String, Vec<TaskCard>)> {
    let mut days: Vec<(String, String, Vec<TaskCard>)> = Vec::new();
    for card in cards {
        match days.last_mut() {
            Some((day, _, list)) if *day == card.due_day => list.push(card),
            _ => {
                let label = card
                    .due_local
                    .split_once(',')
                    .map_or_else(|| card.due_day.clone(), |(d, _)| d.to_owned());
                days.push((card.due_day.clone(), label, vec![card]));
            }
        }
    }
    days.into_iter()
        .map(|(_, label, list)| (label, list))
        .collect()
}

/// A list of task cards, or `empty` when there are none.
#[component]
fn TaskList(cards: Vec<TaskCard>, actions: TaskActions, empty: &'static str) -> impl IntoView {
    if cards.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="task-list">
            {cards
                .into_iter()
                .map(|card| view! { <li><card::TaskCardView card actions/></li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}
