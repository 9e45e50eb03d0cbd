//! Whose turn it is within one [`super::Daemon::run_due`] call.
//!
//! `run_due` plans, makes every run due, and plans again, until nothing is left: a run may
//! queue another (the tick's escalation request), and the clock moves while handlers work.
//! A key it has attempted must not be attempted again at the same instant (a handler that
//! asks to resume at an instant already past would loop), but it must not be shut out for
//! the rest of the call either: while an hourly action keeps the call busy with a new key
//! every hour, a staged run whose next stage fell due (or a retry whose backoff ran out)
//! would otherwise wait until the call ran dry, possibly for ever. So a key gets another
//! turn once its last attempt's record asked for a later attempt and the plan lists it as
//! due again; every due key is taken in each round, oldest due period first.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::RunOutcome;

/// The keys attempted so far in one call, with what their last attempt asked for.
#[derive(Debug, Default)]
pub(super) struct Turns {
    /// Key → the later instant its last attempt's record asked to be attempted again at
    /// (a next stage, a retry), if any.
    attempted: BTreeMap<String, Option<DateTime<Utc>>>,
}

impl Turns {
    /// Whether the key, listed as due by a fresh plan, may be attempted now: never tried in
    /// this call, or its last attempt asked for a later one (which the plan says has come).
    pub(super) fn may_attempt(&self, key: &str) -> bool {
        self.attempted.get(key).is_none_or(Option::is_some)
    }

    /// Notes an attempt at `key` and what it ended in (`None`: not made, e.g. settled or
    /// put off by another daemon handle meanwhile).
    pub(super) fn attempted(&mut self, key: String, outcome: Option<&RunOutcome>) {
        // Only an instant after the attempt's own start is a later turn: at one clock
        // instant each key is attempted at most once.
        let again = outcome.and_then(|o| {
            o.run
                .next_attempt_at
                .filter(|&at| at > o.run.last_attempt_at)
        });
        self.attempted.insert(key, again);
    }
}
