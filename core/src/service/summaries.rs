//! Stored weekly summaries: on Monday morning in each campaign's own time zone, the summary
//! of the week that just ended is stored and an ANALYZE task points the owner at it.
//!
//! Exactly once per campaign and week: the summary is stored under its (campaign, week) key
//! and the ANALYZE task is created in the same transaction, only when no summary for that
//! key exists yet. Running a batch again (a retry, a later stage, a restart) therefore
//! finds the stored summary and does nothing for that campaign.
//!
//! Which campaigns: those active when a batch looks at them at or after their release, and
//! created before the summarised week ended in their zone (a campaign created on Monday has
//! no week behind it, whether or not other zones' releases keep the period open). A campaign
//! paused over its release gets the summary if it is resumed while the period is still open
//! (another zone's release is still ahead), late; otherwise none for that week: at most one
//! summary per week, never a second.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::CampaignOps;
use super::audit::{self, Change};
use super::reports::summarize_week;
use super::tasks::put_new_task;
use crate::model::*;
use crate::planning::local_to_utc;
use crate::report::ReportWeek;
use crate::store::Sequence;
use crate::{Clock, Result, Store, WriteTx};

/// How long the owner has to analyse a summary, counted from its release time or, when it
/// is stored later (a first start or a catch-up), from when it is stored: an ANALYZE task
/// is never created overdue.
pub const ANALYZE_DUE_AFTER: Duration = Duration::hours(24);

/// The `asset_ref` an ANALYZE task carries: points at the stored summary of `campaign` in
/// `week` (read it with `ReadTx::weekly_summaries`).
pub fn summary_ref(campaign: CampaignId, week: ReportWeek) -> String {
    format!("weekly_summary:{campaign}/{week}")
}

/// The instant the summary of the week before `run_week` is released for a campaign in
/// `tz`: `at` local time on the Monday that starts `run_week`. A wall time skipped by a
/// clock change moves to the next valid one; a repeated one takes the earlier instant.
pub fn summary_release_at(tz: Tz, run_week: ReportWeek, at: NaiveTime) -> DateTime<Utc> {
    let local = run_week.monday().and_time(at);
    // `None` only for a zone without a valid wall time for a whole day, which no real zone
    // has: read the wall time as UTC rather than fail the batch.
    local_to_utc(tz, local).unwrap_or_else(|| local.and_utc())
}

/// What one summary batch did; batches add up with [`SummaryBatch::add`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SummaryBatch {
    /// Summaries stored, with the ANALYZE task of each.
    pub created: Vec<(CampaignId, TaskId)>,
    /// Campaigns whose summary of the week was already stored.
    pub already_stored: u32,
    /// Campaigns whose local release time has not come yet.
    pub not_yet: u32,
    /// Campaigns created after the summarised week ended in their zone: nothing to
    /// summarise.
    pub created_after_week: u32,
    /// The earliest release time among those, if any.
    pub next_release: Option<DateTime<Utc>>,
}

impl SummaryBatch {
    /// Adds another batch's counts to this one.
    pub fn add(&mut self, other: SummaryBatch) {
        self.created.extend(other.created);
        self.already_stored += other.already_stored;
        self.not_yet += other.not_yet;
        self.created_after_week += other.created_after_week;
        self.next_release = match (self.next_release, other.next_release) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// For each active campaign among `ids` created before `run_week` began in its zone,
    /// whose release time ([`summary_release_at`] of `run_week` and `at` in the campaign's
    /// zone) is not after `now` and whose summary of the previous week is not stored yet:
    /// stores that summary (as of `now`) and creates an ANALYZE task for the owner pointing
    /// at it ([`summary_ref`]), audited as `summary.store` and `task.create` by `actor`. All
    /// in one write transaction, with `hook` called inside it.
    pub fn summarize_week_batch<R>(
        &self,
        actor: &Actor,
        ids: &[CampaignId],
        run_week: ReportWeek,
        at: NaiveTime,
        now: DateTime<Utc>,
        hook: impl FnMut(&mut dyn WriteTx, &SummaryBatch) -> Result<R>,
    ) -> Result<(SummaryBatch, R)> {
        let week = run_week.previous();
        self.active_batch(
            ids,
            |tx, campaign, batch: &mut SummaryBatch| {
                let tz = campaign.time_zone;
                if campaign.created_at >= summary_release_at(tz, run_week, NaiveTime::MIN) {
                    batch.created_after_week += 1;
                    return Ok(());
                }
                let release = summary_release_at(tz, run_week, at);
                if release > now {
                    batch.not_yet += 1;
                    batch.next_release =
                        Some(batch.next_release.map_or(release, |n| n.min(release)));
                    return Ok(());
                }
                if tx.weekly_summary(campaign.id, week)?.is_some() {
                    batch.already_stored += 1;
                    return Ok(());
                }
                let task = store_summary(tx, actor, campaign, week, release, now)?;
                batch.created.push((campaign.id, task));
                Ok(())
            },
            hook,
        )
    }
}

fn store_summary(
    tx: &mut dyn WriteTx,
    actor: &Actor,
    campaign: &Campaign,
    week: ReportWeek,
    release: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<TaskId> {
    let summary = summarize_week(tx, campaign, week, now)?;
    tx.put_weekly_summary(&summary)?;
    audit::append(
        tx,
        now,
        Change {
            actor,
            action: AuditAction::SummaryStore,
            entity: EntityKind::Campaign,
            entity_id: campaign.id.0,
            campaign_id: Some(campaign.id),
            before: None,
            after: Some(&summary),
            details: Some(format!("weekly summary {week}")),
        },
    )?;
    let id = TaskId(tx.next_id(Sequence::Task)?);
    let title = format!("Analyse week {week} of {}", campaign.name);
    // From the later of release and now: a summary caught up days late must not hand the
    // owner a task that is overdue at birth (and escalated by the same daemon run).
    let due_at = release.max(now) + ANALYZE_DUE_AFTER;
    let task = OperatorTask {
        instructions: vec![
            format!(
                "Read the weekly summary {}.",
                summary_ref(campaign.id, week)
            ),
            format!("Summary: {}", summary.text),
            "Compare with the previous weeks; note what worked and what did not.".to_owned(),
            "Adjust next week's plan or cadence if the numbers call for it.".to_owned(),
        ],
        checked: Vec::new(),
        asset_ref: Some(summary_ref(campaign.id, week)),
        assignee: Some(campaign.owner.clone()),
        ..OperatorTask::pending(id, campaign.id, TaskType::Analyze, title, due_at, now)
    };
    let details = Some(format!("analyse weekly summary {week}"));
    put_new_task(tx, actor, now, AuditAction::TaskCreate, &task, details)?;
    Ok(task.id)
}
