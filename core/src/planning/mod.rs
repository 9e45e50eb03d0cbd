//! Planning: the [`Planner`] trait and its deterministic default [`TemplatePlanner`], the
//! prompts a language-model planner would use, and calendar drafting: which date and local
//! time each calendar item gets, and its first draft of copy.
//!
//! Everything here is a pure function of its inputs ("now" is passed in as `not_before`);
//! the service stores what these functions return.

mod calendar;
mod copy;
mod localtime;
mod planner;
pub mod prompts;
mod schedule_check;
mod slots;
mod stage;
mod template;
mod text;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod golden_tests;

pub(crate) use calendar::fitting;
pub use calendar::{
    CalendarDraft, CalendarRequest, MAX_CALENDAR_DAYS, MAX_CONTENT_THEME_CHARS, draft_calendar,
};
pub use copy::content_draft;
pub use localtime::{LocalResolution, local_to_utc, resolve_local, slot_instant};
pub use planner::{
    LAST_PLAN_DAY, MAX_ANGLES, MAX_FOCUS_AREA_CHARS, MAX_PHASES, MAX_PLAN_DAYS,
    MAX_POSITIONING_CHARS, MIN_ANGLES, MIN_PLAN_DAYS, PlanDraft, PlanRequest, Planner,
    check_plan_reach, check_plan_shape, validate_plan_draft, validate_plan_request, week_count,
};
pub use prompts::parse_plan_draft;
pub use schedule_check::{ScheduleIssue, in_posting_window, schedule_issues};
pub use template::TemplatePlanner;
