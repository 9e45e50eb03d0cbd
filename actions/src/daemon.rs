//! The daemon: runs every enabled action once per period, off the async threads, until told
//! to stop.
//!
//! Two layers. [`Daemon::run_due`] is synchronous: it makes every run due at the clock's
//! current instant (see [`crate::due`]) and returns; tests drive it with a `FixedClock`
//! moved by hand. [`Daemon::run_until`] is the tokio loop around it: run what is due on a
//! blocking thread (`spawn_blocking`), then sleep until the next due instant (no polling),
//! until the shutdown future completes. On shutdown the current handler is asked to stop at
//! its next batch boundary and awaited, so nothing this process started is left half
//! written; whatever it had not committed is redone from its checkpoint on the next start.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use campaign_ops_core::{ActionRun, Actor, Clock, RunStatus, Store};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::context::{ActionContext, Ops};
use crate::due::{self, Due, DueKind, Plan};
use crate::error::{ActionError, DaemonError};
use crate::ledger::{self, RetryPolicy};
use crate::registry::Registry;
use crate::state::StateMap;

mod host;

mod turns;

/// How the daemon schedules and retries.
#[derive(Debug, Clone)]
pub struct DaemonConfig {
    /// The zone schedules are read in, unless a spec names its own. Default UTC.
    pub time_zone: Tz,
    /// Most scheduled periods per action run at once: the latest due one and the missed
    /// ones before it (the most recent ones; they run oldest first). At least 1. Default 7.
    pub catch_up_limit: usize,
    /// Retries of failed attempts.
    pub retry: RetryPolicy,
    /// Records a handler changes per write transaction. Default 1000.
    pub batch_size: usize,
    /// Longest sleep: the loop re-reads the clock at least this often, in case the wall
    /// clock jumps (suspend, NTP). Default one hour.
    pub max_sleep: std::time::Duration,
    /// Who scheduled runs act as in the audit log. Default `system`.
    pub actor: Actor,
    /// Clock seconds per real second: 1 for a real clock; more for a demo clock that runs
    /// fast, so that the loop sleeps the real time until the clock reaches the next due
    /// instant. Default 1.
    pub clock_rate: f64,
    /// Interruptions of one attempt (see [`campaign_ops_core::ActionRun::interruptions`])
    /// after which taking it up again counts as a failed attempt instead: a handler that
    /// keeps crashing its process is retried with backoff and then marked Failed. Default 10.
    pub max_interruptions: u32,
    /// How long a started attempt owns its period against other daemons sharing the
    /// database (several processes or hosts on one PostgreSQL): the ledger record carries
    /// the lease's expiry as its `next_attempt_at`, written in the same transaction that
    /// starts the attempt and renewed by every committed batch (`record_progress`), so
    /// other daemons leave the period alone until it expires, and take it over from its
    /// checkpoint when the owner died. Longer than the slowest batch; clocks of the hosts
    /// must agree to well within it. `None` (the default, one daemon per database): a
    /// Running record found unsettled is resumed at once. Takeovers after an expired lease
    /// are not counted as interruptions.
    pub lease: Option<chrono::Duration>,
}

impl Default for DaemonConfig {
    fn default() -> Self {
        Self {
            time_zone: Tz::UTC,
            catch_up_limit: 7,
            retry: RetryPolicy::default(),
            batch_size: 1000,
            max_sleep: std::time::Duration::from_secs(3600),
            actor: Actor::system(),
            clock_rate: 1.0,
            max_interruptions: 10,
            lease: None,
        }
    }
}

/// What one attempt ended in.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The run made.
    pub due: Due,
    /// The ledger record afterwards.
    pub run: ActionRun,
}

impl std::fmt::Display for RunOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = &self.run;
        write!(
            f,
            "{} [{:?}] {:?}, attempt {}",
            r.key, self.due.kind, r.status, r.attempts
        )?;
        match (&r.last_error, r.status) {
            (Some(e), RunStatus::Retrying | RunStatus::Failed) => write!(f, ": {e}"),
            _ => match &r.report {
                Some(report) => write!(f, ": {report}"),
                None => Ok(()),
            },
        }
    }
}

/// What the async loop did before it stopped.
#[derive(Debug, Clone, Default)]
pub struct DaemonStats {
    /// Times the loop woke up and looked for due runs (the first look included).
    pub wakeups: u64,
    /// Every attempt made, in order.
    pub runs: Vec<RunOutcome>,
}

/// Runs the enabled actions of a [`Registry`] on a service over any store
/// ([`Daemon::on`]), with the host's state for the handlers ([`Daemon::with_state`]).
pub struct Daemon {
    ops: Ops,
    registry: Registry,
    config: DaemonConfig,
    state: StateMap,
    cancel: Arc<AtomicBool>,
    rng: Mutex<fastrand::Rng>,
}

impl std::fmt::Debug for Daemon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Daemon")
            .field(
                "actions",
                &self.registry.enabled().map(|s| s.name).collect::<Vec<_>>(),
            )
            .field("config", &self.config)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl Daemon {
    /// A daemon over `ops` running `registry`'s enabled actions; refuses a bad `config`.
    pub fn new(ops: Ops, registry: Registry, config: DaemonConfig) -> Result<Self, DaemonError> {
        config.retry.check().map_err(DaemonError::Config)?;
        if config.catch_up_limit == 0 {
            return Err(DaemonError::Config(
                "catch_up_limit must be at least 1".into(),
            ));
        }
        if config.batch_size == 0 {
            return Err(DaemonError::Config("batch_size must be at least 1".into()));
        }
        if !(config.clock_rate.is_finite() && config.clock_rate > 0.0) {
            return Err(DaemonError::Config(
                "clock_rate must be a positive number".into(),
            ));
        }
        if config.lease.is_some_and(|l| l <= chrono::Duration::zero()) {
            return Err(DaemonError::Config("lease must be positive".into()));
        }
        if config.max_sleep.is_zero() {
            return Err(DaemonError::Config("max_sleep must be positive".into()));
        }
        Ok(Self {
            ops,
            registry,
            config,
            state: StateMap::new(),
            cancel: Arc::new(AtomicBool::new(false)),
            rng: Mutex::new(fastrand::Rng::new()),
        })
    }

    /// The same daemon with a seeded jitter source (reproducible retry times).
    pub fn with_jitter_seed(self, seed: u64) -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            ..self
        }
    }

    /// The service.
    pub fn ops(&self) -> &Ops {
        &self.ops
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The configuration.
    pub fn config(&self) -> &DaemonConfig {
        &self.config
    }

    /// Asks the daemon to stop: the running handler stops at its next batch boundary, and
    /// [`Self::run_due`] makes no further runs. Used by the shutdown path; tests use it to
    /// interrupt a run.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// A flag that, once set, cancels like [`Self::cancel`] (for handlers or other threads).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }

    /// What is due at the clock's current instant, and when the next thing falls due.
    pub fn plan(&self) -> Result<Plan, DaemonError> {
        self.plan_at(self.ops.clock().now())
    }

    fn plan_at(&self, now: DateTime<Utc>) -> Result<Plan, DaemonError> {
        Ok(self.ops.store().read(|tx| {
            due::plan(
                tx,
                &self.registry,
                self.config.time_zone,
                self.config.catch_up_limit,
                now,
            )
        })?)
    }

    /// When [`Self::run_due`] next has work: now, when a retry, request or stage is due
    /// already (one that came due after [`Self::run_due`] last looked, or a stage its
    /// handler asked for at an instant already past); otherwise the earliest later instant
    /// at which something falls due. An interrupted
    /// run that is due does not count: after [`Self::run_due`] it can only be one that
    /// another daemon handle owns, and waking for it would take it over again and again.
    pub fn next_wake(&self) -> Result<Option<DateTime<Utc>>, DaemonError> {
        let now = self.ops.clock().now();
        let plan = self.plan_at(now)?;
        if plan.due.iter().any(|d| d.kind != DueKind::Resume) {
            return Ok(Some(now));
        }
        Ok(plan.next_wake)
    }

    /// Makes every run due now, oldest first, until nothing more is due (a run may queue
    /// another, as the tick queues an escalation), in rounds: each round takes every key
    /// the plan lists as due. A key attempted in this call gets another turn only when its
    /// record asked for a later attempt (a next stage, a retry) that has come due since, so
    /// nothing waits while other keys keep the call busy, and at one clock instant each
    /// key is attempted at most once (see `turns.rs`). Stops early once cancelled.
    pub fn run_due(&self) -> Result<Vec<RunOutcome>, DaemonError> {
        let mut outcomes = Vec::new();
        let mut turns = turns::Turns::default();
        loop {
            let due: Vec<Due> = self
                .plan()?
                .due
                .into_iter()
                .filter(|d| turns.may_attempt(&d.key()))
                .collect();
            if due.is_empty() {
                return Ok(outcomes);
            }
            for d in due {
                if self.cancel.load(Ordering::SeqCst) {
                    return Ok(outcomes);
                }
                let key = d.key();
                let outcome = self.attempt(d)?;
                turns.attempted(key, outcome.as_ref());
                outcomes.extend(outcome);
            }
        }
    }

    /// A uniform random number in `[-1, 1]` scaling the retry jitter.
    fn jitter_unit(&self) -> f64 {
        self.rng.lock().unwrap_or_else(|e| e.into_inner()).f64() * 2.0 - 1.0
    }

    /// One attempt at one due run: ledger Running, the handler, then the outcome.
    fn attempt(&self, due: Due) -> Result<Option<RunOutcome>, DaemonError> {
        let Some(spec) = self.registry.get(due.action).cloned() else {
            return Ok(None);
        };
        let key = due.key();
        let now = self.ops.clock().now();
        let started = self.ops.store().write(|tx| {
            // Switched off on the dashboard since the plan was read: leave it.
            if tx.action_setting(due.action)?.is_some_and(|s| !s.enabled) {
                return Ok(None);
            }
            let existing = tx.action_run(&key)?;
            // Planned from an earlier read: another handle may have settled the period or
            // put off its next attempt since.
            let not_due = existing.as_ref().is_some_and(|r| {
                r.status.is_final() || r.next_attempt_at.is_some_and(|at| at > now)
            });
            if not_due {
                return Ok(None);
            }
            let mut run = ledger::begin(existing, due.action, &due.period.label, now);
            let give_up = run.interruptions > self.config.max_interruptions;
            if give_up {
                let error = format!(
                    "interrupted {} times without finishing: the handler may be crashing its process",
                    run.interruptions
                );
                ledger::fail(&mut run, now, &error, &self.config.retry, self.jitter_unit());
            } else if let Some(lease) = self.config.lease {
                // The lease: other daemons see the record as not due until it expires.
                run.next_attempt_at = run.last_attempt_at.checked_add_signed(lease);
            }
            tx.put_action_run(&run)?;
            Ok(Some((run, give_up)))
        })?;
        let Some((run, gave_up)) = started else {
            return Ok(None);
        };
        if gave_up {
            tracing::error!(key, error = ?run.last_error, status = ?run.status, "action keeps being interrupted");
            return Ok(Some(RunOutcome { due, run }));
        }
        tracing::info!(key, attempt = run.attempts, kind = ?due.kind, "running action");
        let ctx = ActionContext {
            ops: &self.ops,
            state: &self.state,
            actor: &self.config.actor,
            action: spec.name,
            schedule: spec.schedule,
            zone: spec.zone.unwrap_or(self.config.time_zone),
            period: due.period.clone(),
            started: run.last_attempt_at,
            checkpoint: run.checkpoint,
            batch_size: self.config.batch_size,
            cancel: &self.cancel,
            lease: self.config.lease,
        };
        // A panicking handler is a failed attempt, as it is under spawn_blocking: its open
        // write transaction is dropped (aborted) while unwinding.
        let result = catch_unwind(AssertUnwindSafe(|| spec.run(&ctx)))
            .unwrap_or_else(|panic| Err(ActionError::failed(panic_message(&*panic))));
        if matches!(result, Err(ActionError::Cancelled)) {
            // Interrupted between batches: the record stays Running with its checkpoint
            // and is resumed on the next start.
            tracing::info!(key, "run interrupted by shutdown");
            let started = run.last_attempt_at;
            let lease = self.config.lease;
            let run = self.ops.store().write(|tx| {
                let mut current = tx.action_run(&key)?.unwrap_or_else(|| run.clone());
                // Give the lease up at once, so a restart or another daemon resumes without
                // waiting for it to expire.
                if lease.is_some() && ledger::owns(&current, started) {
                    current.next_attempt_at = None;
                    tx.put_action_run(&current)?;
                }
                Ok(current)
            })?;
            return Ok(Some(RunOutcome { due, run }));
        }
        let unit = self.jitter_unit();
        let now = self.ops.clock().now();
        let policy = self.config.retry;
        let started = run.last_attempt_at;
        let settled = self.ops.store().write(|tx| {
            let mut run = tx.action_run(&key)?.unwrap_or_else(|| run.clone());
            if !ledger::owns(&run, started) {
                // Settled by the handler's last batch (Succeeded), or taken over by another
                // daemon handle: that attempt's record is not ours to change.
                return Ok(run);
            }
            match &result {
                Ok(report) if report.resume_at.is_some() => ledger::stage(&mut run, report),
                Ok(report) => ledger::succeed(&mut run, now, report),
                Err(e) => ledger::fail(&mut run, now, &e.to_string(), &policy, unit),
            }
            tx.put_action_run(&run)?;
            Ok(run)
        })?;
        match settled.status {
            RunStatus::Failed => {
                tracing::error!(key, error = ?settled.last_error, "action failed for good")
            }
            RunStatus::Retrying => {
                tracing::warn!(key, error = ?settled.last_error, next = ?settled.next_attempt_at, "action failed; will retry")
            }
            _ => tracing::info!(key, status = ?settled.status, "action run settled"),
        }
        Ok(Some(RunOutcome { due, run: settled }))
    }

    /// Runs until `shutdown` completes: what is due now (caught-up periods first), then
    /// sleeps until the next due instant, again and again. Handlers run on tokio's blocking
    /// threads. On shutdown the current run is cancelled at its next batch boundary and
    /// awaited before this returns.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()>,
    ) -> Result<DaemonStats, DaemonError> {
        let daemon = Arc::new(self);
        let mut shutdown = std::pin::pin!(shutdown);
        let mut stats = DaemonStats::default();
        loop {
            stats.wakeups += 1;
            let worker = Arc::clone(&daemon);
            let mut job = tokio::task::spawn_blocking(move || {
                let outcomes = worker.run_due()?;
                Ok::<_, DaemonError>((outcomes, worker.next_wake()?))
            });
            let (outcomes, next_wake) = tokio::select! {
                joined = &mut job => joined.map_err(|e| DaemonError::Worker(e.to_string()))??,
                () = &mut shutdown => {
                    daemon.cancel();
                    let joined = job.await.map_err(|e| DaemonError::Worker(e.to_string()))?;
                    stats.runs.extend(joined?.0);
                    return Ok(stats);
                }
            };
            stats.runs.extend(outcomes);
            let delay = daemon.sleep_until(next_wake);
            tracing::debug!(?next_wake, ?delay, "daemon sleeping");
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = WAKE.notified() => tracing::debug!("woken early: a run was asked for"),
                () = &mut shutdown => return Ok(stats),
            }
        }
    }

    /// The real time to sleep until the clock reads `wake`: the clock time left divided by
    /// the clock rate, at most `max_sleep` (also when nothing is scheduled at all).
    fn sleep_until(&self, wake: Option<DateTime<Utc>>) -> std::time::Duration {
        let max = self.config.max_sleep;
        let Some(wake) = wake else {
            return max;
        };
        let left = (wake - self.ops.clock().now()).to_std().unwrap_or_default();
        // In f64 seconds: a tiny clock rate must not overflow a `Duration` division.
        std::time::Duration::try_from_secs_f64(left.as_secs_f64() / self.config.clock_rate)
            .map_or(max, |d| d.min(max))
    }

    /// Runs until SIGTERM or Ctrl-C (see [`Self::run_until`]).
    pub async fn run(self) -> Result<DaemonStats, DaemonError> {
        let signal = shutdown_signal().map_err(DaemonError::Signal)?;
        self.run_until(signal).await
    }
}

/// Wakes [`Daemon::run_until`] in this process early, when a run was asked for (the
/// dashboard's "run now"). One permit is kept when no daemon sleeps at that moment, so a
/// request made while the daemon works is planned as soon as it finishes.
static WAKE: std::sync::LazyLock<tokio::sync::Notify> =
    std::sync::LazyLock::new(tokio::sync::Notify::new);

/// Wakes a sleeping daemon of this process ([`Daemon::run_until`]) so that it plans at
/// once: call it after writing a queued request. One wake-up is kept when no daemon sleeps
/// at that moment. A daemon in another process wakes at its next due
/// instant or after `max_sleep` at the latest.
pub fn wake_daemon() {
    WAKE.notify_one();
}

/// A future that completes on SIGTERM or Ctrl-C (SIGINT). Registers the handlers now, so a
/// signal arriving before the future is polled is not lost. Needs a tokio runtime.
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
                _ = int.recv() => tracing::info!("Ctrl-C: shutting down"),
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::info!("Ctrl-C: shutting down");
            }
        })
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    format!("handler panicked: {text}")
}
