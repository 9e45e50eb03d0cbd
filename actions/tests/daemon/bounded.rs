//! Bounded ledger reads: `due::plan` reads the open records and the newest records until the
//! first of the action's own periods, never the action's whole history, and still finds the
//! right high-water mark when records of requests (other label formats) sort after it.

use campaign_ops_actions::{ActionSpec, Schedule};
use campaign_ops_actions::{DaemonConfig, DueKind, Plan, due};
use campaign_ops_core::testing::{CountingStore, MemoryStore, RecordKind};
use campaign_ops_core::{ActionRun, FixedClock, RunStatus, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::support::*;

/// A settled record of `action` in `period`.
fn settled(action: &str, period: &str, at: DateTime<Utc>) -> ActionRun {
    ActionRun {
        finished_at: Some(at),
        report: Some("seeded".into()),
        ..ledger_record(action, period, RunStatus::Succeeded, at)
    }
}

fn seed(store: &MemoryStore, records: &[ActionRun]) {
    store
        .write(|tx| records.iter().try_for_each(|r| tx.put_action_run(r)))
        .unwrap();
}

/// `days` daily records of `action`, the last on `last`.
fn daily_history(action: &str, last: NaiveDate, days: u64) -> Vec<ActionRun> {
    (0..days)
        .map(|d| {
            let date = last - chrono::Days::new(d);
            settled(action, &date.format("%Y-%m-%d").to_string(), t0())
        })
        .collect()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const DAILY: ActionSpec = ActionSpec::new("DAILY_NOTE", Schedule::daily(6, 0), quick);

/// The plan of a daemon running DAILY on `memory` at [`t0`], and how many ledger records
/// making it read.
fn counted_plan(memory: MemoryStore) -> (Plan, u64) {
    let store = CountingStore::new(memory);
    let daemon = daemon_on(
        &store,
        &FixedClock::new(t0()),
        &[DAILY],
        DaemonConfig::default(),
    );
    store.reset();
    let plan = daemon.plan().unwrap();
    (plan, store.tally().read_of(RecordKind::ActionRun))
}

/// The labels of the periods a plan finds due, in order.
fn due_labels(plan: &Plan) -> Vec<&str> {
    plan.due.iter().map(|d| d.period.label.as_str()).collect()
}

#[test]
fn a_plan_over_years_of_history_reads_a_page_not_the_ledger() {
    let memory = memory();
    seed(
        &memory,
        &daily_history("DAILY_NOTE", date(2026, 11, 24), 2000),
    );
    let (plan, read) = counted_plan(memory);
    assert_eq!(
        due_labels(&plan),
        ["2026-11-25"],
        "only the period after the high-water mark"
    );
    assert!(
        read <= due::HIGH_WATER_PAGE as u64,
        "{read} ledger records read for one plan"
    );
}

#[test]
fn request_records_of_other_label_formats_newer_than_the_high_water_mark_are_passed_over() {
    let memory = memory();
    // Own periods up to 21 November; then four days of hourly-labelled requests (by an
    // hourly action), which sort after "2026-11-21" and span more than one page.
    let mut records = daily_history("DAILY_NOTE", date(2026, 11, 21), 2000);
    let first = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 21, 0, 0, 0).unwrap();
    for h in 0..96 {
        let at = first + Duration::hours(h);
        records.push(settled(
            "DAILY_NOTE",
            &at.format("%Y-%m-%dT%H:%MZ").to_string(),
            at,
        ));
    }
    // And weekly-labelled ones of the year before (sorting before every 2026 label).
    records.push(settled("DAILY_NOTE", "2025-W52", t0()));
    seed(&memory, &records);
    const {
        assert!(
            96 > due::HIGH_WATER_PAGE,
            "the requests span more than a page"
        )
    };
    let (plan, read) = counted_plan(memory);
    assert_eq!(
        due_labels(&plan),
        ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"],
        "caught up after 21 November"
    );
    assert!(plan.due.iter().all(|d| d.kind == DueKind::Scheduled));
    assert!(
        read <= 96 + 2 * due::HIGH_WATER_PAGE as u64,
        "{read} ledger records read: the requests and a page, not all 2097"
    );
}

#[test]
fn an_action_with_only_requests_counts_as_never_run() {
    let memory = memory();
    // ESCALATE-like: weekly, requested by a daily action on three days; never run on its
    // own schedule.
    let records: Vec<_> = ["2026-11-23", "2026-11-24", "2026-11-25"]
        .into_iter()
        .map(|p| settled("WEEKLY_NOTE", p, t0()))
        .collect();
    seed(&memory, &records);
    let spec = ActionSpec::new(
        "WEEKLY_NOTE",
        Schedule::weekly(chrono::Weekday::Mon, 9, 0),
        quick,
    );
    let daemon = daemon_on(
        &memory,
        &FixedClock::new(t0()),
        &[spec],
        DaemonConfig::default(),
    );
    let plan = daemon.plan().unwrap();
    assert_eq!(
        due_labels(&plan),
        ["2026-W48"],
        "first start: the latest period only"
    );
}

#[test]
fn open_records_are_planned_from_their_own_query() {
    let memory = memory();
    let mut records = daily_history("DAILY_NOTE", date(2026, 11, 25), 500);
    // An old period still retrying, due now, and a request due later.
    let mut retrying = settled("DAILY_NOTE", "2026-01-10", t0());
    retrying.status = RunStatus::Retrying;
    retrying.finished_at = None;
    retrying.next_attempt_at = Some(t0() - Duration::minutes(1));
    let mut queued = settled("DAILY_NOTE", "2026-W48", t0());
    queued.status = RunStatus::Queued;
    queued.attempts = 0;
    queued.next_attempt_at = Some(t0() + Duration::minutes(30));
    records.retain(|r| r.period != "2026-01-10");
    records.extend([retrying, queued]);
    seed(&memory, &records);
    let (plan, read) = counted_plan(memory);
    let due: Vec<_> = plan
        .due
        .iter()
        .map(|d| (d.period.label.as_str(), d.kind))
        .collect();
    assert_eq!(due, [("2026-01-10", DueKind::Retry)]);
    assert_eq!(plan.next_wake, Some(t0() + Duration::minutes(30)));
    assert!(read <= 2 + due::HIGH_WATER_PAGE as u64);
}
