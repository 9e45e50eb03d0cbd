//! Metrics recorded by hand: values that are not finite, negative or huge, times outside
//! the range, and metrics on campaigns that are over.

use campaign_ops::service::NewMetric;
use campaign_ops::{CampaignId, EntityKind, MetricKind, Platform};
use chrono::{Duration, TimeZone, Utc};

use super::harness::{Expect, Row, invalid, row};
use super::world::World;
use crate::support::{alice, t0, with};

fn record(
    what: &str,
    expect: Expect,
    campaign: fn(&World) -> CampaignId,
    metrics: impl Fn() -> Vec<NewMetric> + 'static,
) -> Row {
    row(format!("record_metrics: {what}"), expect, move |w| {
        w.ops.record_metrics(&alice(), campaign(w), &metrics())
    })
}

fn value(what: &str, v: f64) -> Row {
    record(
        &format!("value {what}"),
        invalid("metrics.reach", "finite number from 0"),
        |w| w.active,
        move || {
            vec![
                NewMetric::new(MetricKind::Impressions, 1.0),
                NewMetric::new(MetricKind::Reach, v),
            ]
        },
    )
}

pub fn rows() -> Vec<Row> {
    let one = || vec![NewMetric::new(MetricKind::Clicks, 3.0)];
    vec![
        value("NaN", f64::NAN),
        value("negative NaN", -f64::NAN),
        value("+inf", f64::INFINITY),
        value("-inf", f64::NEG_INFINITY),
        value("-0.5", -0.5),
        value("1e300", 1e300),
        value("f64::MAX", f64::MAX),
        value("f64::MIN", f64::MIN),
        record(
            "recorded in the future",
            invalid("recorded_at", "future"),
            |w| w.active,
            || {
                vec![with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                    m.recorded_at = Some(t0() + Duration::seconds(1))
                })]
            },
        ),
        record(
            "recorded in 1969",
            invalid("recorded_at", "1970 to 9999"),
            |w| w.active,
            || {
                vec![with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                    m.recorded_at = Some(Utc.with_ymd_and_hms(1969, 12, 31, 23, 0, 0).unwrap())
                })]
            },
        ),
        record(
            "recorded at DateTime::MIN_UTC",
            invalid("recorded_at", "1970 to 9999"),
            |w| w.active,
            || {
                vec![with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                    m.recorded_at = Some(chrono::DateTime::<Utc>::MIN_UTC)
                })]
            },
        ),
        record(
            "notes with NUL",
            invalid("notes", "control"),
            |w| w.active,
            || {
                vec![with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                    m.notes = Some("from\0GA".into())
                })]
            },
        ),
        record(
            "notes with an RTL override",
            invalid("notes", "bidi"),
            |w| w.active,
            || {
                vec![with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                    m.notes = Some("\u{202E}AG".into())
                })]
            },
        ),
        record(
            "a platform the campaign does not use",
            invalid("platform", "not one of the campaign's platforms"),
            |w| w.active,
            || {
                vec![
                    NewMetric::new(MetricKind::Clicks, 1.0),
                    with(NewMetric::new(MetricKind::Clicks, 1.0), |m| {
                        m.platform = Some(Platform::Instagram)
                    }),
                ]
            },
        ),
        record(
            "1001 values",
            invalid("metrics", "at most 1000"),
            |w| w.active,
            || vec![NewMetric::new(MetricKind::Clicks, 1.0); 1001],
        ),
        record(
            "unknown campaign",
            Expect::NotFound(EntityKind::Campaign),
            |_| CampaignId(31337),
            one,
        ),
        record(
            "completed campaign",
            Expect::ReadOnly(EntityKind::Campaign, "completed"),
            |w| w.completed,
            one,
        ),
        record(
            "archived campaign",
            Expect::ReadOnly(EntityKind::Campaign, "archived"),
            |w| w.archived,
            one,
        ),
    ]
}
