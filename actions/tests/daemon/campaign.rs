//! The campaign handlers on the in-memory store (feature `campaign-ops`): they walk the
//! active campaigns a batch at a time with `campaign_ids`, resume after the checkpoint, and
//! settle a period with no active campaign in a transaction of its own.

use campaign_ops_actions::{CAMPAIGN_TICK, DaemonConfig, ESCALATE_OVERDUE_TASKS, Registry};
use campaign_ops_core::service::{NewCampaign, NewTask};
use campaign_ops_core::testing::{CountingStore, MemoryStore, RecordKind};
use campaign_ops_core::{
    ActionRun, Actor, Campaign, CampaignOps, CampaignStatus, FixedClock, Objective, Platform,
    RunStatus, Store, TaskType,
};
use chrono::{Duration, NaiveDate};

use crate::support::*;

fn actor() -> Actor {
    Actor::new("alice").unwrap()
}

/// `n` active campaigns in Berlin, and every fourth one paused.
fn campaigns(store: &MemoryStore, clock: &FixedClock, n: usize) -> Vec<Campaign> {
    let ops = CampaignOps::new(store.clone(), clock.clone());
    (0..n)
        .map(|i| {
            let mut new = NewCampaign::new(
                format!("Campaign {i}"),
                "Acme GmbH",
                Objective::Awareness,
                vec![Platform::LinkedIn],
                NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                "Europe/Berlin",
            );
            new.activate = true;
            let c = ops.create_campaign(&actor(), new).unwrap();
            if i % 4 == 3 {
                ops.pause_campaign(&actor(), c.id, None).unwrap()
            } else {
                c
            }
        })
        .collect()
}

fn tick_only() -> Registry {
    let mut r = Registry::build().unwrap();
    r.enable_only(&[CAMPAIGN_TICK]).unwrap();
    r
}

fn small_batches() -> DaemonConfig {
    DaemonConfig {
        batch_size: 10,
        ..DaemonConfig::default()
    }
}

#[test]
fn the_tick_reads_active_campaign_ids_a_batch_at_a_time() {
    let memory = memory();
    let clock = FixedClock::new(t0());
    let all = campaigns(&memory, &clock, 33); // 25 active, 8 paused
    let active: Vec<_> = all
        .iter()
        .filter(|c| c.status == CampaignStatus::Active)
        .collect();
    assert_eq!(active.len(), 25);
    let store = CountingStore::new(memory);
    let daemon = campaign_ops_actions::Daemon::on(
        store.clone(),
        clock.clone(),
        tick_only(),
        small_batches(),
    )
    .unwrap();
    store.reset();
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    let report = out[0].run.report.clone().unwrap();
    assert!(report.starts_with("25 active campaigns ticked"), "{report}");
    assert_eq!(out[0].run.checkpoint, Some(active[24].id.0));
    // Pages of batch + 1 ids: 11, 11 and 5, never the whole list at once.
    assert_eq!(store.tally().read_of(RecordKind::CampaignId), 27);
}

#[test]
fn a_resumed_tick_starts_after_its_checkpoint() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let all = campaigns(&store, &clock, 20); // 15 active
    let active: Vec<_> = all
        .iter()
        .filter(|c| c.status == CampaignStatus::Active)
        .collect();
    // An attempt that committed its first batch of ten, then stopped (a crash).
    let mut interrupted = interrupted_record(CAMPAIGN_TICK, "2026-11-25");
    interrupted.checkpoint = Some(active[9].id.0);
    store.write(|tx| tx.put_action_run(&interrupted)).unwrap();
    let daemon =
        campaign_ops_actions::Daemon::on(store.clone(), clock, tick_only(), small_batches())
            .unwrap();
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
    let report = out[0].run.report.clone().unwrap();
    assert!(
        report.starts_with(&format!(
            "5 active campaigns ticked (resumed after campaign {})",
            active[9].id.0
        )),
        "{report}"
    );
    assert_eq!(out[0].run.attempts, 1, "the same attempt, continued");
    assert_eq!(out[0].run.checkpoint, Some(active[14].id.0));
}

/// A Running record of `action` in `period` as a crashed attempt leaves it.
fn interrupted_record(action: &str, period: &str) -> ActionRun {
    ledger_record(
        action,
        period,
        RunStatus::Running,
        t0() - Duration::minutes(1),
    )
}

#[test]
fn with_no_active_campaign_the_tick_still_settles() {
    let store = memory();
    let daemon = campaign_ops_actions::Daemon::on(
        store.clone(),
        FixedClock::new(t0()),
        tick_only(),
        small_batches(),
    )
    .unwrap();
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded);
    assert!(
        out[0]
            .run
            .report
            .as_deref()
            .unwrap()
            .starts_with("0 active campaigns ticked")
    );
}

#[test]
fn the_tick_asks_for_an_escalation_which_runs_once() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let c = &campaigns(&store, &clock, 1)[0];
    let ops = CampaignOps::new(store.clone(), clock.clone());
    let mut new = NewTask::new(
        c.id,
        TaskType::Manual,
        "Newly overdue",
        utc(2026, 11, 24, 10, 0),
    );
    new.assignee = Some("bob".into());
    ops.create_task(&actor(), new).unwrap();
    let mut registry = Registry::build().unwrap();
    registry
        .enable_only(&[CAMPAIGN_TICK, ESCALATE_OVERDUE_TASKS])
        .unwrap();
    let daemon =
        campaign_ops_actions::Daemon::on(store.clone(), clock, registry, small_batches()).unwrap();
    let keys: Vec<_> = daemon
        .run_due()
        .unwrap()
        .into_iter()
        .map(|o| (o.run.key, o.run.status))
        .collect();
    assert_eq!(
        keys,
        [
            (
                "ESCALATE_OVERDUE_TASKS 2026-W48".to_owned(),
                RunStatus::Succeeded
            ),
            ("CAMPAIGN_TICK 2026-11-25".to_owned(), RunStatus::Succeeded),
            (
                "ESCALATE_OVERDUE_TASKS 2026-11-25".to_owned(),
                RunStatus::Succeeded
            ),
        ]
    );
    let reviews = ops
        .campaign_tasks(c.id)
        .unwrap()
        .into_iter()
        .filter(campaign_ops_core::service::is_escalation)
        .count();
    assert_eq!(reviews, 1, "the requested run found nothing new");
    assert!(daemon.run_due().unwrap().is_empty());
}
