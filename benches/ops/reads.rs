//! The read paths: the operator queue, today + overdue of a campaign, the weekly summary and
//! a page of the campaign list, each checked equal on both sides before it is timed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use campaign_ops::core::report::{ReportWeek, TaskCounts, weekly_summary_of};
use campaign_ops::core::service::{CampaignFilter, local_day_bounds};
use campaign_ops::{CampaignId, CampaignQuery, Store};
use chrono::{DateTime, Utc};

use crate::dataset::{BIG_CAMPAIGN, QUEUE_ASSIGNEE, TYPICAL_CAMPAIGN, now};
use crate::harness::{Phases, Plan, fmt, interleaved, pair, timed};
use crate::report::{Line, Target};
use crate::{Bench, BoxResult};

const QUEUE_P50: Duration = Duration::from_micros(15);
const SUMMARY_TYPICAL_P50: Duration = Duration::from_micros(50);
const SUMMARY_BIG_P50: Duration = Duration::from_micros(200);
const LIST_P50: Duration = Duration::from_micros(200);
const LIST_TEXT_P50: Duration = Duration::from_millis(1);
/// The list's text filter: matches the clients "Client 040" to "Client 049" (about 1.4% of
/// the campaigns, so a page of 50 needs the whole index either way).
const LIST_TEXT: &str = "client 04";
const LIST_PAGE: usize = 50;

/// Runs the read benchmarks.
pub fn run(b: &mut Bench) -> BoxResult<()> {
    queue(b)?;
    today_and_overdue(b)?;
    for (id, campaign, label, limit) in [
        (
            "3",
            TYPICAL_CAMPAIGN,
            "a typical campaign (~100 tasks)",
            SUMMARY_TYPICAL_P50,
        ),
        (
            "3b",
            BIG_CAMPAIGN,
            "the 10,000-task campaign",
            SUMMARY_BIG_P50,
        ),
    ] {
        weekly_summary(b, id, campaign, label, limit)?;
    }
    list(b, "6", None, LIST_P50)?;
    list(b, "6b", Some(LIST_TEXT), LIST_TEXT_P50)?;
    Ok(())
}

fn queue(b: &mut Bench) -> BoxResult<()> {
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse()?;
    let (ops, sql) = (&b.ops, &b.sql);
    let queue = ops.operator_queue(QUEUE_ASSIGNEE, "Europe/Berlin")?;
    let (s_overdue, s_today) = sql.operator_queue(QUEUE_ASSIGNEE, berlin)?;
    assert_eq!(queue.overdue, s_overdue, "queue: same overdue tasks");
    assert_eq!(queue.due_today, s_today, "queue: same due-today tasks");
    // Beside them, the two index scans alone, in one read transaction, phase by phase.
    let now = now();
    let (_, end) = local_day_bounds(berlin, now);
    let store = &b.store;
    let mut phases = Phases::new(&["begin read", "overdue scan", "today scan"]);
    let mut scans = || {
        let t0 = Instant::now();
        store
            .read(|tx| {
                let t1 = Instant::now();
                let min = DateTime::<Utc>::MIN_UTC;
                black_box(tx.open_task_briefs_for_assignee(QUEUE_ASSIGNEE, min, now, 501)?);
                let t2 = Instant::now();
                black_box(tx.open_task_briefs_for_assignee(QUEUE_ASSIGNEE, now, end, 500)?);
                phases.record(&[t0, t1, t2, Instant::now()]);
                Ok(())
            })
            .unwrap();
        t0.elapsed()
    };
    let mut service = || {
        timed(|| {
            drop(black_box(
                ops.operator_queue(QUEUE_ASSIGNEE, "Europe/Berlin"),
            ))
        })
    };
    let mut sqlite = || timed(|| drop(black_box(sql.operator_queue(QUEUE_ASSIGNEE, berlin))));
    let st = interleaved(
        Plan::new(300, 20, 200),
        &mut [&mut service, &mut sqlite, &mut scans],
    );
    let (r, s) = (st[0], st[1]);
    let rows = queue.overdue.len() + queue.due_today.len();
    let line = b.report.line(Line {
        id: "1",
        what: format!("`operator_queue` of `{QUEUE_ASSIGNEE}` (~2,000 tasks), Europe/Berlin"),
        rows: format!(
            "{} overdue + {} today (briefs)",
            queue.overdue.len(),
            queue.due_today.len()
        ),
        redb: Some(r),
        sqlite: Some(s),
    });
    let ratio = Target::vs_sqlite("operator queue", 5.0, line, "Operator queue");
    b.report.targets.push(Target::at_most(
        "operator queue",
        QUEUE_P50,
        r,
        "Operator queue",
    ));
    b.report.targets.push(ratio);
    b.report.split(
        "Operator queue",
        vec![
            format!(
                "The store's part (in one read transaction, {rows} briefs from the covering \
                 `TASK_QUEUE` index): {}.",
                phases.summary()
            ),
            format!(
                "The call's p50 is {} (same rounds): {} beyond the scans, for checking the \
                 assignee and the zone, the local day and assembling the queue.",
                fmt(r.p50),
                fmt(r.p50.saturating_sub(phases.total().p50))
            ),
        ],
    );
    Ok(())
}

fn today_and_overdue(b: &mut Bench) -> BoxResult<()> {
    for (id, campaign, label) in [
        ("2", TYPICAL_CAMPAIGN, "typical campaign (100 tasks)"),
        ("2b", BIG_CAMPAIGN, "the 10,000-task campaign"),
    ] {
        let (ops, sql) = (&b.ops, &b.sql);
        let today = ops.get_today_tasks(campaign)?;
        let overdue = ops.get_overdue_tasks(campaign)?;
        let (s_today, s_overdue) = sql.today_and_overdue(campaign)?;
        assert_eq!(
            (&today, &overdue),
            (&s_today, &s_overdue),
            "tasks of {campaign}"
        );
        let (r, s) = pair(
            Plan::new(100, 10, 100),
            || {
                timed(|| {
                    black_box(ops.get_today_tasks(campaign).unwrap());
                    black_box(ops.get_overdue_tasks(campaign).unwrap());
                })
            },
            || timed(|| drop(black_box(sql.today_and_overdue(campaign).unwrap()))),
        );
        b.report.line(Line {
            id,
            what: format!("`get_today_tasks` + `get_overdue_tasks`, {label}, campaign {campaign}"),
            rows: format!(
                "{} today + {} overdue (full tasks)",
                today.len(),
                overdue.len()
            ),
            redb: Some(r),
            sqlite: Some(s),
        });
    }
    Ok(())
}

fn weekly_summary(
    b: &mut Bench,
    id: &'static str,
    campaign: CampaignId,
    label: &str,
    limit: Duration,
) -> BoxResult<()> {
    let (ops, sql) = (&b.ops, &b.sql);
    let summary = ops.generate_weekly_summary(campaign, None)?;
    let s_summary = sql.weekly_summary(campaign)?;
    assert_eq!(summary.week, s_summary.week);
    assert_eq!(
        summary.tasks, s_summary.tasks,
        "weekly summary: task counts"
    );
    assert_eq!(summary.metrics.entries, s_summary.entries, "metric rows");
    assert_eq!(summary.metrics.by_kind.impressions, s_summary.impressions);
    assert_eq!(summary.metrics.by_kind.engagements, s_summary.engagements);
    for (p, engagements) in &s_summary.by_platform {
        assert_eq!(summary.platforms[p].by_kind.engagements, *engagements);
    }
    // Beside them, the same steps as the service, timed one by one in one read.
    let now = now();
    let store = &b.store;
    let mut phases = Phases::new(&["campaign", "task counts (one pass)", "metrics", "summary"]);
    let mut steps = || {
        let start = Instant::now();
        store
            .read(|tx| {
                let t0 = Instant::now();
                let c = tx.campaign(campaign)?.expect("exists");
                let t1 = Instant::now();
                let week = ReportWeek::containing(now, c.time_zone);
                let (start, end) = week.bounds(c.time_zone);
                // As the service counts: one pass, the overdue ones split off by `now`.
                let (all, overdue) = tx.task_counts_split(campaign, start, end, now)?;
                let t2 = Instant::now();
                let metrics = tx.metrics_recorded(campaign, start, end, None, 1000)?;
                let t3 = Instant::now();
                let counts = TaskCounts::from_status_counts(all, overdue);
                black_box(weekly_summary_of(&c, counts, &metrics, week, now));
                phases.record(&[t0, t1, t2, t3, Instant::now()]);
                Ok(())
            })
            .unwrap();
        start.elapsed()
    };
    let mut service = || timed(|| drop(black_box(ops.generate_weekly_summary(campaign, None))));
    let mut sqlite = || timed(|| drop(black_box(sql.weekly_summary(campaign))));
    let st = interleaved(
        Plan::new(50, 10, 100),
        &mut [&mut service, &mut sqlite, &mut steps],
    );
    let (r, s) = (st[0], st[1]);
    let what = format!("`generate_weekly_summary`, {label}, campaign {campaign}");
    b.report.line(Line {
        id,
        what: what.clone(),
        rows: format!(
            "{} tasks due in {}, {} metrics",
            summary.tasks.planned, summary.week, summary.metrics.entries
        ),
        redb: Some(r),
        sqlite: Some(s),
    });
    b.report.targets.push(Target::at_most(
        &format!("weekly summary, {label}"),
        limit,
        r,
        "Weekly summary",
    ));
    let item = format!(
        "{label} ({} tasks in the week, {} metrics), p50 {}: {}; the rest (beginning the read, \
         the service's own steps) {}.",
        summary.tasks.planned,
        summary.metrics.entries,
        fmt(r.p50),
        phases.summary(),
        fmt(r.p50.saturating_sub(phases.total().p50))
    );
    b.report.split_item("Weekly summary", item);
    Ok(())
}

fn list(b: &mut Bench, id: &'static str, text: Option<&str>, limit: Duration) -> BoxResult<()> {
    let mut filter = CampaignFilter::default();
    filter.text = text.map(str::to_owned);
    let (ops, sql) = (&b.ops, &b.sql);
    let page = ops.list_campaigns(&filter, LIST_PAGE, None)?;
    let s_page = sql.list_campaigns(text, None, LIST_PAGE)?;
    assert_eq!(page, s_page, "the same page of campaigns");
    // Beside them, the store's page query of 50 and of 1 (what finding and counting the
    // matches costs without loading 49 more campaigns), and SQLite's page of 1.
    let query = |limit: usize| {
        let mut q = CampaignQuery::first(limit);
        q.text = text.map(CampaignQuery::fold);
        q
    };
    let (q50, q1) = (query(LIST_PAGE), query(1));
    let store = &b.store;
    let mut service = || timed(|| drop(black_box(ops.list_campaigns(&filter, LIST_PAGE, None))));
    let mut sqlite = || timed(|| drop(black_box(sql.list_campaigns(text, None, LIST_PAGE))));
    let mut page50 = || timed(|| drop(black_box(store.read(|tx| tx.campaign_page(&q50)))));
    let mut page1 = || timed(|| drop(black_box(store.read(|tx| tx.campaign_page(&q1)))));
    let mut sqlite1 = || timed(|| drop(black_box(sql.list_campaigns(text, None, 1))));
    let st = interleaved(
        Plan::new(50, 10, 100),
        &mut [
            &mut service,
            &mut sqlite,
            &mut page50,
            &mut page1,
            &mut sqlite1,
        ],
    );
    let (r, s, p50, p1, sqlite) = (st[0], st[1], st[2], st[3], st[4]);
    let label = match text {
        None => "no filter".to_owned(),
        Some(t) => format!("text filter `{t}`"),
    };
    let line = b.report.line(Line {
        id,
        what: format!("`list_campaigns`, first page of {LIST_PAGE}, {label}"),
        rows: format!("{} campaigns, total {}", page.items.len(), page.total),
        redb: Some(r),
        sqlite: Some(s),
    });
    let ratio = Target::vs_sqlite(
        &format!("campaign page, {label}"),
        2.0,
        line,
        "Campaign list",
    );
    b.report.targets.push(Target::at_most(
        &format!(
            "campaign page of {LIST_PAGE} at {} campaigns, {label}",
            b.manifest.campaigns
        ),
        limit,
        r,
        "Campaign list",
    ));
    b.report.targets.push(ratio);
    let item = format!(
        "{label}: the call p50 {}; the store's `campaign_page` of {LIST_PAGE} {}, of 1 {} (so \
         finding and counting {} matches costs about {}, loading and decoding {} more \
         campaigns {}); SQLite's page of 1 {} against its page of {LIST_PAGE} {}.",
        fmt(r.p50),
        fmt(p50.p50),
        fmt(p1.p50),
        page.total,
        fmt(p1.p50),
        LIST_PAGE - 1,
        fmt(p50.p50.saturating_sub(p1.p50)),
        fmt(sqlite.p50),
        fmt(s.p50)
    );
    b.report.split_item("Campaign list", item);
    if let Some(text) = text {
        let item = substring_split(b, &CampaignQuery::fold(text))?;
        b.report.split_item("Campaign list", item);
    }
    Ok(())
}

/// How much of the text filter's scan is the substring test itself: the store's test
/// (`contains` in store/src/read/campaigns.rs, byte windows compared one by one) replicated
/// here over every campaign's folded search text, against `str::contains`.
fn substring_split(b: &Bench, needle: &str) -> BoxResult<String> {
    let mut texts = vec![];
    let mut after = None;
    loop {
        let page = b
            .ops
            .list_campaigns(&CampaignFilter::default(), 500, after)?;
        texts.extend(page.items.iter().map(CampaignQuery::search_text));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    fn windows(haystack: &[u8], needle: &[u8]) -> bool {
        needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
    }
    let n = needle.as_bytes();
    let (naive, std) = pair(
        Plan::new(5, 10, 20),
        || {
            timed(|| {
                black_box(texts.iter().filter(|t| windows(t.as_bytes(), n)).count());
            })
        },
        || {
            timed(|| {
                black_box(texts.iter().filter(|t| t.contains(needle)).count());
            })
        },
    );
    let bytes: usize = texts.iter().map(String::len).sum();
    Ok(format!(
        "The substring test alone over the {} search texts ({:.0} KiB): the store's byte-window \
         test {}, `str::contains` {}.",
        texts.len(),
        bytes as f64 / 1024.0,
        fmt(naive.p50),
        fmt(std.p50)
    ))
}
