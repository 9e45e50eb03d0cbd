//! [`PgStore::load`]: a dump file parsed and checked whole (header, counts, the audit
//! chain) before anything is written, then written in one transaction and verified.

use std::io::BufRead;

use campaign_ops_core::service::{GENESIS_HASH, entry_hash};
use campaign_ops_core::{Error, Result, StorageError, WriteTx};

use super::{
    ACTION_SETTINGS_SINCE, DUMP_FORMAT, DUMP_VERSION, DumpCounts, Line, USERS_SINCE, io_error,
};
use crate::PgStore;

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
    let mut version = 0;
    let mut lines = vec![];
    let mut end = None;
    let mut counted = DumpCounts::default();
    let mut audit_link = (0u64, GENESIS_HASH.to_owned());
    // Login names are unique: a second holder is refused here, naming its line, rather than
    // by the store half way through the load.
    let mut login_names = std::collections::HashSet::new();
    let mut action_names = std::collections::HashSet::new();
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
                if h.format != DUMP_FORMAT || !(1..=DUMP_VERSION).contains(&h.version) {
                    return Err(bad_line(
                        no,
                        format!(
                            "format {} version {} (this build reads {DUMP_FORMAT} versions 1 to {DUMP_VERSION})",
                            h.format, h.version
                        ),
                    ));
                }
                version = h.version;
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
            Line::User(_) if version < USERS_SINCE => {
                return Err(bad_line(
                    no,
                    format!(
                        "a user line in a version {version} dump (users are dumped from version {USERS_SINCE} on)"
                    ),
                ));
            }
            Line::ActionSetting(_) if version < ACTION_SETTINGS_SINCE => {
                return Err(bad_line(
                    no,
                    format!(
                        "an action switch line in a version {version} dump (switches are dumped from version {ACTION_SETTINGS_SINCE} on)"
                    ),
                ));
            }
            Line::ActionSetting(s) => {
                if !action_names.insert(s.action.clone()) {
                    return Err(bad_line(
                        no,
                        format!("a second switch of action {:?}", s.action),
                    ));
                }
                counted.action_settings += 1;
            }
            Line::User(u) => {
                if !login_names.insert(u.name.clone()) {
                    return Err(bad_line(
                        no,
                        format!("a second user named {:?} (login names are unique)", u.name),
                    ));
                }
                counted.users += 1;
            }
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
    /// Loads a [`dump`](super::dump) into this store, which must be empty, in one
    /// transaction (all of it or nothing): every record through the store's own writes (so
    /// every index is in step), the id sequences moved past the largest loaded ids, the
    /// dump's workspace id kept. The audit chain is verified before writing and again after
    /// the commit.
    ///
    /// Errors: [`Error::Validation`] naming the dump line (field `dump line N`, or `dump`
    /// for a truncated file) for a malformed, truncated or tampered file, and on field `db`
    /// when the store holds data already; nothing is written then.
    pub fn load(&self, input: impl BufRead) -> Result<DumpCounts> {
        let parsed = parse(input)?;
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let mut tx =
            crate::tx::Tx::begin_write(&mut conn.client, &mut conn.statements, self.write_mode)?;
        let occupied: bool = tx
            .row(
                "checking that the store is empty",
                "SELECT EXISTS (SELECT 1 FROM campaigns) OR EXISTS (SELECT 1 FROM plans)
                   OR EXISTS (SELECT 1 FROM calendar_items) OR EXISTS (SELECT 1 FROM tasks)
                   OR EXISTS (SELECT 1 FROM metrics) OR EXISTS (SELECT 1 FROM weekly_summaries)
                   OR EXISTS (SELECT 1 FROM action_runs) OR EXISTS (SELECT 1 FROM audit)
                   OR EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM sessions)
                   OR EXISTS (SELECT 1 FROM action_settings)",
                &[],
            )?
            .is_some_and(|r| r.get(0));
        if occupied {
            return Err(Error::validation(
                "db",
                "the target database already holds campaign-ops data: load into an empty one",
            ));
        }
        tx.exec(
            "keeping the workspace id",
            "UPDATE meta SET value = $1 WHERE key = 'workspace_id'",
            &[&parsed.workspace_id],
        )?;
        for line in &parsed.lines {
            match line {
                Line::Campaign(c) => tx.put_campaign(c)?,
                Line::Plan(p) => tx.put_plan(p)?,
                Line::CalendarItem(i) => tx.put_calendar_item(i)?,
                Line::Task(t) => tx.put_task(t)?,
                Line::Metric(m) => tx.put_metric(m)?,
                Line::WeeklySummary(s) => tx.put_weekly_summary(s)?,
                Line::ActionRun(r) => tx.put_action_run(r)?,
                Line::ActionSetting(s) => tx.put_action_setting(s)?,
                Line::User(u) => tx.put_user(u)?,
                Line::Audit(e) => tx.append_audit(e)?,
                Line::Header(_) | Line::End(_) => {}
            }
        }
        tx.batch(
            "moving the id sequences past the loaded ids",
            crate::ADVANCE_SEQUENCES,
        )?;
        tx.commit_write(self.write_mode)?;
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
