//! Building the data set: the records of every spec, stored through `Store::write` and the
//! `WriteTx::put_*` calls (so every index is kept exactly as in production), the same rows
//! INSERTed into SQLite, chunk by chunk.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use campaign_ops::core::platform::sop;
use campaign_ops::core::service::{GENESIS_HASH, entry_hash};
use campaign_ops::{
    AuditAction, AuditEntry, AuditSeq, CalendarItem, CalendarItemId, CalendarItemStatus, Campaign,
    CampaignId, CampaignPlan, CompletionProof, ContentType, EntityKind, MetricEntry, MetricId,
    MetricKind, OperatorTask, PlanId, Platform, ProofKind, RedbStore, Sequence, Store, TaskId,
    TaskStatus, TaskType, WriteTx,
};
use chrono::Duration;

use crate::dataset::{
    ANGLES, COPY, Kind, Manifest, Rng, Scale, Spec, at, campaign, now, operator, plan, post_url,
    specs, status,
};
use crate::sql::Sql;

/// Specs per write transaction (each spec is a task, often with an item and two metrics).
const CHUNK: usize = 20_000;

/// What a POST left for its follow-ups.
struct PostInfo {
    task: TaskId,
    item: CalendarItemId,
    platform: Platform,
    content_type: ContentType,
    title: String,
    assignee: Option<String>,
}

/// The records one spec turned into.
#[derive(Default)]
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

struct Builder {
    scale: Scale,
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
    fn build(
        &mut self,
        tx: &mut dyn WriteTx,
        s: &Spec,
        out: &mut Batch,
    ) -> campaign_ops::Result<()> {
        let c = &self.campaigns[s.campaign as usize];
        let (cid, plan_id) = (c.id, self.plans[s.campaign as usize]);
        let due = at(s.due);
        let mut rng = Rng::new(&[2, u64::from(s.campaign), u64::from(s.post), s.kind as u64]);
        let status = status(&mut rng, due);
        let id = TaskId(tx.next_id(Sequence::Task)?);
        let created = at(s.created).min(now());
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
                task.instructions = campaign_ops::core::service::engage_instructions(
                    Some(post.platform),
                    Some(&proof),
                );
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
        let finish = (due + Duration::minutes(10)).min(now() - Duration::minutes(1));
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
                let recorded = (finish + Duration::hours(1)).min(now() - Duration::seconds(30));
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
                let started = (due - Duration::minutes(20)).min(now() - Duration::minutes(5));
                task.started_at = Some(started);
                task.updated_at = started;
            }
            TaskStatus::Pending => {}
            // TaskStatus is non_exhaustive; the dataset draws only the statuses above.
            other => unreachable!("the dataset makes no {other:?} tasks"),
        }
        tx.put_task(&task)?;
        out.tasks.push(task);
        Ok(())
    }
}

/// Writes the data set of `scale` to `redb_path` and `sqlite_path` (both must not exist).
pub fn generate(
    scale: Scale,
    redb_path: &Path,
    sqlite_path: &Path,
) -> campaign_ops::Result<Manifest> {
    let started = Instant::now();
    let store = RedbStore::open(redb_path)?;
    let mut sql = Sql::create(sqlite_path).expect("creating the SQLite file");
    let mut m = Manifest {
        scale: scale.name.to_owned(),
        ..Manifest::default()
    };
    let mut redb_time = std::time::Duration::ZERO;
    let mut sql_time = std::time::Duration::ZERO;

    // Campaigns, their plans and audit entries.
    let t = Instant::now();
    let mut batch = Batch::default();
    let mut prev_hash = GENESIS_HASH.to_owned();
    let (campaigns, plans) = store.write(|tx| {
        let mut campaigns = Vec::new();
        let mut plans = Vec::new();
        for i in 0..scale.campaigns {
            let mut c = campaign(i);
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
                changes: campaign_ops::core::service::field_changes(
                    None,
                    Some(&serde_json::to_value(&c).expect("json")),
                ),
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
        Ok((campaigns, plans))
    })?;
    redb_time += t.elapsed();
    let t = Instant::now();
    sql.insert_batch(&batch).expect("SQLite insert");
    sql_time += t.elapsed();
    m.campaigns = batch.campaigns.len() as u64;
    m.audit = batch.audit.len() as u64;

    let mut builder = Builder {
        scale,
        campaigns,
        plans,
        posts: HashMap::new(),
        steps: HashMap::new(),
    };
    let specs = specs(scale);
    for (n, chunk) in specs.chunks(CHUNK).enumerate() {
        let t = Instant::now();
        let batch = store.write(|tx| {
            let mut batch = Batch::default();
            for s in chunk {
                builder.build(tx, s, &mut batch)?;
            }
            Ok(batch)
        })?;
        redb_time += t.elapsed();
        let t = Instant::now();
        sql.insert_batch(&batch).expect("SQLite insert");
        sql_time += t.elapsed();
        m.tasks += batch.tasks.len() as u64;
        m.items += batch.items.len() as u64;
        m.metrics += batch.metrics.len() as u64;
        if n % 10 == 9 {
            eprintln!(
                "  generated {} of {} tasks ({:.0} s)",
                m.tasks,
                specs.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    drop(store);
    redb_time += t.elapsed();
    let t = Instant::now();
    sql.close().expect("closing SQLite");
    sql_time += t.elapsed();
    m.redb_secs = redb_time.as_secs_f64();
    m.sqlite_secs = sql_time.as_secs_f64();
    m.total_secs = started.elapsed().as_secs_f64();
    m.peak_rss_mib = crate::harness::peak_rss_mib();
    Ok(m)
}
