//! Metrics in both orders (by id, by recorded time) and stored weekly summaries.

use chrono::{DateTime, Utc};

use super::*;
use crate::model::*;
use crate::report::ReportWeek;

type MetricKey = (DateTime<Utc>, MetricId);

/// `metrics_page` walks a campaign's entries by ascending id; `metrics_recorded` by
/// ascending `(recorded_at, id)` within `from <= recorded_at < until`, ties on equal times
/// by id, after the cursor; both at most `limit`, following changes.
pub fn metrics_by_id_and_by_recorded_time<S: Store>(store: &S) {
    let layout = [
        (1, 1, 10),
        (2, 1, 3),
        (3, 2, 4),
        (4, 1, 10),
        (5, 1, 3),
        (6, 1, 10),
        (7, 1, 12),
    ];
    write(store, |tx| {
        layout
            .iter()
            .try_for_each(|&(id, c, h)| tx.put_metric(&metric_at(id, c, at(h))))
    });
    let by_id = |c: u64, after: Option<MetricId>, limit| {
        read(store, |tx| tx.metrics_page(CampaignId(c), after, limit))
    };
    let walked = pages(2, |after, limit| by_id(1, after, limit), |m| m.id);
    assert_eq!(
        page_ids(&walked),
        [vec![1, 2], vec![4, 5], vec![6, 7]],
        "by id, pages of 2"
    );
    assert_eq!(
        ids(&by_id(1, Some(MetricId(3)), 10)),
        [4, 5, 6, 7],
        "cursor of another campaign"
    );
    assert_eq!(ids(&by_id(2, None, 10)), [3]);
    assert!(by_id(1, None, 0).is_empty(), "limit 0");
    assert!(by_id(1, Some(MetricId(7)), 10).is_empty(), "past the end");
    assert_eq!(by_id(2, None, 1), [metric_at(3, 2, at(4))], "whole records");

    let by_time = |c: u64, from: i64, until: i64, after: Option<MetricKey>, limit| {
        read(store, |tx| {
            tx.metrics_recorded(CampaignId(c), at(from), at(until), after, limit)
        })
    };
    let key = |m: &MetricEntry| (m.recorded_at, m.id);
    let walk = |limit| page_ids(&pages(limit, |after, l| by_time(1, 0, 24, after, l), key));
    assert_eq!(
        ids(&by_time(1, 0, 24, None, 100)),
        [2, 5, 1, 4, 6, 7],
        "by time, then id"
    );
    assert_eq!(walk(2), [vec![2, 5], vec![1, 4], vec![6, 7]], "pages of 2");
    assert_eq!(
        walk(4),
        [vec![2, 5, 1, 4], vec![6, 7]],
        "a page split in a tie"
    );
    let inside_tie = Some((at(10), MetricId(1)));
    assert_eq!(
        ids(&by_time(1, 0, 24, inside_tie, 100)),
        [4, 6, 7],
        "cursor inside a tie"
    );
    assert_eq!(
        ids(&by_time(1, 3, 10, None, 100)),
        [2, 5],
        "half-open range"
    );
    assert_eq!(ids(&by_time(1, 10, 12, None, 100)), [1, 4, 6]);
    assert_eq!(ids(&by_time(2, 0, 24, None, 100)), [3], "another campaign");
    assert!(by_time(1, 10, 10, None, 100).is_empty(), "empty range");
    assert!(by_time(1, 12, 3, None, 100).is_empty(), "reversed range");
    assert!(by_time(1, 0, 24, None, 0).is_empty(), "limit 0");

    write(store, |tx| {
        tx.put_metric(&metric_at(2, 1, at(11)))?;
        tx.put_metric(&metric_at(3, 1, at(3)))
    });
    assert_eq!(
        ids(&by_time(1, 0, 24, None, 100)),
        [3, 5, 1, 4, 6, 2, 7],
        "re-recorded, moved"
    );
    assert_eq!(ids(&by_id(1, None, 100)), [1, 2, 3, 4, 5, 6, 7]);
    assert!(by_id(2, None, 100).is_empty());
}

/// Weekly summaries: one per campaign and week (a second put replaces it), found by key,
/// paged by ascending week after a cursor week, at most `limit`.
pub fn weekly_summaries_by_key_and_pages<S: Store>(store: &S) {
    let c1 = campaign(1, "Summaries", CampaignStatus::Active);
    let c2 = campaign(2, "Other", CampaignStatus::Active);
    write(store, |tx| {
        for week in [12, 9, 1, 30, 10] {
            tx.put_weekly_summary(&summary(&c1, week, 0))?;
        }
        tx.put_weekly_summary(&summary(&c2, 10, 0))?;
        tx.put_weekly_summary(&summary(&c1, 12, 5))
    });
    let week = |w: u32| ReportWeek::new(2026, w).expect("a week of 2026");
    let one = |c: u64, w: u32| read(store, |tx| tx.weekly_summary(CampaignId(c), week(w)));
    assert_eq!(
        one(1, 12),
        Some(summary(&c1, 12, 5)),
        "replaced by the second put"
    );
    assert_eq!(one(2, 10), Some(summary(&c2, 10, 0)));
    assert_eq!(one(2, 12), None, "per campaign");
    assert_eq!(one(1, 11), None);
    let weeks = |c: u64, after: Option<ReportWeek>, limit| {
        read(store, |tx| tx.weekly_summaries(CampaignId(c), after, limit))
            .iter()
            .map(|s| s.week.week())
            .collect::<Vec<_>>()
    };
    let walked = pages(2, |after, limit| weeks(1, after.map(week), limit), |w| *w);
    assert_eq!(
        walked,
        [vec![1, 9], vec![10, 12], vec![30]],
        "ascending week, pages of 2"
    );
    assert_eq!(
        weeks(1, Some(week(11)), 10),
        [12, 30],
        "cursor week not stored"
    );
    assert_eq!(
        weeks(1, Some(week(30)), 10),
        Vec::<u32>::new(),
        "past the end"
    );
    assert_eq!(weeks(1, None, 0), Vec::<u32>::new(), "limit 0");
    assert_eq!(weeks(2, None, 10), [10]);
    assert_eq!(weeks(3, None, 10), Vec::<u32>::new());
    // Weeks order by ISO year first: 2025-W52 comes before 2026-W01.
    let late = ReportWeek::new(2025, 52).expect("a week of 2025");
    write(store, |tx| {
        let mut s = summary(&c1, 1, 0);
        s.week = late;
        tx.put_weekly_summary(&s)
    });
    let all = read(store, |tx| tx.weekly_summaries(CampaignId(1), None, 2));
    assert_eq!(
        all.iter().map(|s| s.week).collect::<Vec<_>>(),
        [late, week(1)]
    );
}
