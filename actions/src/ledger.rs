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
//! restarts alone never exhaust the retry limit.
//!
//! Ownership: `last_attempt_at` strictly increases with every `begin` (whole microseconds,
//! one microsecond past the previous start when the clock has not moved on or went back), so
//! it names the attempt that owns the record. A handler's batch commits only while the
//! record still carries its own attempt's start (`owns`): when a second daemon handle
//! takes over a Running record (it cannot tell a live owner from a crashed one), the
//! displaced handler's next batch is refused instead of redoing work, and its outcome does
//! not overwrite the new owner's record.
//!
//! Pure functions of the record and the clock's instant, tested here without a store.

use campaign_ops_core::{ActionRun, RunStatus};
use chrono::{DateTime, Duration, SubsecRound, Utc};

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
        // 2^30 times any base of a millisecond or more already exceeds a sane cap.
        let doublings = attempt.saturating_sub(1).min(30);
        let raw = self
            .base
            .checked_mul(1 << doublings)
            .unwrap_or(self.cap)
            .min(self.cap);
        let unit = if unit.is_nan() {
            0.0
        } else {
            unit.clamp(-1.0, 1.0)
        };
        let factor = 1.0 + self.jitter * unit;
        // `as` saturates: a cap near `Duration::MAX` stays in range instead of wrapping.
        let millis = (raw.num_milliseconds() as f64 * factor).round() as i64;
        Duration::try_milliseconds(millis.max(1)).unwrap_or(Duration::MAX)
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
        interruptions: 0,
        checkpoint: None,
    }
}

/// Whether `run` is still owned by the attempt that [`begin`] started at `started`.
pub(crate) fn owns(run: &ActionRun, started: DateTime<Utc>) -> bool {
    run.status == RunStatus::Running && run.last_attempt_at == started
}

/// The record as an attempt starts at `now` (see the module docs for when it is a new
/// attempt and when a continuation, and for why `last_attempt_at` always moves forward).
pub(crate) fn begin(
    existing: Option<ActionRun>,
    action: &str,
    period: &str,
    now: DateTime<Utc>,
) -> ActionRun {
    let now = now.trunc_subsecs(6);
    let started = match &existing {
        Some(run) if run.last_attempt_at >= now => run.last_attempt_at + Duration::microseconds(1),
        _ => now,
    };
    let mut run = existing.unwrap_or_else(|| ActionRun {
        attempts: 0,
        ..requested(action, period, started, "")
    });
    let continuation = run.status == RunStatus::Running && run.attempts > 0;
    // A stage waits for its `next_attempt_at`; a Running record without one stopped
    // unsettled: a crash or a shutdown mid-run.
    if continuation && run.next_attempt_at.is_none() {
        run.interruptions = run.interruptions.saturating_add(1);
    }
    if !continuation {
        run.attempts = run.attempts.saturating_add(1);
        run.interruptions = 0;
    }
    if run.attempts == 1 && !continuation {
        run.first_attempt_at = started;
    }
    run.status = RunStatus::Running;
    run.last_attempt_at = started;
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
        let delay = policy.delay(run.attempts, unit);
        run.next_attempt_at = Some(
            now.checked_add_signed(delay)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        );
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
    fn huge_attempt_counts_and_caps_do_not_overflow() {
        let p = RetryPolicy {
            max_attempts: u32::MAX,
            base: Duration::days(1),
            cap: Duration::MAX,
            jitter: 1.0,
        };
        for attempt in [1, 31, 32, 64, u32::MAX] {
            for unit in [-1.0, 0.0, 1.0, f64::NAN] {
                let d = p.delay(attempt, unit);
                assert!(d >= Duration::milliseconds(1), "{attempt} {unit}: {d}");
            }
        }
        // Doubling stops at 2^30 days; jitter at most doubles that.
        assert_eq!(p.delay(u32::MAX, 0.0), Duration::days(1 << 30));
        let mut run = begin(None, "A", "2026-11-25", t(0));
        run.attempts = u32::MAX - 1;
        fail(&mut run, t(1), "boom", &p, 1.0);
        assert_eq!(run.status, RunStatus::Retrying);
        assert!(run.next_attempt_at.unwrap() > t(1));
        let mut run = begin(Some(run), "A", "2026-11-25", t(2));
        assert_eq!(run.attempts, u32::MAX);
        fail(&mut run, t(3), "boom", &p, 1.0);
        assert_eq!(run.status, RunStatus::Failed);
        let retrying = ActionRun {
            status: RunStatus::Retrying,
            ..run
        };
        let again = begin(Some(retrying), "A", "2026-11-25", t(4));
        assert_eq!(again.attempts, u32::MAX, "saturates");
    }

    #[test]
    fn every_attempt_start_is_later_than_the_last_so_it_names_the_owner() {
        let a = begin(None, "A", "2026-11-25", t(0) + Duration::nanoseconds(1500));
        assert_eq!(
            a.last_attempt_at,
            t(0) + Duration::microseconds(1),
            "whole µs"
        );
        assert!(owns(&a, a.last_attempt_at));
        // A second handle takes over at the same instant: a new token; the first owns no more.
        let b = begin(Some(a.clone()), "A", "2026-11-25", t(0));
        assert_eq!(
            b.last_attempt_at,
            a.last_attempt_at + Duration::microseconds(1)
        );
        assert!(owns(&b, b.last_attempt_at) && !owns(&b, a.last_attempt_at));
        // The clock went back an hour: still later than the last start.
        let c = begin(Some(b.clone()), "A", "2026-11-25", t(-60));
        assert!(c.last_attempt_at > b.last_attempt_at);
        assert_eq!(c.attempts, 1, "still the one attempt");
        // Clock forward: the clock's instant.
        let d = begin(Some(c), "A", "2026-11-25", t(5));
        assert_eq!(d.last_attempt_at, t(5));
        let mut done = d.clone();
        succeed(&mut done, t(6), &ActionReport::new("ok"));
        assert!(
            !owns(&done, d.last_attempt_at),
            "a settled record has no owner"
        );
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
        assert_eq!(q.status, RunStatus::Queued);
        let mut run = begin(Some(q), "ESC", "2026-11-25", t(1));
        assert_eq!((run.attempts, run.first_attempt_at), (1, t(1)));
        assert_eq!(run.status, RunStatus::Running);
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
