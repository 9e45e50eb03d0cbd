//! Extreme clock values a host may hand in (a FixedClock at chrono's ends, a clock past
//! 9999): every call refuses to work at such a "now" instead of deriving dates it cannot
//! represent (or panicking on the overflow).

use campaign_ops::service::{CampaignPlanning, Completion, NewMetric, NewTask};
use campaign_ops::{MetricKind, TaskType};
use chrono::{DateTime, TimeZone, Utc};

use super::harness::{Row, invalid, row};
use super::world::World;
use crate::support::{alice, new_campaign, t0};

fn at<T>(
    what: &str,
    now: DateTime<Utc>,
    call: impl Fn(&World) -> campaign_ops::Result<T> + 'static,
) -> Row {
    row(
        format!("{what} with the clock at {now}"),
        invalid("clock", "1970 to 9999"),
        move |w| {
            w.ops.clock().set(now);
            call(w)
        },
    )
}

pub fn rows() -> Vec<Row> {
    let max = DateTime::<Utc>::MAX_UTC;
    let min = DateTime::<Utc>::MIN_UTC;
    let y10k = Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap();
    let before_1970 = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap();
    let mut rows = vec![];
    for now in [max, min, y10k, before_1970] {
        rows.push(at("create_campaign", now, |w| {
            w.ops.create_campaign(&alice(), new_campaign("Clockwork"))
        }));
        rows.push(at("mark_task_complete", now, |w| {
            w.ops
                .mark_task_complete(&alice(), w.pending, Completion::default())
        }));
    }
    rows.extend([
        at("create_task", max, |w| {
            w.ops.create_task(
                &alice(),
                NewTask::new(w.active, TaskType::Review, "r", t0()),
            )
        }),
        at("start_task", min, |w| w.ops.start_task(&alice(), w.pending)),
        at("record_metrics", max, |w| {
            w.ops.record_metrics(
                &alice(),
                w.active,
                &[NewMetric::new(MetricKind::Clicks, 1.0)],
            )
        }),
        at("generate_plan", max, |w| {
            w.ops.generate_plan(&alice(), w.active, "Launch", 28)
        }),
        at("plan_campaign", min, |w| {
            w.ops
                .plan_campaign(&alice(), w.active, &CampaignPlanning::new("Launch", 28))
        }),
        at("generate_calendar", max, |w| {
            w.ops.generate_calendar(&alice(), w.plan, None)
        }),
        at("pause_campaign", max, |w| {
            w.ops.pause_campaign(&alice(), w.active, None)
        }),
        at("operator_queue", max, |w| {
            w.ops.operator_queue("bob", "Europe/Berlin")
        }),
        at("operator_queue", min, |w| {
            w.ops.operator_queue("bob", "Pacific/Kiritimati")
        }),
        at("get_today_tasks", max, |w| w.ops.get_today_tasks(w.active)),
        at("get_overdue_tasks", min, |w| {
            w.ops.get_overdue_tasks(w.active)
        }),
        at("generate_weekly_summary", max, |w| {
            w.ops.generate_weekly_summary(w.active, None)
        }),
        at("get_campaign_metrics", max, |w| {
            w.ops.get_campaign_metrics(w.active)
        }),
        at("export_ics", max, |w| w.ops.export_ics(w.active)),
    ]);
    rows
}
