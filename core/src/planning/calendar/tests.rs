//! Calendar drafting end to end: windows in several zones across DST, cadence per week,
//! partial weeks, kept items and regeneration, bounds, titles and content limits.

use chrono::{NaiveTime, Timelike, Weekday};
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::model::{CalendarItemId, CalendarItemStatus, CampaignId, PlanId};
use crate::planning::copy::{SUBJECT_MAX, UNSUBSCRIBE_TAG, X_BUDGET};
use crate::planning::fixtures::{campaign, date, plan, utc};
use crate::platform::{check_content, x_weighted_length};

const ZONES: [Tz; 5] = [
    Tz::Europe__Berlin,
    Tz::America__New_York,
    Tz::Asia__Tokyo,
    Tz::Australia__Sydney,
    Tz::UTC,
];

fn all_platforms(per_week: u32) -> Vec<(Platform, u32)> {
    vec![
        (Platform::LinkedIn, per_week),
        (Platform::Instagram, per_week),
        (Platform::X, per_week),
        (Platform::Email, per_week.min(6)),
    ]
}

fn draft(
    c: &Campaign,
    p: &CampaignPlan,
    not_before: DateTime<Utc>,
    kept: &[CalendarItem],
) -> Vec<CalendarDraft> {
    draft_calendar(&CalendarRequest {
        campaign: c,
        plan: p,
        content_theme: Some("Spring data series"),
        not_before,
        kept,
    })
    .unwrap()
}

/// Stores drafts as the service would, so that they can be passed back as kept.
fn as_items(drafts: &[CalendarDraft], first_id: u64) -> Vec<CalendarItem> {
    drafts
        .iter()
        .enumerate()
        .map(|(i, d)| CalendarItem {
            id: CalendarItemId(first_id + i as u64),
            campaign_id: CampaignId(7),
            plan_id: PlanId(3),
            platform: d.platform,
            content_type: d.content_type,
            scheduled_at: d.scheduled_at,
            title: d.title.clone(),
            copy: d.copy.clone(),
            asset_ref: None,
            cta: d.cta.clone(),
            theme: d.theme.clone(),
            status: CalendarItemStatus::Planned,
            notes: None,
            created_at: utc(2026, 1, 1, 0, 0),
            updated_at: utc(2026, 1, 1, 0, 0),
        })
        .collect()
}

/// Every item sits at a slot start inside one of its platform's windows, in local time.
fn assert_in_windows(tz: Tz, drafts: &[CalendarDraft]) {
    for d in drafts {
        let local = d.scheduled_at.with_timezone(&tz);
        let (weekday, time) = (local.weekday(), local.time());
        assert!(
            sop(d.platform)
                .windows
                .iter()
                .any(|w| w.contains(weekday, time)),
            "{} at {local} ({tz}) is outside its windows",
            d.platform
        );
        assert_eq!(time.minute() % SLOT_MINUTES, 0);
        assert_eq!(time.second(), 0);
    }
}

/// Items per ISO week (by local Monday) of one platform.
fn per_week(
    tz: Tz,
    drafts: &[CalendarDraft],
    platform: Platform,
) -> BTreeMap<NaiveDate, Vec<DateTime<Tz>>> {
    let mut weeks: BTreeMap<NaiveDate, Vec<DateTime<Tz>>> = BTreeMap::new();
    for d in drafts.iter().filter(|d| d.platform == platform) {
        let local = d.scheduled_at.with_timezone(&tz);
        let date = local.date_naive();
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        weeks.entry(monday).or_default().push(local);
    }
    weeks
}

fn assert_no_shared_slots(drafts: &[CalendarDraft], kept: &[CalendarItem]) {
    let mut seen = BTreeSet::new();
    for (p, at) in drafts
        .iter()
        .map(|d| (d.platform, d.scheduled_at))
        .chain(kept.iter().map(|k| (k.platform, k.scheduled_at)))
    {
        assert!(seen.insert((p, at)), "two items on {p} at {at}");
    }
}

#[test]
fn same_input_gives_same_calendar() {
    let c = campaign(
        Tz::Europe__Berlin,
        &all_platforms(3),
        date(2026, 3, 2),
        None,
    );
    let p = plan(&c, date(2026, 3, 2), 30);
    let a = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    assert!(!a.is_empty());
    assert_eq!(a, draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]));
    assert!(
        a.windows(2)
            .all(|w| (w[0].scheduled_at, w[0].platform) <= (w[1].scheduled_at, w[1].platform))
    );
}

#[test]
fn windows_hold_in_every_zone_across_dst_changes() {
    // Spring 2026: Berlin and New York start summer time, Sydney ends it (5 April).
    // Autumn 2026: New York falls back on 1 November, Sydney springs forward on 4 October.
    let ranges = [
        (date(2026, 3, 2), date(2026, 4, 26)),
        (date(2026, 9, 21), date(2026, 11, 15)),
    ];
    for tz in ZONES {
        for (start, end) in ranges {
            let c = campaign(tz, &all_platforms(5), start, Some(end));
            let p = plan(&c, start, 56);
            let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
            assert_in_windows(tz, &drafts);
            assert_no_shared_slots(&drafts, &[]);
            for platform in [Platform::LinkedIn, Platform::Instagram, Platform::X] {
                let weeks = per_week(tz, &drafts, platform);
                assert_eq!(weeks.len(), 8, "{tz} {platform}");
                assert!(weeks.values().all(|w| w.len() == 5), "{tz} {platform}");
            }
        }
    }
}

#[test]
fn local_time_is_kept_across_dst_in_berlin_and_new_york() {
    // (zone, the Monday before the change, the Monday after, UTC offset hours before/after)
    let cases = [
        (
            Tz::Europe__Berlin,
            date(2026, 3, 23),
            date(2026, 3, 30),
            1i32,
            2i32,
        ),
        (
            Tz::America__New_York,
            date(2026, 10, 26),
            date(2026, 11, 2),
            -4,
            -5,
        ),
    ];
    for (tz, before, after, off_before, off_after) in cases {
        let c = campaign(
            tz,
            &[
                (Platform::X, 3),
                (Platform::LinkedIn, 5),
                (Platform::Email, 2),
            ],
            before,
            Some(after + Duration::days(6)),
        );
        let p = plan(&c, before, 14);
        let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
        assert_in_windows(tz, &drafts);
        for platform in [Platform::X, Platform::LinkedIn, Platform::Email] {
            let weeks = per_week(tz, &drafts, platform);
            let local = |w: &[DateTime<Tz>]| -> Vec<(Weekday, NaiveTime)> {
                w.iter().map(|t| (t.weekday(), t.time())).collect()
            };
            assert_eq!(
                local(&weeks[&before]),
                local(&weeks[&after]),
                "{tz} {platform}"
            );
            for (monday, offset) in [(before, off_before), (after, off_after)] {
                for t in &weeks[&monday] {
                    let utc_hour = t.with_timezone(&Utc).hour() as i32;
                    assert_eq!(
                        (t.hour() as i32 - utc_hour).rem_euclid(24),
                        offset.rem_euclid(24)
                    );
                }
            }
        }
    }
}

#[test]
fn cadences_give_exact_counts_per_full_week_and_spread_over_days() {
    let start = date(2026, 3, 2); // a Monday
    let end = date(2026, 4, 26); // a Sunday: 8 full ISO weeks
    for platform in [Platform::X, Platform::LinkedIn] {
        let window_days = {
            let mut d: Vec<_> = sop(platform).windows.iter().map(|w| w.weekday).collect();
            d.dedup();
            d.len()
        };
        for per in [1, 3, 5, 7, 14] {
            let c = campaign(Tz::Europe__Berlin, &[(platform, per)], start, Some(end));
            let p = plan(&c, start, 56);
            let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
            assert_in_windows(Tz::Europe__Berlin, &drafts);
            let weeks = per_week(Tz::Europe__Berlin, &drafts, platform);
            assert_eq!(weeks.len(), 8);
            for items in weeks.values() {
                assert_eq!(items.len(), per as usize, "{platform} {per}");
                let mut per_day: BTreeMap<u32, usize> = BTreeMap::new();
                for t in items {
                    *per_day
                        .entry(t.weekday().num_days_from_monday())
                        .or_default() += 1;
                }
                // As many distinct days as possible, and never daily posting below 7 a week.
                assert_eq!(
                    per_day.len(),
                    (per as usize).min(window_days),
                    "{platform} {per}"
                );
                if per < 7 {
                    assert!(per_day.len() < 7);
                }
                let (lo, hi) = (
                    per_day.values().min().unwrap(),
                    per_day.values().max().unwrap(),
                );
                assert!(hi - lo <= 1, "{platform} {per}: {per_day:?}");
                // Posts on one day are spread: at least 30 minutes apart.
                let mut sorted = items.clone();
                sorted.sort();
                for pair in sorted.windows(2) {
                    if pair[0].date_naive() == pair[1].date_naive() {
                        assert!(
                            pair[1] - pair[0] >= Duration::minutes(30),
                            "{platform} {per}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn linkedin_five_a_week_is_two_two_one_using_both_windows() {
    let c = campaign(
        Tz::UTC,
        &[(Platform::LinkedIn, 5)],
        date(2026, 3, 2),
        Some(date(2026, 3, 8)),
    );
    let p = plan(&c, date(2026, 3, 2), 7);
    let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    let times: Vec<String> = drafts
        .iter()
        .map(|d| d.scheduled_at.format("%a %H:%M").to_string())
        .collect();
    assert_eq!(
        times,
        [
            "Tue 09:00",
            "Tue 12:30",
            "Wed 09:00",
            "Thu 09:00",
            "Thu 12:30"
        ]
    );
}

#[test]
fn cadence_above_capacity_is_a_clear_error() {
    for (platform, per) in [
        (Platform::Email, 7),
        (Platform::Email, 14),
        (Platform::LinkedIn, 37),
    ] {
        let c = campaign(Tz::UTC, &[(platform, per)], date(2026, 3, 2), None);
        let p = plan(&c, date(2026, 3, 2), 14);
        let err = draft_calendar(&CalendarRequest {
            campaign: &c,
            plan: &p,
            content_theme: None,
            not_before: utc(2026, 1, 1, 0, 0),
            kept: &[],
        })
        .unwrap_err();
        match err {
            Error::Validation { field, rule } => {
                assert_eq!(field, format!("cadence.{}", platform.key()));
                let capacity = sop(platform).weekly_capacity();
                assert!(rule.contains(&format!("at most {capacity}")), "{rule}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // Email's six send times a week are enough for six.
    let c = campaign(
        Tz::UTC,
        &[(Platform::Email, 6)],
        date(2026, 3, 2),
        Some(date(2026, 3, 8)),
    );
    let p = plan(&c, date(2026, 3, 2), 7);
    assert_eq!(draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]).len(), 6);
}

#[test]
fn partial_weeks_get_their_share_and_dates_are_respected() {
    // Thursday 5 March to Tuesday 17 March 2026.
    let (start, end) = (date(2026, 3, 5), date(2026, 3, 17));
    for (per, expected) in [(3, [2, 3, 1]), (1, [1, 1, 1]), (8, [4, 8, 2])] {
        let c = campaign(Tz::Asia__Tokyo, &[(Platform::X, per)], start, Some(end));
        let p = plan(&c, start, 30);
        let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
        let counts: Vec<usize> = per_week(Tz::Asia__Tokyo, &drafts, Platform::X)
            .values()
            .map(Vec::len)
            .collect();
        assert_eq!(counts, expected, "X at {per}/week");
        for d in &drafts {
            let local = d.scheduled_at.with_timezone(&Tz::Asia__Tokyo).date_naive();
            assert!(local >= start && local <= end);
        }
    }
    // Open-ended campaign: the plan's days bound the calendar; a plan starting after the
    // campaign starts bounds it at the front.
    let c = campaign(Tz::UTC, &[(Platform::LinkedIn, 3)], date(2026, 3, 2), None);
    let p = plan(&c, date(2026, 3, 9), 14);
    let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    assert_eq!(drafts.len(), 6);
    assert!(drafts.iter().all(|d| {
        let day = d.scheduled_at.date_naive();
        day >= date(2026, 3, 9) && day <= date(2026, 3, 22)
    }));
    // Campaign already over: nothing to draft.
    let ended = campaign(
        Tz::UTC,
        &[(Platform::X, 3)],
        date(2026, 3, 2),
        Some(date(2026, 3, 20)),
    );
    let p = plan(&ended, date(2026, 3, 2), 14);
    assert!(draft(&ended, &p, utc(2026, 3, 21, 0, 0), &[]).is_empty());
}

#[test]
fn not_before_is_respected_and_a_cut_week_gets_its_share() {
    let c = campaign(
        Tz::UTC,
        &[(Platform::X, 3), (Platform::LinkedIn, 2)],
        date(2026, 3, 2),
        Some(date(2026, 3, 29)),
    );
    let p = plan(&c, date(2026, 3, 2), 28);
    // Wednesday 11 March, 10:00: X has 8 + 12 + 12 of its 48 weekly slots left that week.
    let now = utc(2026, 3, 11, 10, 0);
    let drafts = draft(&c, &p, now, &[]);
    assert!(drafts.iter().all(|d| d.scheduled_at >= now));
    let x = per_week(Tz::UTC, &drafts, Platform::X);
    assert_eq!(x.len(), 3);
    assert_eq!(x[&date(2026, 3, 9)].len(), 2);
    assert_eq!(x[&date(2026, 3, 16)].len(), 3);
    // Friday 11:50: no slot left this week, nothing crammed in.
    let late = draft(&c, &p, utc(2026, 3, 13, 11, 50), &[]);
    assert!(
        late.iter()
            .all(|d| d.scheduled_at.date_naive() >= date(2026, 3, 16))
    );
}

#[test]
fn kept_items_count_toward_the_week_and_keep_their_slots() {
    let c = campaign(
        Tz::America__New_York,
        &[(Platform::X, 3), (Platform::Email, 1)],
        date(2026, 3, 2),
        Some(date(2026, 3, 15)),
    );
    let p = plan(&c, date(2026, 3, 2), 14);
    let first = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    // Keep the first week's X posts except the last one, then move one kept post onto the
    // slot the planner prefers for the remaining one.
    let week1: Vec<_> = first
        .iter()
        .filter(|d| d.platform == Platform::X && d.scheduled_at < utc(2026, 3, 9, 0, 0))
        .cloned()
        .collect();
    assert_eq!(week1.len(), 3);
    let mut kept = as_items(&week1[..2], 100);
    kept[0].scheduled_at = week1[2].scheduled_at;
    let again = draft(&c, &p, utc(2026, 1, 1, 0, 0), &kept);
    let x = per_week(Tz::America__New_York, &again, Platform::X);
    assert_eq!(x[&date(2026, 3, 2)].len(), 1, "3 a week minus 2 kept");
    assert_eq!(x[&date(2026, 3, 9)].len(), 3);
    assert_no_shared_slots(&again, &kept);
    assert_in_windows(Tz::America__New_York, &again);
}

#[test]
fn a_kept_post_at_an_odd_minute_occupies_its_slot() {
    // X at 8 a week: two posts a day, Tuesday's second would go to 10:30, which a kept post
    // at 10:37 already occupies: the new one moves to the next free slot, 10:45.
    let c = campaign(
        Tz::UTC,
        &[(Platform::X, 8)],
        date(2026, 3, 2),
        Some(date(2026, 3, 8)),
    );
    let p = plan(&c, date(2026, 3, 2), 7);
    let fresh = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    assert_eq!(fresh.len(), 8);
    let mut kept = as_items(&fresh[..1], 1);
    kept[0].scheduled_at = utc(2026, 3, 3, 10, 37);
    let again = draft(&c, &p, utc(2026, 1, 1, 0, 0), &kept);
    assert_eq!(again.len(), 7);
    let tuesday: Vec<_> = again
        .iter()
        .filter(|d| d.scheduled_at.date_naive() == date(2026, 3, 3))
        .map(|d| d.scheduled_at)
        .collect();
    assert_eq!(tuesday, [utc(2026, 3, 3, 10, 45)]);
}

#[test]
fn regenerating_with_previous_output_kept_adds_nothing() {
    for tz in ZONES {
        // Starts mid-week, ends mid-week, and "now" cuts the first week.
        let c = campaign(
            tz,
            &all_platforms(4),
            date(2026, 3, 4),
            Some(date(2026, 4, 22)),
        );
        let p = plan(&c, date(2026, 3, 4), 49);
        let now = utc(2026, 3, 5, 11, 0);
        let mut kept = as_items(&draft(&c, &p, now, &[]), 1);
        assert!(!kept.is_empty());
        for round in 0..3 {
            let more = draft(&c, &p, now, &kept);
            assert!(more.is_empty(), "{tz} round {round}: {} extra", more.len());
            kept.extend(as_items(&more, 1000));
        }
        // Dropping the later half and regenerating restores the same counts per week.
        let all = draft(&c, &p, now, &[]);
        let cut = utc(2026, 3, 30, 0, 0);
        let early: Vec<_> = as_items(&all, 1)
            .into_iter()
            .filter(|k| k.scheduled_at < cut)
            .collect();
        let rest = draft(&c, &p, now, &early);
        for platform in c.platforms.clone() {
            let mut union: Vec<CalendarDraft> = rest.clone();
            union.extend(all.iter().filter(|d| d.scheduled_at < cut).cloned());
            let counts = |ds: &[CalendarDraft]| -> Vec<usize> {
                per_week(tz, ds, platform).values().map(Vec::len).collect()
            };
            assert_eq!(counts(&union), counts(&all), "{tz} {platform}");
        }
        assert_no_shared_slots(&rest, &early);
    }
}

#[test]
fn only_campaign_platforms_appear() {
    let mut c = campaign(
        Tz::Europe__Berlin,
        &[(Platform::LinkedIn, 2), (Platform::Email, 1)],
        date(2026, 3, 2),
        None,
    );
    c.cadence.insert(Platform::X, 5); // a stray cadence for a platform the campaign dropped
    let p = plan(&c, date(2026, 3, 2), 28);
    let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    let platforms: BTreeSet<_> = drafts.iter().map(|d| d.platform).collect();
    assert_eq!(
        platforms,
        BTreeSet::from([Platform::LinkedIn, Platform::Email])
    );
    assert_eq!(drafts.len(), 4 * 3);
}

#[test]
fn content_follows_the_plan_and_platform_limits() {
    let c = campaign(
        Tz::Australia__Sydney,
        &all_platforms(5),
        date(2026, 3, 2),
        None,
    );
    let p = plan(&c, date(2026, 3, 2), 90);
    let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    let mut types: BTreeMap<Platform, BTreeSet<ContentType>> = BTreeMap::new();
    for d in &drafts {
        types.entry(d.platform).or_default().insert(d.content_type);
        assert!(sop(d.platform).content_types.contains(&d.content_type));
        let local = d
            .scheduled_at
            .with_timezone(&Tz::Australia__Sydney)
            .date_naive();
        let week = ((local - p.start_date).num_days() / 7) as usize;
        assert_eq!(d.theme, p.weekly_themes[week].theme);
        assert!(!d.title.is_empty() && !d.copy.is_empty() && d.cta.is_some());
        let issues = check_content(d.platform, d.content_type, &d.content_draft());
        assert!(issues.is_empty(), "{issues:?}\n{}", d.copy);
        match d.platform {
            Platform::X => assert!(
                d.content_type == ContentType::Thread || x_weighted_length(&d.copy) <= X_BUDGET,
                "{}",
                d.copy
            ),
            Platform::Instagram => assert!(d.copy.matches('#').count() <= 5),
            Platform::LinkedIn => assert!(d.copy.chars().count() <= 3000),
            Platform::Email => {
                assert_eq!(d.content_type, ContentType::Email);
                assert!(d.title.chars().count() <= SUBJECT_MAX, "{}", d.title);
                assert!(d.copy.contains(UNSUBSCRIBE_TAG));
            }
        }
    }
    assert_eq!(types[&Platform::Instagram].len(), 3);
    assert_eq!(types[&Platform::X].len(), 2);
    assert_eq!(types[&Platform::LinkedIn].len(), 2);
    // Angles rotate and the campaign CTA shows up once the conversion phase starts.
    let angles: BTreeSet<_> = drafts
        .iter()
        .filter(|d| d.platform == Platform::LinkedIn)
        .map(|d| d.copy.lines().next().unwrap().to_owned())
        .collect();
    assert!(angles.len() >= 3);
    assert!(
        drafts
            .iter()
            .any(|d| d.cta.as_deref() == Some("Book a 20-minute demo"))
    );
    assert!(
        drafts
            .iter()
            .any(|d| d.title.contains("Spring data series"))
    );
}

#[test]
fn rejects_foreign_plan_and_bad_theme() {
    let c = campaign(Tz::UTC, &[(Platform::X, 3)], date(2026, 3, 2), None);
    let mut p = plan(&c, date(2026, 3, 2), 14);
    let bad_theme = draft_calendar(&CalendarRequest {
        campaign: &c,
        plan: &p,
        content_theme: Some("two\nlines"),
        not_before: utc(2026, 1, 1, 0, 0),
        kept: &[],
    });
    assert!(
        matches!(bad_theme, Err(Error::Validation { ref field, .. }) if field == "content_theme")
    );
    p.campaign_id = CampaignId(99);
    let foreign = draft_calendar(&CalendarRequest {
        campaign: &c,
        plan: &p,
        content_theme: None,
        not_before: utc(2026, 1, 1, 0, 0),
        kept: &[],
    });
    assert!(matches!(foreign, Err(Error::Validation { ref field, .. }) if field == "plan_id"));
}

#[test]
fn far_future_and_far_reaching_campaigns_stay_bounded() {
    // Starting in chrono's last week: no date arithmetic may overflow.
    let end_of_time = NaiveDate::MAX - Duration::days(3);
    let c = campaign(
        Tz::Pacific__Kiritimati,
        &all_platforms(5),
        end_of_time,
        None,
    );
    let p = plan(&c, end_of_time, 7);
    assert!(draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]).len() <= 4 * 5);
    let c = campaign(
        Tz::America__New_York,
        &all_platforms(5),
        end_of_time,
        Some(NaiveDate::MAX),
    );
    let p = plan(&c, end_of_time, 7);
    draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);

    // Ending decades away: one generation drafts at most the plan's days, and no plan is
    // longer than MAX_CALENDAR_DAYS.
    let start = date(2026, 3, 2);
    let c = campaign(
        Tz::Europe__Berlin,
        &[(Platform::X, 5)],
        start,
        Some(date(2099, 12, 31)),
    );
    let p = plan(&c, start, MAX_CALENDAR_DAYS);
    let started = std::time::Instant::now();
    let drafts = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let horizon = start + Duration::days(i64::from(MAX_CALENDAR_DAYS));
    assert!(drafts.iter().all(|d| d.scheduled_at.date_naive() < horizon));
    // 365 days from Monday 2 March: 52 full weeks and Monday 1 March 2027, which has no X
    // window.
    assert_eq!(per_week(Tz::Europe__Berlin, &drafts, Platform::X).len(), 52);
    // A year later the plan's days are over; the next plan drafts the next year, not the
    // first one again.
    assert!(draft(&c, &p, utc(2027, 3, 1, 0, 0), &[]).is_empty());
    let next = plan(&c, date(2027, 3, 1), MAX_CALENDAR_DAYS);
    let later = draft(&c, &next, utc(2027, 3, 1, 0, 0), &[]);
    assert!(
        later
            .iter()
            .all(|d| d.scheduled_at >= utc(2027, 3, 1, 0, 0))
    );
    assert!(
        later
            .iter()
            .any(|d| d.scheduled_at >= utc(2028, 1, 1, 0, 0))
    );

    // Starting in the distant past: only the weeks from "now" on are worked through.
    let c = campaign(
        Tz::UTC,
        &[(Platform::LinkedIn, 3)],
        NaiveDate::MIN + Duration::days(10),
        Some(date(2026, 3, 29)),
    );
    let p = plan(&c, date(2026, 3, 2), 28);
    let started = std::time::Instant::now();
    let drafts = draft(&c, &p, utc(2026, 3, 2, 0, 0), &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(drafts.len(), 4 * 3);
}

#[test]
fn titles_differ_within_each_platform_week() {
    // More posts a week than the plan has angles (5), and email at its six sends.
    let c = campaign(
        Tz::Europe__Berlin,
        &[
            (Platform::X, 14),
            (Platform::LinkedIn, 5),
            (Platform::Instagram, 7),
            (Platform::Email, 6),
        ],
        date(2026, 3, 2),
        None,
    );
    let p = plan(&c, date(2026, 3, 2), 90);
    let assert_distinct = |drafts: &[CalendarDraft], kept: &[CalendarItem]| {
        let mut seen: BTreeMap<(Platform, NaiveDate), BTreeSet<String>> = BTreeMap::new();
        let entries = drafts
            .iter()
            .map(|d| (d.platform, d.scheduled_at, d.title.clone()))
            .chain(
                kept.iter()
                    .map(|k| (k.platform, k.scheduled_at, k.title.clone())),
            );
        for (platform, at, title) in entries {
            let local = at.with_timezone(&Tz::Europe__Berlin).date_naive();
            let monday = local - Duration::days(i64::from(local.weekday().num_days_from_monday()));
            assert!(
                seen.entry((platform, monday))
                    .or_default()
                    .insert(title.clone()),
                "{platform} repeats \"{title}\" in the week of {monday}"
            );
            assert!(title.chars().count() <= crate::planning::copy::TITLE_MAX);
        }
    };
    let all = draft(&c, &p, utc(2026, 1, 1, 0, 0), &[]);
    assert_distinct(&all, &[]);
    // Email subjects stay distinct without a " (2)": a subject goes to the recipients.
    assert!(
        all.iter()
            .filter(|d| d.platform == Platform::Email)
            .all(|d| !d.title.ends_with(')'))
    );
    // Keeping every other item and regenerating: new titles differ from the kept ones.
    let kept: Vec<_> = as_items(&all, 1).into_iter().step_by(2).collect();
    let again = draft(&c, &p, utc(2026, 1, 1, 0, 0), &kept);
    assert_distinct(&again, &kept);
}
