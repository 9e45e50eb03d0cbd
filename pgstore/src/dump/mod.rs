//! Moving a workspace between stores: [`dump`] writes every record of any [`Store`] as JSON
//! lines, read in one snapshot; [`PgStore::load`] reads such a file into an empty PgStore
//! in one transaction and verifies the result. So a team can start on redb and move to
//! PostgreSQL without losing history.
//!
//! The file: a header line (`{"header":{"format":"campaign-ops-dump","version":2,
//! "workspace_id":…}}`), one line per record (`{"campaign":{…}}`, `{"plan":{…}}`,
//! `{"calendar_item":{…}}`, `{"task":{…}}`, `{"metric":{…}}`, `{"weekly_summary":{…}}`,
//! `{"action_run":{…}}`, `{"action_setting":{…}}`, `{"user":{…}}`, `{"audit":{…}}`, each
//! the record's serde JSON),
//! and an `end` line with the count of each kind, so a truncated file is refused rather
//! than half loaded. Records are dumped per campaign (its plans, calendar, tasks, metrics
//! and summaries after it), then the ledger of the named actions with each one's on/off
//! switch (when an admin ever switched it), then the dashboard users
//! by id, then the whole audit log in seq order. The workspace id moves along, so calendar
//! exports keep their UIDs.
//!
//! Users move with their password hashes, so everyone signs in on the new store as before.
//! Sessions do not move: they are ephemeral (hours to days, renewed on use, swept when
//! expired), and a move is a good moment to sign everyone out; the conformance suite's
//! `logical_dump` leaves them out for the same reason.
//!
//! Versions: 1 (schema v1's records, no users), 2 (users added, the end line's `users`
//! count) and 3 (the actions' switches added, the end line's `action_settings` count).
//! This build writes version 3 and reads all three; an older file holds no lines of what
//! its version lacked and loads into a store without them (every action switched on).

mod load;

use std::io::Write;

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::{Error, ReadTx, Result, StorageError, Store, Walk};
use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::PgStore;

/// The dump format's name and version, in the header line.
pub const DUMP_FORMAT: &str = "campaign-ops-dump";
/// The version of the dump format this build writes (it reads this one and every older).
pub const DUMP_VERSION: u32 = 3;
/// The first dump version with user lines.
pub(crate) const USERS_SINCE: u32 = 2;
/// The first dump version with action switch lines.
pub(crate) const ACTION_SETTINGS_SINCE: u32 = 3;

/// How many records of each kind a dump holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpCounts {
    /// Campaigns.
    pub campaigns: u64,
    /// Plans.
    pub plans: u64,
    /// Calendar items.
    pub calendar_items: u64,
    /// Tasks.
    pub tasks: u64,
    /// Metric entries.
    pub metrics: u64,
    /// Weekly summaries.
    pub weekly_summaries: u64,
    /// Run ledger records.
    pub action_runs: u64,
    /// Audit entries.
    pub audit: u64,
    /// Dashboard users (absent from version 1 files, which have none).
    #[serde(default)]
    pub users: u64,
    /// Actions' on/off switches (absent from files before version 3, which have none).
    #[serde(default)]
    pub action_settings: u64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    version: u32,
    workspace_id: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Header(Header),
    Campaign(Campaign),
    Plan(CampaignPlan),
    CalendarItem(CalendarItem),
    Task(OperatorTask),
    Metric(MetricEntry),
    WeeklySummary(WeeklySummary),
    ActionRun(ActionRun),
    ActionSetting(ActionSetting),
    User(User),
    Audit(AuditEntry),
    End(DumpCounts),
}

pub(crate) fn io_error(what: &str, e: std::io::Error) -> Error {
    Error::Storage(StorageError::backend_with(what.to_owned(), e, false))
}

fn write_line(out: &mut impl Write, line: &Line) -> Result<()> {
    let text = serde_json::to_string(line)
        .map_err(|e| Error::Storage(StorageError::backend(format!("encoding a dump line: {e}"))))?;
    writeln!(out, "{text}").map_err(|e| io_error("writing the dump", e))
}

/// Writes every record of `store` to `out` as JSON lines (see the module docs), read in one
/// snapshot: campaigns and what is filed under them, the ledger records of `actions` (the
/// registry's action names: the store cannot list them), and the audit log.
pub fn dump<S: Store>(store: &S, actions: &[&str], mut out: impl Write) -> Result<DumpCounts> {
    let out = &mut out;
    let counts = store.read(|tx| {
        let mut n = DumpCounts::default();
        write_line(
            out,
            &Line::Header(Header {
                format: DUMP_FORMAT.to_owned(),
                version: DUMP_VERSION,
                workspace_id: tx.workspace_id()?,
            }),
        )?;
        let campaigns = tx.each_campaign(&mut |c| {
            let id = c.id;
            write_line(out, &Line::Campaign(c))?;
            dump_campaign(tx, id, out, &mut n)
        })?;
        n.campaigns = campaigns;
        for action in actions {
            n.action_runs +=
                tx.each_action_run(action, &mut |r| write_line(out, &Line::ActionRun(r)))?;
            if let Some(setting) = tx.action_setting(action)? {
                write_line(out, &Line::ActionSetting(setting))?;
                n.action_settings += 1;
            }
        }
        n.users = tx.each_user(&mut |u| write_line(out, &Line::User(u)))?;
        n.audit = tx.each_audit_entry(&mut |e| write_line(out, &Line::Audit(e)))?;
        write_line(out, &Line::End(n))?;
        Ok(n)
    })?;
    out.flush().map_err(|e| io_error("writing the dump", e))?;
    Ok(counts)
}

/// The records filed under campaign `id`: its plans, calendar, tasks, metrics, summaries.
fn dump_campaign(
    tx: &dyn ReadTx,
    id: CampaignId,
    out: &mut impl Write,
    n: &mut DumpCounts,
) -> Result<()> {
    for p in tx.plans_for_campaign(id)? {
        write_line(out, &Line::Plan(p))?;
        n.plans += 1;
    }
    n.calendar_items +=
        tx.each_calendar_item(id, &mut |i| write_line(out, &Line::CalendarItem(i)))?;
    n.tasks += tx.each_task(id, &mut |t| write_line(out, &Line::Task(t)))?;
    n.metrics += tx.each_metric(id, &mut |m| write_line(out, &Line::Metric(m)))?;
    n.weekly_summaries +=
        tx.each_weekly_summary(id, &mut |s| write_line(out, &Line::WeeklySummary(s)))?;
    Ok(())
}
