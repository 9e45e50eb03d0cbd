//! Task completion rate: how much of the work that was meant to be done got done.

use serde::{Deserialize, Serialize};

use super::totals::rate;
use crate::model::{OperatorTask, TaskStatus};

/// Completed tasks out of the tasks that count.
///
/// `rate = completed / (total − skipped)`, a fraction (0.8 is 80 %). Skipped tasks were
/// deliberately not done and leave the denominator; failed, blocked and still open tasks
/// stay in it. `None` when `total − skipped` is 0 (no tasks, or every task skipped).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CompletionRate {
    /// Tasks in [`TaskStatus::Completed`].
    pub completed: u32,
    /// All tasks considered, whatever their status.
    pub total: u32,
    /// Tasks in [`TaskStatus::Skipped`].
    pub skipped: u32,
    /// `completed / (total − skipped)`; `None` when that denominator is 0.
    pub rate: Option<f64>,
}

impl CompletionRate {
    /// The rate of `completed` out of `total` tasks of which `skipped` were skipped.
    pub fn from_counts(completed: u32, total: u32, skipped: u32) -> Self {
        let counted = total.saturating_sub(skipped);
        Self {
            completed,
            total,
            skipped,
            rate: rate(f64::from(completed), f64::from(counted)),
        }
    }

    /// `total − skipped`: the tasks the rate is taken over.
    pub fn counted(&self) -> u32 {
        self.total.saturating_sub(self.skipped)
    }
}

/// The completion rate of `tasks`, all of them counted (pass one campaign's tasks for that
/// campaign's rate). See [`CompletionRate`] for the formula.
pub fn completion_rate<'a>(tasks: impl IntoIterator<Item = &'a OperatorTask>) -> CompletionRate {
    let (mut completed, mut total, mut skipped) = (0, 0, 0);
    for task in tasks {
        total += 1;
        match task.status {
            TaskStatus::Completed => completed += 1,
            TaskStatus::Skipped => skipped += 1,
            _ => {}
        }
    }
    CompletionRate::from_counts(completed, total, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::task_with;

    #[test]
    fn completed_over_total_minus_skipped() {
        use TaskStatus::*;
        let statuses = [
            Completed, Completed, Completed, Failed, Blocked, Pending, InProgress, Skipped,
        ];
        let tasks: Vec<_> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| task_with(i as u64 + 1, *s))
            .collect();
        let r = completion_rate(&tasks);
        assert_eq!((r.completed, r.total, r.skipped, r.counted()), (3, 8, 1, 7));
        assert_eq!(r.rate, Some(3.0 / 7.0));
    }

    #[test]
    fn empty_or_all_skipped_has_no_rate() {
        assert_eq!(completion_rate(&[]).rate, None);
        let skipped = [task_with(1, TaskStatus::Skipped)];
        let r = completion_rate(&skipped);
        assert_eq!((r.total, r.skipped, r.rate), (1, 1, None));
        let failed = [task_with(1, TaskStatus::Failed)];
        assert_eq!(completion_rate(&failed).rate, Some(0.0));
    }
}
