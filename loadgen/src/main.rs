//! `campaign-ops-loadgen <DB> [TASKS]`: writes the database `cargo xtask load` runs the
//! server on (the file must not exist): 10,000 active campaigns (100 tasks each at full
//! size), 500 operators, each campaign's tasks shared by two of them, so that an operator
//! holds about 2,000 tasks, and the operator [`LOAD_USER`] to sign in as.
//!
//! Tasks are spread over the 120 days before and the 30 days after the moment of writing:
//! every third is a POST with its calendar item, the others ENGAGE follow-ups of it. Their
//! statuses follow the due time as operators would leave them (long past ones mostly
//! completed, the last three days about half open, future ones pending), so an operator's
//! Today holds a realistic backlog. Records go in through `Store::write` and the
//! `WriteTx::put_*` calls, 20,000 tasks per transaction, so every index is kept as in
//! production; the sign-in user is added through the service (argon2id hash).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use campaign_ops_core::platform::sop;
use campaign_ops_core::service::CampaignOps;
use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::{
    Actor, CalendarItem, CalendarItemId, CalendarItemStatus, Campaign, CampaignId, CampaignPlan,
    CampaignStatus, Objective, OperatorTask, PlanId, PlanPhase, Platform, Role, Sequence, Store,
    SystemClock, TaskId, TaskStatus, TaskType,
};
use campaign_ops_store::RedbStore;
use chrono::{DateTime, Days, Duration, Utc};
use indicatif::{ProgressBar, ProgressStyle};

/// The operator `cargo xtask load` signs in as (one of the 500).
pub const LOAD_USER: &str = "op-042";
/// Its password.
pub const LOAD_PASSWORD: &str = "load check passphrase";
/// Campaigns at full size.
const CAMPAIGNS: u32 = 10_000;
/// Operators (each campaign has two).
const OPERATORS: u32 = 500;
/// Tasks per write transaction.
const CHUNK: u32 = 20_000;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: campaign-ops-loadgen <DB> [TASKS]  (TASKS defaults to 1000000)");
        return ExitCode::FAILURE;
    };
    let tasks = match args.next().map(|t| t.parse::<u32>()) {
        None => 1_000_000,
        Some(Ok(t)) if t >= CAMPAIGNS => t,
        Some(_) => {
            eprintln!("TASKS must be a whole number of at least {CAMPAIGNS}");
            return ExitCode::FAILURE;
        }
    };
    if path.exists() {
        eprintln!(
            "{} exists: remove it first (the load data is written once)",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    match generate(&path, tasks) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loadgen: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A small deterministic generator (splitmix64): the same data for the same size.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn operator(n: u32) -> String {
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

const ZONES: [&str; 4] = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/London",
];

fn campaign(i: u32, now: DateTime<Utc>) -> Campaign {
    let platforms = platforms(i);
    let today = now.date_naive();
    Campaign {
        id: CampaignId(0),
        name: format!("Campaign {:05}", i + 1),
        client_name: format!("Client {:03}", i % 700),
        objective: Objective::ALL[i as usize % Objective::ALL.len()],
        description: "Generated for the load check.".to_owned(),
        cadence: platforms
            .iter()
            .map(|&p| (p, campaign_ops_core::service::default_cadence(p)))
            .collect(),
        platforms,
        start_date: today - Days::new(120),
        end_date: Some(today + Days::new(30)),
        time_zone: ZONES[i as usize % ZONES.len()].parse().expect("a zone"),
        primary_cta: Some("Book a demo".to_owned()),
        owner: operator(i % OPERATORS),
        status: CampaignStatus::Active,
        metadata: Default::default(),
        created_at: now - Duration::days(130),
        updated_at: now - Duration::days(130),
    }
}

fn plan(c: &Campaign) -> CampaignPlan {
    CampaignPlan {
        id: PlanId(0),
        campaign_id: c.id,
        version: 1,
        focus_area: "steady posting".to_owned(),
        start_date: c.start_date,
        duration_days: 151,
        positioning: "The fastest way from a blank page to a running campaign.".to_owned(),
        messaging_angles: vec!["Speed".to_owned()],
        phases: vec![PlanPhase {
            name: "Run".to_owned(),
            start_day: 0,
            days: 151,
            goals: vec!["Post steadily".to_owned()],
            tactics: vec![],
            kpis: vec![],
        }],
        weekly_themes: vec![],
        generated_by: "template".to_owned(),
        created_at: c.created_at,
    }
}

/// The status of a task due at `due`, as operators would have left it by `now`.
fn status(rng: &mut Rng, due: DateTime<Utc>, now: DateTime<Utc>) -> TaskStatus {
    use TaskStatus::*;
    let r = rng.unit();
    let open = if r * 1000.0 % 10.0 < 6.0 {
        Pending
    } else if r * 1000.0 % 10.0 < 8.0 {
        InProgress
    } else {
        Blocked
    };
    if due < now - Duration::days(3) {
        if r < 0.95 {
            Completed
        } else if r < 0.97 {
            Failed
        } else if r < 0.99 {
            Skipped
        } else {
            open
        }
    } else if due < now {
        if r < 0.55 { Completed } else { open }
    } else if r < 0.98 {
        Pending
    } else {
        Blocked
    }
}

fn generate(path: &std::path::Path, total: u32) -> campaign_ops_core::Result<()> {
    let started = Instant::now();
    let now = Utc::now();
    let store = RedbStore::open(path)?;
    let per_campaign = total / CAMPAIGNS;
    let span = Duration::days(150).num_seconds() / i64::from(per_campaign);
    let first_due = now - Duration::days(120);

    let campaigns: Vec<(Campaign, PlanId)> = store.write(|tx| {
        let mut out = Vec::new();
        for i in 0..CAMPAIGNS {
            let mut c = campaign(i, now);
            c.id = CampaignId(tx.next_id(Sequence::Campaign)?);
            tx.put_campaign(&c)?;
            let mut p = plan(&c);
            p.id = PlanId(tx.next_id(Sequence::Plan)?);
            tx.put_plan(&p)?;
            out.push((c, p.id));
        }
        Ok(out)
    })?;

    let bar = ProgressBar::new(u64::from(per_campaign * CAMPAIGNS)).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} tasks ({eta} left)")
            .expect("a template")
            .progress_chars("=> "),
    );
    bar.set_message("writing");
    let mut rng = Rng(0x10AD);
    let mut steps = std::collections::HashMap::new();
    // Task k of every campaign, campaign by campaign inside a chunk of ks: one campaign's
    // tasks are spread over the whole id range, as in a real file.
    let ks_per_chunk = (CHUNK / CAMPAIGNS).max(1);
    let mut k = 0;
    let mut posts: Vec<Option<(TaskId, CalendarItemId, Platform)>> = vec![None; campaigns.len()];
    while k < per_campaign {
        let until = (k + ks_per_chunk).min(per_campaign);
        store.write(|tx| {
            for kk in k..until {
                for (i, (c, plan_id)) in campaigns.iter().enumerate() {
                    let due = first_due
                        + Duration::seconds(span * i64::from(kk) + (i as i64 * 397) % span);
                    let status = status(&mut rng, due, now);
                    let id = TaskId(tx.next_id(Sequence::Task)?);
                    let ops = OPERATORS;
                    let n = i as u32;
                    let assignee = operator(if kk % 2 == 0 {
                        n % ops
                    } else {
                        (n + ops / 2) % ops
                    });
                    let platform = c.platforms[kk as usize % c.platforms.len()];
                    let ct = sop(platform).default_content_type();
                    let created = (due - Duration::days(7)).min(now);
                    let mut task = OperatorTask {
                        id,
                        campaign_id: c.id,
                        calendar_item_id: None,
                        parent_task_id: None,
                        related_task_ids: vec![],
                        task_type: TaskType::Engage,
                        platform: Some(platform),
                        content_type: Some(ct),
                        title: String::new(),
                        instructions: vec![],
                        checked: vec![],
                        copy: None,
                        asset_ref: None,
                        assignee: Some(assignee),
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
                    if kk % 3 == 0 || posts[i].is_none() {
                        let item = CalendarItem {
                            id: CalendarItemId(tx.next_id(Sequence::CalendarItem)?),
                            campaign_id: c.id,
                            plan_id: *plan_id,
                            platform,
                            content_type: ct,
                            scheduled_at: due,
                            title: format!("Post {} of {}", kk / 3 + 1, c.name),
                            copy: "Launch week: what changed, in three slides. Tell us what you \
                                   think #launch"
                                .to_owned(),
                            asset_ref: None,
                            cta: c.primary_cta.clone(),
                            theme: "Speed".to_owned(),
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
                        task.title = format!("Post on {}: {}", platform.label(), item.title);
                        task.instructions = steps
                            .entry((platform, ct))
                            .or_insert_with(|| {
                                sop(platform)
                                    .checklist(ct)
                                    .map(|c| c.steps())
                                    .unwrap_or_default()
                            })
                            .clone();
                        task.copy = Some(item.copy.clone());
                        tx.put_calendar_item(&item)?;
                        posts[i] = Some((id, item.id, platform));
                    } else if let Some((post, item, post_platform)) = posts[i] {
                        task.calendar_item_id = Some(item);
                        task.parent_task_id = Some(post);
                        task.platform = Some(post_platform);
                        task.title = format!("Engage after post {}", post.0);
                        task.instructions = vec!["Answer every comment.".to_owned()];
                    }
                    match status {
                        TaskStatus::Completed | TaskStatus::Failed | TaskStatus::Skipped => {
                            let finish = (due + Duration::minutes(10)).min(now);
                            task.finished_at = Some(finish);
                            task.updated_at = finish;
                            task.outcome = Some("Done as planned.".to_owned());
                        }
                        TaskStatus::InProgress => task.started_at = Some(due.min(now)),
                        TaskStatus::Blocked => {
                            task.reason = Some("Waiting for the client's approval.".to_owned())
                        }
                        _ => {}
                    }
                    tx.put_task(&task)?;
                }
            }
            Ok(())
        })?;
        bar.inc(u64::from((until - k) * CAMPAIGNS));
        k = until;
    }
    bar.finish_and_clear();

    let ops = CampaignOps::new(store, SystemClock);
    ops.add_user(
        &Actor::new("loadgen")?,
        NewUser::new(LOAD_USER, Role::Operator, LOAD_PASSWORD).display_name("Load operator"),
    )?;
    let queue = ops.operator_queue(LOAD_USER, "UTC")?;
    drop(ops);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "wrote {} tasks of {CAMPAIGNS} campaigns to {} ({:.0} MB) in {:.0} s; {LOAD_USER}: {} overdue, {} due today",
        per_campaign * CAMPAIGNS,
        path.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        queue.overdue.len(),
        queue.due_today.len(),
    );
    Ok(())
}
