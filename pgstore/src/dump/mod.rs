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
use campaign_ops_core::{CampaignQuery, Error, ReadTx, Result, StorageError, Store};
use chrono::{DateTime, Utc};
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

/// Records read per query while dumping.
const PAGE: usize = 500;

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

const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;

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
        let mut after = None;
        loop {
            let mut query = CampaignQuery::first(PAGE);
            query.after = after;
            let page = tx.campaign_page(&query)?;
            for c in page.items {
                let id = c.id;
                write_line(out, &Line::Campaign(c))?;
                n.campaigns += 1;
                dump_campaign(tx, id, out, &mut n)?;
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        for action in actions {
            let mut after: Option<String> = None;
            loop {
                let runs = tx.action_runs(action, after.as_deref(), false, PAGE)?;
                let last = runs.last().map(|r| r.key.clone());
                let full = runs.len() == PAGE;
                for r in runs {
                    write_line(out, &Line::ActionRun(r))?;
                    n.action_runs += 1;
                }
                if !full {
                    break;
                }
                after = last;
            }
            if let Some(setting) = tx.action_setting(action)? {
                write_line(out, &Line::ActionSetting(setting))?;
                n.action_settings += 1;
            }
        }
        let mut after = None;
        loop {
            let users = tx.users_page(after, PAGE)?;
            let full = users.len() == PAGE;
            after = users.last().map(|u| u.id);
            for u in users {
                write_line(out, &Line::User(u))?;
                n.users += 1;
            }
            if !full {
                break;
            }
        }
        let mut after = None;
        loop {
            let entries = tx.audit_entries(after, PAGE)?;
            let full = entries.len() == PAGE;
            after = entries.last().map(|e| e.seq);
            for e in entries {
                write_line(out, &Line::Audit(e))?;
                n.audit += 1;
            }
            if !full {
                break;
            }
        }
        write_line(out, &Line::End(n))?;
        Ok(n)
    })?;
    out.flush().map_err(|e| io_error("writing the dump", e))?;
    Ok(counts)
}

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
    let mut after = None;
    loop {
        let items = tx.calendar_items(id, MIN, MAX, after, PAGE)?;
        let full = items.len() == PAGE;
        after = items.last().map(|i| (i.scheduled_at, i.id));
        for i in items {
            write_line(out, &Line::CalendarItem(i))?;
            n.calendar_items += 1;
        }
        if !full {
            break;
        }
    }
    let mut after = None;
    loop {
        let tasks = tx.tasks_page(id, after, PAGE)?;
        let full = tasks.len() == PAGE;
        after = tasks.last().map(|t| t.id);
        for t in tasks {
            write_line(out, &Line::Task(t))?;
            n.tasks += 1;
        }
        if !full {
            break;
        }
    }
    let mut after = None;
    loop {
        let metrics = tx.metrics_page(id, after, PAGE)?;
        let full = metrics.len() == PAGE;
        after = metrics.last().map(|m| m.id);
        for m in metrics {
            write_line(out, &Line::Metric(m))?;
            n.metrics += 1;
        }
        if !full {
            break;
        }
    }
    let mut after = None;
    loop {
        let summaries = tx.weekly_summaries(id, after, PAGE)?;
        let full = summaries.len() == PAGE;
        after = summaries.last().map(|s| s.week);
        for s in summaries {
            write_line(out, &Line::WeeklySummary(s))?;
            n.weekly_summaries += 1;
        }
        if !full {
            break;
        }
    }
    Ok(())
}
