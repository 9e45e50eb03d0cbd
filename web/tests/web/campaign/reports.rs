//! `campaign_report` (summary and charts) and `campaign_audit` (the trail, paged).

use campaign_ops_core::service::Completion;
use campaign_ops_core::{CampaignId, MetricKind};
use campaign_ops_web::api::AppError;
use campaign_ops_web::api::campaign::{AuditPage, CampaignAudit, CampaignReport, ReportView};
use leptos::server_fn::ServerFn;

use super::{actor, call, field_error, planned};

#[tokio::test]
async fn the_report_of_a_week_counts_completed_work_and_draws_both_charts() {
    let p = planned();
    let tasks = p.ops.campaign_tasks(CampaignId(p.id)).unwrap();
    let first = &tasks[0];
    p.clock.set(first.due_at);
    let mut done = Completion::default();
    done.metrics = vec![(MetricKind::Impressions, 1000.0), (MetricKind::Likes, 40.0)];
    p.ops.mark_task_complete(&actor(), first.id, done).unwrap();

    let id = p.id.to_string();
    let r: ReportView = call(
        &p.ops,
        CampaignReport::PATH,
        &[("campaign_id", &id), ("week", "2027-W01")],
    )
    .await
    .unwrap();
    assert_eq!(r.week, "2027-W01");
    assert_eq!(
        (r.prev_week.as_str(), r.next_week.as_str()),
        ("2026-W53", "2027-W02")
    );
    let completed = r.tasks.iter().find(|(l, _)| l == "completed").unwrap().1;
    assert_eq!(completed, 1);
    assert_ne!(r.completion, "—");
    assert_eq!(r.engagement, "4 %");
    assert!(
        r.completion_chart
            .contains("<title id=\"completion-chart-title\">")
    );
    assert!(
        r.completion_chart.contains("W01: "),
        "{}",
        r.completion_chart
    );
    let platform = first.platform.unwrap().label();
    assert!(
        r.engagement_chart.contains(&format!("{platform}: W01 4 %")),
        "{}",
        r.engagement_chart
    );
    // The current week (the clock's) when none is asked for.
    let now: ReportView = call(&p.ops, CampaignReport::PATH, &[("campaign_id", &id)])
        .await
        .unwrap();
    assert_eq!(now.week, "2027-W01");
}

#[tokio::test]
async fn a_week_that_does_not_exist_is_an_error_on_week() {
    let p = planned();
    let id = p.id.to_string();
    let r = call::<ReportView>(
        &p.ops,
        CampaignReport::PATH,
        &[("campaign_id", &id), ("week", "2027-W60")],
    )
    .await;
    field_error(r, "week");
}

#[tokio::test]
async fn the_audit_trail_pages_oldest_first() {
    let p = planned();
    let id = p.id.to_string();
    let page: AuditPage = call(&p.ops, CampaignAudit::PATH, &[("campaign_id", &id)])
        .await
        .unwrap();
    let actions: Vec<&str> = page.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "campaign.create",
            "plan.create",
            "calendar.generate",
            "tasks.generate"
        ]
    );
    assert_eq!(page.items[0].actor, "tester");
    assert_eq!(page.next, None);
    let after = page.items[1].seq.to_string();
    let rest: AuditPage = call(
        &p.ops,
        CampaignAudit::PATH,
        &[("campaign_id", &id), ("after", &after)],
    )
    .await
    .unwrap();
    assert_eq!(rest.items.len(), 2);
    let missing =
        call::<AuditPage>(&p.ops, CampaignAudit::PATH, &[("campaign_id", "424242")]).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
}
