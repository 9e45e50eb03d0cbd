//! Host state and handler objects through the daemon: values handed over with
//! `Daemon::with_state` reach `fn` handlers, a missing one fails the run naming its type,
//! and `ActionHandler` objects built at run time run beside specs under the same ledger.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use campaign_ops_actions::{
    ActionContext, ActionError, ActionHandler, ActionReport, ActionSpec, DaemonConfig, Registry,
    Schedule,
};
use campaign_ops_core::{AnyStore, FixedClock, RunStatus, Store};

use crate::support::*;

/// A host's setting, in a type of its own.
struct Greeting(String);

fn greet(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let greeting = ctx.require_state::<Greeting>()?;
    assert!(ctx.state::<u64>().is_none(), "nothing else was handed over");
    Ok(ActionReport::new(format!(
        "{} {}",
        greeting.0,
        ctx.period()
    )))
}

const GREET: ActionSpec = ActionSpec::new("GREET", Schedule::daily(6, 0), greet);

#[test]
fn a_handler_reads_the_hosts_state_and_the_last_value_of_a_type_wins() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let daemon = daemon_on(&store, &clock, &[GREET], DaemonConfig::default())
        .with_state(Greeting("hello".into()))
        .with_state(Greeting("good morning".into()));
    assert!(format!("{daemon:?}").contains("Greeting"));
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Succeeded);
    assert_eq!(
        out[0].run.report.as_deref(),
        Some("good morning 2026-11-25")
    );
}

#[test]
fn a_missing_state_fails_the_attempt_naming_the_type() {
    let store = memory();
    let daemon = daemon_on(
        &store,
        &FixedClock::new(t0()),
        &[GREET],
        DaemonConfig::default(),
    );
    let out = daemon.run_due().unwrap();
    assert_eq!(out[0].run.status, RunStatus::Retrying);
    let error = out[0].run.last_error.clone().unwrap();
    assert!(
        error.contains("missing host state") && error.contains("state::Greeting"),
        "{error}"
    );
}

/// A handler object with state of its own, built at run time.
struct Counter {
    runs: Arc<AtomicU32>,
    prefix: String,
}

impl ActionHandler for Counter {
    fn run(&self, ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
        let n = self.runs.fetch_add(1, Ordering::SeqCst) + 1;
        let text = format!("{} run {n} of {}", self.prefix, ctx.period());
        ctx.ops().store().write(|tx| {
            put_task(tx, text.clone(), ctx.now())?;
            ctx.record_success(tx, None, &ActionReport::new(text.clone()))
        })?;
        Ok(ActionReport::new("counted"))
    }
}

#[test]
fn handler_objects_and_closures_run_once_per_period_beside_specs() {
    let store = memory();
    let clock = FixedClock::new(t0());
    let runs = Arc::new(AtomicU32::new(0));
    let mut registry = Registry::from_specs([GREET]).unwrap();
    let counter = Counter {
        runs: Arc::clone(&runs),
        prefix: "counter".into(),
    };
    registry
        .register_handler("COUNTER", Schedule::hourly(0), None, Arc::new(counter))
        .unwrap();
    let suffix = String::from("!");
    let closure = move |ctx: &ActionContext<'_>| {
        Ok(ActionReport::new(format!(
            "closure {}{suffix}",
            ctx.period()
        )))
    };
    registry
        .register_handler(
            "CLOSURE",
            // 07:00 UTC: after GREET's 06:00 UTC, before COUNTER's 09:00.
            Schedule::daily(8, 0),
            Some(chrono_tz::Europe::Berlin),
            Arc::new(closure),
        )
        .unwrap();
    let daemon = campaign_ops_actions::Daemon::on(
        store.clone(),
        clock.clone(),
        registry,
        DaemonConfig::default(),
    )
    .unwrap()
    .with_state(Greeting("hi".into()));
    let out = daemon.run_due().unwrap();
    let reports: Vec<_> = out
        .iter()
        .map(|o| (o.due.action, o.run.report.clone().unwrap()))
        .collect();
    assert_eq!(
        reports,
        [
            ("GREET", "hi 2026-11-25".to_owned()),
            ("CLOSURE", "closure 2026-11-25!".to_owned()),
            ("COUNTER", "counter run 1 of 2026-11-25T09:00Z".to_owned()),
        ]
    );
    assert!(daemon.run_due().unwrap().is_empty(), "each period once");
    clock.advance(chrono::Duration::hours(1));
    let out = daemon.run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    assert_eq!(
        task_titles(&store),
        [
            "counter run 1 of 2026-11-25T09:00Z",
            "counter run 2 of 2026-11-25T10:00Z"
        ]
    );
}

#[test]
fn ops_erases_any_store_once() {
    let clock = FixedClock::new(t0());
    let ops = campaign_ops_actions::ops(memory(), clock.clone());
    let again = campaign_ops_actions::ops(ops.store().clone(), clock);
    let debug = format!("{:?}", again.store());
    assert!(debug.starts_with("AnyStore(MemoryStore"), "{debug}");
    // Both handles reach one store.
    ops.store()
        .write(|tx| put_task(tx, "one".into(), t0()))
        .unwrap();
    assert_eq!(task_titles(again.store()), ["one"]);
    let _: &AnyStore = again.store();
}
