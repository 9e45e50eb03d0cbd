//! Helpers: the binary, a fresh PostgreSQL database per test, a redb workspace with some of
//! everything, and a logical dump to compare stores by.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use campaign_ops_core::conformance;
use campaign_ops_core::model::*;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::service::{Completion, NewCampaign};
use campaign_ops_core::{Actor, CampaignOps, FixedClock, Store};
use campaign_ops_pg::testing::TestServer;
use campaign_ops_store::RedbStore;
use chrono::{NaiveDate, TimeZone, Utc};

/// The binary, with logs on and no database or address from the environment.
pub fn exe() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_campaign-ops"));
    cmd.env("RUST_LOG", "info")
        .env_remove("CAMPAIGN_OPS_DB")
        .env_remove("LEPTOS_SITE_ADDR")
        .env_remove("CAMPAIGN_OPS_CONNECT_TIMEOUT")
        .stdin(Stdio::null());
    cmd
}

/// Runs the binary with `args` to its end.
pub fn run(args: &[&str]) -> Output {
    exe().args(args).output().expect("the binary runs")
}

/// Its stdout and stderr.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// The throwaway server (None, after a loud notice, when PostgreSQL is not installed and
/// `CI` is unset).
pub fn server() -> Option<Arc<TestServer>> {
    TestServer::shared()
}

/// A new, empty database on `server`, as a URL.
pub fn fresh_db(server: &TestServer) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "cli_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut client = postgres::Client::connect(server.url(), postgres::NoTls).expect("connected");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("database created");
    let base = server
        .url()
        .rsplit_once('/')
        .expect("a URL with a database")
        .0;
    format!("{base}/{name}")
}

/// The password of the workspace's admin `ada`.
pub const ADA_PASSWORD: &str = "ada's horse battery staple";

fn alice() -> Actor {
    Actor::new("alice").expect("an actor")
}

/// Fills `store` with two campaigns (plans, calendars, tasks, two completed with metrics,
/// a weekly summary), ledger records, users (one signed in) and the audit log of it all.
pub fn fill<S: Store>(store: S) {
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
        .single()
        .expect("a time");
    let ops = CampaignOps::new(store, FixedClock::new(t0));
    for name in ["Winter", "Spring"] {
        let mut n = NewCampaign::new(
            name,
            "Acme GmbH",
            Objective::Awareness,
            vec![Platform::LinkedIn, Platform::X],
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
            "Europe/Berlin",
        );
        n.activate = true;
        let c = ops.create_campaign(&alice(), n).expect("created");
        let plan = ops
            .generate_plan(&alice(), c.id, "Launch", 21)
            .expect("planned");
        ops.generate_calendar(&alice(), plan.id, None)
            .expect("calendar");
        let items: Vec<_> = ops
            .campaign_calendar(c.id)
            .expect("calendar")
            .iter()
            .map(|i| i.id)
            .collect();
        let made = ops
            .generate_tasks_from_calendar(&alice(), &items, Some("ana"))
            .expect("tasks");
        for id in made.created.iter().take(2) {
            let mut done = Completion::default();
            done.metrics = vec![(MetricKind::Impressions, 0.1 + 0.2)];
            ops.mark_task_complete(&alice(), *id, done)
                .expect("completed");
        }
        ops.generate_weekly_summary(c.id, None).expect("summary");
    }
    ops.add_user(
        &alice(),
        NewUser::new("ada", Role::Admin, ADA_PASSWORD).time_zone("Europe/Berlin"),
    )
    .expect("ada");
    ops.add_user(
        &alice(),
        NewUser::new("ana", Role::Operator, "ana's horse battery"),
    )
    .expect("ana");
    ops.sign_in("ada", ADA_PASSWORD).expect("signed in");
    ops.store()
        .write(|tx| {
            tx.put_action_run(&conformance::run(
                "CAMPAIGN_TICK",
                "2026-11-24",
                RunStatus::Succeeded,
            ))?;
            tx.put_action_run(&conformance::run(
                "WEEKLY_CAMPAIGN_SUMMARY",
                "2026-W48",
                RunStatus::Succeeded,
            ))
        })
        .expect("ledger");
}

/// A redb file at `path` with [`fill`]'s workspace (closed again).
pub fn redb_workspace(path: &Path) {
    fill(RedbStore::open(path).expect("a new redb file"));
}

/// `campaign-ops dump` of `db` into a new file in `dir`, as bytes (panics when it fails).
pub fn dump_bytes(db: &str, dir: &Path) -> Vec<u8> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let to = dir.join(format!(
        "logical-{}.jsonl",
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let out = run(&["dump", "--db", db, "--to", s(&to)]);
    assert!(out.status.success(), "dump of {db}: {}", text(&out));
    let bytes = std::fs::read(&to).expect("the dump");
    std::fs::remove_file(&to).expect("removed");
    bytes
}
