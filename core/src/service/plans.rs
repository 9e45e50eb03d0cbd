//! Planning calls: turn a campaign into a versioned strategic plan.

use chrono::{DateTime, NaiveDate, Utc};

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use crate::model::*;
use crate::planning::{PlanDraft, PlanRequest, validate_plan_request};
use crate::store::Sequence;
use crate::{Clock, Error, ReadTx, Result, Store, WriteTx};

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
        let drafted = self.draft_plan(campaign_id, focus_area, duration_days)?;
        self.store()
            .write(|tx| store_plan(tx, actor, self.planner().name(), &drafted))
    }

    /// Checks the request and runs the planner, outside any write transaction: a planner
    /// may be slow (an LLM).
    pub(crate) fn draft_plan(
        &self,
        campaign_id: CampaignId,
        focus_area: &str,
        duration_days: u32,
    ) -> Result<DraftedPlan> {
        let focus_area = focus_area.trim();
        let now = self.now()?;
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
        crate::planning::check_plan_reach(start_date, duration_days)?;
        let draft = self.planner().plan(&request)?;
        Ok(DraftedPlan {
            campaign_id,
            focus_area: focus_area.to_owned(),
            start_date,
            duration_days,
            draft,
            now,
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

/// A planner's draft with the request it answers, ready to be stored.
pub(crate) struct DraftedPlan {
    campaign_id: CampaignId,
    focus_area: String,
    start_date: NaiveDate,
    duration_days: u32,
    draft: PlanDraft,
    now: DateTime<Utc>,
}

/// Inside `tx`: stores `drafted` as the campaign's next plan version, with its audit entry.
pub(crate) fn store_plan(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    planner: &str,
    drafted: &DraftedPlan,
) -> Result<CampaignPlan> {
    let DraftedPlan {
        campaign_id,
        now,
        duration_days,
        ..
    } = *drafted;
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
    let draft = &drafted.draft;
    let plan = CampaignPlan {
        id: PlanId(tx.next_id(Sequence::Plan)?),
        campaign_id,
        version,
        focus_area: drafted.focus_area.clone(),
        start_date: drafted.start_date,
        duration_days,
        positioning: draft.positioning.clone(),
        messaging_angles: draft.messaging_angles.clone(),
        phases: draft.phases.clone(),
        weekly_themes: draft.weekly_themes.clone(),
        generated_by: planner.to_owned(),
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
}
