//! Run ledger transitions: how one period's [`ActionRun`] record moves through an attempt.
//!
//! ```text
//!  (none) ──begin──▶ Running ──handler ok──────────▶ Succeeded
//!  queued (0 attempts)  │ ──stage, resume_at──▶ Running (next_attempt_at = resume_at)
//!                       │ ──handler err/panic──▶ Retrying (next_attempt_at = now + backoff)
//!                       │                        └─ after `max_attempts` ──▶ Failed
//!                       └ interrupted (shutdown, crash): stays Running, resumed on start
//! ```
//!
//! `attempts` counts tries: a new record, a queued request and a retry start a new attempt;
//! resuming an interrupted attempt or running the next stage continues the same attempt, so
//! restarts alone never exhaust the retry limit. Pure functions of the record and the
//! clock's instant, tested here without a store.

use campaign_ops_core::{ActionRun, RunStatus};
use chrono::{DateTime, Duration, Utc};

use crate::spec::ActionReport;

/// Retries of failed attempts: exponential backoff with jitter, up to a limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (the first one included) before the period is marked Failed; 1 or
    /// more.
    pub max_attempts: u32,
    /// Delay after the first failed attempt; doubles after each further one.
    pub base: Duration,
    /// Longest delay, before jitter.
    pub cap: Duration,
    /// Jitter as a fraction of the delay (0 to 1): each delay is scaled by a random factor
    /// in `[1 - jitter, 1 + jitter]`, so that many failing runs do not retry in lockstep.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base: Duration::minutes(1),
            cap: Duration::hours(1),
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// The delay after failed attempt number `attempt` (1-based), given `unit`, a random
    /// number in `[-1, 1]`: `min(base · 2^(attempt−1), cap) · (1 + jitter · unit)`.
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        let raw = self
            .base
            .checked_mul(1 << doublings)
            .unwrap_or(self.cap)
            .min(self.cap);
        let factor = 1.0 + self.jitter * unit.clamp(-1.0, 1.0);
        let millis = (raw.num_milliseconds() as f64 * factor).round() as i64;
        Duration::milliseconds(millis.max(1))
    }

    /// Checks the values: a message naming the bad one.
    pub fn check(&self) -> Result<(), String> {
        if self.max_attempts == 0 {
            return Err("retry.max_attempts must be at least 1".into());
        }
        if self.base <= Duration::zero() || self.cap < self.base {
            return Err("retry.base must be positive and retry.cap at least retry.base".into());
        }
        if !(0.0..=1.0).contains(&self.jitter) {
            return Err("retry.jitter must be between 0 and 1".into());
        }
        Ok(())
    }
}

/// A queued request for a run of `action` in `period`, due at `now`.
pub(crate) fn requested(action: &str, period: &str, now: DateTime<Utc>, note: &str) -> ActionRun {
    ActionRun {
        key: ActionRun::key_for(action, period),
        action: action.to_owned(),
        period: period.to_owned(),
        status: RunStatus::Queued,
        attempts: 0,
        first_attempt_at: now,
        last_attempt_at: now,
        next_attempt_at: Some(now),
        finished_at: None,
        last_error: None,
        report: Some(note.to_owned()),
        checkpoint: None,
    }
}

/// Whether a record is a queued request no attempt has started yet.
pub(crate) fn is_queued(run: &ActionRun) -> bool {
    run.status == RunStatus::Queued
}

/// The record as an attempt starts at `now` (see the module docs for when it is a new
/// attempt and when a continuation).
pub(crate) fn begin(
    existing: Option<ActionRun>,
    action: &str,
    period: &str,
    now: DateTime<Utc>,
) -> ActionRun {
    let mut run = existing.unwrap_or_else(|| ActionRun {
        attempts: 0,
        ..requested(action, period, now, "")
    });
    let continuation = run.status == RunStatus::Running && run.attempts > 0;
    if !continuation {
        run.attempts += 1;
    }
    if run.attempts == 1 && !continuation {
        run.first_attempt_at = now;
    }
    run.status = RunStatus::Running;
    run.last_attempt_at = now;
    run.next_attempt_at = None;
    if run.report.as_deref() == Some("") {
        run.report = None;
    }
    run
}

/// Settles the record as Succeeded with `report`.
pub(crate) fn succeed(run: &mut ActionRun, now: DateTime<Utc>, report: &ActionReport) {
    run.status = RunStatus::Succeeded;
    run.next_attempt_at = None;
    run.finished_at = Some(now);
    run.report = Some(report.text.clone());
}

/// Ends a stage: the record stays Running, the next stage due at `report.resume_at`.
pub(crate) fn stage(run: &mut ActionRun, report: &ActionReport) {
    run.status = RunStatus::Running;
    run.next_attempt_at = report.resume_at;
    run.report = Some(report.text.clone());
}

/// Records a failed attempt: Retrying after a backoff, or Failed after the last attempt.
pub(crate) fn fail(
    run: &mut ActionRun,
    now: DateTime<Utc>,
    error: &str,
    policy: &RetryPolicy,
    unit: f64,
) {
    run.last_error = Some(error.to_owned());
    if run.attempts >= policy.max_attempts {
        run.status = RunStatus::Failed;
        run.next_attempt_at = None;
        run.finished_at = Some(now);
    } else {
        run.status = RunStatus::Retrying;
        run.next_attempt_at = Some(now + policy.delay(run.attempts, unit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_in_bounds() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0), Duration::minutes(1));
        assert_eq!(p.delay(2, 0.0), Duration::minutes(2));
        assert_eq!(p.delay(4, 0.0), Duration::minutes(8));
        assert_eq!(p.delay(7, 0.0), Duration::hours(1));
        assert_eq!(p.delay(500, 0.0), Duration::hours(1));
        assert_eq!(p.delay(1, 1.0), Duration::seconds(72));
        assert_eq!(p.delay(1, -1.0), Duration::seconds(48));
        assert_eq!(p.delay(1, 9.0), Duration::seconds(72));
    }

    #[test]
    fn bad_policies_are_refused() {
        let ok = RetryPolicy::default();
        assert!(ok.check().is_ok());
        for bad in [
            RetryPolicy {
                max_attempts: 0,
                ..ok
            },
            RetryPolicy {
                base: Duration::zero(),
                ..ok
            },
            RetryPolicy {
                cap: Duration::seconds(1),
                ..ok
            },
            RetryPolicy { jitter: 1.5, ..ok },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn attempts_count_tries_not_restarts() {
        let p = RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        };
        let mut run = begin(None, "A", "2026-11-25", t(0));
        assert_eq!(
            (run.status, run.attempts, run.report.clone()),
            (RunStatus::Running, 1, None)
        );
        // Interrupted and resumed: the same attempt.
        let mut run2 = begin(Some(run.clone()), "A", "2026-11-25", t(5));
        assert_eq!(
            (run2.attempts, run2.first_attempt_at, run2.last_attempt_at),
            (1, t(0), t(5))
        );
        fail(&mut run2, t(6), "boom", &p, 0.0);
        assert_eq!(run2.status, RunStatus::Retrying);
        assert_eq!(run2.next_attempt_at, Some(t(7)));
        run = begin(Some(run2), "A", "2026-11-25", t(7));
        assert_eq!(run.attempts, 2);
        fail(&mut run, t(8), "boom again", &p, 0.0);
        assert_eq!(run.status, RunStatus::Failed);
        assert_eq!((run.finished_at, run.next_attempt_at), (Some(t(8)), None));
        assert_eq!(run.last_error.as_deref(), Some("boom again"));
    }

    #[test]
    fn queued_requests_and_stages() {
        let q = requested("ESC", "2026-11-25", t(0), "requested by TICK 2026-11-25");
        assert!(is_queued(&q));
        let mut run = begin(Some(q), "ESC", "2026-11-25", t(1));
        assert_eq!((run.attempts, run.first_attempt_at), (1, t(1)));
        assert!(!is_queued(&run));
        stage(&mut run, &ActionReport::resume_at("stage 1", t(60)));
        assert_eq!(
            (run.status, run.next_attempt_at),
            (RunStatus::Running, Some(t(60)))
        );
        let mut run = begin(Some(run), "ESC", "2026-11-25", t(60));
        assert_eq!(run.attempts, 1);
        succeed(&mut run, t(61), &ActionReport::new("done"));
        assert_eq!(run.status, RunStatus::Succeeded);
        assert_eq!(run.report.as_deref(), Some("done"));
    }
}
