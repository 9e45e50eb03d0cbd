//! `doctor`: the operator's health check of a database, as a list of named checks, each ok
//! or a problem with its details: the schema version, the registered actions (and whether
//! the campaign handlers are compiled in), each action's last run and failures, index
//! consistency, orphans, counts and sequences, the audit chain, the ledger. `campaign-ops
//! doctor` prints it and exits non-zero when anything is wrong.
//!
//! The store knows no action registry: the caller says what is registered
//! ([`RegisteredActions`]).

use std::fmt;

use campaign_ops_core::model::{ActionRun, RunStatus};
use campaign_ops_core::{ReadTx, Result, Store};

use crate::RedbStore;
use crate::check::{Finding, IntegrityReport};

/// Ledger records read per action to count its recent failures.
pub const RECENT_RUNS: usize = 100;

/// What the host registered, for [`RedbStore::doctor`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisteredActions {
    /// Every registered action's name, with whether it is enabled.
    pub actions: Vec<(String, bool)>,
    /// Whether the campaign handlers (feature `campaign-ops`) are compiled in.
    pub campaign_handlers: bool,
}

/// One check of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorCheck {
    /// What was checked, e.g. `audit chain`.
    pub name: String,
    /// Whether it is fine.
    pub ok: bool,
    /// One line per fact or problem.
    pub details: Vec<String>,
}

/// Every check, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorReport {
    /// The database, as given to the report.
    pub database: String,
    /// The checks.
    pub checks: Vec<DoctorCheck>,
    /// The integrity check underneath (for callers that match on findings).
    pub integrity: IntegrityReport,
}

impl DoctorReport {
    /// Whether every check is ok.
    pub fn is_healthy(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The checks with a problem.
    pub fn problems(&self) -> impl Iterator<Item = &DoctorCheck> {
        self.checks.iter().filter(|c| !c.ok)
    }

    /// The check named `name`.
    pub fn check(&self, name: &str) -> Option<&DoctorCheck> {
        self.checks.iter().find(|c| c.name == name)
    }
}

impl fmt::Display for DoctorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        DoctorChecks {
            database: &self.database,
            checks: &self.checks,
        }
        .fmt(f)
    }
}

/// A list of checks printed in the report's layout: what [`DoctorReport`] prints, for a
/// backend whose report is built by its caller (e.g. the PostgreSQL doctor of the binary).
#[derive(Debug, Clone, Copy)]
pub struct DoctorChecks<'a> {
    /// The database, as shown in the heading.
    pub database: &'a str,
    /// The checks, in order.
    pub checks: &'a [DoctorCheck],
}

impl fmt::Display for DoctorChecks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "campaign-ops doctor: {}", self.database)?;
        for c in self.checks {
            let mark = if c.ok { "ok  " } else { "FAIL" };
            match c.details.split_first() {
                None => writeln!(f, "  {mark}  {}", c.name)?,
                Some((first, rest)) => {
                    writeln!(f, "  {mark}  {}: {first}", c.name)?;
                    for d in rest {
                        writeln!(f, "          {d}")?;
                    }
                }
            }
        }
        let problems = self.checks.iter().filter(|c| !c.ok).count();
        write!(
            f,
            "{} checks, {}",
            self.checks.len(),
            match problems {
                0 => "all ok".to_owned(),
                1 => "1 problem".to_owned(),
                n => format!("{n} problems"),
            }
        )
    }
}

fn check(name: &str, details: Vec<String>, ok: bool) -> DoctorCheck {
    DoctorCheck {
        name: name.to_owned(),
        ok,
        details,
    }
}

/// A check that is ok exactly when `findings` is empty; `fine` says so.
fn findings_check(name: &str, findings: Vec<&Finding>, fine: String) -> DoctorCheck {
    if findings.is_empty() {
        check(name, vec![fine], true)
    } else {
        check(
            name,
            findings.iter().map(|f| f.to_string()).collect(),
            false,
        )
    }
}

fn describe(run: &ActionRun) -> String {
    let at = run.finished_at.unwrap_or(run.last_attempt_at);
    let mut s = format!(
        "last run {} {:?} at {} ({} attempt{})",
        run.period,
        run.status,
        at.format("%Y-%m-%d %H:%M UTC"),
        run.attempts,
        if run.attempts == 1 { "" } else { "s" }
    );
    if let Some(e) = run
        .last_error
        .as_deref()
        .filter(|_| run.status != RunStatus::Succeeded)
    {
        s.push_str(&format!(": {e}"));
    }
    s
}

/// The checks that rest on no backend's internals, read through any [`Store`]: the
/// registered actions (and whether the campaign handlers are compiled in), then each
/// action's last run, its recent failures and its open runs. [`RedbStore::doctor`] runs
/// them, and so does a doctor on another backend.
pub fn action_checks<S: Store>(
    store: &S,
    registered: &RegisteredActions,
) -> Result<Vec<DoctorCheck>> {
    let mut checks = Vec::new();
    let names: Vec<String> = registered
        .actions
        .iter()
        .map(|(n, on)| {
            if *on {
                n.clone()
            } else {
                format!("{n} (disabled)")
            }
        })
        .collect();
    let mut details = vec![if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }];
    let feature_ok = registered.campaign_handlers;
    details.push(if feature_ok {
        "campaign handlers compiled in (feature campaign-ops)".to_owned()
    } else {
        "campaign handlers NOT compiled in: build with the feature `campaign-ops`".to_owned()
    });
    checks.push(check(
        "registered actions",
        details,
        feature_ok && !names.is_empty(),
    ));

    for (name, _) in &registered.actions {
        let (recent, open) = store.read(|tx: &dyn ReadTx| {
            Ok((
                tx.action_runs(name, None, true, RECENT_RUNS)?,
                tx.open_action_runs(name, RECENT_RUNS)?,
            ))
        })?;
        let failed = recent
            .iter()
            .filter(|r| r.status == RunStatus::Failed)
            .count();
        let retrying = open
            .iter()
            .filter(|r| r.status == RunStatus::Retrying)
            .count();
        let mut details = vec![match recent.first() {
            Some(run) => describe(run),
            None => "never run".to_owned(),
        }];
        details.push(format!(
            "{failed} failed of the last {} runs, {retrying} retrying, {} open",
            recent.len(),
            open.len()
        ));
        let last_failed = recent
            .first()
            .is_some_and(|r| matches!(r.status, RunStatus::Failed | RunStatus::Retrying));
        checks.push(check(&format!("action {name}"), details, !last_failed));
    }
    Ok(checks)
}

/// The redo log: where it is, its size, what is pending, what the open replayed; a problem
/// only when an automatic checkpoint failed.
fn log_check(log: &crate::LogStatus) -> DoctorCheck {
    let mut details = vec![
        format!(
            "{}: {} KiB, {} entries ({} bytes) not yet checkpointed, epoch {}",
            log.path.display(),
            log.file_bytes / 1024,
            log.pending_entries,
            log.pending_bytes,
            log.epoch
        ),
        format!(
            "{} entries replayed at open (commits a crash had kept out of the database file)",
            log.replayed_at_open
        ),
    ];
    if let Some(e) = &log.checkpoint_error {
        details.push(format!("the last checkpoint failed: {e}"));
    }
    check("redo log", details, log.checkpoint_error.is_none())
}

impl RedbStore {
    /// The health report of this database for a host that registered `registered`.
    /// `Err` only when the file cannot be read at all.
    pub fn doctor(&self, registered: &RegisteredActions) -> Result<DoctorReport> {
        let integrity = self.verify()?;
        let mut checks = Vec::new();

        checks.push(match integrity.schema_version {
            Some(v) if v == crate::SCHEMA_VERSION => {
                check("schema version", vec![format!("{v}")], true)
            }
            found => check(
                "schema version",
                vec![format!(
                    "{} where this build expects {}",
                    found.map_or("missing".to_owned(), |v| v.to_string()),
                    crate::SCHEMA_VERSION
                )],
                false,
            ),
        });

        if let Some(log) = self.log_status() {
            checks.push(log_check(&log));
        }

        checks.extend(action_checks(self, registered)?);

        let f = &integrity.findings;
        let r = integrity.records;
        checks.push(findings_check(
            "index consistency",
            f.iter()
                .filter(|x| {
                    matches!(
                        x,
                        Finding::MissingIndexEntry { .. }
                            | Finding::StrayIndexEntry { .. }
                            | Finding::StaleIndexValue { .. }
                            | Finding::Undecodable { .. }
                    )
                })
                .collect(),
            format!(
                "{} index entries agree with {} records",
                integrity.index_entries,
                r.campaigns
                    + r.plans
                    + r.calendar_items
                    + r.tasks
                    + r.metrics
                    + r.summaries
                    + r.action_runs
                    + r.audit_entries
            ),
        ));
        checks.push(findings_check(
            "orphans",
            f.iter().filter(|x| matches!(x, Finding::Orphan { .. })).collect(),
            format!(
                "none ({} plans, {} calendar items, {} tasks, {} metrics, {} summaries under {} campaigns)",
                r.plans, r.calendar_items, r.tasks, r.metrics, r.summaries, r.campaigns
            ),
        ));
        checks.push(findings_check(
            "counts and sequences",
            f.iter()
                .filter(|x| {
                    matches!(
                        x,
                        Finding::StatusCount { .. } | Finding::SequenceBehind { .. }
                    )
                })
                .collect(),
            "campaign counts per status and id sequences match the records".to_owned(),
        ));
        checks.push(findings_check(
            "audit chain",
            f.iter()
                .filter(|x| matches!(x, Finding::Audit(_)))
                .collect(),
            format!("{} entries verify", r.audit_entries),
        ));
        checks.push(findings_check(
            "action ledger",
            f.iter()
                .filter(|x| matches!(x, Finding::LedgerKey { .. }))
                .collect(),
            format!("{} runs, each period once", r.action_runs),
        ));
        // Whatever a newer checker finds that no check above names.
        let other: Vec<&Finding> = f
            .iter()
            .filter(|x| {
                !matches!(
                    x,
                    Finding::SchemaVersion { .. }
                        | Finding::MissingIndexEntry { .. }
                        | Finding::StrayIndexEntry { .. }
                        | Finding::StaleIndexValue { .. }
                        | Finding::Undecodable { .. }
                        | Finding::Orphan { .. }
                        | Finding::StatusCount { .. }
                        | Finding::SequenceBehind { .. }
                        | Finding::Audit(_)
                        | Finding::LedgerKey { .. }
                )
            })
            .collect();
        if !other.is_empty() {
            checks.push(findings_check("other", other, String::new()));
        }
        Ok(DoctorReport {
            database: self
                .path()
                .map_or("(in memory)".to_owned(), |p| p.display().to_string()),
            checks,
            integrity,
        })
    }
}
