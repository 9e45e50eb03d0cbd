//! The Actions page's server functions (admin): the registered actions with their
//! schedules, switch, last and next run and recent failures ([`list_actions`]), one
//! action's ledger newest first, paged ([`action_runs`]), and the controls
//! [`run_action_now`] (a queued ledger record the daemon takes up at once) and
//! [`set_action_enabled`] (a stored switch the daemon honours). Every function needs the
//! admin role; the action's name is checked against the program's registry
//! (`Registry::build`, the same one `campaign-ops serve` runs).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// Ledger records per page of [`action_runs`].
pub const RUNS_PAGE: usize = 20;
/// Newest ledger records of an action [`list_actions`] reads to find its last run and its
/// recent failures (a bounded read per action, whatever the ledger's size).
pub const RECENT_RUNS: usize = 20;

/// One ledger record as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRow {
    /// Ledger key (`"<ACTION> <period>"`), the paging cursor.
    pub key: String,
    /// Period label (`2026-12-01`, `2026-W49`).
    pub period: String,
    /// Status key (`running`, `retrying`, `succeeded`, `failed`, `queued`).
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// When the latest attempt started, RFC 3339 UTC.
    pub last_attempt_at: String,
    /// When it settled, if it did.
    pub finished_at: Option<String>,
    /// When the next attempt is due (a retry, a queued request).
    pub next_attempt_at: Option<String>,
    /// The latest failed attempt's error.
    pub error: Option<String>,
    /// The handler's report.
    pub report: Option<String>,
}

/// One registered action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRow {
    /// Name, e.g. `CAMPAIGN_TICK`.
    pub name: String,
    /// The schedule in words (`daily at 06:00`).
    pub schedule: String,
    /// The zone it is read in.
    pub zone: String,
    /// Whether the daemon runs it.
    pub enabled: bool,
    /// Who last switched it and when (none: never switched).
    pub switched: Option<String>,
    /// The most recent attempt among its newest records, if any.
    pub last_run: Option<RunRow>,
    /// When its next scheduled period is due (none while it is off), RFC 3339 UTC.
    pub next_run: Option<String>,
    /// Its failed or retrying records among the newest [`RECENT_RUNS`], newest first.
    pub failures: Vec<RunRow>,
}

/// A page of one action's ledger, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunsPage {
    /// The action.
    pub action: String,
    /// The records, newest key first.
    pub runs: Vec<RunRow>,
    /// The cursor of the next (older) page, when there is one.
    pub next: Option<String>,
}

#[cfg(feature = "ssr")]
mod rows {
    use campaign_ops_actions::{DaemonConfig, RegisteredAction, Registry};
    use campaign_ops_core::model::{ActionRun, ActionSetting, RunStatus};
    use campaign_ops_core::{Error, ReadTx, Result};
    use chrono::{DateTime, SecondsFormat, Utc};

    use super::{ActionRow, RECENT_RUNS, RunRow};

    pub(super) fn rfc3339(t: DateTime<Utc>) -> String {
        t.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    pub(super) fn run_row(r: &ActionRun) -> RunRow {
        RunRow {
            key: r.key.clone(),
            period: r.period.clone(),
            status: format!("{:?}", r.status).to_lowercase(),
            attempts: r.attempts,
            last_attempt_at: rfc3339(r.last_attempt_at),
            finished_at: r.finished_at.map(rfc3339),
            next_attempt_at: r.next_attempt_at.map(rfc3339),
            error: r.last_error.clone(),
            report: r.report.clone(),
        }
    }

    /// The program's registry, as `campaign-ops serve` builds it.
    pub(super) fn registry() -> Result<Registry> {
        Registry::build()
            .map_err(|e| Error::Storage(campaign_ops_core::StorageError::backend(e.to_string())))
    }

    /// The registered action `name`, or an error of the field `action`.
    pub(super) fn registered(registry: &Registry, name: &str) -> Result<RegisteredAction> {
        registry.get(name).cloned().ok_or_else(|| {
            Error::validation(
                "action",
                format!(
                    "no action is registered as '{}'",
                    campaign_ops_core::validate::shown(name)
                ),
            )
        })
    }

    /// The row of `action` from its setting and its newest records (one bounded read).
    pub(super) fn action_row(
        tx: &dyn ReadTx,
        registry: &Registry,
        action: &RegisteredAction,
        now: DateTime<Utc>,
    ) -> Result<ActionRow> {
        let zone = action.zone.unwrap_or(DaemonConfig::default().time_zone);
        let setting: Option<ActionSetting> = tx.action_setting(action.name)?;
        let enabled =
            registry.is_enabled(action.name) && setting.as_ref().is_none_or(|s| s.enabled);
        let recent = tx.action_runs(action.name, None, true, RECENT_RUNS)?;
        let last_run = recent.iter().max_by_key(|r| r.last_attempt_at).map(run_row);
        let failures = recent
            .iter()
            .filter(|r| matches!(r.status, RunStatus::Failed | RunStatus::Retrying))
            .map(run_row)
            .collect();
        Ok(ActionRow {
            name: action.name.to_owned(),
            schedule: action.schedule.to_string(),
            zone: zone.name().to_owned(),
            enabled,
            switched: setting.map(|s| {
                format!(
                    "{} by {} at {}",
                    if s.enabled { "on" } else { "off" },
                    s.changed_by,
                    rfc3339(s.changed_at)
                )
            }),
            last_run,
            next_run: enabled.then(|| rfc3339(action.schedule.next_after(zone, now).due_at)),
            failures,
        })
    }
}

/// Every registered action with its schedule, switch, last and next run and its recent
/// failures (admin).
#[server]
pub async fn list_actions() -> Result<Vec<ActionRow>, AppError> {
    use campaign_ops_core::{Clock, Role, Store};
    crate::server::context::call_as(Role::Admin, move |ops, _| {
        let registry = rows::registry()?;
        let now = ops.clock().now();
        ops.store().read(|tx| {
            registry
                .names()
                .filter_map(|name| registry.get(name))
                .map(|action| rows::action_row(tx, &registry, action, now))
                .collect::<campaign_ops_core::Result<Vec<_>>>()
        })
    })
    .await
}

/// A page of `action`'s ledger records, newest first, before the key `before` (admin).
#[server]
pub async fn action_runs(
    /// The action's name.
    action: String,
    /// The key of the last record of the previous page.
    before: Option<String>,
) -> Result<RunsPage, AppError> {
    use campaign_ops_core::Role;
    crate::server::context::call_as(Role::Admin, move |ops, _| {
        let registry = rows::registry()?;
        let spec = rows::registered(&registry, &action)?;
        let before = super::campaigns::non_blank(before);
        let mut runs = ops.list_action_runs(spec.name, before.as_deref(), true, RUNS_PAGE + 1)?;
        let more = runs.len() > RUNS_PAGE;
        runs.truncate(RUNS_PAGE);
        Ok(RunsPage {
            action: spec.name.to_owned(),
            next: more.then(|| runs.last().map(|r| r.key.clone())).flatten(),
            runs: runs.iter().map(rows::run_row).collect(),
        })
    })
    .await
}

/// Asks for a run of `action`'s current period (the latest due by its schedule) now
/// (admin): its ledger record queued, audited, which the daemon of this process starts at
/// once (a daemon in another process at its next wake-up). A settled period runs again;
/// a switched-off action's request waits until it is switched on.
#[server]
pub async fn run_action_now(
    /// The action's name.
    action: String,
) -> Result<RunRow, AppError> {
    use campaign_ops_actions::DaemonConfig;
    use campaign_ops_core::{Clock, Role};
    let row = crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let registry = rows::registry()?;
        let spec = rows::registered(&registry, &action)?;
        let zone = spec.zone.unwrap_or(DaemonConfig::default().time_zone);
        let period = spec.schedule.latest_at(zone, ops.clock().now());
        let run = ops.request_action_run(&caller.actor, spec.name, &period.label)?;
        Ok(rows::run_row(&run))
    })
    .await?;
    campaign_ops_actions::wake_daemon();
    Ok(row)
}

/// Switches `action` on (`enabled=true`) or off (admin), stored and audited; the daemon
/// honours it from its next plan. Switched on again, it does not catch up the periods it
/// missed while off (the latest runs).
#[server]
pub async fn set_action_enabled(
    /// The action's name.
    action: String,
    /// `true` to switch it on, `false` to switch it off.
    enabled: bool,
) -> Result<ActionRow, AppError> {
    use campaign_ops_core::{Clock, Role, Store};
    let row = crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let registry = rows::registry()?;
        let spec = rows::registered(&registry, &action)?;
        ops.set_action_enabled(&caller.actor, spec.name, enabled)?;
        let now = ops.clock().now();
        ops.store()
            .read(|tx| rows::action_row(tx, &registry, &spec, now))
    })
    .await?;
    campaign_ops_actions::wake_daemon();
    Ok(row)
}
