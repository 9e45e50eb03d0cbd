//! Shared fixtures: a service on an in-memory RedbStore with a fixed clock.

use campaign_ops::actions::{Daemon, DaemonConfig, Registry};
use campaign_ops::{
    Actor, AuditAction, CalendarItem, Campaign, CampaignId, CampaignOps, CampaignPlan, Clock,
    FixedClock, Objective, Platform, RedbStore, Store, service::NewCampaign,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

pub type Ops = CampaignOps<RedbStore, FixedClock>;

/// 2026-11-25 09:00 UTC, a Wednesday.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn ops() -> Ops {
    CampaignOps::new(RedbStore::in_memory().unwrap(), FixedClock::new(t0()))
}

pub fn alice() -> Actor {
    Actor::new("alice").unwrap()
}

pub fn new_campaign(name: &str) -> NewCampaign {
    let mut c = NewCampaign::new(
        name,
        "Acme GmbH",
        Objective::LeadGeneration,
        vec![Platform::LinkedIn, Platform::X],
        date(2026, 12, 1),
        "Europe/Berlin",
    );
    c.end_date = Some(date(2027, 2, 28));
    c.description = "Winter launch of the Acme analytics suite".into();
    c
}

/// `value` as `set` leaves it: how the tests build the service's `#[non_exhaustive]` inputs
/// (`CampaignUpdate`, `Completion`, `NewTask`, ...) from a constructor or `default()`.
pub fn with<T>(mut value: T, set: impl FnOnce(&mut T)) -> T {
    set(&mut value);
    value
}

pub fn create(ops: &Ops, name: &str) -> Campaign {
    ops.create_campaign(&alice(), new_campaign(name)).unwrap()
}

/// A daemon on `ops`'s store and clock running `registry`'s enabled actions.
pub fn daemon(ops: &Ops, registry: Registry, config: DaemonConfig) -> Daemon {
    Daemon::on(ops.store().clone(), ops.clock().clone(), registry, config).unwrap()
}

/// Campaign `c`'s plan "Launch" of `days` days, and the calendar generated from it.
pub fn launch_calendar(ops: &Ops, c: CampaignId, days: u32) -> (CampaignPlan, Vec<CalendarItem>) {
    let plan = ops.generate_plan(&alice(), c, "Launch", days).unwrap();
    ops.generate_calendar(&alice(), plan.id, None).unwrap();
    (plan, ops.campaign_calendar(c).unwrap())
}

/// The actions of campaign `c`'s audit trail, oldest first (a test writes a handful).
pub fn audit_actions<S: Store, C: Clock>(
    ops: &CampaignOps<S, C>,
    c: CampaignId,
) -> Vec<AuditAction> {
    ops.campaign_audit(c, None, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Everything a failed call must leave untouched: a logical dump of every record the
/// Store trait shows (campaigns 1 to 64 and what is filed under them, their indexes, the
/// campaign ledger and the whole audit log).
#[derive(Debug, PartialEq)]
pub struct Snapshot(serde_json::Value);

pub fn snapshot(ops: &Ops) -> Snapshot {
    Snapshot(campaign_ops::core::conformance::logical_dump(
        ops.store(),
        1..=64,
        &campaign_ops::actions::CAMPAIGN_ACTIONS,
    ))
}

/// Inside `tx`: a manual task with `title` in campaign 1 (which need not exist for the
/// store), due `now`: the effect the killed daemon's handler commits batch by batch.
pub fn put_task(
    tx: &mut dyn campaign_ops::WriteTx,
    title: String,
    now: DateTime<Utc>,
) -> campaign_ops::Result<()> {
    let id = campaign_ops::TaskId(tx.next_id(campaign_ops::Sequence::Task)?);
    tx.put_task(&campaign_ops::OperatorTask::pending(
        id,
        campaign_ops::CampaignId(1),
        campaign_ops::TaskType::Manual,
        title,
        now,
        now,
    ))
}
