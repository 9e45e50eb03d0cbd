//! Shared fixtures: a daemon of explicit specs on a MemoryStore and a FixedClock, and the
//! batched test handler.

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry,
};
use campaign_ops_core::testing::MemoryStore;
use campaign_ops_core::{
    ActionRun, CampaignId, FixedClock, OperatorTask, Sequence, Store, TaskId, TaskType, WriteTx,
};
use chrono::{DateTime, TimeZone, Utc};

/// 2026-11-25 09:00 UTC, a Wednesday.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// A daemon running exactly `specs` on `store` (any backend), with seeded jitter.
pub fn daemon_on<S: Store + std::fmt::Debug + Clone + 'static>(
    store: &S,
    clock: &FixedClock,
    specs: &[ActionSpec],
    config: DaemonConfig,
) -> Daemon {
    let registry = Registry::from_specs(specs.iter().copied()).unwrap();
    Daemon::on(store.clone(), clock.clone(), registry, config)
        .unwrap()
        .with_jitter_seed(7)
}

pub fn memory() -> MemoryStore {
    MemoryStore::new()
}

/// The action's ledger records, ascending key (a test makes a handful).
pub fn runs(store: &impl Store, action: &str) -> Vec<ActionRun> {
    store
        .read(|tx| tx.action_runs(action, None, false, 1000))
        .unwrap()
}

/// One ledger record by action and period.
pub fn run(store: &impl Store, action: &str, period: &str) -> Option<ActionRun> {
    store
        .read(|tx| tx.action_run(&ActionRun::key_for(action, period)))
        .unwrap()
}

/// The titles of campaign 1's tasks, ascending id (a test makes a handful).
pub fn task_titles(store: &impl Store) -> Vec<String> {
    store
        .read(|tx| tx.tasks_page(CampaignId(1), None, 1000))
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

/// Inside `tx`: a manual task with `title` in campaign 1 (which need not exist for the
/// store), due `now`: the effect the test handlers commit batch by batch.
pub fn put_task(
    tx: &mut dyn WriteTx,
    title: String,
    now: DateTime<Utc>,
) -> campaign_ops_core::Result<()> {
    let id = TaskId(tx.next_id(Sequence::Task)?);
    tx.put_task(&OperatorTask::pending(
        id,
        CampaignId(1),
        TaskType::Manual,
        title,
        now,
        now,
    ))
}

/// Ten batches, one task each, checkpoint = batch number; resumes after the checkpoint.
/// Before each batch it consults `stop` (a test's simulated kill).
pub fn ten_batches(
    ctx: &ActionContext<'_>,
    stop: impl Fn(u64),
) -> Result<ActionReport, ActionError> {
    let start = ctx.checkpoint().unwrap_or(0) + 1;
    for batch in start..=10 {
        stop(batch);
        ctx.ensure_running()?;
        let label = format!("{} batch {batch}", ctx.period());
        ctx.ops().store().write(|tx| {
            put_task(tx, label.clone(), ctx.now())?;
            if batch == 10 {
                ctx.record_success(tx, Some(batch), &ActionReport::new("10 batches"))
            } else {
                ctx.record_progress(tx, Some(batch))
            }
        })?;
    }
    Ok(ActionReport::new("10 batches"))
}

pub fn expected_titles(period: &str) -> Vec<String> {
    (1..=10).map(|b| format!("{period} batch {b}")).collect()
}

/// One task noting the period, committed with the period's success.
pub fn quick(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let label = ctx.period().label.clone();
    ctx.ops().store().write(|tx| {
        put_task(tx, label.clone(), ctx.now())?;
        ctx.record_success(tx, None, &ActionReport::new(format!("noted {label}")))
    })?;
    Ok(ActionReport::new("noted"))
}
