//! The records campaign-ops stores, their typed ids and their status machines.
//!
//! Campaign → CampaignPlan → CalendarItem → OperatorTask → MetricEntry; every change
//! leaves an AuditEntry. The dashboard's User and Session sit beside them.

mod action_run;
mod actor;
mod audit;
mod calendar;
mod campaign;
mod ids;
mod metric;
mod plan;
mod platform;
mod role;
mod session;
mod task;
mod task_head;
mod user;

pub use action_run::{ActionRun, ActionSetting, RunStatus};
pub use actor::{Actor, MAX_ACTOR_LEN};
pub use audit::{AuditAction, AuditEntry, EntityKind, FieldChange};
pub use calendar::{CalendarItem, CalendarItemStatus};
pub use campaign::{Campaign, CampaignStatus, Objective};
pub use ids::{AuditSeq, CalendarItemId, CampaignId, MetricId, PlanId, TaskId, UserId};
pub use metric::{MetricEntry, MetricKind};
pub use plan::{CampaignPlan, Kpi, PlanPhase, PlatformTactic, WeeklyTheme};
pub use platform::{ContentType, Platform};
pub use role::Role;
pub use session::{Session, TokenHash};
pub use task::{
    CompletionProof, OperatorTask, ProofKind, TaskBrief, TaskFacts, TaskStatus, TaskType,
};
pub use task_head::OpenTaskHead;
pub use user::{MAX_DISPLAY_NAME_LEN, MAX_LOGIN_LEN, User};
