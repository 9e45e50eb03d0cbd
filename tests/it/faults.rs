//! Injected I/O faults: the workload's calls run on a store over
//! `campaign_ops::store::faults::FaultyBackend`, with a write, a sync, a read or a full
//! disk failing at operation N, swept over N. Each failed call returns a storage error;
//! the store reopened from what the disk holds (a power cut at the fault) is exactly as
//! before the call (logical dump, record and index counts) and sound (the checker); and the
//! same call, run again once the fault has cleared, succeeds.
//!
//! Per call and kind the sweep takes N = 0 and 1, then four more spread up to the call's
//! last operation of that kind (about 200 faults in all); `CAMPAIGN_OPS_FAULTS_FULL=1` takes every N.

use campaign_ops::actions::{Daemon, DaemonConfig, Registry};
use campaign_ops::store::faults::{FaultKind, FaultyBackend};
use campaign_ops::{CampaignOps, Error, FixedClock, RedbStore, Store};
use chrono::{DateTime, Utc};

use crate::support::{Ops, t0};
use crate::workload::{Cycle, STEPS};

/// The cycles run before the one swept: campaign 1 paused, campaign 2 active, the
/// daemon's first periods done.
const SETUP_CYCLES: usize = 2;

fn daemon(ops: &Ops) -> Daemon {
    Daemon::on(
        ops.store().clone(),
        ops.clock().clone(),
        Registry::build().unwrap(),
        DaemonConfig::default(),
    )
    .unwrap()
}

fn ops_on(backend: &FaultyBackend, now: DateTime<Utc>) -> Ops {
    let store = RedbStore::with_backend(backend.clone()).expect("the image opens");
    CampaignOps::new(store, FixedClock::new(now))
}

/// The state before step `i` of the swept cycle: the disk image, the cycle's memory of
/// earlier steps, its clock, the dump and counts the store must show after a failure.
struct Before {
    image: Vec<u8>,
    cycle: Cycle,
    now: DateTime<Utc>,
    dump: serde_json::Value,
    records: campaign_ops::store::check::RecordCounts,
    index_entries: u64,
}

/// The logical dump of the few campaigns the sweep makes (a wider range only costs time).
fn dump(ops: &Ops) -> serde_json::Value {
    campaign_ops::core::conformance::logical_dump(
        ops.store(),
        1..=8,
        &campaign_ops::actions::CAMPAIGN_ACTIONS,
    )
}

fn state_of(
    ops: &Ops,
) -> (
    serde_json::Value,
    campaign_ops::store::check::RecordCounts,
    u64,
) {
    let report = ops.store().verify().unwrap();
    assert!(report.is_sound(), "{:#?}", report.findings);
    (dump(ops), report.records, report.index_entries)
}

/// The workload's step that runs the daemon (several transactions, not one).
const DAEMON_STEP: usize = 0;

fn counts_of(ops: &Ops) -> (campaign_ops::store::check::RecordCounts, u64) {
    let report = ops.store().verify().unwrap();
    assert!(report.is_sound(), "{:#?}", report.findings);
    (report.records, report.index_entries)
}

/// Everything but the ledger's bookkeeping (attempts, interruptions), which a faulted and
/// resumed run records differently from a clean one; plus each run's key and status.
fn effects_of(ops: &Ops) -> serde_json::Value {
    let mut dump = dump(ops);
    let runs: Vec<(String, String)> = campaign_ops::actions::CAMPAIGN_ACTIONS
        .iter()
        .flat_map(|a| {
            ops.store()
                .read(|tx| tx.action_runs(a, None, false, 1000))
                .unwrap()
                .into_iter()
                .map(|r| (r.key, format!("{:?}", r.status)))
        })
        .collect();
    dump["action_runs"] = serde_json::json!(runs);
    dump
}

/// N values to sweep for a call that does `total` operations of a kind.
fn sweep(total: u64) -> Vec<u64> {
    if std::env::var_os("CAMPAIGN_OPS_FAULTS_FULL").is_some() {
        return (0..total).collect();
    }
    let mut ns: Vec<u64> = (0..total.min(2)).collect();
    let step = (total / 4).max(1);
    ns.extend((2..total).step_by(step as usize));
    if total > 0 {
        ns.push(total - 1);
    }
    ns.sort_unstable();
    ns.dedup();
    ns
}

#[test]
fn every_call_fails_cleanly_under_injected_io_faults_and_succeeds_once_they_clear() {
    // Setup on a backend that never fails, keeping the image before each swept step.
    let backend = FaultyBackend::new();
    let ops = ops_on(&backend, t0());
    let d = daemon(&ops);
    for _ in 0..SETUP_CYCLES {
        let mut cycle = Cycle::next(&ops, "setup");
        for i in 0..STEPS {
            cycle.step(&ops, Some(&d), i).unwrap();
        }
    }
    let mut cycle = Cycle::next(&ops, "swept");
    let mut befores = Vec::new();
    for i in 0..STEPS {
        let (dump, records, index_entries) = state_of(&ops);
        befores.push(Before {
            image: backend.crash_image(),
            cycle: cycle.clone(),
            now: campaign_ops::Clock::now(ops.clock()),
            dump,
            records,
            index_entries,
        });
        cycle.step(&ops, Some(&d), i).unwrap();
    }
    drop((d, ops));

    // What a clean run of the daemon's step leaves, to compare its runs after faults with.
    let clean = FaultyBackend::from_image(befores[DAEMON_STEP].image.clone());
    let ops = ops_on(&clean, befores[DAEMON_STEP].now);
    let d = daemon(&ops);
    befores[DAEMON_STEP]
        .cycle
        .clone()
        .step(&ops, Some(&d), DAEMON_STEP)
        .unwrap();
    let clean_daemon_counts = counts_of(&ops);
    let clean_daemon_effects = effects_of(&ops);
    drop((d, ops));

    let mut injected = 0u64;
    let mut per_kind = std::collections::BTreeMap::new();
    for (i, before) in befores.iter().enumerate() {
        // How many operations of each kind step i does, from its image.
        let probe = FaultyBackend::from_image(before.image.clone());
        let ops = ops_on(&probe, before.now);
        let d = daemon(&ops);
        probe.reset_counts();
        before.cycle.clone().step(&ops, Some(&d), i).unwrap();
        let counts = probe.counts();
        drop((d, ops));

        for kind in FaultKind::ALL {
            for n in sweep(counts.of(kind)) {
                let faulty = FaultyBackend::from_image(before.image.clone());
                let ops = ops_on(&faulty, before.now);
                let d = daemon(&ops);
                faulty.arm(kind, n);
                let result = before.cycle.clone().step(&ops, Some(&d), i);
                let what = format!("step {i}, {kind:?} fault at operation {n}");
                drop((d, ops));
                if faulty.fired().is_none() {
                    // This run did fewer operations of the kind than the probe (redb's
                    // cache warmed differently): no fault, so the call must have worked.
                    result.unwrap_or_else(|e| panic!("{what}: failed without a fault: {e}"));
                    continue;
                }
                injected += 1;
                *per_kind.entry(format!("{kind:?}")).or_insert(0u64) += 1;
                match &result {
                    Err(Error::Storage(_)) => {}
                    Err(other) => panic!("{what}: not a storage error: {other:?}"),
                    Ok(_) => panic!("{what}: the call reported success"),
                }
                // The machine failed at the fault: reopen what the disk holds.
                let after = FaultyBackend::from_image(faulty.crash_image());
                let ops = ops_on(&after, before.now);
                let (dump, records, index_entries) = state_of(&ops);
                if i != DAEMON_STEP {
                    assert!(dump == before.dump, "{what}: the store changed");
                    assert_eq!(
                        (records, index_entries),
                        (before.records, before.index_entries),
                        "{what}: the store's record or index counts changed"
                    );
                }
                // The fault has cleared: the same call succeeds.
                let d = daemon(&ops);
                before
                    .cycle
                    .clone()
                    .step(&ops, Some(&d), i)
                    .unwrap_or_else(|e| panic!("{what}: the call after the fault failed: {e}"));
                if i == DAEMON_STEP {
                    // The daemon commits batch by batch: a fault keeps the batches before
                    // it. Run again, each period's effects exist once: the records are
                    // those of a run without a fault, and every period succeeded.
                    let (records, index_entries) = counts_of(&ops);
                    assert_eq!(
                        (records, index_entries),
                        clean_daemon_counts,
                        "{what}: the daemon's effects after the fault differ from a clean run"
                    );
                    assert_eq!(
                        effects_of(&ops),
                        clean_daemon_effects,
                        "{what}: the daemon's effects after the fault differ from a clean run"
                    );
                }
            }
        }
    }
    eprintln!("injected I/O faults: {injected} ({per_kind:?}), every one a clean failure");
    assert!(injected >= 100, "too few faults injected: {injected}");
}
