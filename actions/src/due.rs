//! What is due: from the registry, the schedules and the run ledger, the runs to make now
//! and the instant the daemon next has to wake.
//!
//! For each enabled action, from two bounded reads of its ledger records:
//! - **open records** (not Succeeded or Failed, at most [`OPEN_RUNS_LIMIT`] of them, read
//!   with `open_action_runs`): an interrupted attempt (Running, nothing
//!   scheduled) is due at once; a retry, a queued request or the next stage is due at its
//!   `next_attempt_at`;
//! - **scheduled periods**: every period later than the latest one with a record (the
//!   action's high-water mark) and due at or before now, at most `catch_up_limit` of them,
//!   the most recent ones, run oldest first. So a period whose run committed never runs
//!   again, periods missed while the daemon was down run once, and a clock that goes back
//!   runs nothing until it passes the high-water mark again (periods skipped by the limit
//!   stay skipped). On the very first start of an action (no record of any of its
//!   periods; records of requests by other actions do not count) only the latest period
//!   runs: there is nothing to catch up with.
//!
//! **Switched off.** An action an admin switched off on the dashboard (a stored
//! `ActionSetting` with `enabled: false`; no record means on) is not planned at all: no
//! scheduled period, no retry, no queued request runs while it is off, and it sets no
//! wake-up. Its open records wait. When it is switched on again its open records run as
//! usual, but the periods that fell due while it was off are **not caught up**: of those,
//! only the latest runs (as on a first start), and periods due after it was switched on
//! are caught up as always. Someone who turns an action off means "do not do this", not
//! "do it all later".
//!
//! The high-water mark is the first of the action's own periods met reading its records
//! newest first (pages of [`HIGH_WATER_PAGE`]): ledger keys are `"<ACTION> <label>"`, and
//! within one schedule's label format labels sort chronologically (`2026-11-25`,
//! `2026-W48`, `2026-11-25T09:00Z`), so the first record whose label is a period of the
//! action's own schedule is its latest. Records of requests by other actions carry their
//! requester's label format and are passed over; the read stops at the first own record,
//! so a wake-up reads a page or two, never the action's whole history.

use campaign_ops_core::{ActionRun, ReadTx, Result, RunStatus};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::registry::{RegisteredAction, Registry};
use crate::schedule::{Period, Schedule};

/// Most open ledger records of one action a plan looks at. An action has a handful (a
/// running period, a retry, a request or two); should more pile up, those past the limit
/// are planned once earlier ones settle.
pub const OPEN_RUNS_LIMIT: usize = 1000;

/// Ledger records per read while looking for the high-water mark, newest first.
pub const HIGH_WATER_PAGE: usize = 64;

/// Why a run is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DueKind {
    /// A scheduled period (the latest, or one missed while the daemon was down).
    Scheduled,
    /// An attempt interrupted by a shutdown or crash, resumed from its checkpoint.
    Resume,
    /// A retry of a failed attempt.
    Retry,
    /// A run another action asked for.
    Requested,
    /// The next stage of a run done in stages.
    NextStage,
}

/// One run to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The action.
    pub action: &'static str,
    /// The period (for requests, labelled by the requesting period, due when requested).
    pub period: Period,
    /// Why.
    pub kind: DueKind,
}

impl Due {
    /// The ledger key.
    pub fn key(&self) -> String {
        ActionRun::key_for(self.action, &self.period.label)
    }
}

/// The runs due at `now`, in the order to make them, and the next instant after `now` at
/// which something else falls due.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Due now: ascending due time, then action name.
    pub due: Vec<Due>,
    /// The earliest later due time over enabled actions, retries, requests and stages.
    pub next_wake: Option<DateTime<Utc>>,
}

/// Plans the enabled actions of `registry` at `now`.
pub fn plan(
    tx: &dyn ReadTx,
    registry: &Registry,
    default_zone: Tz,
    catch_up_limit: usize,
    now: DateTime<Utc>,
) -> Result<Plan> {
    let mut plan = Plan::default();
    for spec in registry.enabled() {
        let switched_on_at = match tx.action_setting(spec.name)? {
            Some(s) if !s.enabled => continue,
            Some(s) => Some(s.changed_at),
            None => None,
        };
        let zone = spec.zone.unwrap_or(default_zone);
        let open = tx.open_action_runs(spec.name, OPEN_RUNS_LIMIT)?;
        if open.len() == OPEN_RUNS_LIMIT {
            tracing::warn!(
                action = spec.name,
                limit = OPEN_RUNS_LIMIT,
                "many open ledger records: those past the limit wait for earlier ones to settle"
            );
        }
        for run in open {
            let scheduled = spec.schedule.period_for_label(zone, &run.period);
            open_record(spec, run, scheduled, now, &mut plan);
        }
        let high_water = high_water(tx, spec.name, spec.schedule, zone)?;
        scheduled(
            spec,
            zone,
            (high_water, switched_on_at),
            catch_up_limit,
            now,
            &mut plan,
        );
        let next = spec.schedule.next_after(zone, now).due_at;
        wake_at(&mut plan, next);
    }
    plan.due
        .sort_by(|a, b| (a.period.due_at, a.action).cmp(&(b.period.due_at, b.action)));
    Ok(plan)
}

/// The due instant of `action`'s latest own period with a record: the newest record whose
/// label is a period of `schedule` (see the module docs for why the first one met reading
/// newest first is the latest).
fn high_water(
    tx: &dyn ReadTx,
    action: &str,
    schedule: Schedule,
    zone: Tz,
) -> Result<Option<DateTime<Utc>>> {
    let mut before: Option<String> = None;
    loop {
        let page = tx.action_runs(action, before.as_deref(), true, HIGH_WATER_PAGE)?;
        if let Some(p) = page
            .iter()
            .find_map(|run| schedule.period_for_label(zone, &run.period))
        {
            return Ok(Some(p.due_at));
        }
        if page.len() < HIGH_WATER_PAGE {
            return Ok(None);
        }
        before = page.last().map(|run| run.key.clone());
    }
}

fn wake_at(plan: &mut Plan, at: DateTime<Utc>) {
    plan.next_wake = Some(plan.next_wake.map_or(at, |w| w.min(at)));
}

/// An open record: due now, or a wake-up at its `next_attempt_at`. `scheduled` is its
/// period when the label is one of the action's own (requests carry the requester's label
/// and count as due when requested).
fn open_record(
    spec: &RegisteredAction,
    run: ActionRun,
    scheduled: Option<Period>,
    now: DateTime<Utc>,
    plan: &mut Plan,
) {
    let kind = match run.status {
        RunStatus::Retrying => DueKind::Retry,
        RunStatus::Queued => DueKind::Requested,
        _ if run.next_attempt_at.is_some() => DueKind::NextStage,
        _ => DueKind::Resume,
    };
    match run.next_attempt_at {
        Some(at) if at > now => wake_at(plan, at),
        _ => {
            let period = scheduled.unwrap_or(Period {
                due_at: run.first_attempt_at,
                label: run.period,
            });
            plan.due.push(Due {
                action: spec.name,
                period,
                kind,
            });
        }
    }
}

/// The scheduled periods due at `now` that have no record: those after `high_water`, at
/// most `catch_up_limit`, oldest first; only the latest when the action has no history.
/// With `switched_on_at` (the action was switched off and on again), periods due before
/// that instant are not caught up, except the latest period of all.
fn scheduled(
    spec: &RegisteredAction,
    zone: Tz,
    (high_water, switched_on_at): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    catch_up_limit: usize,
    now: DateTime<Utc>,
    plan: &mut Plan,
) {
    let latest = spec.schedule.latest_at(zone, now);
    let Some(high_water) = high_water else {
        plan.due.push(Due {
            action: spec.name,
            period: latest,
            kind: DueKind::Scheduled,
        });
        return;
    };
    let mut missed = vec![];
    let mut period = latest;
    while missed.len() < catch_up_limit
        && period.due_at > high_water
        && (missed.is_empty() || switched_on_at.is_none_or(|on| period.due_at >= on))
    {
        let previous = spec.schedule.previous(zone, &period);
        missed.push(period);
        period = previous;
    }
    plan.due.extend(missed.into_iter().rev().map(|period| Due {
        action: spec.name,
        period,
        kind: DueKind::Scheduled,
    }));
}
