//! The generated data set, built once into a redb file (through `Store::write` and the
//! `WriteTx::put_*` calls, so every index is kept exactly as in production) and into a
//! SQLite file with the same rows, and cached under `target/bench-data/v<VERSION>-<scale>/`.
//!
//! Shape (full scale): 10,000 active campaigns (half in Europe/Berlin, the rest in five other
//! zones), 1,000,000 tasks — campaign 1 has 10,000, the others 99 or 100 — spread over the
//! 120 days before and the 30 days after [`now`]. Tasks come in groups of a POST (with its
//! calendar item) and two ENGAGE follow-ups due 2 h and 24 h after it; each campaign has
//! two of the 500 operators, so an operator holds about 2,000 tasks. Statuses follow the due
//! time: long past ones are mostly completed (some failed, skipped, a few still open), the
//! last three days are about half open, future ones pending. Every completed task has two
//! metrics (impressions, engagements). Every campaign has a plan and a `campaign.create`
//! audit entry. Records are written in creation order (POSTs a week before they are due,
//! follow-ups when their POST is done), so one campaign's tasks are spread over the whole
//! id range, as they would be in a real file.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use campaign_ops::core::platform::sop;
use campaign_ops::core::service::{GENESIS_HASH, default_cadence, entry_hash};
use campaign_ops::{
    AuditAction, AuditEntry, AuditSeq, CalendarItem, CalendarItemId, CalendarItemStatus, Campaign,
    CampaignId, CampaignPlan, CampaignStatus, CompletionProof, ContentType, EntityKind,
    MetricEntry, MetricId, MetricKind, Objective, OperatorTask, PlanId, PlanPhase, Platform,
    ProofKind, RedbStore, Sequence, Store, TaskId, TaskStatus, TaskType, WeeklyTheme, WriteTx,
};
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};

use crate::sql::Sql;

/// Bump when the generated data or the store layout changes: the cache directory is keyed by
/// it (2: schema version 4, briefs in the queue index; 3: briefs stored with a numeric due time;
/// 4: schema version 5, briefs in the per-campaign due index).
pub const VERSION: u32 = 4;

/// Specs per write transaction (each spec is a task, often with an item and two metrics).
const CHUNK: usize = 20_000;

/// How big the data set is.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// `full` or `small`.
    pub name: &'static str,
    /// Campaigns.
    pub campaigns: u32,
    /// Tasks in all.
    pub tasks: u32,
    /// Tasks of campaign 1 (the weekly-summary case).
    pub big_tasks: u32,
    /// Operators (assignees).
    pub operators: u32,
}

/// The data set of issue 4.
pub const FULL: Scale = Scale {
    name: "full",
    campaigns: 10_000,
    tasks: 1_000_000,
    big_tasks: 10_000,
    operators: 500,
};

/// A tenth of it (same per-operator and big-campaign shape), for trying the bench out:
/// `OPS_BENCH_SCALE=small cargo bench --bench ops`.
pub const SMALL: Scale = Scale {
    name: "small",
    campaigns: 1_000,
    tasks: 100_000,
    big_tasks: 10_000,
    operators: 50,
};

/// The bench's "now": a Wednesday, 11:30 in Berlin.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 18, 10, 30, 0).unwrap()
}

/// The campaign with [`Scale::big_tasks`] tasks (Europe/Berlin, four platforms).
pub const BIG_CAMPAIGN: CampaignId = CampaignId(1);
/// A typical campaign (Europe/Berlin, four platforms, 100 tasks) for today + overdue.
pub const TYPICAL_CAMPAIGN: CampaignId = CampaignId(5);
/// The campaign the task-completion bench adds its fresh tasks to.
pub const COMPLETION_CAMPAIGN: CampaignId = CampaignId(7);
/// The operator whose queue is measured (holds about 2,000 tasks).
pub const QUEUE_ASSIGNEE: &str = "op-042";

const ZONES: [&str; 8] = [
    "Europe/Berlin",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Europe/Berlin",
    "America/Sao_Paulo",
];

const ANGLES: [&str; 6] = [
    "Behind the scenes",
    "Customer story",
    "How-to",
    "Myth vs fact",
    "Product spotlight",
    "Team voices",
];

const COPY: [&str; 4] = [
    "Most teams lose a day a week to manual reporting. Here is how one of our customers got it back: \
     they connected their sources once, set a weekly digest, and let the numbers come to them. \
     Read the full story and try it on your own data.",
    "Three things we learned shipping our spring release: start with the question your users ask \
     every Monday, measure the time it takes them today, and cut that in half before adding \
     anything new. What would you add?",
    "Small change, big difference. Our new templates let you go from a blank page to a ready \
     campaign in minutes, with the checklists your team already trusts built in.",
    "You asked, we listened. The most requested feature of the year is live today. A short \
     thread on what it does, who it is for and how to switch it on.",
];

/// A small deterministic generator (SplitMix64): the data set must be the same every time.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded from `parts`.
    pub fn new(parts: &[u64]) -> Self {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for &p in parts {
            r.0 ^= p.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            r.next();
        }
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Operator name `n`.
pub fn operator(n: u32) -> String {
    format!("op-{n:03}")
}

fn platforms(i: u32) -> Vec<Platform> {
    use Platform::*;
    match i % 4 {
        0 => vec![LinkedIn, Instagram, X, Email],
        1 => vec![LinkedIn, X],
        2 => vec![LinkedIn, Instagram, Email],
        _ => vec![Instagram, X],
    }
}

fn today() -> NaiveDate {
    now().date_naive()
}

/// Campaign number `i` (0-based; its id is `i + 1`).
fn campaign(i: u32) -> Campaign {
    let platforms = platforms(i);
    let created = now() - Duration::days(200) + Duration::minutes(i64::from(i));
    Campaign {
        id: CampaignId(0),
        name: format!("Campaign {:05}", i + 1),
        client_name: format!("Client {:03}", i % 700),
        objective: Objective::ALL[i as usize % Objective::ALL.len()],
        description: "Generated for the benchmark: a quarter of steady posting with a launch \
                      in the middle."
            .to_owned(),
        cadence: platforms.iter().map(|&p| (p, default_cadence(p))).collect(),
        platforms,
        start_date: today() - Days::new(120 + u64::from(i % 30)),
        end_date: Some(today() + Days::new(30 + u64::from(i % 30))),
        time_zone: ZONES[i as usize % ZONES.len()]
            .parse()
            .expect("a valid zone"),
        primary_cta: Some("Book a demo".to_owned()),
        owner: operator(i % 500),
        status: CampaignStatus::Active,
        metadata: [("segment".to_owned(), format!("s{}", i % 12))].into(),
        created_at: created,
        updated_at: created,
    }
}

fn plan(c: &Campaign) -> CampaignPlan {
    let days = (c.end_date.unwrap_or(c.start_date) - c.start_date).num_days() as u32 + 1;
    CampaignPlan {
        id: PlanId(0),
        campaign_id: c.id,
        version: 1,
        focus_area: "spring launch".to_owned(),
        start_date: c.start_date,
        duration_days: days,
        positioning: "The fastest way from a blank page to a running campaign.".to_owned(),
        messaging_angles: ANGLES[..3].iter().map(|s| (*s).to_owned()).collect(),
        phases: vec![PlanPhase {
            name: "Run".to_owned(),
            start_day: 0,
            days,
            goals: vec!["Post steadily".to_owned()],
            tactics: vec![],
            kpis: vec![],
        }],
        weekly_themes: (1..=days.div_ceil(7))
            .map(|week| WeeklyTheme {
                week,
                theme: ANGLES[week as usize % ANGLES.len()].to_owned(),
            })
            .collect(),
        generated_by: "template".to_owned(),
        created_at: c.created_at,
    }
}

/// What a spec becomes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Post,
    Engage2h,
    Engage24h,
    Review,
}

/// One task to create, before ids are handed out.
struct Spec {
    created: i64,
    campaign: u32,
    post: u32,
    kind: Kind,
    due: i64,
}

fn specs(scale: Scale) -> Vec<Spec> {
    let span_start = (today() - Days::new(120))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let span_days = 150.0;
    let rest = scale.campaigns - 1;
    let (base, extra) = (
        (scale.tasks - scale.big_tasks) / rest,
        (scale.tasks - scale.big_tasks) % rest,
    );
    let mut out = Vec::with_capacity(scale.tasks as usize);
    for i in 0..scale.campaigns {
        let n = match i {
            0 => scale.big_tasks,
            i if i <= extra => base + 1,
            _ => base,
        };
        let posts = n / 3;
        let mut rng = Rng::new(&[1, u64::from(i)]);
        for k in 0..posts {
            let day = ((f64::from(k) + rng.unit()) * span_days / f64::from(posts)) as i64;
            let due = span_start + day * 86_400 + 7 * 3600 + rng.below(12 * 60) as i64 * 60;
            out.push(Spec {
                created: due - 7 * 86_400,
                campaign: i,
                post: k,
                kind: Kind::Post,
                due,
            });
            for (kind, after) in [(Kind::Engage2h, 2 * 3600), (Kind::Engage24h, 24 * 3600)] {
                out.push(Spec {
                    created: due + 600,
                    campaign: i,
                    post: k,
                    kind,
                    due: due + after,
                });
            }
        }
        for k in 0..n % 3 {
            let due = span_start + (rng.unit() * span_days * 86_400.0) as i64 / 60 * 60;
            out.push(Spec {
                created: due - 7 * 86_400,
                campaign: i,
                post: posts + k,
                kind: Kind::Review,
                due,
            });
        }
    }
    out.sort_by_key(|s| (s.created, s.campaign, s.post, s.kind));
    out
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

/// The status of a task due at `due`, as the operators would have left it by [`now`].
fn status(rng: &mut Rng, due: DateTime<Utc>) -> TaskStatus {
    use TaskStatus::*;
    let r = rng.unit();
    let open = |rng: &mut Rng| match rng.below(10) {
        0..=5 => Pending,
        6..=7 => InProgress,
        _ => Blocked,
    };
    if due < now() - Duration::days(3) {
        match r {
            r if r < 0.95 => Completed,
            r if r < 0.97 => Failed,
            r if r < 0.99 => Skipped,
            _ => open(rng),
        }
    } else if due < now() {
        match r {
            r if r < 0.55 => Completed,
            r if r < 0.58 => Failed,
            r if r < 0.60 => Skipped,
            _ => open(rng),
        }
    } else {
        match r {
            r if r < 0.97 => Pending,
            r if r < 0.99 => Blocked,
            _ => Skipped,
        }
    }
}

/// What a POST left for its follow-ups.
struct PostInfo {
    task: TaskId,
    item: CalendarItemId,
    platform: Platform,
    content_type: ContentType,
    title: String,
    assignee: Option<String>,
}

/// The proof URL of a published POST.
pub fn post_url(platform: Platform, task: TaskId) -> String {
    format!("https://social.example/{}/posts/{}", platform.key(), task.0)
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

/// Counts and timings of one generation, kept in the cache next to the files.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    /// Scale name.
    pub scale: String,
    /// Records written.
    pub campaigns: u64,
    /// Tasks written.
    pub tasks: u64,
    /// Calendar items written.
    pub items: u64,
    /// Metrics written.
    pub metrics: u64,
    /// Audit entries written.
    pub audit: u64,
    /// Seconds spent in redb writes (including building the records).
    pub redb_secs: f64,
    /// Seconds spent in SQLite inserts.
    pub sqlite_secs: f64,
    /// Wall time of the whole generation.
    pub total_secs: f64,
    /// Peak RSS of the generating process, MiB.
    pub peak_rss_mib: f64,
}

impl Manifest {
    /// `key=value` lines.
    pub fn to_text(&self) -> String {
        format!(
            "scale={}\ncampaigns={}\ntasks={}\nitems={}\nmetrics={}\naudit={}\nredb_secs={:.1}\nsqlite_secs={:.1}\ntotal_secs={:.1}\npeak_rss_mib={:.0}\n",
            self.scale,
            self.campaigns,
            self.tasks,
            self.items,
            self.metrics,
            self.audit,
            self.redb_secs,
            self.sqlite_secs,
            self.total_secs,
            self.peak_rss_mib
        )
    }

    /// Parses [`Self::to_text`].
    pub fn parse(text: &str) -> Option<Self> {
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_owned)
        };
        let num = |key: &str| get(key)?.parse::<f64>().ok();
        Some(Self {
            scale: get("scale")?,
            campaigns: num("campaigns")? as u64,
            tasks: num("tasks")? as u64,
            items: num("items")? as u64,
            metrics: num("metrics")? as u64,
            audit: num("audit")? as u64,
            redb_secs: num("redb_secs")?,
            sqlite_secs: num("sqlite_secs")?,
            total_secs: num("total_secs")?,
            peak_rss_mib: num("peak_rss_mib")?,
        })
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
