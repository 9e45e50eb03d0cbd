//! Turning the shape into records: every spec stored through `Store::write` and the
//! `WriteTx::put_*` calls (so every index is kept exactly as in production), chunk by
//! chunk, each chunk handed to the caller as a [`Batch`] (the ops bench inserts the same
//! rows into SQLite; the load check only counts them).

use std::collections::HashMap;

use campaign_ops_core::platform::sop;
use campaign_ops_core::service::{GENESIS_HASH, engage_instructions, entry_hash, field_changes};
use campaign_ops_core::{
    AuditAction, AuditEntry, AuditSeq, CalendarItem, CalendarItemId, CalendarItemStatus, Campaign,
    CampaignId, CampaignPlan, CompletionProof, ContentType, EntityKind, MetricEntry, MetricId,
    MetricKind, OperatorTask, PlanId, Platform, ProofKind, Result, Sequence, Store, TaskId,
    TaskStatus, TaskType, WriteTx,
};
use chrono::{DateTime, Duration, Utc};

use crate::shape::{ANGLES, COPY, Kind, Rng, Scale, Spec, at, campaign, operator, plan, post_url};

/// Specs per write transaction (each spec is a task, often with an item and two metrics).
pub const CHUNK: usize = 20_000;

/// What a POST left for its follow-ups.
struct PostInfo {
    task: TaskId,
    item: CalendarItemId,
    platform: Platform,
    content_type: ContentType,
    title: String,
    assignee: Option<String>,
}

/// The records one transaction wrote.
#[derive(Debug, Default)]
pub struct Batch {
    /// Campaigns.
    pub campaigns: Vec<Campaign>,
    /// Plans.
    pub plans: Vec<CampaignPlan>,
    /// Calendar items.
    pub items: Vec<CalendarItem>,
    /// Tasks.
    pub tasks: Vec<OperatorTask>,
    /// Metrics.
    pub metrics: Vec<MetricEntry>,
    /// Audit entries.
    pub audit: Vec<AuditEntry>,
}

/// How far a [`write()`] has come: records written so far, and the tasks it writes in all.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Campaigns (each with a plan).
    pub campaigns: u64,
    /// Tasks.
    pub tasks: u64,
    /// Calendar items.
    pub items: u64,
    /// Metrics.
    pub metrics: u64,
    /// Audit entries.
    pub audit: u64,
    /// Tasks of the whole data set.
    pub tasks_total: u64,
}

impl Written {
    fn add(&mut self, batch: &Batch) {
        self.campaigns += batch.campaigns.len() as u64;
        self.tasks += batch.tasks.len() as u64;
        self.items += batch.items.len() as u64;
        self.metrics += batch.metrics.len() as u64;
        self.audit += batch.audit.len() as u64;
    }
}

struct Builder {
    scale: Scale,
    now: DateTime<Utc>,
    campaigns: Vec<Campaign>,
    plans: Vec<PlanId>,
    posts: HashMap<(u32, u32), PostInfo>,
    steps: HashMap<(Platform, ContentType), Vec<String>>,
}

impl Builder {
    fn steps(&mut self, p: Platform, ct: ContentType) -> Vec<String> {
        self.steps
            .entry((p, ct))
            .or_insert_with(|| sop(p).checklist(ct).expect("default content type").steps())
            .clone()
    }

    fn assignee(&self, i: u32, k: u32) -> Option<String> {
        let ops = self.scale.operators;
        (k % 50 != 49).then(|| {
            operator(if k.is_multiple_of(2) {
                i % ops
            } else {
                (i + ops / 2) % ops
            })
        })
    }

    /// Builds (and stores through `tx`) the records of `s`, appending them to `out`.
    fn build(&mut self, tx: &mut dyn WriteTx, s: &Spec, out: &mut Batch) -> Result<()> {
        let now = self.now;
        let c = &self.campaigns[s.campaign as usize];
        let (cid, plan_id) = (c.id, self.plans[s.campaign as usize]);
        let due = at(s.due);
        let mut rng = Rng::new(&[2, u64::from(s.campaign), u64::from(s.post), s.kind as u64]);
        let status = crate::shape::status(&mut rng, due, now);
        let id = TaskId(tx.next_id(Sequence::Task)?);
        let created = at(s.created).min(now);
        let mut task = OperatorTask {
            id,
            campaign_id: cid,
            calendar_item_id: None,
            parent_task_id: None,
            related_task_ids: vec![],
            task_type: TaskType::Review,
            platform: None,
            content_type: None,
            title: String::new(),
            instructions: vec![],
            checked: Vec::new(),
            copy: None,
            asset_ref: None,
            assignee: self.assignee(s.campaign, s.post),
            due_at: due,
            status,
            outcome: None,
            proof: None,
            reason: None,
            started_at: None,
            finished_at: None,
            created_at: created,
            updated_at: created,
        };
        match s.kind {
            Kind::Post => {
                let platform = c.platforms[s.post as usize % c.platforms.len()];
                let ct = sop(platform).default_content_type();
                let angle = ANGLES[rng.below(ANGLES.len() as u64) as usize];
                let item = CalendarItem {
                    id: CalendarItemId(tx.next_id(Sequence::CalendarItem)?),
                    campaign_id: cid,
                    plan_id,
                    platform,
                    content_type: ct,
                    scheduled_at: due,
                    title: format!("{angle} #{}", s.post + 1),
                    copy: COPY[rng.below(COPY.len() as u64) as usize].to_owned(),
                    asset_ref: (platform == Platform::Instagram)
                        .then(|| format!("assets/{}/{}.jpg", cid.0, s.post)),
                    cta: c.primary_cta.clone(),
                    theme: angle.to_owned(),
                    status: match status {
                        TaskStatus::Completed => CalendarItemStatus::Published,
                        TaskStatus::InProgress => CalendarItemStatus::InProgress,
                        TaskStatus::Skipped => CalendarItemStatus::Cancelled,
                        _ => CalendarItemStatus::Planned,
                    },
                    notes: None,
                    created_at: created,
                    updated_at: created,
                };
                task.task_type = TaskType::Post;
                task.calendar_item_id = Some(item.id);
                task.platform = Some(platform);
                task.content_type = Some(ct);
                task.title = format!("Post on {}: {}", platform.label(), item.title);
                task.instructions = self.steps(platform, ct);
                task.copy = Some(item.copy.clone());
                task.asset_ref = item.asset_ref.clone();
                self.posts.insert(
                    (s.campaign, s.post),
                    PostInfo {
                        task: id,
                        item: item.id,
                        platform,
                        content_type: ct,
                        title: task.title.clone(),
                        assignee: task.assignee.clone(),
                    },
                );
                tx.put_calendar_item(&item)?;
                out.items.push(item);
            }
            Kind::Engage2h | Kind::Engage24h => {
                let post = if s.kind == Kind::Engage24h {
                    self.posts.remove(&(s.campaign, s.post))
                } else {
                    self.posts.get(&(s.campaign, s.post)).map(|p| PostInfo {
                        title: p.title.clone(),
                        assignee: p.assignee.clone(),
                        ..*p
                    })
                }
                .expect("a POST is created before its follow-ups");
                let hours = if s.kind == Kind::Engage2h { 2 } else { 24 };
                let proof = CompletionProof {
                    kind: ProofKind::Url,
                    value: post_url(post.platform, post.task),
                };
                task.task_type = TaskType::Engage;
                task.calendar_item_id = Some(post.item);
                task.parent_task_id = Some(post.task);
                task.platform = Some(post.platform);
                task.content_type = Some(post.content_type);
                task.title = format!("Engage {hours}h after: {}", post.title);
                task.instructions = engage_instructions(Some(post.platform), Some(&proof));
                task.assignee = post.assignee;
            }
            Kind::Review => {
                task.task_type = TaskType::Review;
                task.title = "Review last week's numbers with the client".to_owned();
                task.instructions = vec![
                    "Open the weekly summary.".to_owned(),
                    "Note the best and the worst post.".to_owned(),
                ];
            }
        }
        let finish = (due + Duration::minutes(10)).min(now - Duration::minutes(1));
        match status {
            TaskStatus::Completed => {
                task.started_at = Some(due - Duration::minutes(20));
                task.finished_at = Some(finish);
                task.updated_at = finish;
                task.outcome = Some(match task.task_type {
                    TaskType::Post => "Published as planned.".to_owned(),
                    TaskType::Engage => format!("Answered {} comments.", rng.below(30)),
                    _ => "Done.".to_owned(),
                });
                if task.task_type == TaskType::Post {
                    task.proof = Some(CompletionProof {
                        kind: ProofKind::Url,
                        value: post_url(task.platform.unwrap_or(Platform::X), id),
                    });
                }
                let recorded = (finish + Duration::hours(1)).min(now - Duration::seconds(30));
                for (kind, value) in [
                    (MetricKind::Impressions, 200 + rng.below(4800)),
                    (MetricKind::Engagements, 5 + rng.below(300)),
                ] {
                    let metric = MetricEntry {
                        id: MetricId(tx.next_id(Sequence::Metric)?),
                        campaign_id: cid,
                        task_id: Some(id),
                        platform: task.platform,
                        kind,
                        value: value as f64,
                        recorded_at: recorded,
                        recorded_by: task.assignee.clone().unwrap_or_else(|| "admin".to_owned()),
                        notes: None,
                    };
                    tx.put_metric(&metric)?;
                    out.metrics.push(metric);
                }
            }
            TaskStatus::Failed | TaskStatus::Skipped => {
                task.reason = Some(if status == TaskStatus::Failed {
                    "The asset was not approved in time.".to_owned()
                } else {
                    "Dropped: the client moved the launch.".to_owned()
                });
                task.finished_at = Some(finish);
                task.updated_at = finish;
            }
            TaskStatus::Blocked => {
                task.reason = Some("Waiting for the client's approval.".to_owned());
            }
            TaskStatus::InProgress => {
                let started = (due - Duration::minutes(20)).min(now - Duration::minutes(5));
                task.started_at = Some(started);
                task.updated_at = started;
            }
            TaskStatus::Pending => {}
            // TaskStatus is non_exhaustive; the data set draws only the statuses above.
            other => unreachable!("the data set makes no {other:?} tasks"),
        }
        tx.put_task(&task)?;
        out.tasks.push(task);
        Ok(())
    }
}

/// Writes the data set of `scale`, as of `now`, into `store` (meant to be empty): first
/// every campaign with its plan and `campaign.create` audit entry (one transaction), then
/// the tasks [`CHUNK`] per transaction. `each` gets every transaction's records once it
/// is committed, with the counts so far.
pub fn write<S: Store>(
    store: &S,
    scale: Scale,
    now: DateTime<Utc>,
    mut each: impl FnMut(&Batch, Written),
) -> Result<Written> {
    let specs = crate::shape::specs(scale, now);
    let mut written = Written {
        tasks_total: specs.len() as u64,
        ..Written::default()
    };

    // Campaigns, their plans and audit entries.
    let (batch, campaigns, plans) = store.write(|tx| {
        let mut prev_hash = GENESIS_HASH.to_owned();
        let mut batch = Batch::default();
        let mut campaigns = Vec::new();
        let mut plans = Vec::new();
        for i in 0..scale.campaigns {
            let mut c = campaign(i, now);
            c.id = CampaignId(tx.next_id(Sequence::Campaign)?);
            tx.put_campaign(&c)?;
            let mut p = plan(&c);
            p.id = PlanId(tx.next_id(Sequence::Plan)?);
            tx.put_plan(&p)?;
            let mut entry = AuditEntry {
                seq: AuditSeq(u64::from(i) + 1),
                at: c.created_at,
                actor: "admin".to_owned(),
                action: AuditAction::CampaignCreate,
                entity: EntityKind::Campaign,
                entity_id: c.id.0,
                campaign_id: Some(c.id),
                before: None,
                after: None,
                changes: field_changes(None, Some(&serde_json::to_value(&c).expect("json"))),
                details: None,
                prev_hash: std::mem::take(&mut prev_hash),
                hash: String::new(),
            };
            entry.hash = entry_hash(&entry);
            prev_hash = entry.hash.clone();
            tx.append_audit(&entry)?;
            plans.push(p.id);
            campaigns.push(c.clone());
            batch.campaigns.push(c);
            batch.plans.push(p);
            batch.audit.push(entry);
        }
        Ok((batch, campaigns, plans))
    })?;
    written.add(&batch);
    each(&batch, written);
    drop(batch);

    let mut builder = Builder {
        scale,
        now,
        campaigns,
        plans,
        posts: HashMap::new(),
        steps: HashMap::new(),
    };
    for chunk in specs.chunks(CHUNK) {
        let batch = store.write(|tx| {
            let mut batch = Batch::default();
            for s in chunk {
                builder.build(tx, s, &mut batch)?;
            }
            Ok(batch)
        })?;
        written.add(&batch);
        each(&batch, written);
    }
    Ok(written)
}
