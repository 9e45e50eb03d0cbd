//! The data set's shape before any id is handed out: its [`Scale`], the campaigns and
//! plans, the [`Spec`] of every task (what it becomes, when it is created and due) and the
//! status an operator would have left it in by the data set's "now". Everything is drawn
//! from a deterministic generator ([`Rng`]), so one scale and one "now" always give the
//! same data.

use campaign_ops_core::service::default_cadence;
use campaign_ops_core::{
    Campaign, CampaignId, CampaignPlan, CampaignStatus, Objective, PlanId, PlanPhase, Platform,
    TaskId, TaskStatus, WeeklyTheme,
};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

/// How big the data set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// `full`, `small` or `custom`.
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

/// The data set of issue 4: 10,000 campaigns, 1,000,000 tasks, 500 operators.
pub const FULL: Scale = Scale {
    name: "full",
    campaigns: 10_000,
    tasks: 1_000_000,
    big_tasks: 10_000,
    operators: 500,
};

/// A tenth of it (same per-operator and big-campaign shape), for trying things out.
pub const SMALL: Scale = Scale {
    name: "small",
    campaigns: 1_000,
    tasks: 100_000,
    big_tasks: 10_000,
    operators: 50,
};

/// The fewest tasks [`Scale::with_tasks`] accepts (100 campaigns of 100).
pub const MIN_TASKS: u32 = 10_000;

impl Scale {
    /// The shape of [`FULL`] at `tasks` tasks: 100 tasks per campaign, campaign 1 with a
    /// tenth of them (at most 10,000), one operator per 20 campaigns (at least 50, so that
    /// every operator name up to `op-049` holds tasks). [`FULL`] and [`SMALL`] at their
    /// sizes; `None` below [`MIN_TASKS`].
    pub fn with_tasks(tasks: u32) -> Option<Scale> {
        if tasks < MIN_TASKS {
            return None;
        }
        for known in [FULL, SMALL] {
            if known.tasks == tasks {
                return Some(known);
            }
        }
        let campaigns = tasks / 100;
        Some(Scale {
            name: "custom",
            campaigns,
            tasks,
            big_tasks: (tasks / 10).min(10_000),
            operators: (campaigns / 20).max(50),
        })
    }
}

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

/// The themes posts are drawn from.
pub const ANGLES: [&str; 6] = [
    "Behind the scenes",
    "Customer story",
    "How-to",
    "Myth vs fact",
    "Product spotlight",
    "Team voices",
];

/// The copies posts are drawn from.
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
            r.next_u64();
        }
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
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

fn today(now: DateTime<Utc>) -> NaiveDate {
    now.date_naive()
}

/// Campaign number `i` (0-based; its id is `i + 1`) of a data set written at `now`.
pub fn campaign(i: u32, now: DateTime<Utc>) -> Campaign {
    let platforms = platforms(i);
    let created = now - Duration::days(200) + Duration::minutes(i64::from(i));
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
        start_date: today(now) - Days::new(120 + u64::from(i % 30)),
        end_date: Some(today(now) + Days::new(30 + u64::from(i % 30))),
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

/// The plan of campaign `c`: its whole run, one phase, a theme per week.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Every task of `scale` written at `now`, in creation order: per campaign, groups of a
/// POST and its two follow-ups spread over the 120 days before and the 30 days after
/// `now`'s day, the rest REVIEWs.
pub fn specs(scale: Scale, now: DateTime<Utc>) -> Vec<Spec> {
    let span_start = (today(now) - Days::new(120))
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

/// The instant `secs` Unix seconds.
pub fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("in range")
}

/// The status of a task due at `due`, as the operators would have left it by `now`.
pub fn status(rng: &mut Rng, due: DateTime<Utc>, now: DateTime<Utc>) -> TaskStatus {
    use TaskStatus::*;
    let r = rng.unit();
    let open = |rng: &mut Rng| match rng.below(10) {
        0..=5 => Pending,
        6..=7 => InProgress,
        _ => Blocked,
    };
    if due < now - Duration::days(3) {
        match r {
            r if r < 0.95 => Completed,
            r if r < 0.97 => Failed,
            r if r < 0.99 => Skipped,
            _ => open(rng),
        }
    } else if due < now {
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
