//! The action registry and the host's handler: the campaign handlers are present exactly
//! when the feature `campaign-ops` is on (their work: `campaign_handlers`), and the host's
//! POST_SOCIAL (from `examples/`) runs either way with its settings from the daemon's state
//! map.
//!
//! Without the feature: `cargo test --no-default-features --test it actions`.

#[path = "../../examples/support/post_social.rs"]
mod post_social;

use std::path::{Path, PathBuf};

use campaign_ops::actions::{CAMPAIGN_ACTIONS, Daemon, DaemonConfig, Registry};
use campaign_ops::{CalendarItem, Clock, RedbStore, RunStatus};
use chrono::{Duration, TimeZone, Utc};

use crate::support::*;
use post_social::PostSocialConfig;

/// A daemon whose POST_SOCIAL writes to `outbox`, reading `page` calendar items per query.
fn social_daemon(ops: &Ops, registry: Registry, outbox: &std::path::Path, page: usize) -> Daemon {
    let config = PostSocialConfig {
        page,
        ..PostSocialConfig::new(outbox)
    };
    daemon(ops, registry, DaemonConfig::default()).with_state(config)
}

#[test]
fn the_feature_decides_whether_the_campaign_handlers_are_registered() {
    let registry = Registry::build().unwrap();
    let names: Vec<_> = registry.names().collect();
    for name in CAMPAIGN_ACTIONS {
        assert_eq!(
            names.contains(&name),
            cfg!(feature = "campaign-ops"),
            "{name} in {names:?}"
        );
    }
    // The host's handler is there either way.
    assert!(registry.is_enabled(post_social::POST_SOCIAL), "{names:?}");
}

#[cfg(not(feature = "campaign-ops"))]
#[test]
fn without_the_feature_the_campaign_handlers_are_absent() {
    let mut registry = Registry::build().unwrap();
    assert_eq!(
        registry.names().collect::<Vec<_>>(),
        [post_social::POST_SOCIAL]
    );
    assert!(
        registry
            .disable(campaign_ops::actions::CAMPAIGN_TICK)
            .is_err()
    );
}

/// A service on the file `file` in `dir` with an active campaign `name` and the calendar of
/// its 30-day plan, the clock at 3 December 2026 12:30 UTC: the service, the file's path
/// and the calendar.
fn social_launch(dir: &Path, file: &str, name: &str) -> (Ops, PathBuf, Vec<CalendarItem>) {
    let path = dir.join(file);
    let ops = Ops::new(
        RedbStore::open(&path).unwrap(),
        campaign_ops::FixedClock::new(t0()),
    );
    let mut new = new_campaign(name);
    new.activate = true;
    let c = ops.create_campaign(&alice(), new).unwrap();
    let (_, items) = launch_calendar(&ops, c.id, 30);
    ops.clock()
        .set(Utc.with_ymd_and_hms(2026, 12, 3, 12, 30, 0).unwrap());
    (ops, path, items)
}

#[test]
fn post_social_writes_each_queued_post_once_beside_the_campaign_handlers() {
    let dir = tempfile::tempdir().unwrap();
    let (ops, path, items) = social_launch(dir.path(), "social.redb", "Social launch");
    let due = |at| {
        items
            .iter()
            .filter(|i| i.scheduled_at <= at)
            .map(|i| i.id.0)
            .collect::<Vec<_>>()
    };

    let outbox = post_social::outbox_path(&path);
    // Three items a page: the queue takes several pages.
    let daemon = social_daemon(&ops, Registry::build().unwrap(), &outbox, 3);
    let out = daemon.run_due().unwrap();
    assert!(
        out.iter().all(|o| o.run.status == RunStatus::Succeeded),
        "{out:#?}"
    );
    let ran: Vec<_> = out.iter().map(|o| o.due.action).collect();
    assert!(ran.contains(&post_social::POST_SOCIAL));
    if cfg!(feature = "campaign-ops") {
        assert!(
            ran.contains(&campaign_ops::actions::CAMPAIGN_TICK),
            "{ran:?}"
        );
    }
    let first_due = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
    let posted = post_social::posted_items(&outbox).unwrap();
    assert!(!posted.is_empty());
    assert_eq!(posted.into_iter().collect::<Vec<_>>(), due(first_due));

    // A day later: only the newly queued posts are added; none twice.
    ops.clock().advance(Duration::days(1));
    daemon.run_due().unwrap();
    let lines = std::fs::read_to_string(&outbox).unwrap().lines().count();
    let posted = post_social::posted_items(&outbox).unwrap();
    assert_eq!(lines, posted.len(), "no post written twice");
    assert_eq!(
        posted.into_iter().collect::<Vec<_>>(),
        due(first_due + Duration::days(1))
    );
}

#[test]
fn post_social_cuts_off_a_line_torn_by_a_crash_and_posts_that_item_once() {
    let dir = tempfile::tempdir().unwrap();
    let (ops, path, items) = social_launch(dir.path(), "torn.redb", "Torn outbox");
    let at = ops.clock().now();
    let queued: Vec<u64> = items
        .iter()
        .filter(|i| i.scheduled_at <= at)
        .map(|i| i.id.0)
        .collect();
    assert!(queued.len() >= 2, "{queued:?}");
    // A crash while writing the second post: one whole line, then half of one.
    let outbox = post_social::outbox_path(&path);
    std::fs::write(
        &outbox,
        format!(
            "{{\"item\":{}}}\n{{\"period\":\"2026-12-03T12:00Z\",\"item\":{},\"tit",
            queued[0], queued[1]
        ),
    )
    .unwrap();
    let mut registry = Registry::build().unwrap();
    registry.enable_only(&[post_social::POST_SOCIAL]).unwrap();
    let out = social_daemon(&ops, registry, &outbox, 1).run_due().unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].run.status, RunStatus::Succeeded, "{}", out[0]);
    let text = std::fs::read_to_string(&outbox).unwrap();
    assert!(text.ends_with('\n'));
    let mut lines: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["item"]
                .as_u64()
                .unwrap()
        })
        .collect();
    lines.sort_unstable();
    assert_eq!(
        lines, queued,
        "every queued post once, the torn one rewritten whole"
    );
}

#[test]
fn post_social_without_its_settings_fails_naming_the_missing_state() {
    let ops = ops();
    let mut registry = Registry::build().unwrap();
    registry.enable_only(&[post_social::POST_SOCIAL]).unwrap();
    let out = daemon(&ops, registry, DaemonConfig::default())
        .run_due()
        .unwrap();
    assert_eq!(out[0].run.status, RunStatus::Retrying, "{}", out[0]);
    let error = out[0].run.last_error.clone().unwrap();
    assert!(
        error.contains("missing host state") && error.contains("PostSocialConfig"),
        "{error}"
    );
}
