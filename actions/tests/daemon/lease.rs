//! The lease of `DaemonConfig::lease` (several daemons on one database): a started attempt
//! owns its period until the lease in its ledger record expires, each committed batch
//! renews it, and a dead owner's period is taken over from its checkpoint only after expiry.

use std::cell::RefCell;

use campaign_ops_actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, DaemonConfig, Schedule,
};
use campaign_ops_core::{ActionRun, FixedClock, RunStatus, Store};
use chrono::Duration;

use crate::support::*;

on_both_backends! {
    #[test] fn a_leased_period_is_left_alone_until_the_lease_expires;
}

const ACTION: &str = "LEASED";
const KEY: &str = "LEASED 2026-11-25";

thread_local! {
    /// The checkpoint each attempt started from, and the record as each batch committed
    /// it (per thread: `run_due` runs the handler on the caller's thread, and tests run in
    /// parallel).
    static SEEN: RefCell<Vec<(Option<u64>, Option<ActionRun>)>> = const { RefCell::new(Vec::new()) };
}

fn seen() -> Vec<(Option<u64>, Option<ActionRun>)> {
    SEEN.with(|s| s.borrow().clone())
}

fn two_batches(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let start = ctx.checkpoint().unwrap_or(0) + 1;
    for batch in start..=2 {
        let report = ActionReport::new("done");
        ctx.ops()
            .store()
            .write(|tx| ctx.record_batch(tx, batch == 2, Some(batch), &report))?;
        let record = ctx.ops().store().read(|tx| tx.action_run(KEY))?;
        SEEN.with(|s| s.borrow_mut().push((ctx.checkpoint(), record)));
    }
    Ok(ActionReport::new("done"))
}

fn a_leased_period_is_left_alone_until_the_lease_expires<B: Backend>() {
    let store = B::fresh();
    let lease = Duration::minutes(5);
    let config = || DaemonConfig {
        lease: Some(lease),
        ..DaemonConfig::default()
    };
    let spec = ActionSpec::new(ACTION, Schedule::daily(6, 0), two_batches);
    // A daemon that died after its first batch at t0: Running, checkpoint 1, its lease
    // renewed by that batch.
    let mut dead = ledger_record(ACTION, "2026-11-25", RunStatus::Running, t0());
    dead.checkpoint = Some(1);
    dead.next_attempt_at = Some(t0() + lease);
    store.write(|tx| tx.put_action_run(&dead)).unwrap();

    let clock = FixedClock::new(t0() + Duration::minutes(4));
    let other = daemon_on(&store, &clock, &[spec], config());
    assert!(other.run_due().unwrap().is_empty(), "the lease still holds");
    assert_eq!(
        store.read(|tx| tx.action_run(KEY)).unwrap().as_ref(),
        Some(&dead),
        "and the record is untouched"
    );
    assert_eq!(
        other.next_wake().unwrap(),
        Some(t0() + lease),
        "wakes at expiry"
    );

    clock.set(t0() + lease);
    let out = other.run_due().unwrap();
    assert_eq!(out.len(), 1, "taken over at expiry: {out:?}");
    assert_eq!(out[0].run.status, RunStatus::Succeeded);
    assert_eq!(
        out[0].run.attempts, dead.attempts,
        "the same attempt, continued"
    );
    let seen = seen();
    assert_eq!(
        seen.len(),
        1,
        "only batch 2 ran: batch 1 was committed by the dead owner"
    );
    assert_eq!(
        seen[0].0,
        Some(1),
        "resumed from the dead owner's checkpoint"
    );
    assert_eq!(
        seen[0].1.as_ref().map(|r| r.status),
        Some(RunStatus::Succeeded)
    );
}

#[test]
fn each_batch_renews_the_lease_and_a_start_takes_one() {
    let store = memory();
    let lease = Duration::minutes(5);
    let clock = FixedClock::new(t0());
    let spec = ActionSpec::new(ACTION, Schedule::daily(6, 0), |ctx| {
        // A start writes the lease before the handler runs.
        let record = ctx.ops().store().read(|tx| tx.action_run(KEY))?.unwrap();
        assert_eq!(
            record.next_attempt_at,
            Some(record.last_attempt_at + Duration::minutes(5))
        );
        two_batches(ctx)
    });
    let config = DaemonConfig {
        lease: Some(lease),
        ..DaemonConfig::default()
    };
    let daemon = daemon_on(&store, &clock, &[spec], config);
    daemon.run_due().unwrap();
    let seen = seen();
    let first = seen[0].1.clone().unwrap();
    assert_eq!(first.status, RunStatus::Running);
    assert_eq!(
        first.next_attempt_at,
        Some(t0() + lease),
        "renewed by batch 1"
    );
    let last = seen[1].1.clone().unwrap();
    assert_eq!(last.status, RunStatus::Succeeded);
    assert_eq!(last.next_attempt_at, None, "a settled run holds no lease");
}

#[test]
fn a_lease_must_be_positive() {
    let config = DaemonConfig {
        lease: Some(Duration::zero()),
        ..DaemonConfig::default()
    };
    let spec = ActionSpec::new(ACTION, Schedule::daily(6, 0), two_batches);
    let registry = campaign_ops_actions::Registry::from_specs([spec]).unwrap();
    let err = campaign_ops_actions::Daemon::on(memory(), FixedClock::new(t0()), registry, config)
        .unwrap_err();
    assert!(err.to_string().contains("lease must be positive"), "{err}");
}
