//! The Store conformance suite: the contract of [`Store`], [`ReadTx`] and [`WriteTx`] as
//! executable checks on real records.
//!
//! Every backend calls [`run_all`] from its tests with a factory of fresh, empty stores:
//!
//! ```ignore
//! #[test]
//! fn conformance() {
//!     campaign_ops_core::conformance::run_all(|| MyStore::new_empty());
//! }
//! ```
//!
//! Each public check also runs alone (handy to narrow a failure down). Every check expects a
//! fresh, empty store and panics with a message naming the broken rule. Compiled under
//! `cfg(test)` and the `testing` feature only.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::model::*;
use crate::store::{ReadTx, Sequence, Store, TaskScope, WriteTx};
use crate::{Error, Result, StorageError};

/// Runs every check, each on a store fresh from `make`.
pub fn run_all<S: Store>(make: impl Fn() -> S) {
    round_trip_every_model(&make());
    writes_see_their_own_changes(&make());
    sequences_start_at_one_and_follow_transactions(&make());
    failed_write_changes_nothing(&make());
    name_key_is_unique_and_case_insensitive(&make());
    name_index_follows_rename(&make());
    status_index_follows_status(&make());
    plans_per_campaign_by_version(&make());
    calendar_items_per_plan_and_campaign_by_time(&make());
    tasks_per_campaign_and_item(&make());
    metrics_per_campaign(&make());
    open_tasks_due_per_scope(&make());
    open_tasks_due_follows_changes(&make());
    deletes_remove_index_entries(&make());
    append_audit_refuses_duplicates(&make());
    audit_entries_pages(&make());
    audit_for_campaign_by_seq(&make());
    tasks_due_in_any_status_by_time(&make());
    metrics_by_id_and_recorded_time(&make());
    weekly_summaries_per_campaign_by_week(&make());
    action_runs_by_key_and_action(&make());
    task_briefs_follow_the_assignee_queue(&make());
}

// ---------------------------------------------------------------------------------------
// Record builders: small, complete records with every field set to something checkable;
// public so that a backend's own tests build the same records.

/// 2026-03-02 00:00 UTC (a Monday) plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + Duration::hours(hours)
}

/// A campaign with every field set.
pub fn campaign(id: u64, name: &str, status: CampaignStatus) -> Campaign {
    Campaign {
        id: CampaignId(id),
        name: name.to_owned(),
        client_name: "Acme".to_owned(),
        objective: Objective::LeadGeneration,
        description: "Spring launch of the new plan".to_owned(),
        platforms: vec![Platform::LinkedIn, Platform::X],
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        end_date: Some(NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()),
        time_zone: chrono_tz::America::New_York,
        cadence: BTreeMap::from([(Platform::LinkedIn, 3), (Platform::X, 5)]),
        primary_cta: Some("Book a demo".to_owned()),
        owner: "olivia".to_owned(),
        status,
        metadata: BTreeMap::from([("region".to_owned(), "emea".to_owned())]),
        created_at: at(0),
        updated_at: at(1),
    }
}

/// A plan of `campaign` with one phase.
pub fn plan(id: u64, campaign: u64, version: u32) -> CampaignPlan {
    CampaignPlan {
        id: PlanId(id),
        campaign_id: CampaignId(campaign),
        version,
        focus_area: "product launch".to_owned(),
        start_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        duration_days: 28,
        positioning: "the fastest way to plan".to_owned(),
        messaging_angles: vec!["speed".to_owned(), "clarity".to_owned()],
        phases: vec![PlanPhase {
            name: "Awareness".to_owned(),
            start_day: 0,
            days: 14,
            goals: vec!["reach".to_owned()],
            tactics: vec![PlatformTactic {
                platform: Platform::LinkedIn,
                tactic: "carousel series".to_owned(),
            }],
            kpis: vec![Kpi {
                name: "engagement rate".to_owned(),
                target: 2.5,
                unit: "%".to_owned(),
                platform: Some(Platform::LinkedIn),
            }],
        }],
        weekly_themes: vec![WeeklyTheme {
            week: 1,
            theme: "Meet the product".to_owned(),
        }],
        generated_by: "template".to_owned(),
        created_at: at(0),
    }
}

/// A calendar item of `campaign` and `plan` at `scheduled_at`.
pub fn item(id: u64, campaign: u64, plan: u64, scheduled_at: DateTime<Utc>) -> CalendarItem {
    CalendarItem {
        id: CalendarItemId(id),
        campaign_id: CampaignId(campaign),
        plan_id: PlanId(plan),
        platform: Platform::Instagram,
        content_type: ContentType::Reel,
        scheduled_at,
        title: format!("Item {id}"),
        copy: "Launch day ✨ #spring".to_owned(),
        asset_ref: Some("assets/reel-1.mp4".to_owned()),
        cta: Some("Link in bio".to_owned()),
        theme: "Meet the product".to_owned(),
        status: CalendarItemStatus::Planned,
        notes: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// A task of `campaign` due `due_at`.
pub fn task(
    id: u64,
    campaign: u64,
    assignee: Option<&str>,
    due_at: DateTime<Utc>,
    status: TaskStatus,
) -> OperatorTask {
    OperatorTask {
        id: TaskId(id),
        campaign_id: CampaignId(campaign),
        calendar_item_id: None,
        parent_task_id: None,
        related_task_ids: Vec::new(),
        task_type: TaskType::Post,
        platform: Some(Platform::X),
        content_type: Some(ContentType::Thread),
        title: format!("Task {id}"),
        instructions: vec!["Check the copy".to_owned(), "Publish".to_owned()],
        copy: Some("Thread 1/3".to_owned()),
        asset_ref: None,
        assignee: assignee.map(str::to_owned),
        due_at,
        status,
        outcome: None,
        proof: None,
        reason: None,
        started_at: None,
        finished_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// A metric entry of `campaign`.
pub fn metric(id: u64, campaign: u64, value: f64) -> MetricEntry {
    MetricEntry {
        id: MetricId(id),
        campaign_id: CampaignId(campaign),
        task_id: Some(TaskId(1)),
        platform: Some(Platform::Email),
        kind: MetricKind::Clicks,
        value,
        recorded_at: at(30),
        recorded_by: "olivia".to_owned(),
        notes: Some("from the ESP export".to_owned()),
    }
}

/// An audit entry (its hash is not a valid chain link: the store does not check it).
pub fn audit(seq: u64, campaign: Option<u64>) -> AuditEntry {
    AuditEntry {
        seq: AuditSeq(seq),
        at: at(seq as i64),
        actor: "olivia".to_owned(),
        action: AuditAction::CampaignUpdate,
        entity: EntityKind::Campaign,
        entity_id: campaign.unwrap_or(0),
        campaign_id: campaign.map(CampaignId),
        before: Some(r#"{"status":"draft"}"#.to_owned()),
        after: Some(r#"{"status":"active"}"#.to_owned()),
        details: None,
        prev_hash: format!("{:064}", seq - 1),
        hash: format!("{seq:064}"),
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers.

#[track_caller]
fn write<S: Store, R>(store: &S, f: impl FnOnce(&mut dyn WriteTx) -> Result<R>) -> R {
    store.write(f).expect("write transaction failed")
}

#[track_caller]
fn read<S: Store, R>(store: &S, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> R {
    store.read(f).expect("read transaction failed")
}

/// Ids of records, for comparing orders.
trait Id {
    fn id(&self) -> u64;
}

macro_rules! id {
    ($($ty:ty => $field:ident),*) => {$(
        impl Id for $ty {
            fn id(&self) -> u64 {
                self.$field.0
            }
        }
    )*};
}

id!(Campaign => id, CampaignPlan => id, CalendarItem => id, OperatorTask => id,
    MetricEntry => id, AuditEntry => seq);

fn ids<T: Id>(records: &[T]) -> Vec<u64> {
    records.iter().map(Id::id).collect()
}

#[track_caller]
fn put_tasks<S: Store>(store: &S, tasks: &[OperatorTask]) {
    write(store, |tx| tasks.iter().try_for_each(|t| tx.put_task(t)));
}

#[track_caller]
fn open_due<S: Store>(
    store: &S,
    scope: TaskScope,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<u64> {
    read(store, |tx| {
        tx.open_tasks_due(&scope, from, until).map(|t| ids(&t))
    })
}

/// A second campaign under `name` is refused with the one error both the service and the
/// store report for it.
#[track_caller]
fn assert_name_taken<T: std::fmt::Debug>(result: Result<T>, name: &str) {
    match result {
        Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field,
            value,
        }) if field == "name" && value == name.trim() => {}
        other => panic!(
            "a second campaign named {name:?}: expected Error::AlreadyExists for the name, got {other:?}"
        ),
    }
}

/// An audit seq that is already taken is a retryable storage conflict: on a server database
/// it means another writer appended first, and a retry re-reads the head of the log.
#[track_caller]
fn assert_audit_conflict<T: std::fmt::Debug>(result: Result<T>, what: &str) {
    match result {
        Err(e @ Error::Storage(StorageError::Conflict { .. })) => {
            assert!(e.is_retryable(), "{what}: a conflict is retryable");
        }
        other => panic!("{what}: expected StorageError::Conflict, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// The checks.

/// Every model type reads back equal to what was written: in the writing transaction and
/// after commit. Covers every field kind (time zones, dates, maps, floats, options, nested
/// vectors, sub-second instants).
pub fn round_trip_every_model<S: Store>(store: &S) {
    let mut open_ended = campaign(2, "Open ended", CampaignStatus::Active);
    open_ended.end_date = None;
    open_ended.primary_cta = None;
    open_ended.metadata.clear();
    open_ended.time_zone = chrono_tz::Asia::Kolkata;
    let campaigns = [campaign(1, "Spring", CampaignStatus::Draft), open_ended];

    let plans = [plan(1, 1, 1)];
    let mut precise = item(1, 1, 1, at(5) + Duration::nanoseconds(123_456_789));
    precise.notes = Some("note".to_owned());
    let items = [precise];

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
    let metrics = [metric(1, 1, 1234.5), bare_metric];

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
            assert_eq!(
                tx.calendar_item(i.id)?.as_ref(),
                Some(i),
                "item {} {when}",
                i.id
            );
        }
        for t in &tasks {
            assert_eq!(tx.task(t.id)?.as_ref(), Some(t), "task {} {when}", t.id);
        }
        assert_eq!(
            tx.metrics_for_campaign(CampaignId(1))?,
            metrics,
            "metrics {when}"
        );
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
        Ok(())
    };

    write(store, |tx| {
        campaigns.iter().try_for_each(|c| tx.put_campaign(c))?;
        plans.iter().try_for_each(|p| tx.put_plan(p))?;
        items.iter().try_for_each(|i| tx.put_calendar_item(i))?;
        tasks.iter().try_for_each(|t| tx.put_task(t))?;
        metrics.iter().try_for_each(|m| tx.put_metric(m))?;
        audits.iter().try_for_each(|a| tx.append_audit(a))?;
        check(&*tx, "inside the writing transaction")
    });
    read(store, |tx| check(tx, "after commit"));
    // Replacing a record replaces it whole.
    let mut renamed = campaigns[0].clone();
    renamed.description = "changed".to_owned();
    write(store, |tx| tx.put_campaign(&renamed));
    assert_eq!(read(store, |tx| tx.campaign(CampaignId(1))), Some(renamed));
}

/// Inside a write transaction every query (records and indexes) sees the transaction's own
/// uncommitted changes; other readers see them only after commit.
pub fn writes_see_their_own_changes<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Own", CampaignStatus::Active))?;
        assert!(tx.campaign(CampaignId(1))?.is_some(), "campaign by id");
        assert_eq!(
            tx.campaign_id_by_name("own")?,
            Some(CampaignId(1)),
            "by name"
        );
        assert_eq!(
            ids(&tx.campaigns(Some(CampaignStatus::Active))?),
            [1],
            "by status"
        );
        tx.put_plan(&plan(1, 1, 1))?;
        assert_eq!(ids(&tx.plans_for_campaign(CampaignId(1))?), [1], "plans");
        let mut i = item(1, 1, 1, at(2));
        tx.put_calendar_item(&i)?;
        assert_eq!(ids(&tx.calendar_items_for_plan(PlanId(1))?), [1], "items");
        let mut t = task(1, 1, Some("ana"), at(3), TaskStatus::Pending);
        t.calendar_item_id = Some(i.id);
        tx.put_task(&t)?;
        let due = tx.open_tasks_due(&TaskScope::Assignee("ana".into()), at(0), at(5))?;
        assert_eq!(ids(&due), [1], "open tasks by assignee");
        assert_eq!(
            ids(&tx.tasks_for_calendar_item(i.id)?),
            [1],
            "tasks per item"
        );
        tx.put_metric(&metric(1, 1, 3.0))?;
        assert_eq!(
            ids(&tx.metrics_for_campaign(CampaignId(1))?),
            [1],
            "metrics"
        );
        tx.append_audit(&audit(1, Some(1)))?;
        assert_eq!(
            tx.last_audit()?.map(|a| a.seq),
            Some(AuditSeq(1)),
            "last audit"
        );
        assert_eq!(
            ids(&tx.audit_for_campaign(CampaignId(1))?),
            [1],
            "audit per campaign"
        );
        // Changes after a read are seen too.
        i.scheduled_at = at(1);
        tx.put_calendar_item(&i)?;
        assert_eq!(tx.calendar_item(i.id)?.map(|i| i.scheduled_at), Some(at(1)));
        Ok(())
    });
}

/// `next_id` starts at 1 per sequence, counts up within and across transactions, never
/// hands out a committed id twice, and an aborted transaction hands its ids out again.
pub fn sequences_start_at_one_and_follow_transactions<S: Store>(store: &S) {
    let all = [
        Sequence::Campaign,
        Sequence::Plan,
        Sequence::CalendarItem,
        Sequence::Task,
        Sequence::Metric,
    ];
    for seq in all {
        assert_eq!(write(store, |tx| tx.next_id(seq)), 1, "{seq:?} starts at 1");
    }
    let ids = write(store, |tx| {
        Ok([tx.next_id(Sequence::Task)?, tx.next_id(Sequence::Task)?])
    });
    assert_eq!(ids, [2, 3], "ids count up within a transaction");
    // Sequences are independent.
    assert_eq!(write(store, |tx| tx.next_id(Sequence::Plan)), 2);

    let mut handed_out = None;
    let result: Result<()> = store.write(|tx| {
        handed_out = Some(tx.next_id(Sequence::Task)?);
        Err(Error::validation("test", "abort on purpose"))
    });
    assert_eq!(
        result,
        Err(Error::validation("test", "abort on purpose")),
        "a failing write closure returns its own error"
    );
    assert_eq!(handed_out, Some(4));
    assert_eq!(
        write(store, |tx| tx.next_id(Sequence::Task)),
        4,
        "an aborted transaction hands its id out again"
    );
    assert_eq!(
        write(store, |tx| tx.next_id(Sequence::Task)),
        5,
        "committed ids are not reused"
    );
}

/// A write closure returning `Err` changes nothing: no record, no index entry, no sequence
/// step, no audit entry; the closure's error is returned as is.
pub fn failed_write_changes_nothing<S: Store>(store: &S) {
    let c = campaign(1, "Steady", CampaignStatus::Active);
    let mut i = item(1, 1, 1, at(4));
    let mut t = task(1, 1, Some("ana"), at(2), TaskStatus::Pending);
    t.calendar_item_id = Some(i.id);
    write(store, |tx| {
        assert_eq!(tx.next_id(Sequence::Campaign)?, 1);
        tx.put_campaign(&c)?;
        tx.put_plan(&plan(1, 1, 1))?;
        tx.put_calendar_item(&i)?;
        tx.put_task(&t)?;
        tx.put_metric(&metric(1, 1, 1.0))?;
        tx.append_audit(&audit(1, Some(1)))
    });

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
        tx.append_audit(&audit(2, Some(1)))?;
        tx.delete_calendar_item(CalendarItemId(1))?;
        tx.delete_task(TaskId(1))?;
        Err(Error::validation("test", "fails on purpose"))
    });
    assert_eq!(
        result,
        Err(Error::validation("test", "fails on purpose")),
        "the closure's error is returned"
    );

    read(store, |tx| {
        assert_eq!(
            tx.campaign(CampaignId(1))?,
            Some(c.clone()),
            "campaign unchanged"
        );
        assert_eq!(tx.campaign(CampaignId(2))?, None, "no new campaign");
        assert_eq!(
            tx.campaign_id_by_name("Steady")?,
            Some(CampaignId(1)),
            "old name kept"
        );
        assert_eq!(tx.campaign_id_by_name("Renamed")?, None, "no new name");
        assert_eq!(tx.campaign_id_by_name("Ghost")?, None, "no ghost name");
        assert_eq!(
            ids(&tx.campaigns(Some(CampaignStatus::Active))?),
            [1],
            "status index"
        );
        assert_eq!(ids(&tx.campaigns(Some(CampaignStatus::Paused))?), [0u64; 0]);
        assert_eq!(ids(&tx.plans_for_campaign(CampaignId(1))?), [1], "plans");
        assert_eq!(
            ids(&tx.calendar_items_for_campaign(CampaignId(1))?),
            [1],
            "items"
        );
        assert_eq!(
            tx.calendar_item(CalendarItemId(1))?.map(|i| i.scheduled_at),
            Some(at(4)),
            "item not moved"
        );
        assert_eq!(ids(&tx.tasks_for_campaign(CampaignId(1))?), [1], "tasks");
        assert_eq!(tx.task(TaskId(1))?, Some(t.clone()), "task unchanged");
        for scope in [
            TaskScope::All,
            TaskScope::Campaign(CampaignId(1)),
            TaskScope::Assignee("ana".into()),
        ] {
            let due = tx.open_tasks_due(&scope, at(0), at(24))?;
            assert_eq!(ids(&due), [1], "open tasks in {scope:?}");
        }
        let bob = tx.open_tasks_due(&TaskScope::Assignee("bob".into()), at(0), at(24))?;
        assert!(bob.is_empty(), "no open task for bob");
        assert_eq!(
            ids(&tx.metrics_for_campaign(CampaignId(1))?),
            [1],
            "metrics"
        );
        assert_eq!(tx.last_audit()?.map(|a| a.seq), Some(AuditSeq(1)), "audit");
        assert_eq!(
            ids(&tx.audit_for_campaign(CampaignId(1))?),
            [1],
            "audit index"
        );
        Ok(())
    });
    assert_eq!(
        write(store, |tx| tx.next_id(Sequence::Campaign)),
        2,
        "the sequence did not move"
    );
}

/// Names are unique under [`Campaign::name_key`] (trimmed, case-folded, Unicode too);
/// re-putting a campaign under its own name is fine.
pub fn name_key_is_unique_and_case_insensitive<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Spring Launch", CampaignStatus::Draft))?;
        tx.put_campaign(&campaign(2, "Été", CampaignStatus::Draft))
    });
    read(store, |tx| {
        for name in [
            "Spring Launch",
            "spring launch",
            "  SPRING LAUNCH ",
            "sPrInG lAuNcH",
        ] {
            assert_eq!(
                tx.campaign_id_by_name(name)?,
                Some(CampaignId(1)),
                "lookup {name:?}"
            );
        }
        assert_eq!(
            tx.campaign_id_by_name("ÉTÉ")?,
            Some(CampaignId(2)),
            "Unicode case"
        );
        assert_eq!(tx.campaign_id_by_name("Spring")?, None, "no prefix match");
        assert_eq!(
            tx.campaign_id_by_name("Spring Launch 2")?,
            None,
            "no extension match"
        );
        Ok(())
    });
    for name in ["spring launch", " SPRING LAUNCH", "été"] {
        let result = store.write(|tx| tx.put_campaign(&campaign(3, name, CampaignStatus::Draft)));
        assert_name_taken(result, name);
    }
    assert_eq!(read(store, |tx| tx.campaign(CampaignId(3))), None);
    // Updating a campaign keeps its own name, even re-cased.
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Spring Launch", CampaignStatus::Active))?;
        tx.put_campaign(&campaign(1, "SPRING launch", CampaignStatus::Active))
    });
    assert_eq!(
        read(store, |tx| tx.campaign_id_by_name("spring launch")),
        Some(CampaignId(1))
    );
    assert_eq!(
        read(store, |tx| tx.campaign(CampaignId(1))).map(|c| c.name),
        Some("SPRING launch".to_owned())
    );
}

/// A rename moves the campaign's name entry: the old name is free, the new one taken.
pub fn name_index_follows_rename<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Alpha", CampaignStatus::Draft))
    });
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Beta", CampaignStatus::Draft))
    });
    read(store, |tx| {
        assert_eq!(tx.campaign_id_by_name("alpha")?, None, "old name released");
        assert_eq!(
            tx.campaign_id_by_name("beta")?,
            Some(CampaignId(1)),
            "new name"
        );
        Ok(())
    });
    write(store, |tx| {
        tx.put_campaign(&campaign(2, "ALPHA", CampaignStatus::Draft))
    });
    assert_eq!(
        read(store, |tx| tx.campaign_id_by_name("Alpha")),
        Some(CampaignId(2))
    );
    let result = store.write(|tx| tx.put_campaign(&campaign(2, "beta", CampaignStatus::Draft)));
    assert_name_taken(result, "beta");
}

/// `campaigns(None)` lists all by ascending id; `campaigns(Some(s))` exactly those in `s`,
/// following status changes.
pub fn status_index_follows_status<S: Store>(store: &S) {
    use CampaignStatus::*;
    write(store, |tx| {
        tx.put_campaign(&campaign(3, "C", Active))?;
        tx.put_campaign(&campaign(1, "A", Draft))?;
        tx.put_campaign(&campaign(2, "B", Draft))
    });
    let by =
        |status: Option<CampaignStatus>| read(store, |tx| tx.campaigns(status).map(|c| ids(&c)));
    assert_eq!(by(None), [1, 2, 3], "all, ascending id");
    assert_eq!(by(Some(Draft)), [1, 2]);
    assert_eq!(by(Some(Active)), [3]);
    assert_eq!(by(Some(Paused)), [0u64; 0]);

    write(store, |tx| tx.put_campaign(&campaign(1, "A", Active)));
    assert_eq!(by(Some(Draft)), [2], "left draft");
    assert_eq!(by(Some(Active)), [1, 3], "entered active, ascending id");
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "A", Paused))?;
        tx.put_campaign(&campaign(3, "C", Completed))
    });
    assert_eq!(by(Some(Active)), [0u64; 0]);
    assert_eq!(by(Some(Paused)), [1]);
    assert_eq!(by(Some(Completed)), [3]);
    assert_eq!(by(None), [1, 2, 3]);
    let paused = read(store, |tx| tx.campaigns(Some(Paused)));
    assert_eq!(paused, [campaign(1, "A", Paused)], "whole records");
}

/// `plans_for_campaign`: only that campaign's plans, ascending version.
pub fn plans_per_campaign_by_version<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_plan(&plan(1, 1, 2))?;
        tx.put_plan(&plan(2, 1, 1))?;
        tx.put_plan(&plan(3, 2, 1))?;
        tx.put_plan(&plan(4, 1, 3))
    });
    let of = |c: u64| {
        read(store, |tx| {
            tx.plans_for_campaign(CampaignId(c)).map(|p| ids(&p))
        })
    };
    assert_eq!(of(1), [2, 1, 4], "ascending version");
    assert_eq!(of(2), [3]);
    assert_eq!(of(3), [0u64; 0]);
    // A plan moved to another campaign follows.
    write(store, |tx| tx.put_plan(&plan(4, 2, 2)));
    assert_eq!(of(1), [2, 1]);
    assert_eq!(of(2), [3, 4]);
}

/// Calendar items per plan and per campaign, ascending `scheduled_at` then id, following
/// reschedules and moves.
pub fn calendar_items_per_plan_and_campaign_by_time<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_calendar_item(&item(1, 1, 1, at(5)))?;
        tx.put_calendar_item(&item(3, 1, 1, at(1)))?;
        tx.put_calendar_item(&item(2, 1, 1, at(1)))?;
        tx.put_calendar_item(&item(4, 1, 2, at(3)))?;
        tx.put_calendar_item(&item(5, 2, 3, at(0)))?;
        // Same microsecond, different nanoseconds: time decides, not id.
        tx.put_calendar_item(&item(7, 1, 2, at(4) + Duration::nanoseconds(100)))?;
        tx.put_calendar_item(&item(8, 1, 2, at(4) + Duration::nanoseconds(50)))
    });
    let plan_items = |p: u64| {
        read(store, |tx| {
            tx.calendar_items_for_plan(PlanId(p)).map(|i| ids(&i))
        })
    };
    let campaign_items = |c: u64| {
        read(store, |tx| {
            tx.calendar_items_for_campaign(CampaignId(c))
                .map(|i| ids(&i))
        })
    };
    assert_eq!(plan_items(1), [2, 3, 1], "by time, then id");
    assert_eq!(plan_items(2), [4, 8, 7]);
    assert_eq!(plan_items(3), [5]);
    assert_eq!(campaign_items(1), [2, 3, 4, 8, 7, 1]);
    assert_eq!(campaign_items(2), [5]);

    // Reschedule item 1 to the front, move item 4 to plan 1 and to campaign 2.
    write(store, |tx| {
        tx.put_calendar_item(&item(1, 1, 1, at(0)))?;
        tx.put_calendar_item(&item(4, 2, 1, at(3)))
    });
    assert_eq!(plan_items(1), [1, 2, 3, 4]);
    assert_eq!(plan_items(2), [8, 7]);
    assert_eq!(campaign_items(1), [1, 2, 3, 8, 7]);
    assert_eq!(campaign_items(2), [5, 4]);
}

/// Tasks per campaign and per calendar item, ascending id, following moves.
pub fn tasks_per_campaign_and_item<S: Store>(store: &S) {
    let with_item = |mut t: OperatorTask, item: u64| {
        t.calendar_item_id = Some(CalendarItemId(item));
        t
    };
    put_tasks(
        store,
        &[
            with_item(task(3, 1, None, at(1), TaskStatus::Pending), 10),
            with_item(task(1, 1, None, at(9), TaskStatus::Completed), 10),
            task(2, 2, None, at(0), TaskStatus::Pending),
            with_item(task(4, 1, None, at(0), TaskStatus::Skipped), 11),
        ],
    );
    let of_campaign = |c: u64| {
        read(store, |tx| {
            tx.tasks_for_campaign(CampaignId(c)).map(|t| ids(&t))
        })
    };
    let of_item = |i: u64| {
        read(store, |tx| {
            tx.tasks_for_calendar_item(CalendarItemId(i))
                .map(|t| ids(&t))
        })
    };
    assert_eq!(of_campaign(1), [1, 3, 4], "ascending id, any status");
    assert_eq!(of_campaign(2), [2]);
    assert_eq!(of_item(10), [1, 3]);
    assert_eq!(of_item(11), [4]);
    assert_eq!(of_item(12), [0u64; 0]);

    put_tasks(
        store,
        &[
            with_item(task(3, 2, None, at(1), TaskStatus::Pending), 11),
            task(4, 1, None, at(0), TaskStatus::Skipped),
        ],
    );
    assert_eq!(of_campaign(1), [1, 4]);
    assert_eq!(of_campaign(2), [2, 3]);
    assert_eq!(of_item(10), [1]);
    assert_eq!(of_item(11), [3], "task 4 left the item, task 3 joined it");
}

/// Metric entries per campaign, ascending id.
pub fn metrics_per_campaign<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_metric(&metric(2, 1, 5.0))?;
        tx.put_metric(&metric(1, 1, 7.0))?;
        tx.put_metric(&metric(3, 2, 9.0))
    });
    let of = |c: u64| read(store, |tx| tx.metrics_for_campaign(CampaignId(c)));
    assert_eq!(ids(&of(1)), [1, 2]);
    assert_eq!(of(2), [metric(3, 2, 9.0)]);
    write(store, |tx| tx.put_metric(&metric(2, 2, 5.5)));
    assert_eq!(ids(&of(1)), [1]);
    assert_eq!(ids(&of(2)), [2, 3]);
}

/// `open_tasks_due` for each [`TaskScope`]: open tasks only, `from <= due_at < until` to the
/// nanosecond, ascending due time then id, whole records.
pub fn open_tasks_due_per_scope<S: Store>(store: &S) {
    use TaskStatus::*;
    let ns = Duration::nanoseconds;
    let tasks = [
        task(1, 1, Some("ana"), at(1), Pending),
        task(2, 1, Some("bob"), at(2), InProgress),
        task(3, 2, Some("ana"), at(1), Blocked),
        task(4, 1, Some("ana"), at(3), Completed),
        task(5, 2, None, at(0), Pending),
        task(6, 1, Some("ana"), at(5), Pending),
        task(7, 2, Some("ana"), at(4), Failed),
        task(8, 1, Some("anabel"), at(2), Pending),
        task(9, 1, Some("an"), at(2), Skipped),
        task(10, 2, Some("bob"), at(2) - ns(1), Pending),
        task(11, 2, Some("bob"), at(1) - ns(1), Pending),
    ];
    put_tasks(store, &tasks);
    let due = |scope: TaskScope, from, until| open_due(store, scope, from, until);
    let ana = || TaskScope::Assignee("ana".into());
    let bob = || TaskScope::Assignee("bob".into());

    assert_eq!(
        due(TaskScope::All, at(0), at(5)),
        [5, 11, 1, 3, 10, 2, 8],
        "all"
    );
    assert_eq!(
        due(TaskScope::Campaign(CampaignId(1)), at(0), at(5)),
        [1, 2, 8]
    );
    assert_eq!(
        due(TaskScope::Campaign(CampaignId(2)), at(0), at(5)),
        [5, 11, 3, 10]
    );
    assert_eq!(
        due(TaskScope::Campaign(CampaignId(3)), at(0), at(5)),
        [0u64; 0]
    );
    assert_eq!(
        due(ana(), at(0), at(5)),
        [1, 3],
        "exact assignee, not a prefix"
    );
    assert_eq!(
        due(TaskScope::Assignee("an".into()), at(0), at(9)),
        [0u64; 0]
    );
    assert_eq!(due(TaskScope::Assignee("anabel".into()), at(0), at(9)), [8]);
    assert_eq!(due(bob(), at(0), at(5)), [11, 10, 2]);
    assert_eq!(
        due(ana(), at(0), at(6)),
        [1, 3, 6],
        "until is exclusive, later is included"
    );

    // Half-open to the nanosecond: from is included, until excluded.
    assert_eq!(due(TaskScope::All, at(1), at(2)), [1, 3, 10], "[at1, at2)");
    assert_eq!(due(bob(), at(1), at(2)), [10]);
    assert_eq!(due(bob(), at(1) - ns(1), at(2)), [11, 10]);
    assert_eq!(due(bob(), at(2) - ns(1), at(2)), [10]);
    assert_eq!(
        due(bob(), at(2) - ns(1), at(2) - ns(1)),
        [0u64; 0],
        "empty range"
    );
    assert_eq!(
        due(TaskScope::All, at(5), at(0)),
        [0u64; 0],
        "reversed range"
    );
    assert_eq!(due(TaskScope::All, at(-100), at(-1)), [0u64; 0]);
    let far = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(due(TaskScope::All, far, at(1000)).len(), 8, "wide range");

    let got = read(store, |tx| tx.open_tasks_due(&ana(), at(0), at(5)));
    assert_eq!(got, [tasks[0].clone(), tasks[2].clone()], "whole records");
}

/// The open-task indexes follow every change: leaving and re-entering open status, a new
/// due time, a new assignee, unassigning, and a move to another campaign.
pub fn open_tasks_due_follows_changes<S: Store>(store: &S) {
    use TaskStatus::*;
    let scopes = || {
        [
            TaskScope::All,
            TaskScope::Campaign(CampaignId(1)),
            TaskScope::Assignee("ana".into()),
        ]
    };
    let mut t = task(1, 1, Some("ana"), at(1), Pending);
    put_tasks(store, std::slice::from_ref(&t));
    for closed in [Completed, Failed, Skipped] {
        t.status = closed;
        put_tasks(store, std::slice::from_ref(&t));
        for scope in scopes() {
            let got = open_due(store, scope.clone(), at(0), at(24));
            assert_eq!(got, [0u64; 0], "{closed:?} task is not open in {scope:?}");
        }
        t.status = Pending;
        put_tasks(store, std::slice::from_ref(&t));
        for scope in scopes() {
            assert_eq!(
                open_due(store, scope.clone(), at(0), at(24)),
                [1],
                "reopened, {scope:?}"
            );
        }
    }
    for open in [InProgress, Blocked] {
        t.status = open;
        put_tasks(store, std::slice::from_ref(&t));
        for scope in scopes() {
            assert_eq!(
                open_due(store, scope.clone(), at(0), at(24)),
                [1],
                "{open:?} is open"
            );
        }
    }

    t.due_at = at(30);
    put_tasks(store, std::slice::from_ref(&t));
    for scope in scopes() {
        assert_eq!(
            open_due(store, scope.clone(), at(0), at(24)),
            [0u64; 0],
            "moved out"
        );
        assert_eq!(
            open_due(store, scope.clone(), at(24), at(48)),
            [1],
            "moved in"
        );
    }

    t.assignee = Some("bob".into());
    put_tasks(store, std::slice::from_ref(&t));
    let all = TaskScope::All;
    assert_eq!(
        open_due(store, TaskScope::Assignee("ana".into()), at(0), at(48)),
        [0u64; 0]
    );
    assert_eq!(
        open_due(store, TaskScope::Assignee("bob".into()), at(0), at(48)),
        [1]
    );

    t.assignee = None;
    put_tasks(store, std::slice::from_ref(&t));
    assert_eq!(
        open_due(store, TaskScope::Assignee("bob".into()), at(0), at(48)),
        [0u64; 0]
    );
    assert_eq!(
        open_due(store, all.clone(), at(0), at(48)),
        [1],
        "unassigned is still open"
    );

    t.campaign_id = CampaignId(2);
    put_tasks(store, std::slice::from_ref(&t));
    assert_eq!(
        open_due(store, TaskScope::Campaign(CampaignId(1)), at(0), at(48)),
        [0u64; 0]
    );
    assert_eq!(
        open_due(store, TaskScope::Campaign(CampaignId(2)), at(0), at(48)),
        [1]
    );
    assert_eq!(open_due(store, all, at(0), at(48)), [1]);
    assert_eq!(
        read(store, |tx| tx.tasks_for_campaign(CampaignId(1))),
        [],
        "moved out of campaign 1"
    );
}

/// `delete_task` and `delete_calendar_item` remove the record and every index entry, and
/// report whether the record existed.
pub fn deletes_remove_index_entries<S: Store>(store: &S) {
    let mut t = task(1, 1, Some("ana"), at(1), TaskStatus::Pending);
    t.calendar_item_id = Some(CalendarItemId(1));
    write(store, |tx| {
        tx.put_calendar_item(&item(1, 1, 1, at(1)))?;
        tx.put_calendar_item(&item(2, 1, 1, at(2)))?;
        tx.put_task(&t)?;
        tx.put_task(&task(2, 1, Some("ana"), at(2), TaskStatus::Pending))
    });
    assert!(
        write(store, |tx| tx.delete_task(TaskId(1))),
        "existing task"
    );
    assert!(
        !write(store, |tx| tx.delete_task(TaskId(1))),
        "already deleted"
    );
    assert!(
        !write(store, |tx| tx.delete_task(TaskId(99))),
        "never existed"
    );
    read(store, |tx| {
        assert_eq!(tx.task(TaskId(1))?, None);
        assert_eq!(ids(&tx.tasks_for_campaign(CampaignId(1))?), [2]);
        assert_eq!(
            ids(&tx.tasks_for_calendar_item(CalendarItemId(1))?),
            [0u64; 0]
        );
        for scope in [
            TaskScope::All,
            TaskScope::Campaign(CampaignId(1)),
            TaskScope::Assignee("ana".into()),
        ] {
            let due = tx.open_tasks_due(&scope, at(0), at(24))?;
            assert_eq!(ids(&due), [2], "deleted task gone from {scope:?}");
        }
        Ok(())
    });

    assert!(write(store, |tx| tx.delete_calendar_item(CalendarItemId(1))));
    assert!(!write(store, |tx| tx.delete_calendar_item(CalendarItemId(1))));
    assert!(!write(store, |tx| tx.delete_calendar_item(CalendarItemId(99))));
    read(store, |tx| {
        assert_eq!(tx.calendar_item(CalendarItemId(1))?, None);
        assert_eq!(ids(&tx.calendar_items_for_plan(PlanId(1))?), [2]);
        assert_eq!(ids(&tx.calendar_items_for_campaign(CampaignId(1))?), [2]);
        Ok(())
    });
    // A deleted id can be stored again.
    write(store, |tx| tx.put_task(&t));
    assert_eq!(open_due(store, TaskScope::All, at(0), at(24)), [1, 2]);
}

/// The audit log is append-only: an existing seq is refused with a retryable
/// [`StorageError::Conflict`] and the
/// entry stays as it was. `last_audit` is the highest seq.
pub fn append_audit_refuses_duplicates<S: Store>(store: &S) {
    assert_eq!(read(store, |tx| tx.last_audit()), None, "empty log");
    write(store, |tx| {
        tx.append_audit(&audit(1, Some(1)))?;
        tx.append_audit(&audit(2, None))
    });
    let mut forged = audit(2, Some(1));
    forged.actor = "mallory".into();
    assert_audit_conflict(
        store.write(|tx| tx.append_audit(&forged)),
        "re-appending seq 2",
    );
    assert_audit_conflict(
        store.write(|tx| tx.append_audit(&audit(1, Some(1)))),
        "re-appending seq 1",
    );
    read(store, |tx| {
        assert_eq!(tx.last_audit()?, Some(audit(2, None)), "entry 2 unchanged");
        assert_eq!(
            ids(&tx.audit_for_campaign(CampaignId(1))?),
            [1],
            "no forged index entry"
        );
        Ok(())
    });
    // Within one transaction too.
    let result = store.write(|tx| {
        tx.append_audit(&audit(3, None))?;
        tx.append_audit(&audit(3, None))
    });
    assert_audit_conflict(result, "the same seq twice in one transaction");
    assert_eq!(
        read(store, |tx| tx.last_audit()).map(|a| a.seq),
        Some(AuditSeq(2))
    );
}

/// `audit_entries(after, limit)` pages through the log in ascending seq.
pub fn audit_entries_pages<S: Store>(store: &S) {
    write(store, |tx| {
        (1..=7).try_for_each(|seq| tx.append_audit(&audit(seq, Some(seq % 2))))
    });
    let page = |after: Option<u64>, limit| {
        read(store, |tx| {
            tx.audit_entries(after.map(AuditSeq), limit)
                .map(|e| ids(&e))
        })
    };
    assert_eq!(page(None, 3), [1, 2, 3]);
    assert_eq!(page(Some(3), 3), [4, 5, 6]);
    assert_eq!(page(Some(6), 3), [7]);
    assert_eq!(page(Some(7), 3), [0u64; 0]);
    assert_eq!(page(Some(100), 3), [0u64; 0]);
    assert_eq!(page(None, 0), [0u64; 0]);
    assert_eq!(page(None, 100), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(page(Some(0), 2), [1, 2]);
    assert_eq!(read(store, |tx| tx.last_audit()), Some(audit(7, Some(1))));
    assert_eq!(
        read(store, |tx| tx.audit_entries(Some(AuditSeq(4)), 1)),
        [audit(5, Some(1))]
    );
}

/// `audit_for_campaign` lists exactly a campaign's entries, ascending seq.
pub fn audit_for_campaign_by_seq<S: Store>(store: &S) {
    let campaigns = [Some(1), Some(2), Some(1), None, Some(1), Some(2), None];
    write(store, |tx| {
        campaigns
            .iter()
            .zip(1..)
            .try_for_each(|(c, seq)| tx.append_audit(&audit(seq, *c)))
    });
    let of = |c: u64| read(store, |tx| tx.audit_for_campaign(CampaignId(c)));
    assert_eq!(ids(&of(1)), [1, 3, 5]);
    assert_eq!(ids(&of(2)), [2, 6]);
    assert_eq!(ids(&of(3)), [0u64; 0]);
    assert_eq!(of(2)[1], audit(6, Some(2)), "whole records");
}

/// `tasks_due`: every status, one campaign, `from <= due_at < until`, by due time then id,
/// following due-time changes and deletes.
pub fn tasks_due_in_any_status_by_time<S: Store>(store: &S) {
    use TaskStatus::*;
    put_tasks(
        store,
        &[
            task(1, 1, Some("ana"), at(5), Completed),
            task(2, 1, None, at(1), Pending),
            task(3, 1, Some("bob"), at(5), Skipped),
            task(4, 2, Some("ana"), at(2), Failed),
            task(5, 1, None, at(9), InProgress),
        ],
    );
    let due = |c: u64, from: i64, until: i64| {
        read(store, |tx| tx.tasks_due(CampaignId(c), at(from), at(until)))
    };
    assert_eq!(ids(&due(1, 0, 24)), [2, 1, 3, 5]);
    let briefs_match = |c: u64, from: i64, until: i64| {
        let briefs = read(store, |tx| {
            tx.task_briefs_due(CampaignId(c), at(from), at(until))
        });
        let full: Vec<TaskBrief> = due(c, from, until)
            .iter()
            .map(OperatorTask::brief)
            .collect();
        assert_eq!(briefs, full, "briefs of campaign {c}, {from}..{until}");
    };
    for (c, from, until) in [(1, 0, 24), (1, 1, 9), (2, 0, 24), (1, 9, 1)] {
        briefs_match(c, from, until);
    }
    assert_eq!(
        ids(&due(1, 1, 9)),
        [2, 1, 3],
        "half-open: due at `until` is out"
    );
    assert_eq!(ids(&due(2, 0, 24)), [4]);
    assert!(due(1, 9, 1).is_empty(), "reversed range");
    write(store, |tx| {
        let mut moved = task(2, 1, None, at(20), Pending);
        moved.status = Completed;
        tx.put_task(&moved)?;
        tx.delete_task(TaskId(3)).map(drop)
    });
    assert_eq!(ids(&due(1, 0, 24)), [1, 5, 2]);
    assert_eq!(ids(&due(1, 0, 10)), [1, 5]);
    briefs_match(1, 0, 24);
    briefs_match(1, 0, 10);
}

/// `metric` by id and `metrics_recorded` by time range, following changes.
pub fn metrics_by_id_and_recorded_time<S: Store>(store: &S) {
    let at_hour = |id: u64, campaign: u64, hour: i64| MetricEntry {
        recorded_at: at(hour),
        ..metric(id, campaign, id as f64)
    };
    write(store, |tx| {
        tx.put_metric(&at_hour(1, 1, 10))?;
        tx.put_metric(&at_hour(2, 1, 3))?;
        tx.put_metric(&at_hour(3, 2, 4))?;
        tx.put_metric(&at_hour(4, 1, 10))
    });
    assert_eq!(
        read(store, |tx| tx.metric(MetricId(3))),
        Some(at_hour(3, 2, 4))
    );
    assert_eq!(read(store, |tx| tx.metric(MetricId(9))), None);
    let recorded = |c: u64, from: i64, until: i64| {
        read(store, |tx| {
            tx.metrics_recorded(CampaignId(c), at(from), at(until))
        })
    };
    assert_eq!(ids(&recorded(1, 0, 24)), [2, 1, 4]);
    assert_eq!(ids(&recorded(1, 3, 10)), [2], "half-open");
    assert_eq!(ids(&recorded(2, 0, 24)), [3]);
    write(store, |tx| tx.put_metric(&at_hour(2, 1, 12)));
    assert_eq!(ids(&recorded(1, 0, 24)), [1, 4, 2]);
    assert!(recorded(1, 0, 10).is_empty());
}

/// Weekly summaries: one per campaign and week (a second put replaces), ascending week.
pub fn weekly_summaries_per_campaign_by_week<S: Store>(store: &S) {
    use crate::report::{ReportWeek, weekly_summary};
    let c1 = campaign(1, "Summaries", CampaignStatus::Active);
    let c2 = campaign(2, "Other", CampaignStatus::Active);
    let summary = |c: &Campaign, week: u32, generated: i64| {
        weekly_summary::<OperatorTask>(
            c,
            &[],
            &[],
            ReportWeek::new(2026, week).unwrap(),
            at(generated),
        )
    };
    write(store, |tx| {
        tx.put_weekly_summary(&summary(&c1, 12, 0))?;
        tx.put_weekly_summary(&summary(&c1, 9, 0))?;
        tx.put_weekly_summary(&summary(&c2, 10, 0))?;
        tx.put_weekly_summary(&summary(&c1, 12, 5))
    });
    let of = |c: u64| read(store, |tx| tx.weekly_summaries(CampaignId(c)));
    assert_eq!(of(1), [summary(&c1, 9, 0), summary(&c1, 12, 5)]);
    assert_eq!(of(2), [summary(&c2, 10, 0)]);
    assert!(of(3).is_empty());
}

/// The action run ledger: by key, replaced by key, listed per action in key order.
pub fn action_runs_by_key_and_action<S: Store>(store: &S) {
    let run = |action: &str, period: &str, status: RunStatus| ActionRun {
        key: ActionRun::key_for(action, period),
        action: action.to_owned(),
        period: period.to_owned(),
        status,
        attempts: 1,
        first_attempt_at: at(1),
        last_attempt_at: at(2),
        next_attempt_at: Some(at(3)),
        finished_at: None,
        last_error: Some("timeout".to_owned()),
        report: None,
        interruptions: 2,
        checkpoint: Some(42),
    };
    write(store, |tx| {
        tx.put_action_run(&run("TICK", "2026-03-03", RunStatus::Running))?;
        tx.put_action_run(&run("TICK", "2026-03-02", RunStatus::Succeeded))?;
        // An action whose name extends another's must not show up in the other's list.
        tx.put_action_run(&run("TICK_EXTRA", "2026-03-01", RunStatus::Failed))?;
        tx.put_action_run(&run("SUMMARY", "2026-W10", RunStatus::Retrying))?;
        tx.put_action_run(&run("TICK", "2026-03-03", RunStatus::Succeeded))
    });
    assert_eq!(
        read(store, |tx| tx.action_run("TICK 2026-03-03")),
        Some(run("TICK", "2026-03-03", RunStatus::Succeeded))
    );
    assert_eq!(read(store, |tx| tx.action_run("TICK 2026-03-04")), None);
    let keys = |action: Option<&str>, limit: usize| -> Vec<String> {
        read(store, |tx| tx.action_runs(action, limit))
            .into_iter()
            .map(|r| r.key)
            .collect()
    };
    assert_eq!(
        keys(Some("TICK"), 10),
        ["TICK 2026-03-02", "TICK 2026-03-03"]
    );
    assert_eq!(keys(Some("TICK"), 1), ["TICK 2026-03-02"]);
    assert_eq!(keys(Some("TICK_EXTRA"), 10), ["TICK_EXTRA 2026-03-01"]);
    assert_eq!(keys(None, 10).len(), 4);
    assert!(keys(Some("NOPE"), 10).is_empty());
    assert!(keys(None, 0).is_empty());
}

/// `open_task_briefs_for_assignee` lists exactly what `open_tasks_due` lists for that
/// assignee, as briefs, and follows status, due-time, title and assignee changes.
pub fn task_briefs_follow_the_assignee_queue<S: Store>(store: &S) {
    use TaskStatus::*;
    put_tasks(
        store,
        &[
            task(1, 1, Some("ana"), at(5), Pending),
            task(2, 2, Some("ana"), at(1), Blocked),
            task(3, 1, Some("ana"), at(3), Completed),
            task(4, 1, Some("anakin"), at(2), Pending),
            task(5, 1, None, at(2), Pending),
        ],
    );
    let briefs = |from: i64, until: i64| {
        read(store, |tx| {
            tx.open_task_briefs_for_assignee("ana", at(from), at(until))
        })
    };
    let full = |from: i64, until: i64| {
        read(store, |tx| {
            tx.open_tasks_due(&TaskScope::Assignee("ana".into()), at(from), at(until))
        })
    };
    for (from, until) in [(0, 24), (1, 5), (2, 6), (9, 1)] {
        let expected: Vec<TaskBrief> = full(from, until).iter().map(OperatorTask::brief).collect();
        assert_eq!(briefs(from, until), expected, "range {from}..{until}");
    }
    assert_eq!(
        briefs(0, 24).iter().map(|b| b.id.0).collect::<Vec<_>>(),
        [2, 1]
    );
    write(store, |tx| {
        let mut renamed = task(1, 1, Some("ana"), at(0), InProgress);
        renamed.title = "Renamed".to_owned();
        tx.put_task(&renamed)?;
        tx.put_task(&task(2, 2, Some("bob"), at(1), Blocked))?;
        tx.put_task(&task(5, 1, Some("ana"), at(4), Pending))
    });
    let now = briefs(0, 24);
    assert_eq!(now.iter().map(|b| b.id.0).collect::<Vec<_>>(), [1, 5]);
    assert_eq!(now[0].title, "Renamed");
    assert_eq!(now[0].status, InProgress);
    write(store, |tx| {
        tx.put_task(&task(1, 1, Some("ana"), at(0), Completed))
    });
    assert_eq!(
        briefs(0, 24).iter().map(|b| b.id.0).collect::<Vec<_>>(),
        [5]
    );
    write(store, |tx| tx.delete_task(TaskId(5)).map(drop));
    assert!(briefs(0, 24).is_empty());
}
