//! What is due: from the registry, the schedules and the run ledger, the runs to make now
//! and the instant the daemon next has to wake.
//!
//! For each enabled action:
//! - **open ledger records** (not Succeeded or Failed): an interrupted attempt (Running,
//!   nothing scheduled) is due at once; a retry, a queued request or the next stage is due
//!   at its `next_attempt_at`;
//! - **scheduled periods**: walking back from the latest period due at or before now, every
//!   period without a ledger record is due, up to `catch_up_limit` periods; the walk stops
//!   at the first period that has a record (it ran, or is open and handled above). So a
//!   period whose run committed never runs again, and periods missed while the daemon was
//!   down run once, oldest first, at most `catch_up_limit` of them. On the very first start
//!   of an action (no record of any of its periods) only the latest period runs: there is
//!   nothing to catch up with.

use campaign_ops_core::{ActionRun, ReadTx, Result, RunStatus};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::registry::Registry;
use crate::schedule::Period;
use crate::spec::ActionSpec;

/// Why a run is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
        let zone = spec.zone.unwrap_or(default_zone);
        open_records(tx, spec, zone, now, &mut plan)?;
        scheduled(tx, spec, zone, catch_up_limit, now, &mut plan)?;
        let next = spec.schedule.next_after(zone, now).due_at;
        wake_at(&mut plan, next);
    }
    plan.due
        .sort_by(|a, b| (a.period.due_at, a.action).cmp(&(b.period.due_at, b.action)));
    Ok(plan)
}

fn wake_at(plan: &mut Plan, at: DateTime<Utc>) {
    plan.next_wake = Some(plan.next_wake.map_or(at, |w| w.min(at)));
}

fn open_records(
    tx: &dyn ReadTx,
    spec: &ActionSpec,
    zone: Tz,
    now: DateTime<Utc>,
    plan: &mut Plan,
) -> Result<()> {
    // One scan of the action's ledger records; the ledger holds one small record per
    // period, so this stays cheap for years of daily runs.
    for run in tx.action_runs(Some(spec.name), usize::MAX)? {
        if run.status.is_final() {
            continue;
        }
        let period = spec
            .schedule
            .period_for_label(zone, &run.period)
            .unwrap_or_else(|| Period {
                due_at: run.first_attempt_at,
                label: run.period.clone(),
            });
        let kind = match run.status {
            RunStatus::Retrying => DueKind::Retry,
            _ if crate::ledger::is_queued(&run) => DueKind::Requested,
            _ if run.next_attempt_at.is_some() => DueKind::NextStage,
            _ => DueKind::Resume,
        };
        match run.next_attempt_at {
            Some(at) if at > now => wake_at(plan, at),
            _ => plan.due.push(Due {
                action: spec.name,
                period,
                kind,
            }),
        }
    }
    Ok(())
}

fn scheduled(
    tx: &dyn ReadTx,
    spec: &ActionSpec,
    zone: Tz,
    catch_up_limit: usize,
    now: DateTime<Utc>,
    plan: &mut Plan,
) -> Result<()> {
    let mut missed = vec![];
    let mut period = spec.schedule.latest_at(zone, now);
    let mut found_record = false;
    while missed.len() < catch_up_limit {
        if tx
            .action_run(&ActionRun::key_for(spec.name, &period.label))?
            .is_some()
        {
            found_record = true;
            break;
        }
        let previous = spec.schedule.previous(zone, &period);
        missed.push(period);
        period = previous;
    }
    if !found_record && missed.len() > 1 && !has_history(tx, spec, zone)? {
        missed.truncate(1);
    }
    plan.due.extend(missed.into_iter().rev().map(|period| Due {
        action: spec.name,
        period,
        kind: DueKind::Scheduled,
    }));
    Ok(())
}

/// Whether any ledger record of `spec` is for one of its scheduled periods (requests from
/// other actions do not count).
fn has_history(tx: &dyn ReadTx, spec: &ActionSpec, zone: Tz) -> Result<bool> {
    Ok(tx
        .action_runs(Some(spec.name), usize::MAX)?
        .iter()
        .any(|r| spec.schedule.period_for_label(zone, &r.period).is_some()))
}
