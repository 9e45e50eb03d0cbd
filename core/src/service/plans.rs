//! Planning calls: turn a campaign into a versioned strategic plan.

use chrono::NaiveDate;

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use crate::model::*;
use crate::planning::{PlanRequest, validate_plan_request};
use crate::store::Sequence;
use crate::{Clock, Error, ReadTx, Result, Store};

/// The campaign-local date of `now`.
pub(crate) fn local_today(campaign: &Campaign, now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&campaign.time_zone).date_naive()
}

/// Refuses planning work (plans, calendars, tasks) on campaigns that are over:
/// [`Error::ReadOnly`].
pub(crate) fn ensure_plannable(campaign: &Campaign) -> Result<()> {
    match campaign.status {
        CampaignStatus::Completed | CampaignStatus::Archived => Err(Error::read_only(
            EntityKind::Campaign,
            campaign.id,
            campaign.status,
        )),
        _ => Ok(()),
    }
}

pub(crate) fn load_plan(tx: &dyn ReadTx, id: PlanId) -> Result<CampaignPlan> {
    tx.plan(id)?
        .ok_or_else(|| Error::not_found(EntityKind::Plan, id))
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Produces a new plan for the campaign with the service's [`crate::planning::Planner`]:
    /// version 1 for the first plan, n+1 for each re-plan (older versions are kept).
    ///
    /// The plan starts on the campaign's start date, or on today (campaign-local) when the
    /// campaign has already started: a plan never covers days that are already over.
    pub fn generate_plan(
        &self,
        actor: &Actor,
        campaign_id: CampaignId,
        focus_area: &str,
        duration_days: u32,
    ) -> Result<CampaignPlan> {
        let focus_area = focus_area.trim();
        let now = self.clock().now();
        let campaign = self.get_campaign(campaign_id)?;
        ensure_plannable(&campaign)?;
        let start_date = campaign.start_date.max(local_today(&campaign, now));
        let request = PlanRequest {
            campaign: &campaign,
            focus_area,
            duration_days,
            start_date,
        };
        validate_plan_request(&request)?;
        // Planning runs outside the write transaction: a planner may be slow (an LLM).
        let draft = self.planner().plan(&request)?;
        self.store().write(|tx| {
            // Re-read inside the transaction: the campaign may have changed meanwhile.
            let current = load_campaign(tx, campaign_id)?;
            ensure_plannable(&current)?;
            let version = tx
                .plans_for_campaign(campaign_id)?
                .iter()
                .map(|p| p.version)
                .max()
                .unwrap_or(0)
                + 1;
            let plan = CampaignPlan {
                id: PlanId(tx.next_id(Sequence::Plan)?),
                campaign_id,
                version,
                focus_area: focus_area.to_owned(),
                start_date,
                duration_days,
                positioning: draft.positioning,
                messaging_angles: draft.messaging_angles,
                phases: draft.phases,
                weekly_themes: draft.weekly_themes,
                generated_by: self.planner().name().to_owned(),
                created_at: now,
            };
            tx.put_plan(&plan)?;
            audit::append(
                tx,
                now,
                Change {
                    details: Some(format!("version {version}")),
                    ..Change::created(
                        actor,
                        AuditAction::PlanCreate,
                        EntityKind::Plan,
                        plan.id.0,
                        Some(campaign_id),
                        &plan,
                    )
                },
            )?;
            Ok(plan)
        })
    }

    /// A plan by id.
    pub fn get_plan(&self, id: PlanId) -> Result<CampaignPlan> {
        self.store().read(|tx| load_plan(tx, id))
    }

    /// A campaign's plans, oldest version first.
    pub fn list_plans(&self, campaign_id: CampaignId) -> Result<Vec<CampaignPlan>> {
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            tx.plans_for_campaign(campaign_id)
        })
    }
}
