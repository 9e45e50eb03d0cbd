//! The server functions of the single campaign page (`/campaigns/:id`), one module per
//! section: the [`plan`] (overview, generate a plan, build its calendar and tasks), the
//! [`calendar`] (month and week views, rescheduling), the content [`editor`] (load and save
//! one item), [`tasks`] (filtered pages, assign), [`reports`] (weekly summary and the SVG
//! [`charts`]), the [`audit`] trail, and the [`downloads`] (plain axum routes).
//!
//! Every function asks [`crate::server::context::call_as`] for its caller first: Viewer
//! for reads, Operator for changes. Bad input is an [`AppError::Validation`] on the form
//! field's name, so the page shows it next to that field.
//!
//! [`AppError::Validation`]: crate::api::AppError::Validation

pub mod audit;
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod editor;
pub mod plan;
pub mod reports;
pub mod tasks;

#[cfg(feature = "ssr")]
mod parse;

/// The files a campaign offers for download: name, content type, label. Served by
/// [`downloads`] at [`download_href`].
pub const DOWNLOADS: [(&str, &str, &str); 5] = [
    (
        "calendar.ics",
        "text/calendar; charset=utf-8",
        "Calendar (iCalendar)",
    ),
    ("tasks.csv", "text/csv; charset=utf-8", "Tasks (CSV)"),
    ("tasks.json", "application/json", "Tasks (JSON)"),
    ("metrics.csv", "text/csv; charset=utf-8", "Metrics (CSV)"),
    ("metrics.json", "application/json", "Metrics (JSON)"),
];

/// The route of the download `file` of campaign `id`.
pub fn download_href(id: u64, file: &str) -> String {
    format!("/campaigns/{id}/export/{file}")
}

pub use audit::{AuditPage, AuditRow, CampaignAudit, campaign_audit};
pub use calendar::{
    CalendarView, DayCell, ItemChip, LoadCalendar, PlatformChip, Reschedule, load_calendar,
    reschedule,
};
pub use editor::{ItemView, LoadItem, SaveItem, load_item, save_item};
pub use plan::{
    BuildCalendar, CalendarBuilt, CampaignOverview, GeneratePlan, KpiView, Overview, PhaseView,
    PlanView, build_calendar, campaign_overview, generate_plan,
};
pub use reports::{CampaignReport, PlatformRate, ReportView, campaign_report};
pub use tasks::{
    AssignTask, CampaignTasks, TASK_PAGE, TaskPage, TaskRow, assign_task, campaign_tasks,
};
