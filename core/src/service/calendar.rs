//! Calendar calls: generate (idempotently, keeping what still fits) a plan's dated content
//! calendar, read it, export it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use super::plans::{ensure_plannable, load_plan};
use crate::model::*;
use crate::planning::{CalendarRequest, draft_calendar, fitting};
use crate::report::ReportWeek;
use crate::store::Sequence;
use crate::{Clock, ReadTx, Result, Store, WriteTx};

/// What one calendar generation did; also the audit entry's payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarGeneration {
    /// Plan the calendar was generated from.
    pub plan_id: PlanId,
    /// Items created.
    pub created: Vec<CalendarItemId>,
    /// Future planned items deleted because they no longer fit (a lower cadence, a shorter
    /// range, a dropped platform, another time zone), with their pending tasks.
    pub removed: Vec<CalendarItemId>,
    /// Pending tasks of removed items that were deleted with them.
    pub removed_tasks: Vec<TaskId>,
    /// Items kept because work on them started, they are done, or they lie in the past.
    pub kept: Vec<CalendarItemId>,
    /// Future planned items left as they were (id, content and tasks) because they still
    /// fit the calendar: their slot is usable and their week has room for them.
    pub unchanged: Vec<CalendarItemId>,
}

/// Whether regenerating may replace `item`: only future, still-planned items whose tasks
/// (if any) have not been started. Everything else is history or work in progress.
fn replaceable(item: &CalendarItem, tasks: &[OperatorTask], now: DateTime<Utc>) -> bool {
    item.status == CalendarItemStatus::Planned
        && item.scheduled_at >= now
        && tasks.iter().all(|t| t.status == TaskStatus::Pending)
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Builds the content calendar of `plan_id`: items from the plan's start through the
    /// earlier of the plan's last day (start + duration − 1) and the campaign's end date,
    /// at the campaign's cadence, inside each platform's posting windows in the campaign's
    /// time zone.
    ///
    /// Idempotent: running it again never adds to the calendar. Items in progress,
    /// published, cancelled or in the past are kept (all but cancelled ones count toward
    /// their week's cadence). A future, not-yet-started item (from this or an older plan)
    /// that still fits (its platform is planned, its slot is a posting slot in range, and
    /// its week has room for it at the cadence; see `planning::calendar::fit`) stays as it
    /// is, with its id and its tasks, assignee included: reported as `unchanged`. Its
    /// title, copy, CTA, theme and plan are *not* refreshed from the new draft or plan, so
    /// an operator's edits are never overwritten silently; to have an item drafted afresh,
    /// cancel it (skip its POST task) and the next generation drafts a post for its week.
    /// Only items that no longer fit are deleted, with their pending tasks, and only the
    /// posts the kept and unchanged items leave missing are created: with unchanged inputs
    /// nothing is deleted or created. One transaction, one audit entry.
    pub fn generate_calendar(
        &self,
        actor: &Actor,
        plan_id: PlanId,
        content_theme: Option<&str>,
    ) -> Result<CalendarGeneration> {
        let content_theme = crate::validate::optional_line("content_theme", content_theme, 200)?;
        let now = self.now()?;
        self.store()
            .write(|tx| generate_in(tx, actor, plan_id, content_theme.as_deref(), now))
    }

    /// A calendar item by id.
    pub fn get_calendar_item(&self, id: CalendarItemId) -> Result<CalendarItem> {
        self.store().read(|tx| {
            tx.calendar_item(id)?
                .ok_or_else(|| crate::Error::not_found(EntityKind::CalendarItem, id))
        })
    }

    /// A campaign's whole calendar, in time order (read a page at a time in one snapshot;
    /// see [`Self::calendar_between`] for a month or week).
    pub fn campaign_calendar(&self, campaign_id: CampaignId) -> Result<Vec<CalendarItem>> {
        self.calendar_between(
            campaign_id,
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        )
    }

    /// A campaign's items scheduled in `[from, until)`, in time order: a calendar view.
    pub fn calendar_between(
        &self,
        campaign_id: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<CalendarItem>> {
        self.store().read(|tx| {
            load_campaign(tx, campaign_id)?;
            items_between(tx, campaign_id, from, until)
        })
    }

    /// The campaign's calendar as an iCalendar (RFC 5545) file: one VEVENT per item, UIDs
    /// stable across exports, times in the campaign's zone (TZID).
    pub fn export_ics(&self, campaign_id: CampaignId) -> Result<String> {
        let (workspace, campaign, items) = self.store().read(|tx| {
            let campaign = load_campaign(tx, campaign_id)?;
            let items = items_between(
                tx,
                campaign_id,
                DateTime::<Utc>::MIN_UTC,
                DateTime::<Utc>::MAX_UTC,
            )?;
            Ok((tx.workspace_id()?, campaign, items))
        })?;
        Ok(crate::export::calendar_ics(
            &workspace,
            &campaign,
            &items,
            self.now()?,
        ))
    }
}

/// Inside `tx`: the calendar generation of [`CampaignOps::generate_calendar`] for
/// `plan_id` (its content theme already checked), as of `now`, with its audit entry.
pub(crate) fn generate_in(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    plan_id: PlanId,
    content_theme: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CalendarGeneration> {
    generate_items_in(tx, actor, plan_id, content_theme, now).map(|(generation, _)| generation)
}

/// [`generate_in`], with the items it created (in `created`'s order): a planning makes
/// their POST tasks from them without reading them back.
pub(crate) fn generate_items_in(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    plan_id: PlanId,
    content_theme: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(CalendarGeneration, Vec<CalendarItem>)> {
    let plan = load_plan(tx, plan_id)?;
    let campaign = load_campaign(tx, plan.campaign_id)?;
    ensure_plannable(&campaign)?;

    let mut generation = CalendarGeneration {
        plan_id,
        created: vec![],
        removed: vec![],
        removed_tasks: vec![],
        kept: vec![],
        unchanged: vec![],
    };
    let mut kept_items = vec![];
    // Future planned items a regeneration may replace, and their tasks. Items before
    // the current local week are history: never replaced, and outside every week the
    // draft fills.
    let week_start = ReportWeek::containing(now, campaign.time_zone)
        .bounds(campaign.time_zone)
        .0;
    let (mut candidates, mut candidate_tasks) = (vec![], vec![]);
    for item in items_between(tx, campaign.id, week_start, DateTime::<Utc>::MAX_UTC)? {
        let tasks = tx.tasks_for_calendar_item(item.id)?;
        if replaceable(&item, &tasks, now) {
            candidates.push(item);
            candidate_tasks.push(tasks);
        } else {
            generation.kept.push(item.id);
            // A cancelled item neither fills its week's quota nor holds its slot.
            if item.status != CalendarItemStatus::Cancelled {
                kept_items.push(item);
            }
        }
    }

    let request = CalendarRequest {
        campaign: &campaign,
        plan: &plan,
        content_theme,
        not_before: now,
        kept: &kept_items,
    };
    let fits = fitting(&request, &candidates)?;
    for ((item, tasks), fits) in candidates.into_iter().zip(candidate_tasks).zip(fits) {
        if fits {
            generation.unchanged.push(item.id);
            kept_items.push(item);
            continue;
        }
        for t in &tasks {
            tx.delete_task(t.id)?;
            generation.removed_tasks.push(t.id);
        }
        tx.delete_calendar_item(item.id)?;
        generation.removed.push(item.id);
    }
    // Only what the kept and unchanged items leave open in each week is drafted.
    let drafts = draft_calendar(&CalendarRequest {
        campaign: &campaign,
        plan: &plan,
        content_theme,
        not_before: now,
        kept: &kept_items,
    })?;
    let mut created = Vec::with_capacity(drafts.len());
    for d in drafts {
        let item = CalendarItem {
            id: CalendarItemId(tx.next_id(Sequence::CalendarItem)?),
            campaign_id: campaign.id,
            plan_id,
            platform: d.platform,
            content_type: d.content_type,
            scheduled_at: d.scheduled_at,
            title: d.title,
            copy: d.copy,
            asset_ref: None,
            cta: d.cta,
            theme: d.theme,
            status: CalendarItemStatus::Planned,
            notes: None,
            created_at: now,
            updated_at: now,
        };
        tx.put_calendar_item(&item)?;
        generation.created.push(item.id);
        created.push(item);
    }
    record_generation(tx, actor, now, &campaign, &plan, &generation)?;
    Ok((generation, created))
}

/// Every item of `campaign` scheduled in `[from, until)`, in one snapshot.
fn items_between(
    tx: &dyn ReadTx,
    campaign: CampaignId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<CalendarItem>> {
    super::gather(
        |after, limit| tx.calendar_items(campaign, from, until, after, limit),
        |i| (i.scheduled_at, i.id),
    )
}

fn record_generation(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    now: DateTime<Utc>,
    campaign: &Campaign,
    plan: &CampaignPlan,
    generation: &CalendarGeneration,
) -> Result<()> {
    audit::append(
        tx,
        now,
        Change {
            actor,
            action: AuditAction::CalendarGenerate,
            entity: EntityKind::Plan,
            entity_id: plan.id.0,
            campaign_id: Some(campaign.id),
            before: None,
            after: Some(generation),
            details: Some(format!(
                "{} created, {} replaced, {} kept, {} unchanged",
                generation.created.len(),
                generation.removed.len(),
                generation.kept.len(),
                generation.unchanged.len()
            )),
        },
    )?;
    Ok(())
}
