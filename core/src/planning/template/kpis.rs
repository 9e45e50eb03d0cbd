//! The template planner's KPIs: which numbers a phase is judged by, with targets.
//!
//! Rates are organic benchmarks for small-to-mid accounts (LinkedIn engagement 2.5 %,
//! Instagram 3 %, X 1 %, email open 35 % and click 2.5 %). Volumes are per-post baselines
//! multiplied by the posts the cadence puts into the phase, so they scale with cadence and
//! phase length. They are starting targets to be replaced by the account's own history.
//! Engagement rate is defined once, in the KPI name: engagements ÷ impressions (reach on
//! Instagram), the definition the original system never wrote down.

use crate::model::{Campaign, Kpi, Objective, Platform};
use crate::planning::stage::Stage;

/// Per-post baselines of a social platform.
struct Baseline {
    /// Metric the platform reports views as.
    views_name: &'static str,
    /// Views per post.
    views: f64,
    /// Engagement rate, percent.
    engagement_rate: f64,
    /// Link click-through rate, percent of views.
    ctr: f64,
    /// New followers per post.
    followers: f64,
    /// Comments and replies per post.
    comments: f64,
}

fn baseline(platform: Platform) -> Option<Baseline> {
    Some(match platform {
        Platform::LinkedIn => Baseline {
            views_name: "impressions",
            views: 800.0,
            engagement_rate: 2.5,
            ctr: 0.7,
            followers: 5.0,
            comments: 4.0,
        },
        Platform::Instagram => Baseline {
            views_name: "reach",
            views: 1000.0,
            engagement_rate: 3.0,
            ctr: 0.4,
            followers: 8.0,
            comments: 6.0,
        },
        Platform::X => Baseline {
            views_name: "impressions",
            views: 600.0,
            engagement_rate: 1.0,
            ctr: 0.8,
            followers: 4.0,
            comments: 3.0,
        },
        Platform::Email => return None,
    })
}

/// Recipients assumed per email send when planning click volumes.
const EMAIL_AUDIENCE: f64 = 1000.0;
/// Landing-page conversion of clicks into leads, percent.
const LEAD_RATE: f64 = 8.0;
/// Conversion of clicks into purchases, percent.
const PURCHASE_RATE: f64 = 3.0;
/// Repeat purchases per click from customer-facing content, percent.
const REPEAT_RATE: f64 = 5.0;

fn kpi(name: &str, target: f64, unit: &str, platform: Option<Platform>) -> Kpi {
    Kpi {
        name: name.to_owned(),
        target,
        unit: unit.to_owned(),
        platform,
    }
}

/// A count target: whole, at least 1.
fn count(v: f64) -> f64 {
    v.round().max(1.0)
}

/// A percentage target with one decimal.
fn pct(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The KPIs of a phase of `stage` lasting `days` days.
pub(super) fn phase_kpis(campaign: &Campaign, stage: Stage, days: u32) -> Vec<Kpi> {
    let objective = campaign.objective;
    let reach_boost = if objective == Objective::Awareness {
        1.3
    } else {
        1.0
    };
    let engage_boost = if objective == Objective::Engagement {
        1.2
    } else {
        1.0
    };
    let click_boost = match objective {
        Objective::LeadGeneration | Objective::Conversion => 1.2,
        _ => 1.0,
    };
    let selling = matches!(
        objective,
        Objective::LeadGeneration | Objective::Conversion | Objective::Retention
    );
    let mut kpis = Vec::new();
    let mut clicks = 0.0;
    let mut views_total = 0.0;
    for &platform in &campaign.platforms {
        let per_week = campaign.cadence.get(&platform).copied().unwrap_or(0);
        let posts = (f64::from(per_week) * f64::from(days) / 7.0).round();
        let p = Some(platform);
        let Some(base) = baseline(platform) else {
            // Email: rates per send; clicks feed the lead and sales targets.
            let (open, click) = match objective {
                Objective::Retention => (40.0, 3.0),
                Objective::LeadGeneration | Objective::Conversion => (35.0, 3.0),
                _ => (35.0, 2.5),
            };
            clicks += posts * EMAIL_AUDIENCE * click / 100.0;
            if matches!(stage, Stage::Launch | Stage::Awareness | Stage::Retention) {
                kpis.push(kpi("open rate (opens ÷ delivered)", open, "%", p));
            }
            if !matches!(stage, Stage::Awareness) {
                kpis.push(kpi("click rate (clicks ÷ delivered)", click, "%", p));
            }
            if matches!(stage, Stage::Retention | Stage::Conversion) {
                kpis.push(kpi("unsubscribe rate (maximum)", 0.3, "%", p));
            }
            continue;
        };
        let views = posts * base.views * reach_boost;
        views_total += views;
        clicks += views * base.ctr * click_boost / 100.0;
        if matches!(stage, Stage::Launch | Stage::Awareness) || objective == Objective::Awareness {
            kpis.push(kpi(base.views_name, count(views), base.views_name, p));
        }
        if objective == Objective::Awareness && stage != Stage::Retention {
            kpis.push(kpi(
                "new followers",
                count(posts * base.followers),
                "followers",
                p,
            ));
        }
        if matches!(stage, Stage::Launch | Stage::Engagement | Stage::Retention)
            || objective == Objective::Engagement
        {
            let name = if platform == Platform::Instagram {
                "engagement rate (engagements ÷ reach)"
            } else {
                "engagement rate (engagements ÷ impressions)"
            };
            kpis.push(kpi(name, pct(base.engagement_rate * engage_boost), "%", p));
        }
        if objective == Objective::Engagement
            && matches!(stage, Stage::Launch | Stage::Engagement | Stage::Retention)
        {
            kpis.push(kpi(
                "comments and replies",
                count(posts * base.comments),
                "comments",
                p,
            ));
        }
        if stage == Stage::Conversion || (stage == Stage::Launch && selling) {
            kpis.push(kpi(
                "link clicks",
                count(views * base.ctr * click_boost / 100.0),
                "clicks",
                p,
            ));
        }
    }
    // Campaign-wide outcomes, shaped by the objective.
    let has_content = clicks > 0.0 || views_total > 0.0;
    match objective {
        Objective::Awareness
            if matches!(stage, Stage::Launch | Stage::Awareness) && has_content =>
        {
            kpis.push(kpi(
                "total impressions and reach",
                count(views_total),
                "views",
                None,
            ));
        }
        Objective::Engagement if stage == Stage::Engagement && has_content => {
            kpis.push(kpi("share of posts with 5+ comments", 30.0, "%", None));
        }
        Objective::LeadGeneration
            if matches!(stage, Stage::Launch | Stage::Engagement | Stage::Conversion) =>
        {
            kpis.push(kpi(
                "leads",
                count(clicks * LEAD_RATE / 100.0),
                "leads",
                None,
            ));
            if stage != Stage::Engagement {
                kpis.push(kpi("landing-page conversion rate", LEAD_RATE, "%", None));
            }
        }
        Objective::Conversion if matches!(stage, Stage::Launch | Stage::Conversion) => {
            kpis.push(kpi(
                "conversions",
                count(clicks * PURCHASE_RATE / 100.0),
                "conversions",
                None,
            ));
            kpis.push(kpi(
                "conversion rate (conversions ÷ clicks)",
                PURCHASE_RATE,
                "%",
                None,
            ));
        }
        Objective::Retention if !matches!(stage, Stage::Awareness) => {
            kpis.push(kpi(
                "repeat purchases",
                count(clicks * REPEAT_RATE / 100.0),
                "purchases",
                None,
            ));
        }
        _ => {}
    }
    // The operations KPI every phase shares: did the calendar actually go out.
    kpis.push(kpi("posts published on schedule", 95.0, "%", None));
    kpis
}
