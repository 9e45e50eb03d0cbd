//! The stream of real service calls the crash and fault tests run: one cycle per campaign
//! (the daemon with the real handlers, then create, plan with calendar and tasks,
//! regenerate the calendar, a manual task, start, complete with metrics, pause or not,
//! update). Each call that returns `Ok` yields what it committed ([`Committed`]),
//! which a killed child prints and its parent checks after reopening the file.

use campaign_ops::actions::Daemon;
use campaign_ops::service::{CampaignPlanning, CampaignUpdate, Completion, NewTask};
use campaign_ops::{
    CampaignId, CampaignStatus, Clock, MetricKind, PlanId, RunStatus, Store, TaskId, TaskStatus,
    TaskType,
};
use chrono::Duration;

use crate::support::{Ops, alice, new_campaign, t0, with};

/// Calls per cycle, the daemon's step included.
pub const STEPS: usize = 9;

/// What one call committed, as a line a child prints (`Committed::line`) and its parent
/// parses back (`Committed::parse`).
#[derive(Debug, Clone, PartialEq)]
pub enum Committed {
    Campaign(u64),
    /// Plan, campaign, its first POST task.
    Plan(u64, u64, u64),
    Calendar(u64),
    Task(u64),
    Started(u64),
    Completed(u64),
    Paused(u64),
    /// Campaign and the description it was given.
    Updated(u64, String),
    /// A ledger record the daemon left Succeeded.
    Run(String),
}

impl Committed {
    pub fn line(&self) -> String {
        match self {
            Self::Campaign(id) => format!("campaign {id}"),
            Self::Plan(p, c, t) => format!("plan {p} {c} {t}"),
            Self::Calendar(p) => format!("calendar {p}"),
            Self::Task(id) => format!("task {id}"),
            Self::Started(id) => format!("started {id}"),
            Self::Completed(id) => format!("completed {id}"),
            Self::Paused(id) => format!("paused {id}"),
            Self::Updated(id, d) => format!("updated {id} {d}"),
            Self::Run(key) => format!("run {key}"),
        }
    }

    pub fn parse(line: &str) -> Option<Self> {
        let (kind, rest) = line.split_once(' ')?;
        let num = |s: &str| s.parse::<u64>().ok();
        let mut words = rest.split(' ');
        Some(match kind {
            "campaign" => Self::Campaign(num(rest)?),
            "plan" => Self::Plan(
                num(words.next()?)?,
                num(words.next()?)?,
                num(words.next()?)?,
            ),
            "calendar" => Self::Calendar(num(rest)?),
            "task" => Self::Task(num(rest)?),
            "started" => Self::Started(num(rest)?),
            "completed" => Self::Completed(num(rest)?),
            "paused" => Self::Paused(num(rest)?),
            "updated" => {
                let (id, d) = rest.split_once(' ')?;
                Self::Updated(num(id)?, d.to_owned())
            }
            "run" => Self::Run(rest.to_owned()),
            _ => return None,
        })
    }

    /// Whether the store reopened after a crash still holds it; `Err` says what is missing.
    pub fn check(&self, ops: &Ops) -> Result<(), String> {
        let missing = |what: String| Err(format!("committed {} but {what}", self.line()));
        match self {
            Self::Campaign(id) => ops
                .get_campaign(CampaignId(*id))
                .map(drop)
                .or_else(|e| missing(e.to_string())),
            Self::Plan(p, c, t) => {
                let plan = ops.get_plan(PlanId(*p)).map_err(|e| e.to_string())?;
                let task = ops.get_task(TaskId(*t)).map_err(|e| e.to_string())?;
                if plan.campaign_id.0 != *c || task.campaign_id.0 != *c {
                    return missing("its plan or task names another campaign".into());
                }
                Ok(())
            }
            Self::Calendar(p) => ops
                .get_plan(PlanId(*p))
                .map(drop)
                .or_else(|e| missing(e.to_string())),
            Self::Task(id) => ops
                .get_task(TaskId(*id))
                .map(drop)
                .or_else(|e| missing(e.to_string())),
            Self::Started(id) => {
                let t = ops.get_task(TaskId(*id)).map_err(|e| e.to_string())?;
                match t.status {
                    TaskStatus::InProgress | TaskStatus::Completed => Ok(()),
                    other => missing(format!("its status is {other:?}")),
                }
            }
            Self::Completed(id) => {
                let t = ops.get_task(TaskId(*id)).map_err(|e| e.to_string())?;
                if t.status != TaskStatus::Completed {
                    return missing(format!("its status is {:?}", t.status));
                }
                let metrics = ops
                    .campaign_metric_entries(t.campaign_id, None, 1000)
                    .map_err(|e| e.to_string())?;
                let own = metrics.iter().filter(|m| m.task_id == Some(t.id)).count();
                if own != 2 {
                    return missing(format!("it has {own} metrics, not 2"));
                }
                Ok(())
            }
            Self::Paused(id) => {
                let c = ops
                    .get_campaign(CampaignId(*id))
                    .map_err(|e| e.to_string())?;
                if c.status != CampaignStatus::Paused {
                    return missing(format!("its status is {:?}", c.status));
                }
                Ok(())
            }
            Self::Updated(id, d) => {
                let c = ops
                    .get_campaign(CampaignId(*id))
                    .map_err(|e| e.to_string())?;
                if &c.description != d {
                    return missing(format!("its description is {:?}", c.description));
                }
                Ok(())
            }
            Self::Run(key) => {
                let run = ops
                    .store()
                    .read(|tx| tx.action_run(key))
                    .map_err(|e| e.to_string())?;
                match run {
                    Some(r) if r.status == RunStatus::Succeeded => Ok(()),
                    other => missing(format!("the ledger has {other:?}")),
                }
            }
        }
    }
}

/// One cycle's state: what earlier steps made, for the later ones.
#[derive(Debug, Clone, Default)]
pub struct Cycle {
    /// Which cycle (from the number of campaigns already stored): names and the clock.
    pub n: u64,
    /// A tag that keeps names unique when a killed cycle is begun again.
    pub tag: String,
    campaign: Option<CampaignId>,
    plan: Option<PlanId>,
    post: Option<TaskId>,
}

impl Cycle {
    /// The cycle after the campaigns `ops` already holds; the clock moves to its time
    /// (7 hours a cycle, so the daemon's daily and weekly periods come round).
    pub fn next(ops: &Ops, tag: &str) -> Self {
        let n = ops
            .store()
            .read(|tx| tx.campaign_page(&campaign_ops::CampaignQuery::first(1)))
            .map(|p| p.total)
            .unwrap_or(0);
        ops.clock().set(t0() + Duration::hours(7 * n as i64));
        Self {
            n,
            tag: tag.to_owned(),
            ..Self::default()
        }
    }

    /// Step `i` (0 to `STEPS - 1`) of the cycle. Step 0 runs the handlers on `daemon`
    /// (`None`: skips it), first, so that a child killed soon after it starts is often
    /// killed inside a handler.
    pub fn step(
        &mut self,
        ops: &Ops,
        daemon: Option<&Daemon>,
        i: usize,
    ) -> campaign_ops::Result<Vec<Committed>> {
        let me = alice();
        let c = || self.campaign.expect("campaign made in step 1");
        Ok(match i {
            1 => {
                let mut new = new_campaign(&format!("Crash {} {}", self.n, self.tag));
                new.start_date = crate::support::date(2026, 11, 20);
                new.end_date = None;
                new.activate = true;
                let made = ops.create_campaign(&me, new)?;
                self.campaign = Some(made.id);
                vec![Committed::Campaign(made.id.0)]
            }
            2 => {
                let mut request = CampaignPlanning::new("Launch", 7);
                request.assignee = Some("bob".into());
                let planned = ops.plan_campaign(&me, c(), &request)?;
                self.plan = Some(planned.plan.id);
                self.post = planned.tasks.created.first().copied();
                match self.post {
                    Some(t) => vec![Committed::Plan(planned.plan.id.0, c().0, t.0)],
                    None => vec![],
                }
            }
            3 => {
                let plan = self.plan.expect("plan made in step 2");
                ops.generate_calendar(&me, plan, Some("winter"))?;
                vec![Committed::Calendar(plan.0)]
            }
            4 => {
                let due = ops.clock().now() + Duration::hours(30);
                let new = with(
                    NewTask::new(c(), TaskType::Manual, "Brief the client", due),
                    |t| t.assignee = Some("carol".into()),
                );
                vec![Committed::Task(ops.create_task(&me, new)?.id.0)]
            }
            5 => match self.post {
                Some(t) => vec![Committed::Started(ops.start_task(&me, t)?.id.0)],
                None => vec![],
            },
            6 => match self.post {
                Some(t) => {
                    let done = with(Completion::default(), |d| {
                        d.outcome = Some("posted".into());
                        d.metrics =
                            vec![(MetricKind::Impressions, 120.0), (MetricKind::Clicks, 7.0)];
                    });
                    vec![Committed::Completed(
                        ops.mark_task_complete(&me, t, done)?.id.0,
                    )]
                }
                None => vec![],
            },
            7 if self.n.is_multiple_of(2) => {
                vec![Committed::Paused(
                    ops.pause_campaign(&me, c(), Some("budget review"))?.id.0,
                )]
            }
            7 => vec![],
            8 => {
                let text = format!("updated in cycle {}", self.n);
                let update = with(CampaignUpdate::default(), |u| {
                    u.description = Some(text.clone())
                });
                ops.update_campaign(&me, c(), update)?;
                vec![Committed::Updated(c().0, text)]
            }
            0 => match daemon {
                Some(d) => d
                    .run_due()
                    .map_err(|e| match e {
                        campaign_ops::actions::DaemonError::Store(e) => e,
                        other => campaign_ops::Error::Storage(campaign_ops::StorageError::backend(
                            other.to_string(),
                        )),
                    })?
                    .into_iter()
                    .filter(|o| o.run.status == RunStatus::Succeeded)
                    .map(|o| Committed::Run(o.run.key))
                    .collect(),
                None => vec![],
            },
            _ => vec![],
        })
    }
}
