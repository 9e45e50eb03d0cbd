//! One transaction at a time: records round-trip, a transaction sees its own writes, ids,
//! a failed closure changes nothing.

use chrono::Duration;

use super::*;
use crate::Result;
use crate::model::*;
use crate::store::Sequence;

/// Every model type reads back equal to what was written: in the writing transaction and
/// after commit. Covers every field kind (time zones, dates, maps, floats down to
/// `f64::MIN_POSITIVE`, options set and unset, nested vectors, instants to the nanosecond
/// as a system clock makes them); a replaced record is replaced whole.
pub fn round_trip_every_model<S: Store>(store: &S) {
    let mut open_ended = campaign(2, "Open ended", CampaignStatus::Active);
    open_ended.end_date = None;
    open_ended.primary_cta = None;
    open_ended.metadata.clear();
    open_ended.time_zone = chrono_tz::Asia::Kolkata;
    open_ended.created_at = at(0) + Duration::nanoseconds(123_456_789);
    let campaigns = [campaign(1, "Spring", CampaignStatus::Draft), open_ended];
    let mut any_platform = plan(2, 1, 2);
    any_platform.messaging_angles.truncate(1);
    any_platform.phases[0].kpis[0].platform = None;
    let plans = [plan(1, 1, 1), any_platform];
    let mut precise = item(1, 1, 1, at(5) + Duration::nanoseconds(123_456_789));
    precise.notes = Some("note".to_owned());
    let mut bare_item = item(2, 1, 1, at(1) + Duration::nanoseconds(1));
    bare_item.asset_ref = None;
    let items = [precise, bare_item];

    let mut full = task(2, 1, Some("ana"), at(7), TaskStatus::Completed);
    full.calendar_item_id = Some(CalendarItemId(1));
    full.parent_task_id = Some(TaskId(1));
    full.related_task_ids = vec![TaskId(1), TaskId(3)];
    full.asset_ref = Some("assets/a.png".to_owned());
    full.outcome = Some("posted".to_owned());
    full.proof = Some(CompletionProof {
        kind: ProofKind::Url,
        value: "https://x.com/acme/status/1".to_owned(),
    });
    full.reason = Some("none".to_owned());
    full.started_at = Some(at(6));
    full.finished_at = Some(at(7) + Duration::microseconds(1));
    let mut bare = task(1, 1, None, at(3), TaskStatus::Pending);
    bare.platform = None;
    bare.content_type = None;
    bare.copy = None;
    bare.instructions.clear();
    let tasks = [bare, full];

    let mut bare_metric = metric(2, 1, 0.0);
    bare_metric.task_id = None;
    bare_metric.platform = None;
    bare_metric.notes = None;
    let mut tiny = metric_at(3, 1, at(1) + Duration::nanoseconds(1));
    tiny.value = f64::MIN_POSITIVE;
    let metrics = [metric(1, 1, 1234.5), bare_metric, tiny];
    let summaries = [summary(&campaigns[0], 10, 3)];
    let mut bare_run = run("TICK", "2026-03-02", RunStatus::Queued);
    (
        bare_run.next_attempt_at,
        bare_run.last_error,
        bare_run.report,
    ) = (None, None, None);
    bare_run.checkpoint = None;
    let runs = [run("TICK", "2026-03-01", RunStatus::Succeeded), bare_run];
    let mut first = audit(1, None);
    first.before = None;
    first.details = Some("created".to_owned());
    let audits = [first, audit(2, Some(1))];

    let check = |tx: &dyn ReadTx, when: &str| -> Result<()> {
        for c in &campaigns {
            assert_eq!(
                tx.campaign(c.id)?.as_ref(),
                Some(c),
                "campaign {} {when}",
                c.id
            );
        }
        for p in &plans {
            assert_eq!(tx.plan(p.id)?.as_ref(), Some(p), "plan {} {when}", p.id);
        }
        for i in &items {
            let item = tx.calendar_item(i.id)?;
            assert_eq!(item.as_ref(), Some(i), "item {} {when}", i.id);
        }
        for t in &tasks {
            assert_eq!(tx.task(t.id)?.as_ref(), Some(t), "task {} {when}", t.id);
        }
        assert_eq!(
            tx.metrics_page(CampaignId(1), None, 10)?,
            metrics,
            "metrics {when}"
        );
        let week = summaries[0].week;
        let stored = tx.weekly_summary(CampaignId(1), week)?;
        assert_eq!(stored.as_ref(), Some(&summaries[0]), "summary {when}");
        for r in &runs {
            assert_eq!(
                tx.action_run(&r.key)?.as_ref(),
                Some(r),
                "run {} {when}",
                r.key
            );
        }
        assert_eq!(tx.audit_entries(None, 10)?, audits, "audit entries {when}");
        assert_eq!(
            tx.campaign(CampaignId(99))?,
            None,
            "missing campaign {when}"
        );
        assert_eq!(tx.plan(PlanId(99))?, None, "missing plan {when}");
        assert_eq!(
            tx.calendar_item(CalendarItemId(99))?,
            None,
            "missing item {when}"
        );
        assert_eq!(tx.task(TaskId(99))?, None, "missing task {when}");
        assert_eq!(
            tx.action_run("TICK 1999-01-01")?,
            None,
            "missing run {when}"
        );
        Ok(())
    };

    write(store, |tx| {
        campaigns.iter().try_for_each(|c| tx.put_campaign(c))?;
        plans.iter().try_for_each(|p| tx.put_plan(p))?;
        items.iter().try_for_each(|i| tx.put_calendar_item(i))?;
        tasks.iter().try_for_each(|t| tx.put_task(t))?;
        metrics.iter().try_for_each(|m| tx.put_metric(m))?;
        summaries
            .iter()
            .try_for_each(|s| tx.put_weekly_summary(s))?;
        runs.iter().try_for_each(|r| tx.put_action_run(r))?;
        audits.iter().try_for_each(|a| tx.append_audit(a))?;
        check(&*tx, "inside the writing transaction")
    });
    read(store, |tx| check(tx, "after commit"));
    let mut changed = campaigns[0].clone();
    changed.description = "changed".to_owned();
    changed.metadata.clear();
    write(store, |tx| tx.put_campaign(&changed));
    assert_eq!(read(store, |tx| tx.campaign(CampaignId(1))), Some(changed));
}

/// Inside a write transaction every query (records and indexes) sees the transaction's own
/// uncommitted changes, also changes made after an earlier read.
pub fn writes_see_their_own_changes<S: Store>(store: &S) {
    use crate::store::CampaignQuery;
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Own", CampaignStatus::Active))?;
        assert!(tx.campaign(CampaignId(1))?.is_some(), "campaign by id");
        assert_eq!(
            tx.campaign_id_by_name("own")?,
            Some(CampaignId(1)),
            "by name"
        );
        let mut active = CampaignQuery::first(10);
        active.status = Some(CampaignStatus::Active);
        assert_eq!(ids(&tx.campaign_page(&active)?.items), [1], "campaign page");
        let everything = CampaignQuery::first(5);
        assert_eq!(tx.campaign_page(&everything)?.total, 1, "campaign total");
        let batch = tx.campaign_ids(CampaignStatus::Active, None, 10)?;
        assert_eq!(batch, [CampaignId(1)], "campaign ids");
        tx.put_plan(&plan(1, 1, 1))?;
        assert_eq!(ids(&tx.plans_for_campaign(CampaignId(1))?), [1], "plans");
        let mut i = item(1, 1, 1, at(2));
        tx.put_calendar_item(&i)?;
        let items = tx.calendar_items(CampaignId(1), at(0), at(5), None, 10)?;
        assert_eq!(ids(&items), [1], "calendar items");
        assert_eq!(
            ids(&tx.planned_items_due(at(0), at(5), None, 10)?),
            [1],
            "due"
        );
        let mut t = task(1, 1, Some("ana"), at(3), TaskStatus::Pending);
        t.calendar_item_id = Some(i.id);
        tx.put_task(&t)?;
        assert_eq!(
            ids(&tx.tasks_page(CampaignId(1), None, 10)?),
            [1],
            "tasks page"
        );
        assert_eq!(ids(&tx.tasks_for_calendar_item(i.id)?), [1], "item tasks");
        let open = tx.open_tasks_due(CampaignId(1), at(0), at(5), 10)?;
        assert_eq!(ids(&open), [1], "open tasks due");
        let queue = tx.open_task_briefs_for_assignee("ana", at(0), at(5), 10)?;
        assert_eq!(queue, [t.brief()], "assignee briefs");
        let counts = tx.task_counts(CampaignId(1), at(0), at(5))?;
        assert_eq!(counts.get(TaskStatus::Pending), 1, "task counts");
        tx.put_metric(&metric(1, 1, 3.0))?;
        assert_eq!(
            ids(&tx.metrics_page(CampaignId(1), None, 10)?),
            [1],
            "metrics"
        );
        let recorded = tx.metrics_recorded(CampaignId(1), at(0), at(48), None, 10)?;
        assert_eq!(ids(&recorded), [1], "metrics recorded");
        let s = summary(&campaign(1, "Own", CampaignStatus::Active), 10, 0);
        tx.put_weekly_summary(&s)?;
        assert!(
            tx.weekly_summary(CampaignId(1), s.week)?.is_some(),
            "summary"
        );
        assert_eq!(
            tx.weekly_summaries(CampaignId(1), None, 10)?.len(),
            1,
            "summaries"
        );
        let r = run("TICK", "2026-03-02", RunStatus::Running);
        tx.put_action_run(&r)?;
        assert!(tx.action_run(&r.key)?.is_some(), "run");
        assert_eq!(tx.action_runs("TICK", None, false, 10)?.len(), 1, "runs");
        assert_eq!(tx.open_action_runs("TICK", 10)?.len(), 1, "open runs");
        let entry = audit(1, Some(1));
        tx.append_audit(&entry)?;
        assert_eq!(
            tx.audit_head()?,
            Some((entry.seq, entry.hash)),
            "audit head"
        );
        assert_eq!(ids(&tx.audit_entries(None, 10)?), [1], "audit entries");
        assert_eq!(
            ids(&tx.audit_for_campaign(CampaignId(1), None, 10)?),
            [1],
            "audit"
        );
        // Changes after a read are seen too, by the record and by its indexes.
        i.scheduled_at = at(9);
        tx.put_calendar_item(&i)?;
        assert!(
            tx.calendar_items(CampaignId(1), at(0), at(5), None, 10)?
                .is_empty()
        );
        t.status = TaskStatus::Completed;
        tx.put_task(&t)?;
        assert!(
            tx.open_tasks_due(CampaignId(1), at(0), at(5), 10)?
                .is_empty()
        );
        assert!(
            tx.open_task_briefs_for_assignee("ana", at(0), at(5), 10)?
                .is_empty()
        );
        Ok(())
    });
}

/// `next_id` hands out ids that are unique per sequence and increase from transaction to
/// transaction, also after an aborted transaction; no gapless promise is checked.
pub fn ids_are_unique_and_increasing<S: Store>(store: &S) {
    let all = [
        Sequence::Campaign,
        Sequence::Plan,
        Sequence::CalendarItem,
        Sequence::Task,
        Sequence::Metric,
    ];
    for seq in all {
        let mut seen: Vec<u64> = vec![];
        for round in 0..3 {
            let pair = write(store, |tx| Ok([tx.next_id(seq)?, tx.next_id(seq)?]));
            assert!(
                pair[0] < pair[1],
                "{seq:?}: increasing within a transaction"
            );
            if let Some(&last) = seen.last() {
                assert!(pair[0] > last, "{seq:?}: increasing across transactions");
            }
            seen.extend(pair);
            if round == 1 {
                let mut handed_out = None;
                let aborted: Result<()> = store.write(|tx| {
                    handed_out = Some(tx.next_id(seq)?);
                    Err(Error::validation("test", "abort on purpose"))
                });
                assert!(aborted.is_err(), "the aborted transaction fails");
                assert!(
                    handed_out.is_some_and(|id| id > pair[1]),
                    "{seq:?}: fresh id"
                );
            }
        }
    }
}

/// A write closure returning `Err` changes nothing: no record, no index entry, no audit
/// entry, whatever it wrote first; the closure's own error is returned.
pub fn failed_write_changes_nothing<S: Store>(store: &S) {
    let c = campaign(1, "Steady", CampaignStatus::Active);
    let mut i = item(1, 1, 1, at(4));
    let mut t = task(1, 1, Some("ana"), at(2), TaskStatus::Pending);
    t.calendar_item_id = Some(i.id);
    let steady = c.clone();
    write(store, |tx| {
        tx.put_campaign(&steady)?;
        tx.put_plan(&plan(1, 1, 1))?;
        tx.put_calendar_item(&i)?;
        tx.put_task(&t)?;
        tx.put_metric(&metric(1, 1, 1.0))?;
        tx.put_weekly_summary(&summary(&steady, 10, 0))?;
        tx.put_action_run(&run("TICK", "2026-03-02", RunStatus::Running))?;
        tx.append_audit(&audit(1, Some(1)))
    });
    let dump = || logical_dump(store, 1..=3, &["TICK"]);
    let before = dump();

    let result: Result<()> = store.write(|tx| {
        tx.next_id(Sequence::Campaign)?;
        tx.put_campaign(&campaign(2, "Ghost", CampaignStatus::Draft))?;
        let mut renamed = c.clone();
        renamed.name = "Renamed".into();
        renamed.status = CampaignStatus::Paused;
        tx.put_campaign(&renamed)?;
        tx.put_plan(&plan(2, 1, 2))?;
        i.scheduled_at = at(9);
        tx.put_calendar_item(&i)?;
        tx.put_calendar_item(&item(2, 1, 1, at(1)))?;
        let mut done = t.clone();
        done.status = TaskStatus::Completed;
        tx.put_task(&done)?;
        tx.put_task(&task(2, 1, Some("bob"), at(1), TaskStatus::Pending))?;
        tx.put_metric(&metric(2, 1, 2.0))?;
        tx.put_weekly_summary(&summary(&renamed, 11, 0))?;
        tx.put_action_run(&run("TICK", "2026-03-02", RunStatus::Succeeded))?;
        tx.put_action_run(&run("TICK", "2026-03-03", RunStatus::Queued))?;
        tx.append_audit(&audit(2, Some(1)))?;
        tx.delete_calendar_item(CalendarItemId(1))?;
        tx.delete_task(TaskId(1))?;
        Err(Error::validation("test", "fails on purpose"))
    });
    match result {
        Err(Error::Validation { field, .. }) if field == "test" => {}
        other => panic!("the closure's own error is returned, got {other:?}"),
    }
    assert_eq!(dump(), before, "a failed write changes nothing");
    read(store, |tx| {
        // Index entries of what the dump cannot reach: names and an assignee it never had.
        assert_eq!(tx.campaign_id_by_name("ghost")?, None, "a failed new name");
        assert_eq!(tx.campaign_id_by_name("renamed")?, None, "a failed rename");
        let bob = tx.open_task_briefs_for_assignee("bob", at(0), at(24), 10)?;
        assert!(bob.is_empty(), "a failed new assignee");
        Ok(())
    });
}
