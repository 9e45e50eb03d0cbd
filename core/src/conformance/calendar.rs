//! Plans and the content calendar: plans by version, a campaign's items by time with a
//! keyset cursor, and the planned items due across campaigns.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::model::*;

/// `plans_for_campaign`: only that campaign's plans, ascending version, following a plan
/// moved to another campaign.
pub fn plans_per_campaign_by_version<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_plan(&plan(1, 1, 2))?;
        tx.put_plan(&plan(2, 1, 1))?;
        tx.put_plan(&plan(3, 2, 1))?;
        tx.put_plan(&plan(4, 1, 3))
    });
    let of = |c: u64| {
        read(store, |tx| {
            tx.plans_for_campaign(CampaignId(c)).map(|p| ids(&p))
        })
    };
    assert_eq!(of(1), [2, 1, 4], "ascending version");
    assert_eq!(of(2), [3]);
    assert_eq!(of(3), Vec::<u64>::new());
    assert_eq!(read(store, |tx| tx.plan(PlanId(4))), Some(plan(4, 1, 3)));
    write(store, |tx| tx.put_plan(&plan(4, 2, 2)));
    assert_eq!(of(1), [2, 1]);
    assert_eq!(of(2), [3, 4]);
}

type ItemKey = (DateTime<Utc>, CalendarItemId);

fn key(i: &CalendarItem) -> ItemKey {
    (i.scheduled_at, i.id)
}

/// `calendar_items`: one campaign's items with `from <= scheduled_at < until`, ascending
/// `(scheduled_at, id)` (ties on equal times by id), after the cursor, at most `limit`;
/// empty and reversed ranges and limit 0 return nothing; reschedules, moves and deletes
/// are followed, and `delete_calendar_item` says whether the item existed.
pub fn calendar_items_by_time_with_cursor<S: Store>(store: &S) {
    // Items 2, 3, 5 and 6 share one instant: the cursor must tell them apart by id.
    let layout = [
        (1, 1, 5),
        (2, 1, 1),
        (3, 1, 1),
        (4, 2, 3),
        (5, 1, 1),
        (6, 1, 1),
        (7, 1, 3),
    ];
    write(store, |tx| {
        layout
            .iter()
            .try_for_each(|&(id, c, h)| tx.put_calendar_item(&item(id, c, 1, at(h))))
    });
    let items = |c: u64, from: i64, until: i64, after: Option<ItemKey>, limit| {
        read(store, |tx| {
            tx.calendar_items(CampaignId(c), at(from), at(until), after, limit)
        })
    };
    let walk = |c: u64, from: i64, until: i64, limit| {
        page_ids(&pages(
            limit,
            |after, l| items(c, from, until, after, l),
            key,
        ))
    };
    assert_eq!(ids(&items(1, 0, 24, None, 100)), [2, 3, 5, 6, 7, 1]);
    assert_eq!(
        walk(1, 0, 24, 2),
        [vec![2, 3], vec![5, 6], vec![7, 1]],
        "pages of 2"
    );
    assert_eq!(
        walk(1, 0, 24, 3),
        [vec![2, 3, 5], vec![6, 7, 1]],
        "pages of 3"
    );
    assert_eq!(
        walk(1, 0, 24, 4),
        [vec![2, 3, 5, 6], vec![7, 1]],
        "a page split in a tie"
    );
    let after_3 = Some((at(1), CalendarItemId(3)));
    assert_eq!(
        ids(&items(1, 0, 24, after_3, 2)),
        [5, 6],
        "cursor inside a tie"
    );
    assert_eq!(
        ids(&items(1, 1, 5, None, 100)),
        [2, 3, 5, 6, 7],
        "half-open range"
    );
    assert_eq!(ids(&items(1, 2, 24, None, 100)), [7, 1]);
    assert_eq!(ids(&items(2, 0, 24, None, 100)), [4], "another campaign");
    assert!(items(1, 3, 3, None, 100).is_empty(), "empty range");
    assert!(items(1, 9, 1, None, 100).is_empty(), "reversed range");
    assert!(items(1, 0, 24, None, 0).is_empty(), "limit 0");
    assert!(
        items(1, 0, 24, Some((at(5), CalendarItemId(1))), 10).is_empty(),
        "past the end"
    );
    assert_eq!(
        read(store, |tx| tx.calendar_item(CalendarItemId(4))),
        Some(item(4, 2, 1, at(3)))
    );

    write(store, |tx| {
        tx.put_calendar_item(&item(2, 1, 1, at(6)))?;
        tx.put_calendar_item(&item(7, 2, 1, at(3)))
    });
    assert_eq!(
        ids(&items(1, 0, 24, None, 100)),
        [3, 5, 6, 1, 2],
        "rescheduled"
    );
    assert_eq!(ids(&items(2, 0, 24, None, 100)), [4, 7], "moved, tie by id");
    assert_deletes_once(store, 5, "item", |tx, id| {
        tx.delete_calendar_item(CalendarItemId(id))
    });
    assert_eq!(ids(&items(1, 0, 24, None, 100)), [3, 6, 1, 2], "deleted");
    assert_eq!(read(store, |tx| tx.calendar_item(CalendarItemId(5))), None);
}

/// `calendar_items` holds its half-open bounds and its cursor to the nanosecond (an item
/// one nanosecond after another is after it, not tied with it) and takes the whole range
/// of instants.
pub fn calendar_bounds_and_cursors_to_the_nanosecond<S: Store>(store: &S) {
    let ns = Duration::nanoseconds(1);
    // Items 1 and 2 share an instant, item 3 is one nanosecond later; item 5 is another
    // campaign's.
    let layout = [
        (1, 1, at(1)),
        (2, 1, at(1)),
        (3, 1, at(1) + ns),
        (4, 1, at(5)),
    ];
    write(store, |tx| {
        layout
            .iter()
            .chain([&(5, 2, at(1) + ns)])
            .try_for_each(|&(id, c, t)| tx.put_calendar_item(&item(id, c, 1, t)))
    });
    let items = |from, until, after: Option<ItemKey>| {
        ids(&read(store, |tx| {
            tx.calendar_items(CampaignId(1), from, until, after, 10)
        }))
    };
    assert_eq!(items(at(1), at(5), None), [1, 2, 3], "`from` included");
    assert_eq!(
        items(at(1) + ns, at(9), None),
        [3, 4],
        "one nanosecond later"
    );
    assert_eq!(items(at(1), at(1) + ns, None), [1, 2], "`until` excluded");
    let after_1 = Some((at(1), CalendarItemId(1)));
    assert_eq!(
        items(at(0), at(24), after_1),
        [2, 3, 4],
        "cursor inside a tie, then one nanosecond later"
    );
    let after_3 = Some((at(1) + ns, CalendarItemId(3)));
    assert_eq!(items(at(0), at(24), after_3), [4], "cursor at a nanosecond");
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    assert_eq!(items(min, max, None), [1, 2, 3, 4], "every instant");
}

/// `planned_items_due`: items of every campaign still Planned with `from <= scheduled_at <
/// until`, ascending `(scheduled_at, id)` across campaigns, after the cursor, at most
/// `limit`; items leave it when they move on from Planned and return when set back.
pub fn planned_items_due_across_campaigns<S: Store>(store: &S) {
    use CalendarItemStatus::*;
    let layout = [
        (1, 1, 4, Planned),
        (2, 2, 2, Planned),
        (3, 1, 2, Published),
        (4, 3, 2, Planned),
        (5, 2, 2, InProgress),
        (6, 1, 2, Planned),
        (7, 3, 8, Cancelled),
        (8, 2, 9, Planned),
    ];
    write(store, |tx| {
        layout.iter().try_for_each(|&(id, c, h, status)| {
            tx.put_calendar_item(&CalendarItem {
                status,
                ..item(id, c, 1, at(h))
            })
        })
    });
    let due = |from: i64, until: i64, after: Option<ItemKey>, limit| {
        read(store, |tx| {
            tx.planned_items_due(at(from), at(until), after, limit)
        })
    };
    let walk = |from: i64, until: i64, limit| {
        page_ids(&pages(limit, |after, l| due(from, until, after, l), key))
    };
    assert_eq!(
        ids(&due(0, 24, None, 100)),
        [2, 4, 6, 1, 8],
        "only planned, by time then id"
    );
    assert_eq!(
        walk(0, 24, 2),
        [vec![2, 4], vec![6, 1], vec![8]],
        "pages across a tie"
    );
    assert_eq!(ids(&due(2, 9, None, 100)), [2, 4, 6, 1], "half-open range");
    assert_eq!(
        ids(&due(0, 24, Some((at(2), CalendarItemId(4))), 100)),
        [6, 1, 8]
    );
    assert!(due(4, 4, None, 100).is_empty(), "empty range");
    assert!(due(9, 2, None, 100).is_empty(), "reversed range");
    assert!(due(0, 24, None, 0).is_empty(), "limit 0");
    write(store, |tx| {
        tx.put_calendar_item(&CalendarItem {
            status: InProgress,
            ..item(4, 3, 1, at(2))
        })?;
        tx.put_calendar_item(&CalendarItem {
            status: Planned,
            ..item(5, 2, 1, at(2))
        })?;
        tx.put_calendar_item(&CalendarItem {
            status: Planned,
            ..item(3, 1, 1, at(2))
        })?;
        tx.delete_calendar_item(CalendarItemId(8)).map(drop)
    });
    assert_eq!(
        ids(&due(0, 24, None, 100)),
        [2, 3, 5, 6, 1],
        "follows status changes (back from InProgress and Published) and deletes"
    );
}
