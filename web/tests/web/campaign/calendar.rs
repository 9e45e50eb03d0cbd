//! `load_calendar` and `reschedule`.

use campaign_ops_core::{CalendarItemId, Platform};
use campaign_ops_web::api::campaign::{CalendarView, ItemChip, LoadCalendar, Reschedule};
use chrono::Duration;
use leptos::server_fn::ServerFn;

use super::{call, field_error, planned};

async fn calendar(p: &super::Planned, args: &[(&str, &str)]) -> CalendarView {
    let id = p.id.to_string();
    let mut all = vec![("campaign_id", id.as_str())];
    all.extend_from_slice(args);
    call(&p.ops, LoadCalendar::PATH, &all)
        .await
        .expect("a calendar")
}

#[tokio::test]
async fn a_month_shows_whole_weeks_with_every_item_and_the_chips_filter_platforms() {
    let p = planned();
    let month = calendar(&p, &[("view", "month"), ("date", "2027-01-10")]).await;
    assert_eq!(month.title, "January 2027");
    assert_eq!(month.days.len(), 35, "28 Dec to 31 Jan");
    assert_eq!(month.days[0].date, "2026-12-28");
    assert!(!month.days[0].in_range);
    let shown: usize = month.days.iter().map(|d| d.items.len()).sum();
    assert_eq!(
        shown,
        p.items().len(),
        "two weeks of the plan, all in January"
    );
    assert_eq!(month.total, shown);
    assert_eq!(month.chips.len(), 3);
    assert!(month.chips.iter().all(|c| c.active));
    let x_chip = month.chips.iter().find(|c| c.key == "x").unwrap();
    assert_eq!(x_chip.toggle, "linkedin,email", "clicking X hides it");
    // Generated items sit in their windows without conflicts.
    assert!(
        month
            .days
            .iter()
            .flat_map(|d| &d.items)
            .all(|i| i.issues.is_empty())
    );

    let only_x = calendar(&p, &[("date", "2027-01-10"), ("platforms", "x")]).await;
    let items: Vec<&ItemChip> = only_x.days.iter().flat_map(|d| &d.items).collect();
    let x_count = p
        .items()
        .iter()
        .filter(|i| i.platform == Platform::X)
        .count();
    assert_eq!(items.len(), x_count);
    assert!(items.iter().all(|i| i.platform == "x"));
    assert_eq!(only_x.filter, "x");
    let x_chip = only_x.chips.iter().find(|c| c.key == "x").unwrap();
    assert_eq!(x_chip.toggle, "", "clicking the last one shows all again");
}

#[tokio::test]
async fn a_week_has_seven_days_hour_rows_and_defaults_to_the_campaign_start() {
    let p = planned();
    let week = calendar(&p, &[("view", "week")]).await;
    assert_eq!(week.date, "2027-01-04", "the campaign has not started yet");
    assert_eq!(week.days.len(), 7);
    assert!(week.title.starts_with("Week 2027-W01"), "{}", week.title);
    assert!(week.hours.contains(&9));
    for item in week.days.iter().flat_map(|d| &d.items) {
        assert!(week.hours.contains(&item.hour));
        assert!(item.local.starts_with("2027-01-"), "{}", item.local);
    }
}

#[tokio::test]
async fn bad_view_date_or_platform_is_an_error_on_that_field() {
    let p = planned();
    let id = p.id.to_string();
    let id = id.as_str();
    let r = call::<CalendarView>(
        &p.ops,
        LoadCalendar::PATH,
        &[("campaign_id", id), ("view", "year")],
    )
    .await;
    assert!(field_error(r, "view").contains("month or week"));
    let r = call::<CalendarView>(
        &p.ops,
        LoadCalendar::PATH,
        &[("campaign_id", id), ("date", "2027-13-01")],
    )
    .await;
    field_error(r, "date");
    let r = call::<CalendarView>(
        &p.ops,
        LoadCalendar::PATH,
        &[("campaign_id", id), ("platforms", "x,myspace")],
    )
    .await;
    assert!(field_error(r, "platforms").contains("myspace"));
}

#[tokio::test]
async fn rescheduling_moves_the_item_and_shows_window_and_slot_issues() {
    let p = planned();
    let x: Vec<_> = p
        .items()
        .into_iter()
        .filter(|i| i.platform == Platform::X)
        .collect();
    let (first, second) = (&x[0], &x[1]);
    let first_id = first.id.0.to_string();
    // Sunday 10 January, 20:00 in Berlin: no X window.
    let moved: ItemChip = call(
        &p.ops,
        Reschedule::PATH,
        &[("item_id", &first_id), ("scheduled_at", "2027-01-10T20:00")],
    )
    .await
    .expect("moved");
    assert_eq!(moved.local, "2027-01-10T20:00");
    assert_eq!(moved.issues, ["outside X (Twitter)'s posting windows"]);
    let stored = p.ops.get_calendar_item(CalendarItemId(first.id.0)).unwrap();
    assert_eq!(
        stored.scheduled_at.to_rfc3339(),
        "2027-01-10T19:00:00+00:00"
    );

    // The second X item into the first one's slot: both show the conflict.
    let second_id = second.id.0.to_string();
    let moved: ItemChip = call(
        &p.ops,
        Reschedule::PATH,
        &[
            ("item_id", &second_id),
            ("scheduled_at", "2027-01-10T20:05"),
        ],
    )
    .await
    .expect("moved");
    assert!(
        moved
            .issues
            .contains(&format!("same slot as #{}", first.id.0)),
        "{:?}",
        moved.issues
    );
    let month = calendar(&p, &[("date", "2027-01-10")]).await;
    let sunday = month.days.iter().find(|d| d.date == "2027-01-10").unwrap();
    assert_eq!(sunday.items.len(), 2);
    assert!(
        sunday
            .items
            .iter()
            .all(|i| i.issues.iter().any(|m| m.starts_with("same slot")))
    );
}

#[tokio::test]
async fn a_bad_or_past_time_is_an_error_on_scheduled_at_and_moves_nothing() {
    let p = planned();
    let item = p.item_of(Platform::LinkedIn);
    let id = item.id.0.to_string();
    let r = call::<ItemChip>(
        &p.ops,
        Reschedule::PATH,
        &[("item_id", &id), ("scheduled_at", "next tuesday")],
    )
    .await;
    assert!(field_error(r, "scheduled_at").contains("date and time"));
    let r = call::<ItemChip>(
        &p.ops,
        Reschedule::PATH,
        &[("item_id", &id), ("scheduled_at", "2026-12-31T09:00")],
    )
    .await;
    assert!(field_error(r, "scheduled_at").contains("past"));
    assert_eq!(p.ops.get_calendar_item(item.id).unwrap(), item);
    // The clock moves on; the item's old day is now past and it can still move ahead.
    p.clock.set(item.scheduled_at + Duration::hours(1));
    let later = (item.scheduled_at + Duration::days(2))
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let moved: ItemChip = call(
        &p.ops,
        Reschedule::PATH,
        &[("item_id", &id), ("scheduled_at", &later)],
    )
    .await
    .expect("moved");
    assert_eq!(moved.local, later);
}
