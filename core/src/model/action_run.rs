//! The run ledger of scheduled actions: one record per action and period; and an
//! action's stored on/off switch ([`ActionSetting`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a run of an action for one period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RunStatus {
    /// Started and not finished: work may be partly committed (see `checkpoint`).
    Running,
    /// An attempt failed; another is due at `next_attempt_at`.
    Retrying,
    /// Done: the period never runs again.
    Succeeded,
    /// Gave up after the last allowed attempt; visible, never silently dropped.
    Failed,
    /// Requested (e.g. an escalation the tick asked for) and due at `next_attempt_at`; no
    /// attempt has started yet. Last in the enum: stored records encode the variant index.
    Queued,
}

impl RunStatus {
    /// Whether the period is settled (no further attempt will be made).
    pub fn is_final(self) -> bool {
        matches!(self, RunStatus::Succeeded | RunStatus::Failed)
    }
}

/// One action's run for one period, keyed `"<ACTION> <period>"`, e.g.
/// `"CAMPAIGN_TICK 2026-11-25"` or `"WEEKLY_CAMPAIGN_SUMMARY 2026-W48"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRun {
    /// `"<action> <period>"`: unique.
    pub key: String,
    /// Action name, e.g. `CAMPAIGN_TICK`.
    pub action: String,
    /// Period label, e.g. `2026-11-25` or `2026-W48`.
    pub period: String,
    /// Status.
    pub status: RunStatus,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the first attempt started.
    pub first_attempt_at: DateTime<Utc>,
    /// When the latest attempt started.
    pub last_attempt_at: DateTime<Utc>,
    /// When the next attempt is due (status `Retrying`).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the run settled (status `Succeeded` or `Failed`).
    pub finished_at: Option<DateTime<Utc>>,
    /// Error of the latest failed attempt.
    pub last_error: Option<String>,
    /// The handler's report of a successful run (text or JSON).
    pub report: Option<String>,
    /// Times the current attempt was taken up again after it stopped without settling (the
    /// process crashed or was shut down mid-run). Too many in a row count as a failed
    /// attempt, so a handler that keeps killing its process ends Failed, not in a loop.
    pub interruptions: u32,
    /// Progress of a batched run: e.g. the last campaign id whose batch committed, so a
    /// resumed attempt continues after it instead of redoing committed work.
    pub checkpoint: Option<u64>,
}

impl ActionRun {
    /// The ledger key of `action` in `period`.
    pub fn key_for(action: &str, period: &str) -> String {
        format!("{action} {period}")
    }
}

/// Whether a registered action runs, as an admin set it on the dashboard. No record means
/// enabled: only a change is stored, so a database that never had one needs nothing.
/// Keyed by the action's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionSetting {
    /// The action's name, e.g. `CAMPAIGN_TICK`.
    pub action: String,
    /// Whether the daemon runs it.
    pub enabled: bool,
    /// When it was last switched: the periods of a re-enabled action that fell due before
    /// this instant are not caught up (the daemon runs the latest one only).
    pub changed_at: DateTime<Utc>,
    /// Who switched it (the audit log's actor).
    pub changed_by: String,
}
