//! The Today page's server functions: the caller's inbox ([`today_tasks`]: compact rows of
//! their open tasks, overdue first, then today in their own time zone, then the next days,
//! and the one task they have open, in full) and the moves that task offers ([`moves`]:
//! [`start_task`], [`complete_task`], [`fail_task`], [`block_task`], [`skip_task`]).
//! Reading needs the viewer role, moving a task the operator role.
//!
//! Rows, not cards: an operator with a long backlog got every task with all its forms, so
//! a page weighed 758 KB and its hydration data as much again. A row is what picking the
//! next task needs; the full card (copy, checks, checklist, forms) is the open task's only.

mod moves;
#[cfg(feature = "ssr")]
mod read;

pub use moves::*;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// Most overdue rows shown: the oldest ones (a longer backlog is counted, see
/// [`COUNT_BEYOND`], and its campaigns' task lists linked).
pub const OVERDUE_ROWS: usize = 10;
/// Most rows of the rest of today.
pub const TODAY_ROWS: usize = 20;
/// Most rows of the next days.
pub const UPCOMING_ROWS: usize = 20;
/// How many days after today the "next days" section covers.
pub const UPCOMING_DAYS: u64 = 7;
/// How far past a section's rows the tasks left out are counted (one bounded scan): more
/// than this is shown as "N+ more".
pub const COUNT_BEYOND: usize = 50;
/// Most campaigns a section's "more" line links to.
pub const MORE_CAMPAIGNS: usize = 3;

/// A rule the copy breaks (core's `check_content`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyIssue {
    /// `error` or `warning`.
    pub severity: String,
    /// The rule's id, e.g. `x.length`.
    pub rule: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// One open task as a row of the inbox: enough to choose it, a link to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayRow {
    /// Task id.
    pub id: u64,
    /// Its campaign's id.
    pub campaign_id: u64,
    /// Its campaign's name.
    pub campaign_name: String,
    /// Platform label (`LinkedIn`), if the work is on one.
    pub platform: Option<String>,
    /// Platform key (`linkedin`), for styling.
    pub platform_key: Option<String>,
    /// Type and content type in words, e.g. `post · carousel`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Status key (`pending`, `in_progress`, `blocked`).
    pub status: String,
    /// Due instant, RFC 3339 in UTC (for `<time datetime>`).
    pub due_at: String,
    /// Due day in the caller's zone, e.g. `Tue 1 Dec` (the next days are grouped by it).
    pub due_day: String,
    /// Due time of day in the caller's zone, e.g. `14:30`.
    pub due_time: String,
    /// How many of the platform's content rules the copy breaks (errors and warnings).
    pub warnings: u16,
}

/// A campaign a "more" line links to (its task list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignLink {
    /// Campaign id.
    pub id: u64,
    /// Its name.
    pub name: String,
}

/// One section of the inbox: its rows and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodaySection {
    /// The rows shown, soonest due first (overdue: oldest first).
    pub rows: Vec<TodayRow>,
    /// How many more open tasks the section has (counted up to [`COUNT_BEYOND`]).
    pub more: usize,
    /// Whether there may be more than `more` (the count stopped at [`COUNT_BEYOND`]).
    pub more_capped: bool,
    /// The campaigns of the first tasks left out, whose task lists show them.
    pub more_campaigns: Vec<CampaignLink>,
}

impl TodaySection {
    /// How many open tasks the section has, e.g. `12` or `60+`.
    pub fn count_label(&self) -> String {
        let total = self.rows.len() + self.more;
        if self.more_capped {
            format!("{total}+")
        } else {
            total.to_string()
        }
    }
}

/// The open task, in full, as the Today page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCard {
    /// Task id.
    pub id: u64,
    /// Its campaign's id.
    pub campaign_id: u64,
    /// Its campaign's name.
    pub campaign_name: String,
    /// Platform label (`LinkedIn`), if the work is on one.
    pub platform: Option<String>,
    /// Platform key (`linkedin`), for styling.
    pub platform_key: Option<String>,
    /// Type and content type in words, e.g. `post · carousel`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Status key (`pending`, `in_progress`, `blocked`).
    pub status: String,
    /// Due instant, RFC 3339 in UTC (for `<time datetime>`).
    pub due_at: String,
    /// Due time in the caller's zone, e.g. `Tue 1 Dec, 14:30`.
    pub due_local: String,
    /// Whether it is overdue.
    pub overdue: bool,
    /// The copy to publish: the calendar item's current copy for a POST, else the task's.
    pub copy: Option<String>,
    /// Every rule the copy breaks.
    pub issues: Vec<CopyIssue>,
    /// The SOP checklist.
    pub checklist: Vec<String>,
    /// The steps of `checklist` ticked so far (from 0, ascending).
    pub checked: Vec<u16>,
    /// Asset reference, if any.
    pub asset_ref: Option<String>,
    /// Why it is blocked, if it is.
    pub reason: Option<String>,
    /// The moves the status machine allows: `start`, `complete`, `fail`, `block`, `skip`.
    pub actions: Vec<String>,
}

/// The caller's inbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayView {
    /// The caller's time zone (IANA name).
    pub time_zone: String,
    /// Today's date in it, e.g. `Tuesday 1 December 2026`.
    pub today: String,
    /// Open tasks due before now, oldest first: at most [`OVERDUE_ROWS`].
    pub overdue: TodaySection,
    /// Open tasks due from now to the end of the caller's day: at most [`TODAY_ROWS`].
    pub due_today: TodaySection,
    /// Open tasks of the next [`UPCOMING_DAYS`] days: at most [`UPCOMING_ROWS`].
    pub upcoming: TodaySection,
    /// The open task: the one asked for, else the oldest overdue, else the first of today.
    pub open: Option<TaskCard>,
    /// Why the task asked for is not the open one (it was closed, or is not the caller's).
    pub notice: Option<String>,
}

impl TodayView {
    /// Every row, in page order.
    pub fn rows(&self) -> impl Iterator<Item = &TodayRow> {
        self.overdue
            .rows
            .iter()
            .chain(&self.due_today.rows)
            .chain(&self.upcoming.rows)
    }
}

/// The caller's open tasks (those assigned to them) as rows, in their own time zone:
/// overdue first, then the rest of today, then the next [`UPCOMING_DAYS`] days, each
/// section bounded (one range scan of the open-tasks index each, in one snapshot); and
/// in full the task `task` when it is one of the caller's open tasks, else the oldest
/// overdue one, else the first of today.
#[server]
pub async fn today_tasks(
    /// The task to open (`?task=` of the page); none for the default.
    task: Option<u64>,
) -> Result<TodayView, AppError> {
    use campaign_ops_core::{Clock, Role, Store};
    // A bounded read (three capped range scans and one task): inline, not on the blocking
    // pool.
    let (view, valid_until) = crate::server::context::read_as(Role::Viewer, move |ops, caller| {
        let now = ops.clock().now();
        ops.store().read(|tx| read::view(tx, &caller, now, task))
    })
    .await?;
    crate::server::page_cache::note_valid_until(valid_until);
    Ok(view)
}
