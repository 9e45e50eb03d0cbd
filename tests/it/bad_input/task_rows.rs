//! Task calls: manual tasks, every illegal move, proofs, outcomes, completion metrics, and
//! moves on tasks of completed and archived campaigns.

use campaign_ops::service::{Completion, NewTask};
use campaign_ops::{
    CalendarItemId, CampaignId, CompletionProof, EntityKind, MetricKind, Platform, ProofKind,
    TaskId, TaskType,
};
use chrono::{DateTime, TimeZone, Utc};

use super::campaign_rows::megabyte;
use super::harness::{Expect, Row, invalid, row};
use super::world::World;
use crate::support::{alice, t0, with};

fn new_task(what: &str, expect: Expect, set: impl Fn(&World, &mut NewTask) + 'static) -> Row {
    row(format!("create_task: {what}"), expect, move |w| {
        let mut new = NewTask::new(w.active, TaskType::FollowUp, "Call the lead", t0());
        set(w, &mut new);
        w.ops.create_task(&alice(), new)
    })
}

fn complete(what: &str, expect: Expect, set: impl Fn(&mut Completion) + 'static) -> Row {
    row(format!("mark_task_complete: {what}"), expect, move |w| {
        w.ops
            .mark_task_complete(&alice(), w.in_progress, with(Completion::default(), &set))
    })
}

fn proof(what: &str, kind: ProofKind, value: impl Into<String>) -> Row {
    let value = value.into();
    complete(&format!("proof {what}"), invalid("proof", ""), move |c| {
        c.proof = Some(CompletionProof {
            kind,
            value: value.clone(),
        })
    })
}

fn metric(what: &str, value: f64) -> Row {
    complete(
        &format!("metric {what}"),
        invalid("metrics.clicks", "finite number from 0"),
        move |c| c.metrics = vec![(MetricKind::Impressions, 5.0), (MetricKind::Clicks, value)],
    )
}

type Move = fn(&World, TaskId) -> campaign_ops::Result<campaign_ops::OperatorTask>;

const MOVES: [(&str, Move); 7] = [
    ("start", |w, t| w.ops.start_task(&alice(), t)),
    ("complete", |w, t| {
        w.ops.mark_task_complete(&alice(), t, Completion::default())
    }),
    ("fail", |w, t| w.ops.fail_task(&alice(), t, "broke")),
    ("block", |w, t| w.ops.block_task(&alice(), t, "waiting")),
    ("unblock", |w, t| w.ops.unblock_task(&alice(), t)),
    ("skip", |w, t| w.ops.skip_task(&alice(), t, None)),
    ("reassign", |w, t| {
        w.ops.reassign_task(&alice(), t, Some("bob"))
    }),
];

pub fn rows() -> Vec<Row> {
    let year_10000: DateTime<Utc> = Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap();
    let mut rows = vec![
        new_task(
            "a POST by hand",
            invalid("task_type", "POST tasks"),
            |_, n| n.task_type = TaskType::Post,
        ),
        new_task(
            "blank title",
            invalid("title", "must not be empty"),
            |_, n| n.title = "\t".into(),
        ),
        new_task(
            "title of 201 characters",
            invalid("title", "at most 200"),
            |_, n| n.title = "t".repeat(201),
        ),
        new_task(
            "title of a megabyte",
            invalid("title", "at most 200"),
            |_, n| n.title = megabyte("t"),
        ),
        new_task(
            "title with an RTL override",
            invalid("title", "bidi"),
            |_, n| n.title = "Call \u{202E}dael".into(),
        ),
        new_task(
            "51 instruction lines",
            invalid("instructions", "at most 50"),
            |_, n| n.instructions = vec!["step".into(); 51],
        ),
        new_task(
            "a blank instruction line",
            invalid("instructions", "must not be empty"),
            |_, n| n.instructions = vec!["step".into(), " ".into()],
        ),
        new_task(
            "an instruction with NUL",
            invalid("instructions", "control"),
            |_, n| n.instructions = vec!["st\0ep".into()],
        ),
        new_task(
            "assignee with an RTL override",
            invalid("assignee", "bidi"),
            |_, n| n.assignee = Some("\u{202E}bob".into()),
        ),
        new_task(
            "assignee with a zero-width space",
            invalid("assignee", "invisible"),
            |_, n| n.assignee = Some("b\u{200B}ob".into()),
        ),
        new_task(
            "due in year 10000",
            invalid("due_at", "1970 to 9999"),
            move |_, n| n.due_at = year_10000,
        ),
        new_task(
            "due at DateTime::MIN_UTC",
            invalid("due_at", "1970 to 9999"),
            |_, n| n.due_at = DateTime::<Utc>::MIN_UTC,
        ),
        new_task(
            "due at DateTime::MAX_UTC",
            invalid("due_at", "1970 to 9999"),
            |_, n| n.due_at = DateTime::<Utc>::MAX_UTC,
        ),
        new_task(
            "platform the campaign does not use",
            invalid("platform", "not one of the campaign's platforms"),
            |_, n| n.platform = Some(Platform::Email),
        ),
        new_task(
            "related task of another campaign",
            invalid("related_task_ids", "is not a task of campaign"),
            |w, n| n.related_task_ids = vec![w.pending, w.other_task],
        ),
        new_task(
            "unknown related task",
            invalid("related_task_ids", "is not a task of campaign"),
            |_, n| n.related_task_ids = vec![TaskId(99_999)],
        ),
        new_task(
            "201 related tasks",
            invalid("related_task_ids", "at most 200"),
            |w, n| n.related_task_ids = vec![w.pending; 201],
        ),
        new_task(
            "unknown campaign",
            Expect::NotFound(EntityKind::Campaign),
            |_, n| n.campaign_id = CampaignId(4242),
        ),
        new_task(
            "on a completed campaign",
            Expect::ReadOnly(EntityKind::Campaign, "completed"),
            |w, n| n.campaign_id = w.completed,
        ),
        new_task(
            "on an archived campaign",
            Expect::ReadOnly(EntityKind::Campaign, "archived"),
            |w, n| n.campaign_id = w.archived,
        ),
        proof(
            "javascript:",
            ProofKind::Url,
            "javascript:alert(document.cookie)",
        ),
        proof(
            "JavaScript: in capitals",
            ProofKind::Url,
            "JavaScript:alert(1)",
        ),
        proof("file:", ProofKind::Url, "file:///etc/passwd"),
        proof(
            "data:",
            ProofKind::Url,
            "data:text/html,<script>alert(1)</script>",
        ),
        proof("https:// without a host", ProofKind::Url, "https://"),
        proof(
            "URL with a space",
            ProofKind::Url,
            "https://example.com/a b",
        ),
        proof(
            "URL with an RTL override",
            ProofKind::Url,
            "https://example.com/\u{202E}gpj.exe",
        ),
        proof(
            "URL with a zero-width space",
            ProofKind::Url,
            "https://exa\u{200B}mple.com/p",
        ),
        proof(
            "text with an RTL override",
            ProofKind::Text,
            "posted \u{202E}ti",
        ),
        proof("blank", ProofKind::Manual, "   "),
        proof(
            "of a megabyte",
            ProofKind::Url,
            format!("https://{}", megabyte("a")),
        ),
        complete(
            "outcome of 2001 characters",
            invalid("outcome", "at most 2000"),
            |c| c.outcome = Some("o".repeat(2001)),
        ),
        complete(
            "outcome of a megabyte",
            invalid("outcome", "at most 2000"),
            |c| c.outcome = Some(megabyte("o")),
        ),
        complete("outcome with NUL", invalid("outcome", "control"), |c| {
            c.outcome = Some("done\0".into())
        }),
        complete("1001 metrics", invalid("metrics", "at most 1000"), |c| {
            c.metrics = vec![(MetricKind::Clicks, 1.0); 1001]
        }),
        metric("NaN", f64::NAN),
        metric("+inf", f64::INFINITY),
        metric("-inf", f64::NEG_INFINITY),
        metric("negative", -1.0),
        metric("tiny negative", -1e-310),
        metric("over a trillion", 1e12 + 1.0),
        metric("f64::MAX", f64::MAX),
        row(
            "block_task: blank reason",
            invalid("reason", "must not be empty"),
            |w| w.ops.block_task(&alice(), w.pending, " "),
        ),
        row(
            "fail_task: reason of a megabyte",
            invalid("reason", "at most 2000"),
            |w| w.ops.fail_task(&alice(), w.in_progress, &megabyte("r")),
        ),
        row(
            "skip_task: reason with NUL",
            invalid("reason", "control"),
            |w| w.ops.skip_task(&alice(), w.pending, Some("\0")),
        ),
        row(
            "reassign_task: assignee with a bidi isolate",
            invalid("assignee", "bidi"),
            |w| {
                w.ops
                    .reassign_task(&alice(), w.pending, Some("\u{2068}bob"))
            },
        ),
        row(
            "reassign_task: a completed task",
            Expect::ReadOnly(EntityKind::Task, "completed"),
            |w| w.ops.reassign_task(&alice(), w.done, Some("bob")),
        ),
        row(
            "reassign_task: a skipped task",
            Expect::ReadOnly(EntityKind::Task, "skipped"),
            |w| w.ops.reassign_task(&alice(), w.skipped, None),
        ),
        row(
            "start_task: unknown id",
            Expect::NotFound(EntityKind::Task),
            |_w| _w.ops.start_task(&alice(), TaskId(0)),
        ),
        row(
            "generate_tasks_from_calendar: unknown item",
            Expect::NotFound(EntityKind::CalendarItem),
            |w| {
                w.ops.generate_tasks_from_calendar(
                    &alice(),
                    &[w.item, CalendarItemId(77_777)],
                    None,
                )
            },
        ),
        row(
            "generate_tasks_from_calendar: assignee with an RTL override",
            invalid("assignee", "bidi"),
            |w| {
                w.ops
                    .generate_tasks_from_calendar(&alice(), &[w.item], Some("\u{202E}bob"))
            },
        ),
    ];
    // Every illegal move from every status of the active campaign's tasks.
    type Pick = fn(&World) -> TaskId;
    let statuses: [(&str, Pick, &[&str]); 6] = [
        ("pending", |w| w.pending, &["fail", "unblock"]),
        (
            "in progress",
            |w| w.in_progress,
            &["start", "unblock", "skip"],
        ),
        ("blocked", |w| w.blocked, &["complete", "fail", "block"]),
        (
            "completed",
            |w| w.done,
            &["start", "complete", "fail", "block", "unblock", "skip"],
        ),
        (
            "skipped",
            |w| w.skipped,
            &["start", "complete", "fail", "block", "unblock", "skip"],
        ),
        (
            "failed",
            |w| w.failed,
            &["start", "complete", "fail", "block", "unblock", "skip"],
        ),
    ];
    for (status, pick, illegal) in statuses {
        for (name, call) in MOVES {
            if illegal.contains(&name) {
                rows.push(row(
                    format!("{name}_task: from {status}"),
                    Expect::Illegal,
                    move |w| call(w, pick(w)),
                ));
            }
        }
    }
    // Every move on an open task of a completed or archived campaign: read-only.
    for (status, pick) in [
        ("completed", (|w| w.completed_task) as Pick),
        ("archived", |w| w.archived_task),
    ] {
        for (name, call) in MOVES {
            rows.push(row(
                format!("{name}_task: task of a {status} campaign"),
                Expect::ReadOnly(EntityKind::Campaign, status),
                move |w| call(w, pick(w)),
            ));
        }
    }
    rows
}
