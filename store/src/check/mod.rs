//! The integrity checker: [`RedbStore::verify`] reads the whole file in one snapshot and
//! reports, as typed [`Finding`]s, everything that breaks the store's invariants:
//!
//! - the schema version is this build's;
//! - every record decodes, and every index entry is exactly the set the records imply
//!   (derived with the same functions the writes use, so a layout change follows by
//!   itself): none missing, none stray, none with a stale value;
//! - no orphans: plans, items, tasks, metrics, summaries and audit entries name campaigns
//!   (and items, plans, tasks) that exist;
//! - counts match: the per-status campaign counts in `meta`, and every id sequence is at
//!   or past the highest id stored (so no id is ever handed out twice);
//! - the audit chain verifies, and when it does not, which entry was edited, inserted or
//!   deleted ([`AuditFinding`]);
//! - the daemon's ledger holds each action's period once, under its own key.
//!
//! Tests run it after every kill and fault; `campaign-ops doctor` prints it. The check
//! reads everything: its cost grows with the file (a full scan, meant for tests and for an
//! operator's occasional run, not for a request path).

mod chain;
mod scan;
#[cfg(feature = "testing")]
mod tamper;

pub use chain::{AuditFinding, ChainWalk, MAX_AUDIT_FINDINGS};

use campaign_ops_core::Result;
use redb::ReadableDatabase;

use crate::RedbStore;
use crate::error::Context;

/// One problem the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// The file's schema version is not this build's.
    SchemaVersion {
        /// What `meta` says (`None`: nothing).
        found: Option<u32>,
        /// [`crate::SCHEMA_VERSION`].
        expected: u32,
    },
    /// A record (or a `meta` value) that does not decode.
    Undecodable {
        /// Which record, e.g. `task 12`.
        record: String,
        /// Why.
        message: String,
    },
    /// An index entry a record implies is not there.
    MissingIndexEntry {
        /// The index, e.g. `TASK_DUE`.
        index: &'static str,
        /// The record that implies it.
        record: String,
    },
    /// An index entry no record implies.
    StrayIndexEntry {
        /// The index.
        index: &'static str,
        /// The entry's key, hex.
        key: String,
    },
    /// An index entry with the right key and a stale value (e.g. an old status).
    StaleIndexValue {
        /// The index.
        index: &'static str,
        /// The record that implies it.
        record: String,
    },
    /// A record that names another one that does not exist.
    Orphan {
        /// The record, e.g. `task 12`.
        record: String,
        /// What it names, e.g. `campaign 3`.
        missing: String,
    },
    /// A campaign count per status in `meta` that disagrees with the campaigns stored.
    StatusCount {
        /// The status code.
        status: u8,
        /// What `meta` says.
        stored: u64,
        /// Campaigns with that status.
        counted: u64,
    },
    /// An id sequence behind an id already stored: the next id would be handed out twice.
    SequenceBehind {
        /// The sequence's meta key.
        sequence: &'static str,
        /// The last id it handed out.
        last_issued: u64,
        /// The highest id stored.
        highest_id: u64,
    },
    /// The audit log does not verify.
    Audit(AuditFinding),
    /// An action run stored under a key that is not its action and period: the same
    /// period could be run, and its effects made, twice.
    LedgerKey {
        /// The key it is stored under.
        key: String,
        /// `"<action> <period>"` of the record.
        expected: String,
    },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SchemaVersion { found, expected } => write!(
                f,
                "schema version {} where this build expects {expected}",
                found.map_or("missing".to_owned(), |v| v.to_string())
            ),
            Self::Undecodable { record, message } => {
                write!(f, "{record} does not decode: {message}")
            }
            Self::MissingIndexEntry { index, record } => {
                write!(f, "index {index} lacks the entry of {record}")
            }
            Self::StrayIndexEntry { index, key } => {
                write!(f, "index {index} has an entry of no record (key {key})")
            }
            Self::StaleIndexValue { index, record } => {
                write!(f, "index {index} has a stale value for {record}")
            }
            Self::Orphan { record, missing } => {
                write!(f, "{record} names {missing}, which does not exist")
            }
            Self::StatusCount {
                status,
                stored,
                counted,
            } => write!(
                f,
                "campaign count of status {status} is {stored} but {counted} campaigns have it"
            ),
            Self::SequenceBehind {
                sequence,
                last_issued,
                highest_id,
            } => write!(
                f,
                "{sequence} last issued {last_issued} but id {highest_id} is stored"
            ),
            Self::Audit(a) => a.fmt(f),
            Self::LedgerKey { key, expected } => {
                write!(f, "action run stored as {key:?} is the run {expected:?}")
            }
        }
    }
}

/// What [`RedbStore::verify`] saw and found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IntegrityReport {
    /// The schema version in `meta` (`None`: missing or unreadable).
    pub schema_version: Option<u32>,
    /// Records per kind: campaigns, plans, calendar items, tasks, metrics, weekly
    /// summaries, action runs, audit entries.
    pub records: RecordCounts,
    /// Index entries checked.
    pub index_entries: u64,
    /// Everything wrong; empty when the file is sound.
    pub findings: Vec<Finding>,
}

impl IntegrityReport {
    /// Whether nothing is wrong.
    pub fn is_sound(&self) -> bool {
        self.findings.is_empty()
    }

    /// The findings about the audit log.
    pub fn audit_findings(&self) -> impl Iterator<Item = &AuditFinding> {
        self.findings.iter().filter_map(|f| match f {
            Finding::Audit(a) => Some(a),
            _ => None,
        })
    }
}

/// How many records of each kind the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordCounts {
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
    pub summaries: u64,
    /// Action runs (the daemon's ledger).
    pub action_runs: u64,
    /// Audit entries.
    pub audit_entries: u64,
}

impl RedbStore {
    /// Checks the whole file against the store's invariants in one read snapshot (see the
    /// [module docs](crate::check)). `Err` only when the file cannot be read at all; every
    /// problem with what it holds is a [`Finding`] in the report.
    pub fn verify(&self) -> Result<IntegrityReport> {
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        scan::run(&txn)
    }
}
