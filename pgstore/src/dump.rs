//! Moving a workspace between stores: [`dump`] writes every record of any [`Store`] as JSON
//! lines, read in one snapshot; [`PgStore::load`] reads such a file into an empty PgStore
//! in one transaction and verifies the result. So a team can start on redb and move to
//! PostgreSQL without losing history.
//!
//! The file: a header line (`{"header":{"format":"campaign-ops-dump","version":1,
//! "workspace_id":…}}`), one line per record (`{"campaign":{…}}`, `{"plan":{…}}`,
//! `{"calendar_item":{…}}`, `{"task":{…}}`, `{"metric":{…}}`, `{"weekly_summary":{…}}`,
//! `{"action_run":{…}}`, `{"audit":{…}}`, each the record's serde JSON), and an `end` line
//! with the count of each kind, so a truncated file is refused rather than half loaded.
//! Records are dumped per campaign (its plans, calendar, tasks, metrics and summaries after
//! it), then the ledger of the named actions, then the whole audit log in seq order.
//! The workspace id moves along, so calendar exports keep their UIDs.

use std::io::{BufRead, Write};

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::service::{GENESIS_HASH, entry_hash};
use campaign_ops_core::{CampaignQuery, Error, ReadTx, Result, StorageError, Store, WriteTx};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::PgStore;
use crate::error::Context;

/// The dump format's name and version, in the header line.
pub const DUMP_FORMAT: &str = "campaign-ops-dump";
/// The version of the dump format this build writes and reads.
pub const DUMP_VERSION: u32 = 1;

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
    Audit(AuditEntry),
    End(DumpCounts),
}

fn io_error(what: &str, e: std::io::Error) -> Error {
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

/// A refusal of the dump file at line `line` (1-based).
fn bad_line(line: usize, rule: impl Into<String>) -> Error {
    Error::validation(format!("dump line {line}"), rule)
}

/// A parsed dump: the header's workspace id, the records in file order, the end counts.
struct Parsed {
    workspace_id: String,
    lines: Vec<Line>,
    counts: DumpCounts,
}

fn parse(input: impl BufRead) -> Result<Parsed> {
    let mut workspace_id = None;
    let mut lines = vec![];
    let mut end = None;
    let mut counted = DumpCounts::default();
    let mut audit_link = (0u64, GENESIS_HASH.to_owned());
    for (i, text) in input.lines().enumerate() {
        let no = i + 1;
        let text = text.map_err(|e| io_error("reading the dump", e))?;
        if text.trim().is_empty() {
            continue;
        }
        if end.is_some() {
            return Err(bad_line(no, "nothing may follow the end line"));
        }
        let line: Line = serde_json::from_str(&text)
            .map_err(|e| bad_line(no, format!("not a dump record: {e}")))?;
        match (&line, &workspace_id) {
            (Line::Header(h), None) => {
                if h.format != DUMP_FORMAT || h.version != DUMP_VERSION {
                    return Err(bad_line(
                        no,
                        format!(
                            "format {} version {} (this build reads {DUMP_FORMAT} version {DUMP_VERSION})",
                            h.format, h.version
                        ),
                    ));
                }
                workspace_id = Some(h.workspace_id.clone());
                continue;
            }
            (_, None) => return Err(bad_line(no, "the first line must be the dump header")),
            (Line::Header(_), Some(_)) => return Err(bad_line(no, "a second header")),
            _ => {}
        }
        match &line {
            Line::Campaign(_) => counted.campaigns += 1,
            Line::Plan(_) => counted.plans += 1,
            Line::CalendarItem(_) => counted.calendar_items += 1,
            Line::Task(_) => counted.tasks += 1,
            Line::Metric(_) => counted.metrics += 1,
            Line::WeeklySummary(_) => counted.weekly_summaries += 1,
            Line::ActionRun(_) => counted.action_runs += 1,
            Line::Audit(e) => {
                // The chain is checked before anything is written: seqs 1, 2, 3, ..., each
                // linking to its predecessor's hash, each hash matching its content.
                if e.seq.0 != audit_link.0 + 1 || e.prev_hash != audit_link.1 {
                    return Err(bad_line(
                        no,
                        format!(
                            "audit entry {} does not follow entry {}",
                            e.seq, audit_link.0
                        ),
                    ));
                }
                if entry_hash(e) != e.hash {
                    return Err(bad_line(
                        no,
                        format!("audit entry {}: content does not match its hash", e.seq),
                    ));
                }
                audit_link = (e.seq.0, e.hash.clone());
                counted.audit += 1;
            }
            Line::End(counts) => {
                end = Some(*counts);
                continue;
            }
            Line::Header(_) => unreachable!("handled above"),
        }
        lines.push(line);
    }
    let Some(workspace_id) = workspace_id else {
        return Err(bad_line(1, "empty file: no dump header"));
    };
    let Some(counts) = end else {
        return Err(Error::validation(
            "dump",
            "no end line: the file is truncated",
        ));
    };
    if counts != counted {
        return Err(Error::validation(
            "dump",
            format!("the end line counts {counts:?} but the file holds {counted:?}"),
        ));
    }
    Ok(Parsed {
        workspace_id,
        lines,
        counts,
    })
}

impl PgStore {
    /// Loads a [`dump`] into this store, which must be empty, in one transaction (all of it
    /// or nothing): every record through the store's own writes (so every index is in step),
    /// the id sequences moved past the largest loaded ids, the dump's workspace id kept.
    /// The audit chain is verified before writing and again after the commit.
    ///
    /// Errors: [`Error::Validation`] naming the dump line (field `dump line N`, or `dump`
    /// for a truncated file) for a malformed, truncated or tampered file, and on field `db`
    /// when the store holds data already; nothing is written then.
    pub fn load(&self, input: impl BufRead) -> Result<DumpCounts> {
        let parsed = parse(input)?;
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let mut txn = conn
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::Serializable)
            .start()
            .ctx("beginning the load transaction")?;
        let occupied: bool = txn
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM campaigns) OR EXISTS (SELECT 1 FROM plans)
                   OR EXISTS (SELECT 1 FROM calendar_items) OR EXISTS (SELECT 1 FROM tasks)
                   OR EXISTS (SELECT 1 FROM metrics) OR EXISTS (SELECT 1 FROM weekly_summaries)
                   OR EXISTS (SELECT 1 FROM action_runs) OR EXISTS (SELECT 1 FROM audit)",
                &[],
            )
            .ctx("checking that the store is empty")?
            .get(0);
        if occupied {
            return Err(Error::validation(
                "db",
                "the target database already holds campaign-ops data: load into an empty one",
            ));
        }
        txn.execute(
            "UPDATE meta SET value = $1 WHERE key = 'workspace_id'",
            &[&parsed.workspace_id],
        )
        .ctx("keeping the workspace id")?;
        let mut tx = crate::tx::Tx::new(txn, &mut conn.statements);
        for line in &parsed.lines {
            match line {
                Line::Campaign(c) => tx.put_campaign(c)?,
                Line::Plan(p) => tx.put_plan(p)?,
                Line::CalendarItem(i) => tx.put_calendar_item(i)?,
                Line::Task(t) => tx.put_task(t)?,
                Line::Metric(m) => tx.put_metric(m)?,
                Line::WeeklySummary(s) => tx.put_weekly_summary(s)?,
                Line::ActionRun(r) => tx.put_action_run(r)?,
                Line::Audit(e) => tx.append_audit(e)?,
                Line::Header(_) | Line::End(_) => {}
            }
        }
        let mut txn = tx.into_inner();
        for (seq, table) in [
            ("seq_campaign", "campaigns"),
            ("seq_plan", "plans"),
            ("seq_calendar_item", "calendar_items"),
            ("seq_task", "tasks"),
            ("seq_metric", "metrics"),
        ] {
            txn.batch_execute(&format!(
                "SELECT setval('{seq}', GREATEST((SELECT max(id) FROM {table}), 1),
                               (SELECT max(id) FROM {table}) IS NOT NULL)"
            ))
            .ctx("moving the id sequences past the loaded ids")?;
        }
        txn.commit().ctx("committing the load")?;
        // Verified again from the store: what a reader sees now is what the file held.
        let check =
            campaign_ops_core::CampaignOps::new(self.clone(), campaign_ops_core::SystemClock)
                .verify_audit_chain()?;
        if !check.is_intact() || check.entries != parsed.counts.audit {
            return Err(Error::Storage(StorageError::Corrupt {
                table: "audit".to_owned(),
                message: format!("the loaded audit chain does not verify: {check:?}"),
            }));
        }
        Ok(parsed.counts)
    }
}
