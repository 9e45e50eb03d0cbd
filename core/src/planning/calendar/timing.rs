//! Timing harness for planning a whole campaign: the golden Berlin scenario (90 days,
//! LinkedIn, Instagram, X and Email at the default cadence) timed end to end and phase by
//! phase. Ignored by default; run it on a release build:
//!
//! ```text
//! cargo test --release -p campaign-ops-core --lib plan_timing -- --ignored --nocapture
//! ```
//!
//! `PLAN_TIMING_RUNS` sets the number of timed runs (default 200, after 20 warm-up runs);
//! each figure is the median over those runs. Under callgrind, `PLAN_TIMING_RUNS=5` keeps
//! the profile short.
//!
//! The phases re-run the steps of [`draft_calendar`] one kind at a time over the same inputs
//! (the end-to-end figure is the real thing): planner; slot search ([`week_slots`] for every
//! platform and week); quota and spread (the rest of [`place_week`]); copy generation
//! ([`ItemWriter`] for every item, each with the titles its week already had); title
//! bookkeeping (which titles each platform's week has); SOP checklists.

use std::hint::black_box;
use std::time::{Duration as StdDuration, Instant};

use super::*;
use crate::planning::golden_tests::{
    berlin, plan_campaign, plan_request, scenario_campaign, stored_plan,
};
use crate::planning::{Planner, TemplatePlanner};
use crate::platform::checklist_steps;

/// What [`ItemWriter::write`] takes for one item: platform, instant, angle index, ordinal and the
/// titles its week already has.
type ItemInputs = (Platform, DateTime<Utc>, usize, usize, Vec<String>);

/// Median of `runs` timings of `f`, after `warm_up` untimed calls.
fn median(runs: usize, warm_up: usize, mut f: impl FnMut()) -> StdDuration {
    for _ in 0..warm_up {
        f();
    }
    let mut times: Vec<StdDuration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// The Mondays of the weeks the calendar fills (the campaign starts after `not_before`'s
/// week began, so every week from the first one's Monday to the last day).
fn mondays(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = vec![week_start(first)];
    while let Some(next) = out.last().and_then(|m| m.checked_add_days(Days::new(7)))
        && next <= last
    {
        out.push(next);
    }
    out
}

#[test]
#[ignore = "timing harness: run on a release build with --ignored --nocapture"]
fn plan_timing() {
    let runs: usize = std::env::var("PLAN_TIMING_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let warm_up = 20.min(runs);
    let s = berlin();
    let campaign = scenario_campaign(&s);
    let request = plan_request(&s, &campaign);
    let plan_draft = TemplatePlanner.plan(&request).unwrap();
    let plan = stored_plan(&request, &plan_draft);
    let req = CalendarRequest {
        campaign: &campaign,
        plan: &plan,
        content_theme: s.content_theme,
        not_before: s.not_before,
        kept: &[],
    };
    let drafts = draft_calendar(&req).unwrap();
    let tz = campaign.time_zone;
    let (first, last) = (campaign.start_date, campaign.end_date.unwrap());
    let weeks = mondays(first, last);

    // The inputs of each item's ItemWriter::write call, as draft_calendar makes them.
    let week_of = |at: DateTime<Utc>| week_start(at.with_timezone(&tz).date_naive());
    let mut ordinals = [0usize; Platform::ALL.len()];
    let mut titles: BTreeMap<(Platform, NaiveDate), Vec<String>> = BTreeMap::new();
    let items: Vec<ItemInputs> = drafts
        .iter()
        .map(|d| {
            let slot = Platform::ALL.iter().position(|p| *p == d.platform).unwrap();
            let ordinal = ordinals[slot];
            ordinals[slot] += 1;
            let taken = titles
                .entry((d.platform, week_of(d.scheduled_at)))
                .or_default();
            let inputs = (
                d.platform,
                d.scheduled_at,
                ordinal + slot,
                ordinal,
                taken.clone(),
            );
            taken.push(d.title.clone());
            inputs
        })
        .collect();
    let content_theme = s.content_theme;
    let write_all = || {
        let writer = ItemWriter::new(&req, content_theme);
        items
            .iter()
            .map(|(p, at, angle, ordinal, taken)| writer.write(*p, *at, *angle, *ordinal, taken))
            .collect::<Vec<_>>()
    };
    assert_eq!(write_all(), drafts, "the harness replays draft_calendar");

    let total = median(runs, warm_up, || {
        black_box(plan_campaign(&s, &campaign));
    });
    let planner = median(runs, warm_up, || {
        black_box(TemplatePlanner.plan(&request).unwrap());
    });
    let calendar = median(runs, warm_up, || {
        black_box(draft_calendar(&req).unwrap());
    });
    let week_range = |monday| WeekRange {
        monday,
        first,
        last,
    };
    let slot_search = median(runs, warm_up, || {
        for &platform in &campaign.platforms {
            for &monday in &weeks {
                black_box(week_slots(&campaign, platform, &week_range(monday)));
            }
        }
    });
    let placement = median(runs, warm_up, || {
        for &platform in &campaign.platforms {
            let per_week = cadence(&campaign, platform);
            for &monday in &weeks {
                let week = week_range(monday);
                black_box(place_week(
                    &campaign,
                    platform,
                    per_week,
                    &week,
                    s.not_before,
                    &[],
                ))
                .unwrap();
            }
        }
    });
    let copy = median(runs, warm_up, || {
        black_box(write_all());
    });
    let title_bookkeeping = median(runs, warm_up, || {
        let mut titles: BTreeMap<(Platform, NaiveDate), Vec<String>> = BTreeMap::new();
        for d in &drafts {
            let taken = titles
                .entry((d.platform, week_of(d.scheduled_at)))
                .or_default();
            black_box(&taken);
            taken.push(d.title.clone());
        }
        black_box(titles);
    });
    let checklists = median(runs, warm_up, || {
        for d in &drafts {
            black_box(
                checklist_steps(d.platform, d.content_type)
                    .unwrap()
                    .to_vec(),
            );
        }
    });

    let us = |d: StdDuration| d.as_secs_f64() * 1e6;
    println!(
        "plan_timing: Berlin, {} days, {} drafts; median of {runs} runs (µs)",
        plan.duration_days,
        drafts.len()
    );
    println!("  total (plan + calendar + checklists) {:>8.1}", us(total));
    println!(
        "  planner                              {:>8.1}",
        us(planner)
    );
    println!(
        "  draft_calendar                       {:>8.1}",
        us(calendar)
    );
    println!(
        "    slot search                        {:>8.1}",
        us(slot_search)
    );
    println!(
        "    quota and spread                   {:>8.1}",
        us(placement.saturating_sub(slot_search))
    );
    println!("    copy generation                    {:>8.1}", us(copy));
    println!(
        "    title bookkeeping                  {:>8.1}",
        us(title_bookkeeping)
    );
    println!(
        "  checklists                           {:>8.1}",
        us(checklists)
    );
}
