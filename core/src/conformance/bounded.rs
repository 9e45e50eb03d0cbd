//! Bounded reads: the real service over the backend under test, counted by
//! [`CountingStore`], on a data set larger than any page. Each call must touch records in
//! proportion to its page or its answer, never to the data: 120 campaigns, three of them
//! with 300 tasks each (most due weeks ahead), 360 metric entries.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;
use crate::model::*;
use crate::report::ReportWeek;
use crate::service::{CampaignFilter, TickWindow};
use crate::store::Sequence;
use crate::testing::{CountingStore, RecordKind, Tally};
use crate::{Actor, CampaignOps, FixedClock};

const CAMPAIGNS: u64 = 120;
/// Campaigns (the first ones) that carry a backlog of [`PER_BIG`] tasks.
const BIG: usize = 3;
/// Per big campaign: open tasks due yesterday (overdue), of which 2 are ana's.
const OVERDUE: usize = 10;
/// Per big campaign: open tasks due later today, of which 1 is ana's.
const TODAY: usize = 5;
/// Per big campaign: open tasks due tomorrow, within the next 24 hours.
const SOON: usize = 3;
/// Per big campaign: tasks due from the day after tomorrow on, every 4 hours.
const FUTURE: usize = 282;
const PER_BIG: usize = OVERDUE + TODAY + SOON + FUTURE;
/// Metric entries of the first campaign, every 6 hours from 2 February.
const METRICS: usize = 360;
/// Records a call may read beyond its answer: the campaign it loads, a count or two.
const SLACK: u64 = 4;

/// Wednesday 4 March 2026, 10:00 in New York (the builders' zone), 15:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 4, 15, 0, 0).unwrap()
}

fn utc(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// What the data set holds, for the expected answers.
struct Data {
    campaigns: Vec<CampaignId>,
    week: ReportWeek,
    /// The first campaign's tasks due in `week`.
    week_tasks: u32,
    /// The first campaign's metric entries recorded in `week`.
    week_metrics: u64,
}

fn new_task(
    tx: &mut dyn WriteTx,
    c: CampaignId,
    assignee: &str,
    due: DateTime<Utc>,
    status: TaskStatus,
) -> Result<()> {
    let id = tx.next_id(Sequence::Task)?;
    tx.put_task(&task(id, c.0, Some(assignee), due, status))
}

fn populate<S: Store>(store: &S) -> Data {
    let campaigns: Vec<CampaignId> = write(store, |tx| {
        (1..=CAMPAIGNS)
            .map(|n| {
                let id = tx.next_id(Sequence::Campaign)?;
                tx.put_campaign(&campaign(
                    id,
                    &format!("Campaign {n:03}"),
                    CampaignStatus::Active,
                ))?;
                Ok(CampaignId(id))
            })
            .collect()
    });
    let tz = chrono_tz::America::New_York;
    let week = ReportWeek::containing(now(), tz);
    let mut week_tasks = 0;
    for (b, &c) in campaigns[..BIG].iter().enumerate() {
        let mut dues = vec![];
        write(store, |tx| {
            dues.clear();
            let open = [
                TaskStatus::Pending,
                TaskStatus::InProgress,
                TaskStatus::Blocked,
            ];
            for k in 0..OVERDUE {
                let due = utc(3, 12) + Duration::minutes(30 * k as i64);
                let who = if k < 2 { "ana" } else { "bob" };
                new_task(tx, c, who, due, open[k % 3])?;
                dues.push(due);
            }
            for k in 0..TODAY {
                let due = now() + Duration::minutes(60 + 30 * k as i64);
                new_task(
                    tx,
                    c,
                    if k < 1 { "ana" } else { "bob" },
                    due,
                    TaskStatus::Pending,
                )?;
                dues.push(due);
            }
            for k in 0..SOON {
                let due = utc(5, 8) + Duration::hours(k as i64);
                new_task(tx, c, "bob", due, TaskStatus::Pending)?;
                dues.push(due);
            }
            for k in 0..FUTURE {
                let due = utc(6, 0) + Duration::hours(4 * k as i64);
                let status = if k % 3 == 0 {
                    TaskStatus::Completed
                } else {
                    TaskStatus::Pending
                };
                // The first campaign's future work is ana's too: her queue must not read it.
                new_task(tx, c, if b == 0 { "ana" } else { "bob" }, due, status)?;
                dues.push(due);
            }
            Ok(())
        });
        if b == 0 {
            week_tasks = dues.iter().filter(|&&d| week.contains(d, tz)).count() as u32;
        }
    }
    write(store, |tx| {
        for &c in &campaigns[BIG..] {
            new_task(tx, c, "ana", utc(10, 9), TaskStatus::Pending)?;
            new_task(tx, c, "ana", utc(11, 9), TaskStatus::Pending)?;
        }
        Ok(())
    });
    let first = Utc.with_ymd_and_hms(2026, 2, 2, 0, 0, 0).unwrap();
    let recorded: Vec<DateTime<Utc>> = (0..METRICS)
        .map(|k| first + Duration::hours(6 * k as i64))
        .collect();
    write(store, |tx| {
        for &at in &recorded {
            let id = tx.next_id(Sequence::Metric)?;
            tx.put_metric(&metric_at(id, campaigns[0].0, at))?;
        }
        Ok(())
    });
    let week_metrics = recorded.iter().filter(|&&t| week.contains(t, tz)).count() as u64;
    Data {
        campaigns,
        week,
        week_tasks,
        week_metrics,
    }
}

type Ops<'a, S> = CampaignOps<CountingStore<&'a S>, FixedClock>;

/// Runs `f` on `ops` and returns its answer with what it touched.
#[track_caller]
fn measured<'a, S: Store, T>(
    ops: &Ops<'a, S>,
    f: impl FnOnce(&Ops<'a, S>) -> Result<T>,
) -> (T, Tally) {
    ops.store().reset();
    let answer = f(ops).expect("the service call");
    (answer, ops.store().tally())
}

/// The service's listing, queue, report and escalation calls read a number of records
/// bounded by their page or answer (plus a slack of 4 for the campaign they load and their
/// counts) on a data set far larger than that:
///
/// - `list_campaigns` of 10 (first page, next page) and a filtered page of 5: at most 10
///   (5) campaign records;
/// - `operator_queue`: only the queue's briefs (6 overdue + 3 today), no task record;
/// - `get_today_tasks` / `get_overdue_tasks`: only today's 5 / the 10 overdue tasks;
/// - `generate_weekly_summary`: no task record or brief (counts come from `task_counts`)
///   and only the week's metric entries;
/// - `get_task_completion_rate` and `tick_batch`: no task record at all;
/// - `escalate_batch`: only the overdue tasks and those due in the next 24 hours (18), not
///   the 282 later ones, writing one REVIEW task and its audit entry in one attempt; with
///   nothing overdue, no task at all.
pub fn service_reads_are_bounded_by_the_page<S: Store>(store: &S) {
    use RecordKind as K;
    let data = populate(store);
    let ops: Ops<'_, S> = CampaignOps::new(CountingStore::new(store), FixedClock::new(now()));
    let c1 = data.campaigns[0];

    let all = CampaignFilter::default();
    let (page, t) = measured(&ops, |o| o.list_campaigns(&all, 10, None));
    assert_eq!(
        (page.items.len(), page.total),
        (10, CAMPAIGNS),
        "first page"
    );
    assert!(
        t.read_of(K::Campaign) <= 10 && t.records_read() <= 10 + SLACK,
        "list_campaigns(10): {t:?}"
    );
    let (next, t) = measured(&ops, |o| o.list_campaigns(&all, 10, page.next));
    assert_eq!(next.items.len(), 10, "second page");
    assert!(
        next.items[0].id > page.items[9].id,
        "the second page follows the first"
    );
    assert!(
        t.read_of(K::Campaign) <= 10 && t.records_read() <= 10 + SLACK,
        "second page: {t:?}"
    );
    let filter = CampaignFilter {
        status: Some(CampaignStatus::Active),
        text: Some("CAMPAIGN 05".to_owned()),
        ..CampaignFilter::default()
    };
    let (filtered, t) = measured(&ops, |o| o.list_campaigns(&filter, 5, None));
    assert_eq!(
        (filtered.items.len(), filtered.total),
        (5, 10),
        "campaigns 050 to 059"
    );
    assert!(
        t.read_of(K::Campaign) <= 5 && t.records_read() <= 5 + SLACK,
        "filtered page: {t:?}"
    );

    let (queue, t) = measured(&ops, |o| o.operator_queue("ana", "America/New_York"));
    assert_eq!(
        (queue.overdue.len(), queue.due_today.len()),
        (2 * BIG, BIG),
        "ana's queue"
    );
    assert!(!queue.more_overdue);
    let briefs = (3 * BIG) as u64;
    assert_eq!(
        t.read_of(K::Task),
        0,
        "operator_queue reads briefs, not tasks: {t:?}"
    );
    assert!(
        t.read_of(K::TaskBrief) <= briefs && t.records_read() <= briefs + SLACK,
        "queue: {t:?}"
    );

    let (today, t) = measured(&ops, |o| o.get_today_tasks(c1));
    assert_eq!(today.len(), TODAY, "today's tasks");
    assert!(
        t.read_of(K::Task) <= TODAY as u64 && t.records_read() <= TODAY as u64 + SLACK,
        "today: {t:?}"
    );
    let (overdue, t) = measured(&ops, |o| o.get_overdue_tasks(c1));
    assert_eq!(overdue.len(), OVERDUE, "overdue tasks");
    assert!(t.read_of(K::Task) <= OVERDUE as u64, "overdue: {t:?}");

    let (summary, t) = measured(&ops, |o| o.generate_weekly_summary(c1, Some(data.week)));
    assert_eq!(
        summary.tasks.planned, data.week_tasks,
        "the week's tasks are counted"
    );
    assert!(
        data.week_tasks > 0 && data.week_metrics > 0,
        "the week has data"
    );
    assert_eq!(
        t.read_of(K::Task) + t.read_of(K::TaskBrief),
        0,
        "summary counts, loads no task: {t:?}"
    );
    assert!(
        t.read_of(K::Metric) <= data.week_metrics,
        "only the week's metrics: {t:?}"
    );
    assert!(
        t.records_read() <= data.week_metrics + SLACK,
        "summary: {t:?}"
    );

    let (rate, t) = measured(&ops, |o| o.get_task_completion_rate(c1));
    assert_eq!(
        (rate.total, rate.completed),
        (PER_BIG as u32, FUTURE.div_ceil(3) as u32)
    );
    assert_eq!(
        t.read_of(K::Task) + t.read_of(K::TaskBrief),
        0,
        "completion rate: {t:?}"
    );
    assert!(t.records_read() <= SLACK, "completion rate: {t:?}");

    let actor = Actor::system();
    let window = TickWindow::new(
        now() - Duration::hours(1),
        now(),
        now(),
        now() + Duration::hours(1),
    );
    let (_, t) = measured(&ops, |o| {
        o.tick_batch(&actor, &data.campaigns[..BIG], window, |_, _| Ok(()))
    });
    assert_eq!(
        t.read_of(K::Task) + t.read_of(K::TaskBrief),
        0,
        "the tick counts: {t:?}"
    );

    let near = (OVERDUE + TODAY + SOON) as u64;
    let (batch, t) = measured(&ops, |o| {
        o.escalate_batch(&actor, &[c1], now(), |_, _| Ok(()))
    });
    assert_eq!(
        (batch.0.created.len(), batch.0.escalated_tasks),
        (1, OVERDUE as u32),
        "escalation"
    );
    assert!(
        t.read_of(K::Task) <= near,
        "escalation reads overdue + next 24 h only: {t:?}"
    );
    assert_eq!(
        (
            t.written_of(K::Task),
            t.written_of(K::Audit),
            t.write_attempts
        ),
        (1, 1, 1),
        "{t:?}"
    );
    let (again, t) = measured(&ops, |o| {
        o.escalate_batch(&actor, &[c1], now(), |_, _| Ok(()))
    });
    assert_eq!(
        (again.0.created.len(), again.0.already_escalated),
        (0, OVERDUE as u32),
        "no duplicate"
    );
    assert!(
        t.read_of(K::Task) <= near + 1,
        "the second pass also reads its REVIEW task only: {t:?}"
    );
    // Before the first overdue task was due nothing is overdue: the pass reads no task of
    // the next 24 hours (the tasks due then), as nothing could be listed.
    let early = utc(3, 11);
    let (none, t) = measured(&ops, |o| {
        o.escalate_batch(&actor, &[c1], early, |_, _| Ok(()))
    });
    assert_eq!(
        (none.0.created.len(), none.0.campaigns),
        (0, 1),
        "nothing due"
    );
    assert_eq!(
        t.read_of(K::Task),
        0,
        "no overdue task, no later range: {t:?}"
    );
}
