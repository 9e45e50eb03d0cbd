//! The stored run ledger record.

use campaign_ops_core::model::ActionRun;
use serde::{Deserialize, Serialize};

use super::codes::run_status;
use super::time::{opt_time, opt_utc};
use super::{Stored, Time};

/// An [`ActionRun`] as stored (key: its `key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ActionRunRecord {
    action: String,
    period: String,
    /// Public to the crate: the open-runs index follows it.
    pub(crate) status: u8,
    attempts: u32,
    first_attempt_at: Time,
    last_attempt_at: Time,
    next_attempt_at: Option<Time>,
    finished_at: Option<Time>,
    last_error: Option<String>,
    report: Option<String>,
    interruptions: u32,
    checkpoint: Option<u64>,
}

impl Stored for ActionRunRecord {
    const KIND: &'static str = "action run";
    const FORMAT: u8 = 1;
}

impl ActionRunRecord {
    /// The stored form of `r`.
    pub(crate) fn of(r: &ActionRun) -> Self {
        Self {
            action: r.action.clone(),
            period: r.period.clone(),
            status: run_status::code(r.status),
            attempts: r.attempts,
            first_attempt_at: Time::of(r.first_attempt_at),
            last_attempt_at: Time::of(r.last_attempt_at),
            next_attempt_at: opt_time(r.next_attempt_at),
            finished_at: opt_time(r.finished_at),
            last_error: r.last_error.clone(),
            report: r.report.clone(),
            interruptions: r.interruptions,
            checkpoint: r.checkpoint,
        }
    }

    /// Whether the run is not final; `Err` on a bad code.
    pub(crate) fn is_open(&self) -> Result<bool, String> {
        run_status::from_code(self.status).map(|s| !s.is_final())
    }

    /// The run stored under `key`.
    pub(crate) fn into_domain(self, key: String) -> Result<ActionRun, String> {
        Ok(ActionRun {
            key,
            action: self.action,
            period: self.period,
            status: run_status::from_code(self.status)?,
            attempts: self.attempts,
            first_attempt_at: self.first_attempt_at.to_utc()?,
            last_attempt_at: self.last_attempt_at.to_utc()?,
            next_attempt_at: opt_utc(self.next_attempt_at)?,
            finished_at: opt_utc(self.finished_at)?,
            last_error: self.last_error,
            report: self.report,
            interruptions: self.interruptions,
            checkpoint: self.checkpoint,
        })
    }
}
