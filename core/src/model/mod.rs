//! The records campaign-ops stores, their typed ids and their status machines.
//!
//! Campaign → CampaignPlan → CalendarItem → OperatorTask → MetricEntry; every change
//! leaves an AuditEntry.

mod action_run;
mod actor;
mod audit;
mod calendar;
mod campaign;
mod ids;
mod metric;
mod plan;
mod platform;
mod task;

pub use action_run::{ActionRun, RunStatus};
pub use actor::{Actor, MAX_ACTOR_LEN};
pub use audit::{AuditAction, AuditEntry, EntityKind, FieldChange};
pub use calendar::{CalendarItem, CalendarItemStatus};
pub use campaign::{Campaign, CampaignStatus, Objective};
pub use ids::{AuditSeq, CalendarItemId, CampaignId, MetricId, PlanId, TaskId};
pub use metric::{MetricEntry, MetricKind};
pub use plan::{CampaignPlan, Kpi, PlanPhase, PlatformTactic, WeeklyTheme};
pub use platform::{ContentType, Platform};
pub use task::{
    CompletionProof, OperatorTask, ProofKind, TaskBrief, TaskFacts, TaskStatus, TaskType,
};
