//! Exports of tasks, metric entries and weekly summaries as CSV and JSON.
//!
//! CSV (RFC 4180, written by the `csv` crate, which quotes commas, quotes and line breaks):
//! a header row with the column names listed in the `*_HEADER` constants (stable: columns
//! are only ever added at the end), `\r\n` between records, times as RFC 3339 in UTC
//! (`2026-11-25T09:00:00Z`), absent values as empty cells, numbers in their shortest exact
//! form (`1500`, `0.031`), rates as fractions (0.031 is 3.1 %). Every cell goes through
//! [`spreadsheet_safe`](super::spreadsheet_safe): one that a spreadsheet would run as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain
//! number) is written with a `'` in front, so opening an export runs nothing a user typed
//! (`formula.rs`). JSON is the lossless form, the records' own serde shape.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::formula::spreadsheet_safe;
use super::summary::WeeklySummary;
use crate::model::{MetricEntry, OperatorTask, Platform, ProofKind};
use crate::{Error, Result};

/// Columns of [`tasks_csv`]. `instructions` joins the steps with [`INSTRUCTION_SEPARATOR`];
/// `related_task_ids` joins ids with `;`; `proof_kind` is `url`, `text`, `upload` or
/// `manual`; enums are their stable keys (`post`, `in_progress`, `linkedin`, ...).
pub const TASKS_CSV_HEADER: [&str; 23] = [
    "id",
    "campaign_id",
    "task_type",
    "platform",
    "content_type",
    "title",
    "status",
    "assignee",
    "due_at",
    "started_at",
    "finished_at",
    "created_at",
    "updated_at",
    "calendar_item_id",
    "parent_task_id",
    "related_task_ids",
    "instructions",
    "copy",
    "asset_ref",
    "outcome",
    "proof_kind",
    "proof_value",
    "reason",
];

/// Joins a task's instruction steps in one CSV cell. Steps that themselves contain it
/// cannot be split apart again; the JSON export keeps them as a list.
pub const INSTRUCTION_SEPARATOR: &str = " | ";

/// Columns of [`metrics_csv`]. `kind` and `platform` are stable keys.
pub const METRICS_CSV_HEADER: [&str; 9] = [
    "id",
    "campaign_id",
    "task_id",
    "platform",
    "kind",
    "value",
    "recorded_at",
    "recorded_by",
    "notes",
];

/// Columns of [`weekly_summaries_csv`], one row per summary: the task counts
/// (`tasks_*`), the week's overall sums per metric kind (`impressions` to `conversions`,
/// `engagements` being the reported Engagements metric), `total_engagements` and
/// `engagement_rate` as defined on [`super::MetricTotals`], then impressions, total
/// engagements and engagement rate of each platform in [`Platform::ALL`] order (empty
/// cells when the summary has no entry for that platform), `top_platform` and `text`.
pub const WEEKLY_SUMMARIES_CSV_HEADER: [&str; 42] = [
    "campaign_id",
    "campaign_name",
    "week",
    "time_zone",
    "starts_at",
    "ends_at",
    "generated_at",
    "tasks_planned",
    "tasks_pending",
    "tasks_in_progress",
    "tasks_completed",
    "tasks_failed",
    "tasks_blocked",
    "tasks_skipped",
    "tasks_overdue",
    "completion_rate",
    "metric_entries",
    "impressions",
    "reach",
    "engagements",
    "clicks",
    "likes",
    "comments",
    "shares",
    "saves",
    "conversions",
    "total_engagements",
    "engagement_rate",
    "linkedin_impressions",
    "linkedin_total_engagements",
    "linkedin_engagement_rate",
    "instagram_impressions",
    "instagram_total_engagements",
    "instagram_engagement_rate",
    "x_impressions",
    "x_total_engagements",
    "x_engagement_rate",
    "email_impressions",
    "email_total_engagements",
    "email_engagement_rate",
    "top_platform",
    "text",
];

/// Tasks as CSV with the columns of [`TASKS_CSV_HEADER`].
pub fn tasks_csv(tasks: &[OperatorTask]) -> Result<String> {
    write_csv(
        &TASKS_CSV_HEADER,
        tasks.iter().map(|t| {
            vec![
                t.id.to_string(),
                t.campaign_id.to_string(),
                t.task_type.key().to_owned(),
                opt(t.platform.map(Platform::key)),
                opt(t.content_type.map(|c| c.key())),
                t.title.clone(),
                t.status.key().to_owned(),
                opt(t.assignee.as_deref()),
                time(t.due_at),
                opt(t.started_at.map(time)),
                opt(t.finished_at.map(time)),
                time(t.created_at),
                time(t.updated_at),
                opt(t.calendar_item_id),
                opt(t.parent_task_id),
                join(t.related_task_ids.iter(), ";"),
                t.instructions.join(INSTRUCTION_SEPARATOR),
                opt(t.copy.as_deref()),
                opt(t.asset_ref.as_deref()),
                opt(t.outcome.as_deref()),
                opt(t.proof.as_ref().map(|p| proof_kind_key(p.kind))),
                opt(t.proof.as_ref().map(|p| p.value.as_str())),
                opt(t.reason.as_deref()),
            ]
        }),
    )
}

/// Metric entries as CSV with the columns of [`METRICS_CSV_HEADER`].
pub fn metrics_csv(metrics: &[MetricEntry]) -> Result<String> {
    write_csv(
        &METRICS_CSV_HEADER,
        metrics.iter().map(|m| {
            vec![
                m.id.to_string(),
                m.campaign_id.to_string(),
                opt(m.task_id),
                opt(m.platform.map(Platform::key)),
                m.kind.key().to_owned(),
                m.value.to_string(),
                time(m.recorded_at),
                m.recorded_by.clone(),
                opt(m.notes.as_deref()),
            ]
        }),
    )
}

/// Weekly summaries as CSV with the columns of [`WEEKLY_SUMMARIES_CSV_HEADER`].
pub fn weekly_summaries_csv(summaries: &[WeeklySummary]) -> Result<String> {
    write_csv(
        &WEEKLY_SUMMARIES_CSV_HEADER,
        summaries.iter().map(|s| {
            let t = &s.tasks;
            let k = &s.metrics.by_kind;
            let mut row = vec![
                s.campaign_id.to_string(),
                s.campaign_name.clone(),
                s.week.to_string(),
                s.time_zone.name().to_owned(),
                time(s.starts_at),
                time(s.ends_at),
                time(s.generated_at),
            ];
            row.extend(
                [
                    t.planned,
                    t.pending,
                    t.in_progress,
                    t.completed,
                    t.failed,
                    t.blocked,
                    t.skipped,
                    t.overdue,
                ]
                .map(|n| n.to_string()),
            );
            row.push(opt(s.completion_rate));
            row.push(s.metrics.entries.to_string());
            row.extend(
                [
                    k.impressions,
                    k.reach,
                    k.engagements,
                    k.clicks,
                    k.likes,
                    k.comments,
                    k.shares,
                    k.saves,
                    k.conversions,
                    s.metrics.total_engagements,
                ]
                .map(|v| v.to_string()),
            );
            row.push(opt(s.metrics.engagement_rate));
            for platform in Platform::ALL {
                match s.platforms.get(&platform) {
                    Some(p) => row.extend([
                        p.by_kind.impressions.to_string(),
                        p.total_engagements.to_string(),
                        opt(p.engagement_rate),
                    ]),
                    None => row.extend([String::new(), String::new(), String::new()]),
                }
            }
            row.push(opt(s.top_platform.map(Platform::key)));
            row.push(s.text.clone());
            row
        }),
    )
}

/// Any record (or slice of records) as pretty-printed JSON in its serde shape; times are
/// RFC 3339, enums their snake_case keys, ISO weeks `2026-W48`.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| export_error("JSON", e))
}

fn write_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(|e| export_error("CSV", e))?;
    for row in rows {
        // Rows and header are built from the same column lists; a mismatch is a bug here.
        debug_assert_eq!(row.len(), header.len());
        writer
            .write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))
            .map_err(|e| export_error("CSV", e))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| export_error("CSV", e.error()))?;
    String::from_utf8(bytes).map_err(|e| export_error("CSV", e))
}

/// Writing into memory does not fail in practice; should it, the caller gets a
/// validation error on field `export` rather than a panic.
fn export_error(format: &str, e: impl std::fmt::Display) -> Error {
    Error::validation("export", format!("could not write {format}: {e}"))
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn join<T: ToString>(items: impl Iterator<Item = T>, separator: &str) -> String {
    items
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(separator)
}

fn proof_kind_key(kind: ProofKind) -> &'static str {
    match kind {
        ProofKind::Url => "url",
        ProofKind::Text => "text",
        ProofKind::Upload => "upload",
        ProofKind::Manual => "manual",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::report::test_support::*;
    use crate::report::{ReportWeek, weekly_summary};
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;
    use std::collections::HashMap;

    /// The rows of `text` as column → value maps, checking the header on the way.
    fn parse(text: &str, header: &[&str]) -> Vec<HashMap<String, String>> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let names: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(names, header);
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                names
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_owned))
                    .collect()
            })
            .collect()
    }

    fn tricky_task() -> OperatorTask {
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 25, h, 0, 0).unwrap();
        OperatorTask {
            calendar_item_id: Some(CalendarItemId(7)),
            parent_task_id: Some(TaskId(3)),
            related_task_ids: vec![TaskId(4), TaskId(5)],
            task_type: TaskType::FollowUp,
            content_type: None,
            title: "Reply to \"Acme, Inc.\"\nthen log it".to_owned(),
            instructions: vec![
                "Open the post, then read comments".to_owned(),
                "Answer \"questions\" first".to_owned(),
            ],
            copy: Some("Line one,\r\nline \"two\"".to_owned()),
            asset_ref: Some("s3://bucket/a b.png".to_owned()),
            assignee: Some("ana".to_owned()),
            outcome: Some("done, mostly".to_owned()),
            proof: Some(CompletionProof {
                kind: ProofKind::Url,
                value: "https://example.com/p?a=1,b=2".to_owned(),
            }),
            reason: None,
            started_at: Some(at(8)),
            finished_at: Some(at(9)),
            ..task(2, TaskStatus::Completed, at(10))
        }
    }

    #[test]
    fn tasks_csv_parses_back() {
        let plain = task(
            1,
            TaskStatus::Pending,
            Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap(),
        );
        let tricky = tricky_task();
        let csv = tasks_csv(&[plain.clone(), tricky.clone()]).unwrap();
        let rows = parse(&csv, &TASKS_CSV_HEADER);
        assert_eq!(rows.len(), 2);

        let r = &rows[0];
        assert_eq!(r["id"], "1");
        assert_eq!(r["status"], "pending");
        assert_eq!(r["platform"], "linkedin");
        assert_eq!(r["due_at"], "2026-11-24T09:30:00Z");
        assert_eq!(r["started_at"], "");
        assert_eq!(r["instructions"], "");
        assert_eq!(r["related_task_ids"], "");
        assert_eq!(r["title"], plain.title);

        let r = &rows[1];
        assert_eq!(r["task_type"], "follow_up");
        assert_eq!(r["status"], "completed");
        assert_eq!(r["content_type"], "");
        assert_eq!(r["title"], tricky.title);
        assert_eq!(r["copy"], tricky.copy.clone().unwrap());
        assert_eq!(r["outcome"], "done, mostly");
        assert_eq!(
            r["instructions"]
                .split(INSTRUCTION_SEPARATOR)
                .collect::<Vec<_>>(),
            tricky.instructions
        );
        assert_eq!(r["related_task_ids"], "4;5");
        assert_eq!(r["calendar_item_id"], "7");
        assert_eq!(r["parent_task_id"], "3");
        assert_eq!(r["proof_kind"], "url");
        assert_eq!(r["proof_value"], "https://example.com/p?a=1,b=2");
        assert_eq!(
            DateTime::parse_from_rfc3339(&r["finished_at"]).unwrap(),
            tricky.finished_at.unwrap()
        );
        assert!(csv.starts_with("id,campaign_id,task_type,"));
        assert!(csv.ends_with("\r\n"));
    }

    #[test]
    fn metrics_csv_parses_back() {
        let entries = [
            MetricEntry {
                notes: Some("from the \"Insights\" tab,\nexported".to_owned()),
                ..metric(
                    1,
                    Some(Platform::Instagram),
                    Some(TaskId(9)),
                    MetricKind::Impressions,
                    14230.0,
                )
            },
            metric(2, None, None, MetricKind::Clicks, 0.1 + 0.2),
        ];
        let rows = parse(&metrics_csv(&entries).unwrap(), &METRICS_CSV_HEADER);
        assert_eq!(rows.len(), 2);
        for (row, entry) in rows.iter().zip(&entries) {
            assert_eq!(row["id"], entry.id.to_string());
            assert_eq!(row["kind"], entry.kind.key());
            assert_eq!(row["value"].parse::<f64>().unwrap(), entry.value);
            assert_eq!(
                DateTime::parse_from_rfc3339(&row["recorded_at"]).unwrap(),
                entry.recorded_at
            );
            assert_eq!(row["recorded_by"], entry.recorded_by);
            assert_eq!(row["notes"], entry.notes.clone().unwrap_or_default());
        }
        assert_eq!(rows[0]["platform"], "instagram");
        assert_eq!(rows[0]["task_id"], "9");
        assert_eq!(rows[0]["value"], "14230");
        assert_eq!(
            (rows[1]["platform"].as_str(), rows[1]["task_id"].as_str()),
            ("", "")
        );
    }

    fn summary() -> WeeklySummary {
        let mut campaign = campaign(Berlin, &[Platform::LinkedIn, Platform::Email]);
        campaign.name = "Launch, \"Q4\"\nEU".to_owned();
        let tasks = [
            task(
                1,
                TaskStatus::Completed,
                Utc.with_ymd_and_hms(2026, 3, 24, 9, 0, 0).unwrap(),
            ),
            task(
                2,
                TaskStatus::Pending,
                Utc.with_ymd_and_hms(2026, 3, 25, 9, 0, 0).unwrap(),
            ),
        ];
        let li = Some(Platform::LinkedIn);
        let metrics = [
            metric(1, li, None, MetricKind::Impressions, 1000.0),
            metric(2, li, None, MetricKind::Likes, 25.0),
            metric(3, Some(Platform::X), None, MetricKind::Likes, 5.0),
        ];
        let now = Utc.with_ymd_and_hms(2026, 3, 26, 0, 0, 0).unwrap();
        weekly_summary(
            &campaign,
            &tasks,
            &metrics,
            ReportWeek::new(2026, 13).unwrap(),
            now,
        )
    }

    #[test]
    fn weekly_summaries_csv_parses_back() {
        let s = summary();
        let rows = parse(
            &weekly_summaries_csv(std::slice::from_ref(&s)).unwrap(),
            &WEEKLY_SUMMARIES_CSV_HEADER,
        );
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r["campaign_name"], s.campaign_name);
        assert_eq!(r["week"], "2026-W13");
        assert_eq!(r["time_zone"], "Europe/Berlin");
        assert_eq!(r["starts_at"], "2026-03-22T23:00:00Z");
        assert_eq!(r["ends_at"], "2026-03-29T22:00:00Z");
        assert_eq!(r["generated_at"], "2026-03-26T00:00:00Z");
        assert_eq!(
            (r["tasks_planned"].as_str(), r["tasks_completed"].as_str()),
            ("2", "1")
        );
        assert_eq!(r["tasks_overdue"], "1");
        assert_eq!(r["completion_rate"], "0.5");
        assert_eq!(r["metric_entries"], "3");
        assert_eq!(r["impressions"], "1000");
        assert_eq!(r["likes"], "30");
        assert_eq!(r["engagements"], "0");
        assert_eq!(r["total_engagements"], "30");
        assert_eq!(r["engagement_rate"], "0.03");
        assert_eq!(r["linkedin_impressions"], "1000");
        assert_eq!(r["linkedin_engagement_rate"], "0.025");
        assert_eq!(r["x_total_engagements"], "5");
        assert_eq!(r["x_engagement_rate"], "");
        assert_eq!(r["email_impressions"], "0");
        // Instagram is neither a campaign platform nor named by an entry.
        assert_eq!(r["instagram_impressions"], "");
        assert_eq!(r["top_platform"], "linkedin");
        assert_eq!(r["text"], s.text);
    }

    #[test]
    fn summary_header_follows_platform_order() {
        let per_platform: Vec<String> = Platform::ALL
            .iter()
            .flat_map(|p| {
                ["impressions", "total_engagements", "engagement_rate"]
                    .map(|c| format!("{}_{c}", p.key()))
            })
            .collect();
        assert_eq!(WEEKLY_SUMMARIES_CSV_HEADER[28..40], per_platform);
    }

    #[test]
    fn json_exports_parse_back_equal() {
        let tasks = vec![
            tricky_task(),
            task(
                1,
                TaskStatus::Blocked,
                Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap(),
            ),
        ];
        let back: Vec<OperatorTask> = serde_json::from_str(&to_json(&tasks).unwrap()).unwrap();
        assert_eq!(back, tasks);

        let metrics = vec![MetricEntry {
            notes: Some("a, \"b\"\nc".to_owned()),
            ..metric(
                1,
                Some(Platform::Email),
                None,
                MetricKind::Conversions,
                12.5,
            )
        }];
        let back: Vec<MetricEntry> = serde_json::from_str(&to_json(&metrics).unwrap()).unwrap();
        assert_eq!(back, metrics);

        let summaries = vec![summary()];
        let json = to_json(&summaries).unwrap();
        let back: Vec<WeeklySummary> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, summaries);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value[0]["week"], "2026-W13");
        assert_eq!(value[0]["time_zone"], "Europe/Berlin");
        // Map keys are the platforms' serde names (whatever the model chooses).
        let linkedin = serde_json::to_value(Platform::LinkedIn).unwrap();
        let linkedin = linkedin.as_str().unwrap();
        assert_eq!(value[0]["platforms"][linkedin]["engagement_rate"], 0.025);
        assert_eq!(value[0]["top_platform"], linkedin);
        assert_eq!(
            value[0]["platforms"]["x"]["engagement_rate"],
            serde_json::Value::Null
        );
    }
}
