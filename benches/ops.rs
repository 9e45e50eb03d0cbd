//! The side-by-side benchmark of issue 4: campaign-ops on [`RedbStore`] against the same
//! queries on SQLite (rusqlite, WAL, `synchronous=NORMAL`, the natural indexes), on a
//! generated data set of 10,000 campaigns and 1,000,000 tasks.
//!
//! ```sh
//! cargo bench --bench ops                            # writes target/bench-report.md
//! OPS_BENCH_SCALE=small cargo bench --bench ops      # a tenth of the data, to try it out
//! ```
//!
//! The data set is generated once (in a child process, so that its memory does not count
//! against the bench process) and cached under `target/bench-data/v<N>-<scale>/`; each run
//! works on fresh copies of the cached files, so the writes of one run never leak into the
//! next. Both sides are timed in interleaved rounds in one process; the report quotes medians
//! (and p90) and the ratio SQLite / redb of the medians. Nothing here fails on a time: the
//! targets are judged in the report.

#[path = "ops/dataset.rs"]
mod dataset;
#[path = "ops/harness.rs"]
mod harness;
#[path = "ops/sql.rs"]
mod sql;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use campaign_ops::core::planning::{CalendarRequest, PlanRequest, draft_calendar};
use campaign_ops::core::platform::sop;
use campaign_ops::core::service::{Completion, NewCampaign};
use campaign_ops::{
    Actor, CalendarItem, CalendarItemId, CalendarItemStatus, CampaignId, CampaignOps, CampaignPlan,
    CompletionProof, FixedClock, MetricKind, Objective, OperatorTask, PlanId, Platform, ProofKind,
    RedbStore, Sequence, Store, TaskId, TaskType,
};
use chrono::{DateTime, Duration as Span, Utc};

use dataset::{
    BIG_CAMPAIGN, COMPLETION_CAMPAIGN, Manifest, QUEUE_ASSIGNEE, Scale, TYPICAL_CAMPAIGN, now,
};
use harness::{Plan, Stats, fmt, pair, single, timed};
use sql::Sql;

type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The operator queue targets of issue 4.
const QUEUE_P50_TARGET: Duration = Duration::from_micros(100);
const QUEUE_RATIO_TARGET: f64 = 5.0;
const RSS_TARGET_MIB: f64 = 150.0;

fn main() -> ExitCode {
    if let Ok(dir) = std::env::var("OPS_BENCH_GENERATE") {
        return match generate_child(Path::new(&dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("generating the data set failed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    // `cargo bench` passes --bench; `cargo test --benches` does not: nothing to do there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("ops: a benchmark; run it with `cargo bench --bench ops`");
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(path) => {
            println!("report written to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ops bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scale() -> Scale {
    match std::env::var("OPS_BENCH_SCALE").as_deref() {
        Ok("small") => dataset::SMALL,
        _ => dataset::FULL,
    }
}

fn target_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => manifest.join(dir),
        None => manifest.join("target"),
    }
}

fn generate_child(dir: &Path) -> BoxResult<()> {
    let m = dataset::generate(scale(), &dir.join("ops.redb"), &dir.join("ops.sqlite"))?;
    std::fs::write(dir.join("manifest.txt"), m.to_text())?;
    Ok(())
}

/// The cached data set, generated (in a child process) when missing.
fn data_set(scale: Scale) -> BoxResult<(PathBuf, Manifest, bool)> {
    let dir = target_dir()
        .join("bench-data")
        .join(format!("v{}-{}", dataset::VERSION, scale.name));
    if let Ok(text) = std::fs::read_to_string(dir.join("manifest.txt"))
        && let Some(m) = Manifest::parse(&text)
    {
        return Ok((dir, m, false));
    }
    eprintln!(
        "generating the {} data set into {} (once; later runs reuse it)",
        scale.name,
        dir.display()
    );
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let status = Command::new(std::env::current_exe()?)
        .env("OPS_BENCH_GENERATE", &dir)
        .env("OPS_BENCH_SCALE", scale.name)
        .status()?;
    if !status.success() {
        return Err(format!("the generator exited with {status}").into());
    }
    let text = std::fs::read_to_string(dir.join("manifest.txt"))?;
    let m = Manifest::parse(&text).ok_or("unreadable manifest")?;
    Ok((dir, m, true))
}

fn mib(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / (1024.0 * 1024.0))
}

/// One line of the report.
struct Line {
    id: &'static str,
    what: String,
    rows: String,
    redb: Option<Stats>,
    sqlite: Option<Stats>,
    target: String,
    verdict: String,
}

impl Line {
    fn ratio(&self) -> Option<f64> {
        Some(self.sqlite?.p50.as_secs_f64() / self.redb?.p50.as_secs_f64())
    }
}

fn plan(warmup: usize, rounds: usize, per_round: usize) -> Plan {
    Plan {
        warmup,
        rounds,
        per_round,
    }
}

/// Fresh pending POST tasks (with their calendar items) for the completion bench.
fn fresh_posts(
    n: usize,
    campaign: CampaignId,
    now: DateTime<Utc>,
) -> (Vec<CalendarItem>, Vec<OperatorTask>) {
    let platform = Platform::LinkedIn;
    let ct = sop(platform).default_content_type();
    let steps = sop(platform).checklist(ct).expect("default type").steps();
    (0..n)
        .map(|k| {
            let item = CalendarItem {
                id: CalendarItemId(0),
                campaign_id: campaign,
                plan_id: PlanId(campaign.0),
                platform,
                content_type: ct,
                scheduled_at: now + Span::minutes(30 + k as i64),
                title: format!("Bench post #{k}"),
                copy: "Our spring release is live: three things that change for you today."
                    .to_owned(),
                asset_ref: None,
                cta: Some("Book a demo".to_owned()),
                theme: "Launch".to_owned(),
                status: CalendarItemStatus::Planned,
                notes: None,
                created_at: now,
                updated_at: now,
            };
            let title = format!("Post on {}: {}", platform.label(), item.title);
            let due = item.scheduled_at;
            let task = OperatorTask {
                platform: Some(platform),
                content_type: Some(ct),
                instructions: steps.clone(),
                copy: Some(item.copy.clone()),
                assignee: Some("op-bench".to_owned()),
                ..OperatorTask::pending(TaskId(0), campaign, TaskType::Post, title, due, now)
            };
            (item, task)
        })
        .unzip()
}

fn completion(task: TaskId) -> Completion {
    let mut completion = Completion::default();
    completion.outcome = Some("Published as planned.".to_owned());
    completion.proof = Some(proof(task));
    completion.metrics = vec![
        (MetricKind::Impressions, 1200.0),
        (MetricKind::Engagements, 85.0),
    ];
    completion
}

fn proof(task: TaskId) -> CompletionProof {
    CompletionProof {
        kind: ProofKind::Url,
        value: dataset::post_url(Platform::LinkedIn, task),
    }
}

fn new_campaign(name: String) -> NewCampaign {
    let mut new = NewCampaign::new(
        name,
        "Bench client",
        Objective::LeadGeneration,
        Platform::ALL.to_vec(),
        now().date_naive(),
        "Europe/Berlin",
    );
    new.activate = true;
    new.primary_cta = Some("Book a demo".to_owned());
    new
}

#[allow(clippy::too_many_lines)]
fn run() -> BoxResult<PathBuf> {
    let started = Instant::now();
    let scale = scale();
    let load_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let (dir, manifest, generated) = data_set(scale)?;

    // Fresh working copies: this run's writes must not change the cached data set.
    let work = target_dir().join("bench-data").join("work");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let t = Instant::now();
    let (redb_path, sqlite_path) = (work.join("ops.redb"), work.join("ops.sqlite"));
    std::fs::copy(dir.join("ops.redb"), &redb_path)?;
    std::fs::copy(dir.join("ops.sqlite"), &sqlite_path)?;
    let copy_secs = t.elapsed().as_secs_f64();
    let (redb_mib, sqlite_mib) = (mib(&redb_path), mib(&sqlite_path));

    let t = Instant::now();
    let store = RedbStore::open(&redb_path)?;
    let mut sql = Sql::open(&sqlite_path)?;
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let clock = FixedClock::new(now());
    let ops = CampaignOps::new(store.clone(), clock);
    let actor = Actor::new("op-bench")?;
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse()?;
    let now = now();

    // Both files hold the same data set.
    assert_eq!(sql.count("tasks")?, manifest.tasks, "SQLite task count");
    let (last, past_last) = store.read(|tx| {
        Ok((
            tx.task(TaskId(manifest.tasks))?,
            tx.task(TaskId(manifest.tasks + 1))?,
        ))
    })?;
    assert!(last.is_some() && past_last.is_none(), "redb task count");

    let mut lines: Vec<Line> = vec![];

    // (1) The operator queue.
    let queue = ops.operator_queue(QUEUE_ASSIGNEE, "Europe/Berlin")?;
    let (s_overdue, s_today) = sql.operator_queue(QUEUE_ASSIGNEE, berlin)?;
    assert_eq!(queue.overdue.len(), s_overdue.len(), "queue: overdue rows");
    assert_eq!(
        queue.due_today.len(),
        s_today.len(),
        "queue: due-today rows"
    );
    assert_eq!(queue.overdue, s_overdue, "queue: same overdue tasks");
    assert_eq!(queue.due_today, s_today, "queue: same due-today tasks");
    let (r, s) = pair(
        plan(300, 20, 200),
        || {
            timed(|| {
                drop(black_box(
                    ops.operator_queue(QUEUE_ASSIGNEE, "Europe/Berlin").unwrap(),
                ))
            })
        },
        || {
            timed(|| {
                drop(black_box(
                    sql.operator_queue(QUEUE_ASSIGNEE, berlin).unwrap(),
                ))
            })
        },
    );
    let mut line = Line {
        id: "1",
        what: format!("operator queue of `{QUEUE_ASSIGNEE}` (~2,000 tasks), Europe/Berlin"),
        rows: format!(
            "{} overdue + {} today",
            queue.overdue.len(),
            queue.due_today.len()
        ),
        redb: Some(r),
        sqlite: Some(s),
        target: "p50 < 100 µs and ≥ 5× SQLite".to_owned(),
        verdict: String::new(),
    };
    let ratio = line.ratio().unwrap_or(0.0);
    let p50_ok = r.p50 < QUEUE_P50_TARGET;
    let ratio_ok = ratio >= QUEUE_RATIO_TARGET;
    line.verdict = format!(
        "p50 {}: {}; ratio {}: {:.2}× (target 5×{})",
        if p50_ok { "PASS" } else { "FAIL" },
        if p50_ok {
            format!("{:.0}% of the budget", 100.0 * r.p50.as_secs_f64() / 100e-6)
        } else {
            format!("{:.0} µs over", (r.p50.as_secs_f64() - 100e-6) * 1e6)
        },
        if ratio_ok { "PASS" } else { "FAIL" },
        ratio,
        if ratio_ok {
            String::new()
        } else {
            format!(", redb needs {:.1}× faster", QUEUE_RATIO_TARGET / ratio)
        }
    );
    lines.push(line);

    // (2) Today + overdue of one campaign: a typical one, and the 10,000-task one.
    for (id, campaign, label) in [
        ("2", TYPICAL_CAMPAIGN, "typical campaign (100 tasks)"),
        ("2b", BIG_CAMPAIGN, "the 10,000-task campaign"),
    ] {
        let today = ops.get_today_tasks(campaign)?;
        let overdue = ops.get_overdue_tasks(campaign)?;
        let (s_today, s_overdue) = sql.today_and_overdue(campaign)?;
        assert_eq!(today.len(), s_today.len(), "today rows of {campaign}");
        assert_eq!(overdue.len(), s_overdue.len(), "overdue rows of {campaign}");
        assert_eq!(
            (&today, &overdue),
            (&s_today, &s_overdue),
            "same tasks of {campaign}"
        );
        let (r, s) = pair(
            plan(100, 10, 100),
            || {
                timed(|| {
                    black_box(ops.get_today_tasks(campaign).unwrap());
                    black_box(ops.get_overdue_tasks(campaign).unwrap());
                })
            },
            || timed(|| drop(black_box(sql.today_and_overdue(campaign).unwrap()))),
        );
        lines.push(Line {
            id,
            what: format!("`get_today_tasks` + `get_overdue_tasks`, {label}, campaign {campaign}"),
            rows: format!("{} today + {} overdue", today.len(), overdue.len()),
            redb: Some(r),
            sqlite: Some(s),
            target: "—".to_owned(),
            verdict: String::new(),
        });
    }

    // (3) Weekly summary of the 10,000-task campaign.
    let summary = ops.generate_weekly_summary(BIG_CAMPAIGN, None)?;
    let s_summary = sql.weekly_summary(BIG_CAMPAIGN)?;
    assert_eq!(summary.week, s_summary.week);
    assert_eq!(
        summary.tasks, s_summary.tasks,
        "weekly summary: task counts"
    );
    assert_eq!(
        summary.metrics.entries, s_summary.entries,
        "weekly summary: metric rows"
    );
    assert_eq!(summary.metrics.by_kind.impressions, s_summary.impressions);
    assert_eq!(summary.metrics.by_kind.engagements, s_summary.engagements);
    for (p, engagements) in &s_summary.by_platform {
        assert_eq!(summary.platforms[p].by_kind.engagements, *engagements);
    }
    let rows = format!(
        "{} tasks due in {}, {} metrics (of {} tasks in the campaign)",
        summary.tasks.planned, summary.week, summary.metrics.entries, scale.big_tasks
    );
    let (r, s) = pair(
        plan(5, 10, 20),
        || {
            timed(|| {
                drop(black_box(
                    ops.generate_weekly_summary(BIG_CAMPAIGN, None).unwrap(),
                ))
            })
        },
        || timed(|| drop(black_box(sql.weekly_summary(BIG_CAMPAIGN).unwrap()))),
    );
    lines.push(Line {
        id: "3",
        what: format!("`generate_weekly_summary`, campaign {BIG_CAMPAIGN} (10,000 tasks)"),
        rows,
        redb: Some(r),
        sqlite: Some(s),
        target: "—".to_owned(),
        verdict: String::new(),
    });
    let rss_after_reads = harness::peak_rss_mib();

    // (4) Completing a task: start + complete with 2 metrics, fresh POST tasks each time.
    let p4 = plan(5, 10, 20);
    let n = p4.calls() + 1;
    let (items, tasks) = fresh_posts(n, COMPLETION_CAMPAIGN, now);
    let redb_pool: Vec<TaskId> = store.write(|tx| {
        let mut ids = vec![];
        for (item, task) in items.iter().zip(&tasks) {
            let item = CalendarItem {
                id: CalendarItemId(tx.next_id(Sequence::CalendarItem)?),
                ..item.clone()
            };
            tx.put_calendar_item(&item)?;
            let task = OperatorTask {
                id: TaskId(tx.next_id(Sequence::Task)?),
                calendar_item_id: Some(item.id),
                ..task.clone()
            };
            tx.put_task(&task)?;
            ids.push(task.id);
        }
        Ok(ids)
    })?;
    let (_, sql_pool) = sql.insert_fresh(&[], &items, &tasks)?;
    // Once, untimed: both sides do the same work.
    let (rid, sid) = (redb_pool[n - 1], sql_pool[n - 1]);
    ops.start_task(&actor, rid)?;
    let done = ops.mark_task_complete(&actor, rid, completion(rid))?;
    sql.start_task(&actor, sid)?;
    let s_done = sql.complete_task(&actor, sid, proof(sid), &completion(sid).metrics)?;
    assert_eq!(done.status, s_done.status);
    let item = done.calendar_item_id.expect("a POST has an item");
    let redb_follow = store.read(|tx| tx.tasks_for_calendar_item(item))?.len();
    let redb_metrics = store
        .read(|tx| {
            tx.metrics_recorded(COMPLETION_CAMPAIGN, now, now + Span::seconds(1), None, 1000)
        })?
        .iter()
        .filter(|m| m.task_id == Some(rid))
        .count();
    let (sql_follow, sql_metrics) = sql.completion_rows(sid)?;
    assert_eq!(
        (redb_follow, redb_metrics),
        (sql_follow, sql_metrics),
        "completion rows"
    );
    let mut redb_ids = redb_pool.iter().copied();
    let mut sql_ids = sql_pool.iter().copied();
    let (r, s) = pair(
        p4,
        || {
            let id = redb_ids.next().expect("pool is big enough");
            let c = completion(id);
            timed(|| {
                ops.start_task(&actor, id).unwrap();
                black_box(ops.mark_task_complete(&actor, id, c).unwrap());
            })
        },
        || {
            let id = sql_ids.next().expect("pool is big enough");
            let (p, m) = (proof(id), completion(id).metrics);
            timed(|| {
                sql.start_task(&actor, id).unwrap();
                black_box(sql.complete_task(&actor, id, p, &m).unwrap());
            })
        },
    );
    lines.push(Line {
        id: "4",
        what: "complete a task: `start_task` + `mark_task_complete` (2 metrics, 2 follow-ups, \
               audit) = 2 write transactions"
            .to_owned(),
        rows: format!("{redb_follow} tasks on the item, {redb_metrics} metrics"),
        redb: Some(r),
        sqlite: Some(s),
        target: "—".to_owned(),
        verdict: String::new(),
    });
    // The same on SQLite with synchronous=FULL (an fsync per commit, as redb does).
    let (items, tasks) = fresh_posts(p4.calls(), COMPLETION_CAMPAIGN, now);
    let (_, full_pool) = sql.insert_fresh(&[], &items, &tasks)?;
    sql.set_synchronous("FULL")?;
    let mut full_ids = full_pool.iter().copied();
    let s_full = single(p4, || {
        let id = full_ids.next().expect("pool is big enough");
        let (p, m) = (proof(id), completion(id).metrics);
        timed(|| {
            sql.start_task(&actor, id).unwrap();
            black_box(sql.complete_task(&actor, id, p, &m).unwrap());
        })
    });
    sql.set_synchronous("NORMAL")?;
    lines.push(Line {
        id: "4b",
        what: "the same, SQLite with `synchronous=FULL` (durable commits, like redb's default)"
            .to_owned(),
        rows: "same".to_owned(),
        redb: Some(r),
        sqlite: Some(s_full),
        target: "—".to_owned(),
        verdict: "redb column repeats (4)".to_owned(),
    });

    // (5) Bulk generation of a 90-day, 4-platform calendar on fresh campaigns.
    let p5 = plan(2, 6, 5);
    let n = p5.calls() + 1;
    let mut redb_campaigns = vec![];
    for k in 0..n {
        redb_campaigns
            .push(ops.create_campaign(&actor, new_campaign(format!("Bench calendar redb {k}")))?);
    }
    let sql_templates: Vec<_> = redb_campaigns
        .iter()
        .enumerate()
        .map(|(k, c)| campaign_ops::Campaign {
            name: format!("Bench calendar sqlite {k}"),
            ..c.clone()
        })
        .collect();
    let (sql_campaigns, _) = sql.insert_fresh(&sql_templates, &[], &[])?;
    let generate =
        |c: CampaignId| -> campaign_ops::Result<(CampaignPlan, Vec<CalendarItemId>, Vec<TaskId>)> {
            let plan = ops.generate_plan(&actor, c, "spring launch", 90)?;
            let calendar = ops.generate_calendar(&actor, plan.id, None)?;
            let tasks =
                ops.generate_tasks_from_calendar(&actor, &calendar.created, Some("op-bench"))?;
            Ok((plan, calendar.created, tasks.created))
        };
    // Once, untimed: the rows the core computes, which the SQLite side then stores.
    let (t_plan, t_items, t_tasks) = generate(redb_campaigns[n - 1].id)?;
    let t_items: Vec<CalendarItem> = t_items
        .iter()
        .map(|&i| ops.get_calendar_item(i))
        .collect::<campaign_ops::Result<_>>()?;
    let t_tasks: Vec<OperatorTask> = t_tasks
        .iter()
        .map(|&t| ops.get_task(t))
        .collect::<campaign_ops::Result<_>>()?;
    let stored = sql.store_calendar(&actor, sql_campaigns[n - 1], &t_plan, &t_items, &t_tasks)?;
    assert_eq!(
        (stored.items, stored.tasks),
        (t_items.len(), t_tasks.len()),
        "calendar rows"
    );
    assert!(!t_items.is_empty(), "a 90-day calendar has items");
    let mut redb_next = redb_campaigns.iter().map(|c| c.id);
    let mut sql_next = sql_campaigns.iter().copied();
    let (r, s) = pair(
        p5,
        || {
            let c = redb_next.next().expect("pool is big enough");
            timed(|| drop(black_box(generate(c).unwrap())))
        },
        || {
            let c = sql_next.next().expect("pool is big enough");
            timed(|| {
                black_box(
                    sql.store_calendar(&actor, c, &t_plan, &t_items, &t_tasks)
                        .unwrap(),
                );
            })
        },
    );
    let calendar_rows = format!(
        "1 plan, {} items, {} tasks, 3 audit entries",
        t_items.len(),
        t_tasks.len()
    );
    lines.push(Line {
        id: "5",
        what: "90-day 4-platform calendar: `generate_plan` + `generate_calendar` + \
               `generate_tasks_from_calendar` (3 transactions) vs the same rows INSERTed in one \
               SQLite transaction (storage only)"
            .to_owned(),
        rows: calendar_rows.clone(),
        redb: Some(r),
        sqlite: Some(s),
        target: "—".to_owned(),
        verdict: String::new(),
    });
    // What part of (5) is the core's computing (planner, slot placement, checklists), no I/O.
    let campaign = redb_campaigns[0].clone();
    let compute = single(plan(2, 4, 5), || {
        timed(|| {
            let request = PlanRequest {
                campaign: &campaign,
                focus_area: "spring launch",
                duration_days: 90,
                start_date: now.date_naive(),
            };
            let draft = ops.planner().plan(&request).unwrap();
            let plan = CampaignPlan {
                id: PlanId(1),
                campaign_id: campaign.id,
                version: 1,
                focus_area: "spring launch".to_owned(),
                start_date: now.date_naive(),
                duration_days: 90,
                positioning: draft.positioning,
                messaging_angles: draft.messaging_angles,
                phases: draft.phases,
                weekly_themes: draft.weekly_themes,
                generated_by: "template".to_owned(),
                created_at: now,
            };
            let drafts = draft_calendar(&CalendarRequest {
                campaign: &campaign,
                plan: &plan,
                content_theme: None,
                not_before: now,
                kept: &[],
            })
            .unwrap();
            for d in &drafts {
                black_box(sop(d.platform).checklist(d.content_type).unwrap().steps());
            }
            black_box(drafts);
        })
    });
    lines.push(Line {
        id: "5b",
        what: "of which core computing only: planner + `draft_calendar` + checklists, no store"
            .to_owned(),
        rows: calendar_rows,
        redb: Some(compute),
        sqlite: None,
        target: "—".to_owned(),
        verdict: String::new(),
    });

    let peak = harness::peak_rss_mib();
    let rss_now = harness::rss_mib();
    drop(ops);
    drop(store);
    sql.close()?;
    let _ = std::fs::remove_dir_all(&work);
    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    let report = report(&Report {
        scale,
        manifest: &manifest,
        generated,
        copy_secs,
        open_ms,
        redb_mib,
        sqlite_mib,
        lines: &lines,
        peak,
        rss_now,
        rss_after_reads,
        total_secs: started.elapsed().as_secs_f64(),
        load: (load_start, load_end),
    });
    let path = target_dir().join("bench-report.md");
    std::fs::write(&path, &report)?;
    println!("{report}");
    Ok(path)
}

struct Report<'a> {
    scale: Scale,
    manifest: &'a Manifest,
    generated: bool,
    copy_secs: f64,
    open_ms: f64,
    redb_mib: f64,
    sqlite_mib: f64,
    lines: &'a [Line],
    peak: f64,
    rss_now: f64,
    rss_after_reads: f64,
    total_secs: f64,
    load: (String, String),
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn report(r: &Report<'_>) -> String {
    let m = r.manifest;
    let mut out = String::new();
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(out, "# campaign-ops benchmark: RedbStore vs SQLite\n");
    let _ = writeln!(
        out,
        "Written by `cargo bench --bench ops` (benches/ops.rs). Medians (p50) and p90 of single \
         calls, both sides timed in interleaved rounds in one process; ratio = SQLite p50 / \
         redb p50 (> 1: redb is faster). Clock fixed at {} (a Wednesday, 11:30 in Berlin).\n",
        now().format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(
        out,
        "- Machine: {nproc} CPUs ({}); shared and noisy — load average at start `{}`, at end `{}`.",
        cpu_model(),
        r.load.0.trim(),
        r.load.1.trim()
    );
    let _ = writeln!(
        out,
        "- Data set `{}`: {} campaigns, {} tasks (campaign 1: {}; ~2,000 per operator, {} operators), {} calendar items, {} metrics, {} audit entries. \
         redb file {:.0} MiB, SQLite file {:.0} MiB.",
        r.scale.name,
        m.campaigns,
        m.tasks,
        r.scale.big_tasks,
        r.scale.operators,
        m.items,
        m.metrics,
        m.audit,
        r.redb_mib,
        r.sqlite_mib
    );
    let _ = writeln!(
        out,
        "- Generation ({}): {:.0} s in all — redb {:.0} s (`Store::write` + `put_*`, {} records per transaction), SQLite {:.0} s; peak RSS of the generating child process {:.0} MiB. \
         This run: copying the cached files {:.1} s, opening both {:.0} ms, whole run {:.0} s.",
        if r.generated {
            "this run"
        } else {
            "cached, from an earlier run"
        },
        m.total_secs,
        m.redb_secs,
        20_000,
        m.sqlite_secs,
        m.peak_rss_mib,
        r.copy_secs,
        r.open_ms,
        r.total_secs
    );
    let _ = writeln!(
        out,
        "- SQLite: rusqlite (bundled), `journal_mode=WAL`, `synchronous=NORMAL`, `cache_size` 32 MiB, tasks as columns, indexes tasks(assignee, status, due_at), tasks(campaign_id, due_at), tasks(calendar_item_id), metrics(campaign_id, recorded_at), campaigns(status), calendar_items(campaign_id, scheduled_at), audit(campaign_id, seq). \
         redb: `RedbStore::open` (redb defaults: 1 GiB cache limit, durable commits)."
    );
    let _ = writeln!(out, "\n## Results\n");
    let _ = writeln!(
        out,
        "| # | query | rows (checked equal on both sides) | redb p50 | redb p90 | SQLite p50 | SQLite p90 | SQLite / redb | target | result |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---:|---|---|");
    for l in r.lines {
        let cell = |s: Option<Stats>, p90: bool| {
            s.map_or("—".to_owned(), |s| fmt(if p90 { s.p90 } else { s.p50 }))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            l.id,
            l.what,
            l.rows,
            cell(l.redb, false),
            cell(l.redb, true),
            cell(l.sqlite, false),
            cell(l.sqlite, true),
            l.ratio().map_or("—".to_owned(), |x| format!("{x:.2}×")),
            l.target,
            l.verdict
        );
    }
    let samples: Vec<String> = r
        .lines
        .iter()
        .map(|l| format!("{} {}", l.id, l.redb.map_or(0, |s| s.n)))
        .collect();
    let _ = writeln!(out, "\nSamples per side: {}.", samples.join(", "));
    let rss_ok = r.peak < RSS_TARGET_MIB;
    let _ = writeln!(out, "\n## Memory\n");
    let _ = writeln!(
        out,
        "Peak RSS of the bench process (VmHWM, both stores open, all queries run): **{:.0} MiB** — target < {:.0} MiB: **{}**{}. \
         After the read queries (1–3): {:.0} MiB; at the end VmRSS {:.0} MiB. The data-set generation runs in a child process (its peak is above).",
        r.peak,
        RSS_TARGET_MIB,
        if rss_ok { "PASS" } else { "FAIL" },
        if rss_ok {
            format!(" ({:.0} MiB to spare)", RSS_TARGET_MIB - r.peak)
        } else {
            format!(" ({:.0} MiB over)", r.peak - RSS_TARGET_MIB)
        },
        r.rss_after_reads,
        r.rss_now
    );
    out.push_str(NOTES);
    out
}

/// What the numbers mean and what would close the gaps. The prototype figures were measured
/// once on the full data set in a scratch copy of core/store outside the repository (medians
/// of 3,000 calls); they are not re-measured by this bench.
const NOTES: &str = "
## Notes

- **Same work on both sides.** Each query's rows were compared before timing (1, 2: the
  decoded `OperatorTask`s are equal; 3: task counts, metric rows and sums are equal; 4: both
  sides leave 3 tasks on the item and 2 metrics; 5: same number of items and tasks). The
  SQLite side of (5) INSERTs the plan, items and tasks the core computed once (storage only);
  the redb side runs the real service calls, planner and slot placement included (5b).
- **(1) operator queue, ratio target missed.** Where the redb time goes (32 tasks, prototype
  breakdown): two range scans ~5 µs, 32 `get`s ~6 µs, postcard decoding into `OperatorTask`
  ~22 µs (about 20 heap allocations per task, mostly the ~15 `instructions` lines copied from
  the SOP checklist into every task), sorting and dropping the rest. SQLite spends ~36 µs just
  stepping the rows (no decoding). Decoding 32 full tasks alone is more than the 16 µs that 5×
  would allow, so no storage change reaches 5× while the queue returns full tasks.
  Prototyped: one scan instead of two in `operator_queue` (core/src/service/queue.rs: a single
  `open_tasks_due(scope, MIN, end_of_today)` split at `now`): 44 → 39 µs; instructions stored
  as one string: decoding 22 → 17 µs. To get near 5×, the queue should return a light list
  item (id, campaign, type, platform, title, due, status) stored as the *value* of
  `open_tasks_by_assignee_due` (a covering index), with the full task loaded when opened:
  prototype 8 µs for the whole queue, vs ~21 µs for SQLite merely stepping the same columns
  (so ~3× like for like, ~10× against today's SQLite full-row query).
- **(3) weekly summary.** Now range scans (`tasks_due`, `metrics_recorded`), but it still
  fetches and decodes each of the week's 465 tasks (~490 µs of the total) where SQLite
  aggregates in the index. Keeping the status code as the value of `tasks_by_campaign_due`
  would let the counts come from the index alone (prototype: 24 µs for the 465 keys).
- **(4) completing a task.** redb's durable commit dominates: the same two transactions take
  ~0.46 ms with `Durability::None` vs ~3.9 ms durable (prototype), while a one-row durable
  commit costs ~0.17 ms here: each `put_task` dirties 6–7 index trees and a durable commit
  writes and syncs all of their copied pages. SQLite with `synchronous=FULL` (4b) is the
  like-for-like durable comparison.
";
