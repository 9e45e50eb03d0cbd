//! What a handler gets: the service (over any [`Store`], erased to [`AnyStore`]), the
//! clock, the host's state, the period being run, and the hooks that record its progress in
//! the run ledger inside the handler's own write transactions.
//!
//! The ledger rule handlers keep: every write a handler makes goes through a
//! `CampaignOps::*_batch` call (or `Store::write`) whose transaction also calls
//! [`ActionContext::record_progress`] (a batch, with its checkpoint) or
//! [`ActionContext::record_success`] (the last batch). So a batch and the ledger's note of it
//! commit together or not at all, and a resumed run continues after the last committed
//! batch instead of redoing it. Each hook also checks that this attempt still owns the
//! record (see [`crate::ledger`]), so a handler displaced by another daemon handle cannot
//! commit a batch the new owner will also do.

use std::any::Any;
use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use campaign_ops_core::{
    ActionRun, Actor, AnyStore, CampaignOps, Clock, EntityKind, Error, Result, Store, WriteTx,
};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::ActionError;
use crate::schedule::{Period, Schedule};
use crate::spec::ActionReport;
use crate::state::StateMap;

/// The clock handlers and the daemon read: any [`Clock`], shared.
pub type SharedClock = Arc<dyn Clock>;

/// The service the daemon runs handlers on: any store, type-erased, and a shared clock. One
/// concrete type whatever the backend, so that handlers can be plain `fn` pointers.
pub type Ops = CampaignOps<AnyStore, SharedClock>;

/// The service over `store` (any backend: `RedbStore`, the in-memory test store, ...) with
/// `clock` (e.g. a `FixedClock` whose clones the test keeps). An [`AnyStore`] is used as it
/// is, not wrapped a second time.
pub fn ops(store: impl Store + Debug + 'static, clock: impl Clock + 'static) -> Ops {
    CampaignOps::new(erase(store), Arc::new(clock))
}

fn erase<S: Store + Debug + 'static>(store: S) -> AnyStore {
    let store: Box<dyn Any> = Box::new(store);
    match store.downcast::<AnyStore>() {
        Ok(any) => *any,
        Err(store) => AnyStore::new(*store.downcast::<S>().expect("the type just boxed")),
    }
}

/// Everything one run of a handler may use.
pub struct ActionContext<'a> {
    pub(crate) ops: &'a Ops,
    pub(crate) state: &'a StateMap,
    pub(crate) actor: &'a Actor,
    pub(crate) action: &'static str,
    pub(crate) schedule: Schedule,
    pub(crate) zone: Tz,
    pub(crate) period: Period,
    /// The ledger's `last_attempt_at` as this attempt began it: the attempt's identity.
    pub(crate) started: DateTime<Utc>,
    pub(crate) checkpoint: Option<u64>,
    pub(crate) batch_size: usize,
    pub(crate) cancel: &'a AtomicBool,
    /// The daemon's lease (see `DaemonConfig::lease`), renewed by every batch.
    pub(crate) lease: Option<chrono::Duration>,
}

impl std::fmt::Debug for ActionContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionContext")
            .field("action", &self.action)
            .field("period", &self.period.label)
            .field("checkpoint", &self.checkpoint)
            .finish_non_exhaustive()
    }
}

impl ActionContext<'_> {
    /// The campaign operations service.
    pub fn ops(&self) -> &Ops {
        self.ops
    }

    /// The clock (the service's).
    pub fn clock(&self) -> &dyn Clock {
        self.ops.clock().as_ref()
    }

    /// The clock's current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.ops.clock().now()
    }

    /// The host's value of type `T`, handed to the daemon with
    /// [`Daemon::with_state`](crate::Daemon::with_state); `None` when it has none.
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.state.get()
    }

    /// Like [`Self::state`], but a missing value is an [`ActionError::MissingState`] naming
    /// the type, so a handler can `?` it and the ledger says what the host forgot.
    pub fn require_state<T: Send + Sync + 'static>(&self) -> Result<&T, ActionError> {
        self.state().ok_or_else(ActionError::missing_state::<T>)
    }

    /// Every value the host handed the daemon.
    pub fn state_map(&self) -> &StateMap {
        self.state
    }

    /// Who the run acts as in the audit log (the daemon's actor, `system` by default).
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// The action's name.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The period being run.
    pub fn period(&self) -> &Period {
        &self.period
    }

    /// The action's schedule.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The zone the schedule is read in.
    pub fn time_zone(&self) -> Tz {
        self.zone
    }

    /// The due instant of the period before this one.
    pub fn previous_due(&self) -> DateTime<Utc> {
        self.schedule.previous(self.zone, &self.period).due_at
    }

    /// The first due instant of the schedule after `now`.
    pub fn next_due_after(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.schedule.next_after(self.zone, now).due_at
    }

    /// Where an interrupted or failed earlier attempt of this period stopped: the
    /// checkpoint of its last committed batch. `None` on a fresh run.
    pub fn checkpoint(&self) -> Option<u64> {
        self.checkpoint
    }

    /// How many records a handler should change per write transaction.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// Whether the daemon asked the run to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// `Err(Cancelled)` once the daemon is shutting down: call it before each batch, so a
    /// shutdown stops the run between two committed batches.
    pub fn ensure_running(&self) -> Result<(), ActionError> {
        if self.is_cancelled() {
            Err(ActionError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Inside a handler's write transaction: notes that the batch committed with it got as
    /// far as `checkpoint` (kept as it is when `None`).
    pub fn record_progress(&self, tx: &mut dyn WriteTx, checkpoint: Option<u64>) -> Result<()> {
        let mut run = self.own_run(tx)?;
        if checkpoint.is_some() {
            run.checkpoint = checkpoint;
        }
        if let Some(lease) = self.lease {
            // Renewed with the batch: the owner is alive as long as its batches commit.
            run.next_attempt_at = self.now().checked_add_signed(lease);
        }
        tx.put_action_run(&run)
    }

    /// Inside the handler's last write transaction: marks the period Succeeded with
    /// `report`, so the last batch and the period's completion commit together.
    pub fn record_success(
        &self,
        tx: &mut dyn WriteTx,
        checkpoint: Option<u64>,
        report: &ActionReport,
    ) -> Result<()> {
        let mut run = self.own_run(tx)?;
        if checkpoint.is_some() {
            run.checkpoint = checkpoint;
        }
        crate::ledger::succeed(&mut run, self.now(), report);
        tx.put_action_run(&run)
    }

    /// Inside a write transaction: the stage of a run done in stages is over; the next is
    /// due at `report.resume_at` (the period stays open).
    pub fn record_stage(&self, tx: &mut dyn WriteTx, report: &ActionReport) -> Result<()> {
        let mut run = self.own_run(tx)?;
        crate::ledger::stage(&mut run, report);
        tx.put_action_run(&run)
    }

    /// Inside a batch's write transaction, the one of the three above that fits: progress
    /// unless `last`; for the last batch, a stage when `report` asks to resume, else success.
    pub fn record_batch(
        &self,
        tx: &mut dyn WriteTx,
        last: bool,
        checkpoint: Option<u64>,
        report: &ActionReport,
    ) -> Result<()> {
        match (last, report.resume_at) {
            (false, _) => self.record_progress(tx, checkpoint),
            (true, Some(_)) => self.record_stage(tx, report),
            (true, None) => self.record_success(tx, checkpoint, report),
        }
    }

    /// Inside a write transaction: asks for a run of `action`, keyed by this run's period
    /// label (`"ESCALATE_OVERDUE_TASKS 2026-11-25"` from the tick of 2026-11-25), due now.
    /// Returns `false` when that request (or run) already exists: asking twice is harmless.
    pub fn request(&self, tx: &mut dyn WriteTx, action: &str) -> Result<bool> {
        let key = ActionRun::key_for(action, &self.period.label);
        if tx.action_run(&key)?.is_some() {
            return Ok(false);
        }
        let now = self.now();
        tx.put_action_run(&crate::ledger::requested(
            action,
            &self.period.label,
            now,
            &format!("requested by {} {}", self.action, self.period.label),
        ))?;
        Ok(true)
    }

    fn own_run(&self, tx: &mut dyn WriteTx) -> Result<ActionRun> {
        let key = ActionRun::key_for(self.action, &self.period.label);
        match tx.action_run(&key)? {
            Some(run) if crate::ledger::owns(&run, self.started) => Ok(run),
            // Taken over by a later attempt (Running, a later start) or settled meanwhile.
            Some(run) => Err(Error::Superseded {
                key,
                status: run.status,
                last_attempt_at: run.last_attempt_at,
            }),
            None => Err(Error::not_found(EntityKind::ActionRun, key)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use campaign_ops_core::{FixedClock, RunStatus, Store};
    use chrono::{Duration, TimeZone};

    const ACTION: &str = "OWNED";
    const LABEL: &str = "2026-11-25";

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
    }

    /// What `record_progress` says for an attempt started at `t0()` when the ledger holds
    /// `stored`.
    fn progress_with(stored: Option<ActionRun>) -> Result<()> {
        let ops = ops(
            campaign_ops_core::testing::MemoryStore::new(),
            FixedClock::new(t0()),
        );
        if let Some(run) = &stored {
            ops.store().write(|tx| tx.put_action_run(run)).unwrap();
        }
        let actor = Actor::system();
        let cancel = AtomicBool::new(false);
        let state = StateMap::new();
        let ctx = ActionContext {
            ops: &ops,
            state: &state,
            actor: &actor,
            action: ACTION,
            schedule: Schedule::daily(6, 0),
            zone: chrono_tz::UTC,
            period: Period {
                due_at: t0(),
                label: LABEL.to_owned(),
            },
            started: t0(),
            checkpoint: None,
            batch_size: 10,
            cancel: &cancel,
            lease: None,
        };
        ops.store().write(|tx| ctx.record_progress(tx, Some(1)))
    }

    fn running_since(started: DateTime<Utc>) -> ActionRun {
        crate::ledger::begin(None, ACTION, LABEL, started)
    }

    #[test]
    fn only_the_owning_attempt_records_progress() {
        let key = ActionRun::key_for(ACTION, LABEL);
        assert_eq!(progress_with(Some(running_since(t0()))), Ok(()));

        let later = t0() + Duration::minutes(3);
        assert_eq!(
            progress_with(Some(running_since(later))),
            Err(Error::Superseded {
                key: key.clone(),
                status: RunStatus::Running,
                last_attempt_at: later,
            }),
            "taken over by a later attempt"
        );

        let mut settled = running_since(t0());
        settled.status = RunStatus::Succeeded;
        let err = progress_with(Some(settled)).unwrap_err();
        assert_eq!(
            err,
            Error::Superseded {
                key: key.clone(),
                status: RunStatus::Succeeded,
                last_attempt_at: t0(),
            },
            "settled meanwhile"
        );
        assert!(!err.is_retryable(), "a displaced attempt must stop");

        assert_eq!(
            progress_with(None),
            Err(Error::not_found(EntityKind::ActionRun, key)),
            "no record at all"
        );
    }
}
