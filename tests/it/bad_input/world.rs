//! The one store every row runs against: a redb file with campaigns in every status, tasks
//! in every status, a plan with its calendar, metrics, and a second campaign whose ids the
//! rows hand to the first.

use std::path::PathBuf;

use campaign_ops::service::{Completion, NewMetric, NewTask};
use campaign_ops::{
    CalendarItemId, CampaignId, CampaignOps, FixedClock, MetricKind, PlanId, RedbStore, TaskId,
    TaskStatus, TaskType,
};

use crate::support::{Ops, alice, new_campaign, t0};

/// The store and the ids the rows use.
pub struct World {
    pub ops: Ops,
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// Active, LinkedIn and X, Europe/Berlin; has a plan, a calendar and tasks.
    pub active: CampaignId,
    pub draft: CampaignId,
    pub paused: CampaignId,
    /// Completed and archived campaigns, each with a task left pending before the end.
    pub completed: CampaignId,
    pub archived: CampaignId,
    pub completed_task: TaskId,
    pub archived_task: TaskId,
    /// Tasks of `active` in each status.
    pub pending: TaskId,
    pub in_progress: TaskId,
    pub blocked: TaskId,
    pub done: TaskId,
    pub skipped: TaskId,
    pub failed: TaskId,
    /// A task of another active campaign, for ids of the wrong campaign.
    pub other_task: TaskId,
    pub plan: PlanId,
    pub item: CalendarItemId,
    /// Active, open-ended, starting 9999-12-20: plans of it would run past 9999.
    pub far: CampaignId,
}

impl World {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad-input.redb");
        let ops = CampaignOps::new(RedbStore::open(&path).unwrap(), FixedClock::new(t0()));
        let a = alice();
        let campaign = |name: &str, activate: bool| {
            let mut n = new_campaign(name);
            n.start_date = crate::support::date(2026, 11, 1);
            n.activate = activate;
            ops.create_campaign(&a, n).unwrap().id
        };
        let task = |c: CampaignId, title: &str| {
            let new = NewTask::new(c, TaskType::Manual, title, t0());
            ops.create_task(&a, new).unwrap().id
        };
        let active = campaign("Active one", true);
        let other = campaign("Other one", true);
        let draft = campaign("Draft one", false);
        let paused = campaign("Paused one", true);
        ops.pause_campaign(&a, paused, None).unwrap();
        let completed = campaign("Completed one", true);
        let completed_task = task(completed, "left open");
        ops.complete_campaign(&a, completed).unwrap();
        let archived = campaign("Archived one", false);
        let archived_task = task(archived, "left open");
        ops.archive_campaign(&a, archived).unwrap();
        // Its name in NFC; rows try the NFD spelling.
        campaign("Café Noël", false);
        let mut far = new_campaign("Far future");
        far.start_date = crate::support::date(9999, 12, 20);
        far.end_date = None;
        far.activate = true;
        let far = ops.create_campaign(&a, far).unwrap().id;

        let pending = task(active, "pending");
        let in_progress = task(active, "in progress");
        ops.start_task(&a, in_progress).unwrap();
        let blocked = task(active, "blocked");
        ops.block_task(&a, blocked, "waiting").unwrap();
        let done = task(active, "done");
        ops.mark_task_complete(&a, done, Completion::default())
            .unwrap();
        let skipped = task(active, "skipped");
        ops.skip_task(&a, skipped, None).unwrap();
        let failed = task(active, "failed");
        ops.start_task(&a, failed).unwrap();
        ops.fail_task(&a, failed, "no").unwrap();
        let other_task = task(other, "elsewhere");
        let plan = ops.generate_plan(&a, active, "Launch", 28).unwrap().id;
        ops.generate_calendar(&a, plan, None).unwrap();
        let item = ops.campaign_calendar(active).unwrap()[0].id;
        ops.record_metrics(&a, active, &[NewMetric::new(MetricKind::Impressions, 10.0)])
            .unwrap();
        assert_eq!(ops.get_task(done).unwrap().status, TaskStatus::Completed);
        Self {
            ops,
            _dir: dir,
            path,
            active,
            draft,
            paused,
            completed,
            archived,
            completed_task,
            archived_task,
            pending,
            in_progress,
            blocked,
            done,
            skipped,
            failed,
            other_task,
            plan,
            item,
            far,
        }
    }

    /// The logical dump of everything the Store trait shows.
    pub fn dump(&self) -> crate::support::Snapshot {
        crate::support::snapshot(&self.ops)
    }

    /// The database file, byte for byte.
    pub fn file_bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }

    /// Puts the clock back to t0 after a row that moved it.
    pub fn reset_clock(&self) {
        self.ops.clock().set(t0());
    }
}
