//! Shared fixtures: the backends the shared tests run on, a daemon of explicit specs on any
//! store and a FixedClock, ledger records, and the batched test handlers.

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Daemon, DaemonConfig, Registry,
    RunOutcome,
};
use campaign_ops_core::testing::MemoryStore;
use campaign_ops_core::{
    ActionRun, CampaignId, FixedClock, OperatorTask, RunStatus, Sequence, Store, TaskId, TaskType,
    WriteTx,
};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, TimeZone, Utc};

/// A store backend the shared daemon tests run on (see [`on_both_backends`]).
pub trait Backend {
    /// The store type.
    type Store: Store + std::fmt::Debug + Clone + 'static;

    /// A fresh, empty store.
    fn fresh() -> Self::Store;

    /// A fresh, empty store to be handed to one daemon incarnation after another.
    fn reopenable() -> Reopen<Self::Store>;
}

/// One store's data, opened again for each daemon incarnation: the same [`MemoryStore`], or
/// a [`RedbStore`] file opened anew (the previous handles dropped first).
pub struct Reopen<S> {
    open: Box<dyn Fn() -> S>,
    _dir: Option<tempfile::TempDir>,
}

impl<S> Reopen<S> {
    /// A handle on the data, as a restarted process opens it.
    pub fn open(&self) -> S {
        (self.open)()
    }
}

/// The in-memory test store.
pub struct Memory;

impl Backend for Memory {
    type Store = MemoryStore;

    fn fresh() -> MemoryStore {
        MemoryStore::new()
    }

    fn reopenable() -> Reopen<MemoryStore> {
        let store = MemoryStore::new();
        Reopen {
            open: Box::new(move || store.clone()),
            _dir: None,
        }
    }
}

/// The embedded store: in memory, or on a file in a temp dir when reopened.
pub struct Redb;

impl Backend for Redb {
    type Store = RedbStore;

    fn fresh() -> RedbStore {
        RedbStore::in_memory().unwrap()
    }

    fn reopenable() -> Reopen<RedbStore> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("daemon.redb");
        Reopen {
            open: Box::new(move || RedbStore::open(&path).unwrap()),
            _dir: Some(dir),
        }
    }
}

/// Instantiates test bodies generic over a [`Backend`] once per backend, as
/// `memory::<name>` and `redb::<name>`: `#[test] fn name;` for a `fn name<B: Backend>()`,
/// `#[tokio::test] async fn name;` for an `async fn name<B: Backend>()`.
macro_rules! on_both_backends {
    (@each $backend:ident;) => {};
    (@each $backend:ident; #[$attr:meta] async fn $name:ident; $($rest:tt)*) => {
        #[$attr]
        async fn $name() {
            super::$name::<crate::support::$backend>().await
        }
        on_both_backends!(@each $backend; $($rest)*);
    };
    (@each $backend:ident; #[$attr:meta] fn $name:ident; $($rest:tt)*) => {
        #[$attr]
        fn $name() {
            super::$name::<crate::support::$backend>()
        }
        on_both_backends!(@each $backend; $($rest)*);
    };
    ($($tests:tt)*) => {
        /// On `MemoryStore`.
        mod memory {
            on_both_backends!(@each Memory; $($tests)*);
        }
        /// On `RedbStore`.
        mod redb {
            on_both_backends!(@each Redb; $($tests)*);
        }
    };
}

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

/// The labels of the periods of `out`, in order.
pub fn labels(out: &[RunOutcome]) -> Vec<&str> {
    out.iter().map(|o| o.due.period.label.as_str()).collect()
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

/// A ledger record of `action` in `period` with `status`, its one attempt made `at`, and
/// nothing else set.
pub fn ledger_record(
    action: &str,
    period: &str,
    status: RunStatus,
    at: DateTime<Utc>,
) -> ActionRun {
    ActionRun {
        key: ActionRun::key_for(action, period),
        action: action.into(),
        period: period.into(),
        status,
        attempts: 1,
        first_attempt_at: at,
        last_attempt_at: at,
        next_attempt_at: None,
        finished_at: None,
        last_error: None,
        report: None,
        interruptions: 0,
        checkpoint: None,
    }
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
