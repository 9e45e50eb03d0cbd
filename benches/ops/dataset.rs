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
//! id range, as they would be in a real file. The building itself is `dataset_build.rs`.

use campaign_ops::core::service::default_cadence;
use campaign_ops::{
    Campaign, CampaignId, CampaignPlan, CampaignStatus, Objective, PlanId, PlanPhase, Platform,
    TaskId, TaskStatus, WeeklyTheme,
};
use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};

pub use crate::dataset_build::{Batch, generate};

/// Bump when the generated data or the store layout changes: the cache directory is keyed by
/// it (2: schema version 4, briefs in the queue index; 3: briefs stored with a numeric due time;
/// 4: schema version 5, briefs in the per-campaign due index; 5: schema version 6, three
/// tables, SQLite audit rows with field changes; 6: the workspace id in `meta`; 7: schema
/// version 7, campaign search blocks; 8: schema 7's covering `METRIC_BY_TIME` values).
pub const VERSION: u32 = 8;

/// The generated records' own version, apart from any store's layout: bump it when what
/// `dataset_build.rs` generates changes (the records, their ids or their order), not for a
/// redb layout change (that is [`VERSION`]'s). The PostgreSQL copy (`pg_load.rs`) is keyed by
/// it, so a redb-only change does not reload PostgreSQL.
pub const DATA_VERSION: u32 = 1;

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

pub const ANGLES: [&str; 6] = [
    "Behind the scenes",
    "Customer story",
    "How-to",
    "Myth vs fact",
    "Product spotlight",
    "Team voices",
];

pub const COPY: [&str; 4] = [
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

pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Campaign number `i` (0-based; its id is `i + 1`).
pub fn campaign(i: u32) -> Campaign {
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

pub fn plan(c: &Campaign) -> CampaignPlan {
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
pub enum Kind {
    /// A POST with its calendar item.
    Post,
    /// Its ENGAGE follow-up 2 h later.
    Engage2h,
    /// Its ENGAGE follow-up 24 h later.
    Engage24h,
    /// A REVIEW task (what is left of a campaign's count after the groups of three).
    Review,
}

/// One task to create, before ids are handed out.
pub struct Spec {
    /// When it is created (Unix seconds): the order records are written in.
    pub created: i64,
    /// Campaign number (0-based).
    pub campaign: u32,
    /// Its POST's number within the campaign.
    pub post: u32,
    /// What it becomes.
    pub kind: Kind,
    /// When it is due (Unix seconds).
    pub due: i64,
}

pub fn specs(scale: Scale) -> Vec<Spec> {
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

pub fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

/// The status of a task due at `due`, as the operators would have left it by [`now`].
pub fn status(rng: &mut Rng, due: DateTime<Utc>) -> TaskStatus {
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

/// The proof URL of a published POST.
pub fn post_url(platform: Platform, task: TaskId) -> String {
    format!("https://social.example/{}/posts/{}", platform.key(), task.0)
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
