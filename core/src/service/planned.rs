//! Planning a campaign in one call: the plan, its content calendar and the POST tasks, all
//! in one write transaction (one durable commit instead of three).

use serde::Serialize;

use super::CampaignOps;
use super::calendar::{self, CalendarGeneration};
use super::plans::store_plan;
use super::tasks::{TaskGeneration, generate_tasks_after};
use crate::model::{Actor, CampaignId, CampaignPlan};
use crate::{Clock, Result, Store, validate};

/// What [`CampaignOps::plan_campaign`] is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CampaignPlanning {
    /// The plan's focus, as for [`CampaignOps::generate_plan`].
    pub focus_area: String,
    /// The plan's length in days, as for [`CampaignOps::generate_plan`].
    pub duration_days: u32,
    /// The calendar's content theme, as for [`CampaignOps::generate_calendar`].
    pub content_theme: Option<String>,
    /// Who the POST tasks go to, as for [`CampaignOps::generate_tasks_from_calendar`].
    pub assignee: Option<String>,
}

impl CampaignPlanning {
    /// A plan of `duration_days` on `focus_area`, no content theme, tasks unassigned.
    pub fn new(focus_area: impl Into<String>, duration_days: u32) -> Self {
        Self {
            focus_area: focus_area.into(),
            duration_days,
            content_theme: None,
            assignee: None,
        }
    }
}

/// What [`CampaignOps::plan_campaign`] made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedCampaign {
    /// The new plan version.
    pub plan: CampaignPlan,
    /// The calendar built from it.
    pub calendar: CalendarGeneration,
    /// The POST tasks of the calendar's new items.
    pub tasks: TaskGeneration,
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Plans a campaign end to end in ONE write transaction: a new plan version
    /// ([`Self::generate_plan`]), its calendar ([`Self::generate_calendar`]) and a POST task
    /// for each of its items that has none ([`Self::generate_tasks_from_calendar`]), with the
    /// same three
    /// audit entries and the same rules as the three calls. Either all of it commits or
    /// nothing does. The planner runs before the transaction, as it may be slow.
    pub fn plan_campaign(
        &self,
        actor: &Actor,
        campaign_id: CampaignId,
        request: &CampaignPlanning,
    ) -> Result<PlannedCampaign> {
        let content_theme =
            validate::optional_line("content_theme", request.content_theme.as_deref(), 200)?;
        let assignee = validate::optional_identifier("assignee", request.assignee.as_deref(), 100)?;
        let drafted = self.draft_plan(campaign_id, &request.focus_area, request.duration_days)?;
        let now = self.now()?;
        self.store().write(|tx| {
            let plan = store_plan(tx, actor, self.planner().name(), &drafted)?;
            let (calendar, created) =
                calendar::generate_items_in(tx, actor, plan.id, content_theme.as_deref(), now)?;
            // Items kept unchanged from an earlier calendar get a POST task too if they have
            // none yet (generation skips those that have one); the created ones come as
            // they were written, with no task yet.
            let tasks = generate_tasks_after(
                tx,
                actor,
                &created,
                &calendar.unchanged,
                assignee.as_deref(),
                now,
            )?;
            Ok(PlannedCampaign {
                plan,
                calendar,
                tasks,
            })
        })
    }
}
