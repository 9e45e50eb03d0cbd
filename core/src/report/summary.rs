//! The weekly summary of one campaign: the tasks due in an ISO week and the metrics
//! recorded in it, with a one-line text for people.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::completion::CompletionRate;
use super::format::{percent, whole};
use super::totals::{MetricTotals, totals_and_platforms};
use super::week::ReportWeek;
use crate::model::{Campaign, CampaignId, MetricEntry, Platform, TaskFacts, TaskStatus};
use crate::store::StatusCounts;

/// How many of a set of tasks are in each state.
///
/// The status counts (`pending` to `skipped`) add up to `planned`. `overdue` overlaps
/// them: it counts the open tasks (pending, in progress or blocked) due before the
/// summary's `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TaskCounts {
    /// All tasks counted, whatever their status.
    pub planned: u32,
    /// [`TaskStatus::Pending`].
    pub pending: u32,
    /// [`TaskStatus::InProgress`].
    pub in_progress: u32,
    /// [`TaskStatus::Completed`].
    pub completed: u32,
    /// [`TaskStatus::Failed`].
    pub failed: u32,
    /// [`TaskStatus::Blocked`].
    pub blocked: u32,
    /// [`TaskStatus::Skipped`].
    pub skipped: u32,
    /// Open and due before `now` (see [`crate::OperatorTask::is_overdue`]).
    pub overdue: u32,
}

impl TaskCounts {
    /// Counts `tasks` as of `now`.
    pub fn count<'a, T: TaskFacts + 'a>(
        tasks: impl IntoIterator<Item = &'a T>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut c = TaskCounts::default();
        for task in tasks {
            c.planned += 1;
            let slot = match task.current_status() {
                TaskStatus::Pending => &mut c.pending,
                TaskStatus::InProgress => &mut c.in_progress,
                TaskStatus::Completed => &mut c.completed,
                TaskStatus::Failed => &mut c.failed,
                TaskStatus::Blocked => &mut c.blocked,
                TaskStatus::Skipped => &mut c.skipped,
            };
            *slot += 1;
            if task.overdue_at(now) {
                c.overdue += 1;
            }
        }
        c
    }

    /// The counts from a store's [`StatusCounts`] of the week's tasks and the number of
    /// them that are overdue.
    pub fn from_status_counts(all: StatusCounts, overdue: u32) -> Self {
        TaskCounts {
            planned: all.total(),
            pending: all.get(TaskStatus::Pending),
            in_progress: all.get(TaskStatus::InProgress),
            completed: all.get(TaskStatus::Completed),
            failed: all.get(TaskStatus::Failed),
            blocked: all.get(TaskStatus::Blocked),
            skipped: all.get(TaskStatus::Skipped),
            overdue,
        }
    }

    /// The completion rate of these tasks: `completed / (planned − skipped)`.
    pub fn completion(&self) -> CompletionRate {
        CompletionRate::from_counts(self.completed, self.planned, self.skipped)
    }
}

/// One campaign's week: see [`weekly_summary`] for what is counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklySummary {
    /// The campaign.
    pub campaign_id: CampaignId,
    /// Its name when the summary was made.
    pub campaign_name: String,
    /// The ISO week, on the campaign's local calendar.
    pub week: ReportWeek,
    /// The campaign's time zone, which placed the week.
    pub time_zone: Tz,
    /// Monday 00:00 local, as UTC (inclusive).
    pub starts_at: DateTime<Utc>,
    /// The next Monday 00:00 local, as UTC (exclusive).
    pub ends_at: DateTime<Utc>,
    /// The `now` the summary was made at; overdue is judged against it.
    pub generated_at: DateTime<Utc>,
    /// Tasks due in the week.
    pub tasks: TaskCounts,
    /// `tasks.completed / (tasks.planned − tasks.skipped)`; `None` when that is 0.
    pub completion_rate: Option<f64>,
    /// All metrics recorded in the week, platform or not.
    pub metrics: MetricTotals,
    /// Metrics recorded in the week per platform: every platform of the campaign, plus any
    /// other platform an entry names.
    pub platforms: BTreeMap<Platform, MetricTotals>,
    /// The platform with the most engagements (see [`weekly_summary`]).
    pub top_platform: Option<Platform>,
    /// One line for people, e.g. `Week 2026-W48: 12 of 15 tasks done (80 %), 3 overdue;
    /// 14,230 impressions, engagement rate 3.1 %; best platform LinkedIn.`
    pub text: String,
}

/// Summarises `campaign`'s `week` as of `now`.
///
/// - **Week**: `[Monday 00:00, next Monday 00:00)` on the campaign's local calendar
///   ([`ReportWeek::bounds`]); a task due Sunday 23:30 local is in it, one due Monday
///   00:00 local is in the next.
/// - **Tasks**: those of this campaign whose `due_at` lies in the week, of every type and
///   status ([`TaskCounts`]); `planned` counts them all. Overdue: open and due before `now`.
/// - **Completion rate**: `completed / (planned − skipped)`, `None` when that is 0.
/// - **Metrics**: entries of this campaign whose `recorded_at` lies in the week, summed per
///   kind overall and per platform; engagements and the engagement rate as defined on
///   [`MetricTotals`] (rate `None` when impressions are 0).
/// - **Top platform**: the platform with the most engagements, if any has more than 0; on
///   a tie, the higher engagement rate (a rate beats none); then the earlier platform in
///   [`Platform::ALL`].
///
/// Tasks and metrics of other campaigns are ignored, so a caller may pass wider slices.
pub fn weekly_summary<T: TaskFacts>(
    campaign: &Campaign,
    tasks: &[T],
    metrics: &[MetricEntry],
    week: ReportWeek,
    now: DateTime<Utc>,
) -> WeeklySummary {
    let (starts_at, ends_at) = week.bounds(campaign.time_zone);
    let in_week = |t: DateTime<Utc>| starts_at <= t && t < ends_at;
    let counts = TaskCounts::count(
        tasks
            .iter()
            .filter(|t| t.campaign() == campaign.id && in_week(t.due())),
        now,
    );
    weekly_summary_of(campaign, counts, metrics, week, now)
}

/// [`weekly_summary`] from task counts already taken (e.g. by the store) and the metric
/// entries (those outside the week or campaign are ignored).
pub fn weekly_summary_of(
    campaign: &Campaign,
    counts: TaskCounts,
    metrics: &[MetricEntry],
    week: ReportWeek,
    now: DateTime<Utc>,
) -> WeeklySummary {
    let (starts_at, ends_at) = week.bounds(campaign.time_zone);
    let in_week = |t: DateTime<Utc>| starts_at <= t && t < ends_at;
    let entries: Vec<&MetricEntry> = metrics
        .iter()
        .filter(|m| m.campaign_id == campaign.id && in_week(m.recorded_at))
        .collect();
    let (totals, platforms) = totals_and_platforms(&entries, &campaign.platforms);
    let top = top_platform(&platforms);
    WeeklySummary {
        campaign_id: campaign.id,
        campaign_name: campaign.name.clone(),
        week,
        time_zone: campaign.time_zone,
        starts_at,
        ends_at,
        generated_at: now,
        tasks: counts,
        completion_rate: counts.completion().rate,
        metrics: totals,
        text: summary_text(week, &counts, &totals, top),
        platforms,
        top_platform: top,
    }
}

/// The best platform by engagements; ties as documented on [`weekly_summary`].
pub fn top_platform(platforms: &BTreeMap<Platform, MetricTotals>) -> Option<Platform> {
    // No rate ranks below any rate.
    let rank = |t: &MetricTotals| {
        (
            t.total_engagements,
            t.engagement_rate.unwrap_or(f64::NEG_INFINITY),
        )
    };
    let mut best: Option<(Platform, (f64, f64))> = None;
    // The map iterates in Platform::ALL order and only a strictly better platform replaces
    // the best so far, so a full tie keeps the earlier platform.
    for (&platform, totals) in platforms {
        if totals.total_engagements <= 0.0 {
            continue;
        }
        let (engagements, rate) = rank(totals);
        let better = best.is_none_or(|(_, (best_engagements, best_rate))| {
            engagements
                .total_cmp(&best_engagements)
                .then(rate.total_cmp(&best_rate))
                .is_gt()
        });
        if better {
            best = Some((platform, (engagements, rate)));
        }
    }
    best.map(|(platform, _)| platform)
}

fn summary_text(
    week: ReportWeek,
    tasks: &TaskCounts,
    metrics: &MetricTotals,
    top: Option<Platform>,
) -> String {
    let mut text = format!("Week {week}: ");
    let completion = tasks.completion();
    match completion.rate {
        _ if tasks.planned == 0 => text.push_str("no tasks due"),
        None => text.push_str(&format!("all {} skipped", tasks_word(tasks.planned))),
        Some(rate) => {
            text.push_str(&format!(
                "{} of {} done ({})",
                tasks.completed,
                tasks_word(completion.counted()),
                percent(rate, 0)
            ));
            for (n, what) in [
                (tasks.failed, "failed"),
                (tasks.blocked, "blocked"),
                (tasks.skipped, "skipped"),
            ] {
                if n > 0 {
                    text.push_str(&format!(", {n} {what}"));
                }
            }
            text.push_str(&format!(", {} overdue", tasks.overdue));
        }
    }
    text.push_str("; ");
    match metrics.engagement_rate {
        Some(rate) => text.push_str(&format!(
            "{} impressions, engagement rate {}",
            whole(metrics.by_kind.impressions),
            percent(rate, 1)
        )),
        None if metrics.entries == 0 => text.push_str("no metrics recorded"),
        None => text.push_str(&format!(
            "no impressions recorded, {} engagements",
            whole(metrics.total_engagements)
        )),
    }
    if let Some(platform) = top {
        text.push_str(&format!("; best platform {}", platform.label()));
    }
    text.push('.');
    text
}

fn tasks_word(n: u32) -> String {
    if n == 1 {
        "1 task".to_owned()
    } else {
        format!("{n} tasks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MetricKind, OperatorTask, TaskId};
    use crate::report::test_support::*;
    use chrono::TimeZone;
    use chrono_tz::{America::New_York, Europe::Berlin};

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn berlin(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(2026, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Week 2026-W13 in Berlin (DST starts Sunday 29 March), computed by hand.
    fn berlin_week() -> (Campaign, Vec<OperatorTask>, Vec<MetricEntry>) {
        use MetricKind::*;
        use Platform::*;
        use TaskStatus::*;
        let campaign = campaign(Berlin, &[LinkedIn, Instagram, X, Email]);
        let tasks = vec![
            task(1, Completed, berlin(3, 23, 10, 0)),
            task(2, Completed, berlin(3, 25, 9, 0)),
            task(3, Failed, berlin(3, 25, 12, 0)),
            task(4, Blocked, berlin(3, 26, 9, 0)),    // overdue
            task(5, InProgress, berlin(3, 27, 9, 0)), // overdue
            task(6, Skipped, berlin(3, 27, 12, 0)),
            task(7, Pending, berlin(3, 29, 23, 30)), // Sunday 23:30 CEST: this week
            task(8, Pending, berlin(3, 30, 0, 0)),   // Monday 00:00: next week
            task(9, Pending, berlin(3, 22, 23, 59)), // Sunday before: previous week
            OperatorTask {
                campaign_id: CampaignId(2), // another campaign
                ..task(10, Pending, berlin(3, 24, 9, 0))
            },
        ];
        let li = Some(LinkedIn);
        let ig = Some(Instagram);
        let x = Some(X);
        let (post1, post2) = (Some(TaskId(1)), Some(TaskId(2)));
        let metrics = vec![
            // LinkedIn post 1: two impression readings add up; parts make 30 engagements.
            metric(1, li, post1, Impressions, 1000.0),
            metric(2, li, post1, Impressions, 500.0),
            metric(3, li, post1, Likes, 20.0),
            metric(4, li, post1, Comments, 10.0),
            // LinkedIn post 2 reports 45 engagements; its likes are part of them.
            metric(5, li, post2, Engagements, 45.0),
            metric(6, li, post2, Likes, 40.0),
            // Instagram: 60 engagements on 2,500 impressions.
            metric(7, ig, None, Impressions, 2500.0),
            metric(8, ig, None, Likes, 50.0),
            metric(9, ig, None, Saves, 10.0),
            // X: no impressions; the Sunday 23:30 entry is in the week.
            metric(10, x, None, Likes, 7.0),
            MetricEntry {
                recorded_at: berlin(3, 29, 23, 30),
                ..metric(11, x, None, Clicks, 3.0)
            },
            // No platform: counts overall only.
            metric(12, None, None, Impressions, 500.0),
            // Outside the week or the campaign: ignored.
            MetricEntry {
                recorded_at: berlin(3, 30, 0, 0),
                ..metric(13, li, None, Impressions, 99_999.0)
            },
            MetricEntry {
                campaign_id: CampaignId(2),
                ..metric(14, li, None, Impressions, 77_777.0)
            },
        ];
        (campaign, tasks, metrics)
    }

    #[test]
    fn berlin_week_by_hand() {
        let (campaign, tasks, metrics) = berlin_week();
        let week = ReportWeek::new(2026, 13).unwrap();
        let now = utc(2026, 3, 28, 12, 0);
        let s = weekly_summary(&campaign, &tasks, &metrics, week, now);

        assert_eq!(
            (s.starts_at, s.ends_at),
            (utc(2026, 3, 22, 23, 0), utc(2026, 3, 29, 22, 0))
        );
        assert_eq!(
            s.tasks,
            TaskCounts {
                planned: 7,
                pending: 1,
                in_progress: 1,
                completed: 2,
                failed: 1,
                blocked: 1,
                skipped: 1,
                overdue: 2,
            }
        );
        assert_eq!(s.completion_rate, Some(2.0 / 6.0));

        let li = &s.platforms[&Platform::LinkedIn];
        assert_eq!(li.by_kind.impressions, 1500.0);
        assert_eq!(li.by_kind.likes, 60.0);
        assert_eq!(li.total_engagements, 30.0 + 45.0);
        assert_eq!(li.engagement_rate, Some(0.05));
        let ig = &s.platforms[&Platform::Instagram];
        assert_eq!(
            (ig.total_engagements, ig.engagement_rate),
            (60.0, Some(0.024))
        );
        let x = &s.platforms[&Platform::X];
        assert_eq!((x.total_engagements, x.engagement_rate), (10.0, None));
        assert_eq!(s.platforms[&Platform::Email], MetricTotals::default());

        assert_eq!(s.metrics.entries, 12);
        assert_eq!(s.metrics.by_kind.impressions, 1500.0 + 2500.0 + 500.0);
        assert_eq!(s.metrics.by_kind.likes, 20.0 + 40.0 + 50.0 + 7.0);
        assert_eq!(s.metrics.total_engagements, 75.0 + 60.0 + 10.0);
        assert_eq!(s.metrics.engagement_rate, Some(145.0 / 4500.0));
        assert_eq!(s.top_platform, Some(Platform::LinkedIn));
        assert_eq!(
            s.text,
            "Week 2026-W13: 2 of 6 tasks done (33 %), 1 failed, 1 blocked, 1 skipped, \
             2 overdue; 4,500 impressions, engagement rate 3.2 %; best platform LinkedIn."
        );
    }

    #[test]
    fn overdue_is_judged_against_now() {
        let (campaign, tasks, metrics) = berlin_week();
        let week = ReportWeek::new(2026, 13).unwrap();
        // After the week: the Sunday pending task is overdue too.
        let s = weekly_summary(&campaign, &tasks, &metrics, week, utc(2026, 4, 1, 0, 0));
        assert_eq!(s.tasks.overdue, 3);
        // Before the week: nothing is.
        let s = weekly_summary(&campaign, &tasks, &metrics, week, utc(2026, 3, 1, 0, 0));
        assert_eq!(s.tasks.overdue, 0);
    }

    #[test]
    fn new_york_sunday_late_and_monday_midnight() {
        let campaign = campaign(New_York, &[Platform::Email]);
        let ny = |d: u32, h: u32, min: u32| {
            New_York
                .with_ymd_and_hms(2026, 11, d, h, min, 0)
                .single()
                .unwrap()
                .with_timezone(&Utc)
        };
        let tasks = [
            task(1, TaskStatus::Completed, ny(1, 23, 30)), // Sunday 23:30 EST
            task(2, TaskStatus::Pending, ny(2, 0, 0)),     // Monday 00:00 EST
        ];
        let now = utc(2026, 11, 10, 0, 0);
        let w44 = ReportWeek::new(2026, 44).unwrap();
        let s44 = weekly_summary(&campaign, &tasks, &[], w44, now);
        assert_eq!((s44.tasks.planned, s44.tasks.completed), (1, 1));
        assert_eq!((s44.ends_at - s44.starts_at).num_hours(), 169);
        let s45 = weekly_summary(&campaign, &tasks, &[], w44.next(), now);
        assert_eq!(
            (s45.tasks.planned, s45.tasks.pending, s45.tasks.overdue),
            (1, 1, 1)
        );
        assert_eq!(s45.completion_rate, Some(0.0));
        assert_eq!(
            s45.text,
            "Week 2026-W45: 0 of 1 task done (0 %), 1 overdue; no metrics recorded."
        );
    }

    #[test]
    fn empty_week_and_zero_impressions() {
        let campaign = campaign(Tz::UTC, &[Platform::X]);
        let week = ReportWeek::new(2026, 13).unwrap();
        let now = utc(2026, 3, 28, 0, 0);
        let s = weekly_summary::<OperatorTask>(&campaign, &[], &[], week, now);
        assert_eq!(s.tasks, TaskCounts::default());
        assert_eq!(s.completion_rate, None);
        assert_eq!(s.metrics.engagement_rate, None);
        assert_eq!(s.top_platform, None);
        assert_eq!(s.text, "Week 2026-W13: no tasks due; no metrics recorded.");

        let metrics = [metric(
            1,
            Some(Platform::X),
            None,
            MetricKind::Likes,
            1234.0,
        )];
        let tasks = [task(1, TaskStatus::Skipped, utc(2026, 3, 24, 9, 0))];
        let s = weekly_summary(&campaign, &tasks, &metrics, week, now);
        assert_eq!(s.completion_rate, None);
        assert_eq!(s.metrics.engagement_rate, None);
        assert_eq!(s.top_platform, Some(Platform::X));
        assert_eq!(
            s.text,
            "Week 2026-W13: all 1 task skipped; no impressions recorded, 1,234 engagements; \
             best platform X (Twitter)."
        );
    }

    #[test]
    fn top_platform_ties_are_deterministic() {
        let totals = |engagements: f64, impressions: f64| MetricTotals {
            total_engagements: engagements,
            engagement_rate: super::super::totals::rate(engagements, impressions),
            ..MetricTotals::default()
        };
        let map = |items: &[(Platform, MetricTotals)]| items.iter().copied().collect();
        use Platform::*;
        // Most engagements wins.
        assert_eq!(
            top_platform(&map(&[
                (LinkedIn, totals(10.0, 100.0)),
                (Email, totals(11.0, 1e6))
            ])),
            Some(Email)
        );
        // Equal engagements: the higher rate wins, and any rate beats none.
        assert_eq!(
            top_platform(&map(&[
                (LinkedIn, totals(10.0, 1000.0)),
                (X, totals(10.0, 500.0))
            ])),
            Some(X)
        );
        assert_eq!(
            top_platform(&map(&[
                (LinkedIn, totals(10.0, 0.0)),
                (X, totals(10.0, 500.0))
            ])),
            Some(X)
        );
        // Full tie: the earlier platform in Platform::ALL.
        assert_eq!(
            top_platform(&map(&[
                (X, totals(10.0, 500.0)),
                (Instagram, totals(10.0, 500.0))
            ])),
            Some(Instagram)
        );
        // Nothing engaged: no top platform.
        assert_eq!(top_platform(&map(&[(X, totals(0.0, 500.0))])), None);
    }
}
