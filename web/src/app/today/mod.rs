//! The Today page, an operator's inbox: their open tasks in their own time zone as compact
//! rows ([`rows`]: overdue first, then the rest of today, then the next days grouped by
//! day), each a plain link to `/today?task=<id>` (a page load without JS, a client-side
//! navigation once hydrated), and the one open task in full ([`card`]: copy and content
//! checks, the checklist and the move forms), from one call of
//! [`today_tasks`](crate::api::today_tasks).
//!
//! The open task comes first in the document: at phone width it is on top, and a page
//! loaded by following a row starts at the task it opened; wide screens put the lists in
//! a column beside it.

mod card;
mod forms;
mod rows;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::keyed::KeyedView;
use crate::api::{
    BlockTask, CompleteTask, FailTask, SkipTask, StartTask, TickStep, TodayView, today_tasks,
};

/// The page's task moves: one action per server function (the open task's forms use them;
/// a form shows an error only when it names its task).
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

    /// Changes whenever any move has finished: the inbox reloads.
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
    let query = use_query_map();
    // A `task` that is not a number opens the default task, as no `task` does.
    let task = move || {
        query
            .read()
            .get_str("task")
            .and_then(|t| t.trim().parse::<u64>().ok())
    };
    let inbox = Resource::new(
        move || (task(), actions.version()),
        |(task, _)| today_tasks(task),
    );

    view! {
        <main class="page today" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Today"</h1>
            {move || {
                actions
                    .unscoped_error()
                    .map(|message| view! { <p class="error" role="alert">{message}</p> })
            }}
            // A Transition keeps the inbox on screen while the next task's loads.
            <Transition fallback=|| view! { <p>"Loading your tasks…"</p> }>
                {move || Suspend::new(async move {
                    match inbox.await {
                        Ok(view) => view! { <Inbox view actions/> }.into_any(),
                        Err(e) => view! { <super::LoadError error=e id="today-error"/> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// The open task, then the sections of rows.
#[component]
fn Inbox(view: TodayView, actions: TaskActions) -> impl IntoView {
    let TodayView {
        time_zone,
        today,
        overdue,
        due_today,
        upcoming,
        open,
        notice,
    } = view;
    let open_id = open.as_ref().map(|c| c.id);
    view! {
        <p class="count" id="today-date">{format!("{today} · times in {time_zone}")}</p>
        {notice.map(|n| view! { <p class="notice" id="today-notice" role="status">{n}</p> })}
        <div class="inbox">
            <section class="open-task" aria-label="Open task">
                {match open {
                    // Keyed by the task: the next task's card never inherits this one's
                    // typed values or opened forms.
                    Some(card) => {
                        let id = card.id;
                        KeyedView::new(id, view! { <card::TaskCardView card actions/> }).into_any()
                    }
                    None => view! {
                        <p class="empty" id="no-open-task">
                            "Nothing overdue or due today. Open a task of the next days to start it early."
                        </p>
                    }
                    .into_any(),
                }}
            </section>
            <div class="lists">
                <rows::SectionView
                    class="overdue"
                    heading="Overdue"
                    heading_id="overdue-heading"
                    section=overdue
                    open=open_id
                    when=rows::When::DayAndTime
                    empty="Nothing overdue."
                />
                <rows::SectionView
                    class="due-today"
                    heading="Today"
                    heading_id="today-heading"
                    section=due_today
                    open=open_id
                    when=rows::When::Time
                    empty="Nothing else due today."
                />
                <rows::SectionView
                    class="upcoming"
                    heading="Next days"
                    heading_id="upcoming-heading"
                    section=upcoming
                    open=open_id
                    when=rows::When::ByDay
                    empty="Nothing due in the next days."
                />
            </div>
        </div>
    }
}
