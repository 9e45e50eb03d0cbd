//! Two dashboard processes on one database: both complete the same tasks at the same
//! instant; each task is completed by exactly one of them, the other gets a typed refusal,
//! and nothing is duplicated (follow-ups, metrics, audit entries). A change made through
//! one process is seen by the other.
//!
//! The children are this test binary re-run with `CHILD_ENV` set ([`dashboard_child`]).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, SystemTime, UNIX_EPOCH};

use campaign_ops_core::model::*;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{Actor, CampaignOps, Error, FixedClock, Transition};
use campaign_ops_pg::testing::TestServer;
use chrono::{NaiveDate, TimeZone, Utc};

const CHILD_ENV: &str = "CAMPAIGN_OPS_TEST_DASHBOARD_CHILD";
const TASKS: u64 = 8;

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

fn ops(store: campaign_ops_pg::PgStore) -> CampaignOps<campaign_ops_pg::PgStore, FixedClock> {
    CampaignOps::new(
        store,
        FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
    )
}

/// The child: waits for the common start instant, then completes tasks 1..=TASKS and says
/// for each whether it won (`WON id`) or how it was refused (`LOST id <error>`).
#[test]
fn dashboard_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is set"));
    let store = campaign_ops_pg::PgStore::connect_with(
        &var("DASH_URL"),
        campaign_ops_pg::PgOptions::default().with_schema(var("DASH_SCHEMA")),
    )
    .unwrap();
    let ops = ops(store);
    let start: u128 = var("DASH_START_MS").parse().unwrap();
    while unix_ms() < start {
        std::thread::sleep(StdDuration::from_millis(1));
    }
    // On a line of its own: libtest has already printed "test dashboards::... ".
    println!();
    let alice = Actor::new("alice").unwrap();
    for id in 1..=TASKS {
        let mut done = Completion::default();
        done.metrics = vec![(MetricKind::Impressions, 10.0)];
        match ops.mark_task_complete(&alice, TaskId(id), done) {
            Ok(_) => println!("WON {id}"),
            Err(Error::IllegalTransition(Transition::Task {
                from: TaskStatus::Completed,
                ..
            })) => println!("LOST {id} completed by the other"),
            Err(e) => println!("LOST {id} unexpected: {e:?}"),
        }
    }
    // What the other process did is visible here.
    let c = ops.get_campaign(CampaignId(1)).unwrap();
    println!("SEES {}", c.status);
}

#[test]
fn two_dashboard_processes_complete_each_task_once() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let schema = pg.fresh_schema();
    let parent = ops(pg.store_in(&schema).unwrap());
    let mut n = NewCampaign::new(
        "Winter",
        "Acme GmbH",
        Objective::Awareness,
        vec![Platform::LinkedIn, Platform::X],
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        "Europe/Berlin",
    );
    n.activate = true;
    let c = parent
        .create_campaign(&Actor::new("alice").unwrap(), n)
        .unwrap();
    let plan = parent
        .generate_plan(&Actor::new("alice").unwrap(), c.id, "Launch", 28)
        .unwrap();
    parent
        .generate_calendar(&Actor::new("alice").unwrap(), plan.id, None)
        .unwrap();
    let items: Vec<_> = parent
        .campaign_calendar(c.id)
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    parent
        .generate_tasks_from_calendar(&Actor::new("alice").unwrap(), &items, None)
        .unwrap();
    let audit_before = parent.verify_audit_chain().unwrap().entries;

    let start = unix_ms() + 1500;
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "dashboards::dashboard_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, "1")
                .env("DASH_URL", pg.url())
                .env("DASH_SCHEMA", &schema)
                .env("DASH_START_MS", start.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Vec<String>> = children
        .into_iter()
        .map(|mut child| {
            let lines = BufReader::new(child.stdout.take().unwrap())
                .lines()
                .map_while(Result::ok)
                .collect();
            assert!(
                child.wait().unwrap().success(),
                "a dashboard process failed"
            );
            lines
        })
        .collect();
    let all: Vec<&String> = outputs.iter().flatten().collect();
    for id in 1..=TASKS {
        let won = all.iter().filter(|l| **l == &format!("WON {id}")).count();
        let lost = all
            .iter()
            .filter(|l| **l == &format!("LOST {id} completed by the other"))
            .count();
        assert_eq!(
            (won, lost),
            (1, 1),
            "task {id}: one wins, one is refused: {all:?}"
        );
    }
    assert!(all.iter().all(|l| !l.contains("unexpected")), "{all:?}");
    let tasks = parent.campaign_tasks(c.id).unwrap();
    let engage = tasks
        .iter()
        .filter(|t| t.task_type == TaskType::Engage)
        .count() as u64;
    assert_eq!(engage, 2 * TASKS, "follow-ups of each completion once");
    let metrics = parent
        .campaign_metric_entries(c.id, None, 1000)
        .unwrap()
        .len() as u64;
    assert_eq!(metrics, TASKS, "metrics of each completion once");
    let check = parent.verify_audit_chain().unwrap();
    assert!(check.is_intact(), "{check:?}");
    assert_eq!(
        check.entries,
        audit_before + TASKS,
        "one audit entry per completion"
    );
    // Seen across processes both ways: each child read the campaign the parent made, and
    // the parent read the children's completions above.
    assert_eq!(all.iter().filter(|l| **l == "SEES active").count(), 2);
}
