//! Plans and calendar items: plans by version, a campaign's items by time with cursors and
//! limits, planned items of every campaign, deletes.

use campaign_ops_core::Store;
use campaign_ops_core::model::*;
use chrono::{DateTime, Duration, Utc};

use crate::support::*;

#[test]
fn plans_come_back_by_version() {
    on_both(|store| {
        let plans = [plan(5, 1, 1), plan(3, 1, 2), plan(4, 2, 1)];
        write(store, |tx| plans.iter().try_for_each(|p| tx.put_plan(p)));
        read(store, |tx| {
            assert_eq!(tx.plan(PlanId(3))?.as_ref(), Some(&plans[1]));
            assert_eq!(tx.plan(PlanId(9))?, None);
            assert_eq!(
                ids(&tx.plans_for_campaign(CampaignId(1))?, |p| p.id.0),
                [5, 3]
            );
            assert_eq!(tx.plans_for_campaign(CampaignId(3))?, []);
            Ok(())
        });
        // Moving a plan to another campaign moves its index entry.
        write(store, |tx| tx.put_plan(&plan(4, 1, 3)));
        read(store, |tx| {
            assert_eq!(
                ids(&tx.plans_for_campaign(CampaignId(1))?, |p| p.id.0),
                [5, 3, 4]
            );
            assert_eq!(tx.plans_for_campaign(CampaignId(2))?, []);
            Ok(())
        });
    });
}

type Page = Vec<u64>;

fn items_of(
    store: &campaign_ops_store::RedbStore,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<(DateTime<Utc>, u64)>,
    limit: usize,
) -> Page {
    read(store, |tx| {
        let after = after.map(|(t, id)| (t, CalendarItemId(id)));
        Ok(ids(
            &tx.calendar_items(CampaignId(1), from, until, after, limit)?,
            |i| i.id.0,
        ))
    })
}

#[test]
fn calendar_items_by_time_with_cursors_limits_and_edges() {
    on_both(|store| {
        let ns = Duration::nanoseconds(1);
        let items = [
            item(1, 1, at(5)),
            item(2, 1, at(1)),
            item(3, 1, at(1)),      // same instant as 2: id breaks the tie
            item(4, 1, at(1) + ns), // one nanosecond later
            item(5, 2, at(2)),      // another campaign
            item(6, 1, at(9)),
        ];
        write(store, |tx| {
            items.iter().try_for_each(|i| tx.put_calendar_item(i))
        });
        assert_eq!(
            read(store, |tx| tx.calendar_item(CalendarItemId(4))),
            Some(items[3].clone())
        );
        assert_eq!(items_of(store, at(0), at(24), None, 10), [2, 3, 4, 1, 6]);
        // Half-open: `from` included, `until` excluded, to the nanosecond.
        assert_eq!(items_of(store, at(1), at(5), None, 10), [2, 3, 4]);
        assert_eq!(items_of(store, at(1) + ns, at(9), None, 10), [4, 1]);
        assert_eq!(items_of(store, at(1), at(1) + ns, None, 10), [2, 3]);
        // Cursor: after (scheduled_at, id) of the last item of the previous page.
        assert_eq!(items_of(store, at(0), at(24), Some((at(1), 2)), 2), [3, 4]);
        assert_eq!(
            items_of(store, at(0), at(24), Some((at(1) + ns, 4)), 10),
            [1, 6]
        );
        assert_eq!(
            items_of(store, at(0), at(24), Some((at(9), 6)), 10),
            Page::new()
        );
        // Limits, empty and reversed ranges.
        assert_eq!(items_of(store, at(0), at(24), None, 0), Page::new());
        assert_eq!(items_of(store, at(0), at(24), None, 1), [2]);
        assert_eq!(items_of(store, at(5), at(5), None, 10), Page::new());
        assert_eq!(items_of(store, at(9), at(1), None, 10), Page::new());
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert_eq!(items_of(store, min, max, None, 10), [2, 3, 4, 1, 6]);
        // Rescheduling moves the entry; deleting removes record and entries.
        write(store, |tx| {
            tx.put_calendar_item(&item(1, 1, at(0)))?;
            assert!(tx.delete_calendar_item(CalendarItemId(3))?);
            assert!(!tx.delete_calendar_item(CalendarItemId(3))?);
            Ok(())
        });
        assert_eq!(items_of(store, at(0), at(24), None, 10), [1, 2, 4, 6]);
        assert_eq!(read(store, |tx| tx.calendar_item(CalendarItemId(3))), None);
    });
}

#[test]
fn planned_items_due_across_campaigns() {
    on_both(|store| {
        let mut items = [
            item(1, 1, at(3)),
            item(2, 2, at(1)),
            item(3, 3, at(1)),
            item(4, 1, at(2)),
            item(5, 2, at(30)),
        ];
        items[3].status = CalendarItemStatus::Published;
        write(store, |tx| {
            items.iter().try_for_each(|i| tx.put_calendar_item(i))
        });
        let due = |from, until, after: Option<(i64, u64)>, limit| {
            read(store, |tx| {
                let after = after.map(|(h, id)| (at(h), CalendarItemId(id)));
                Ok(ids(
                    &tx.planned_items_due(from, until, after, limit)?,
                    |i| i.id.0,
                ))
            })
        };
        assert_eq!(due(at(0), at(24), None, 10), [2, 3, 1]);
        assert_eq!(due(at(0), at(24), Some((1, 2)), 10), [3, 1]);
        assert_eq!(due(at(0), at(24), None, 2), [2, 3]);
        assert_eq!(due(at(0), at(24), None, 0), Page::new());
        assert_eq!(due(at(3), at(3), None, 10), Page::new());
        assert_eq!(due(at(24), at(0), None, 10), Page::new());
        // Leaving Planned leaves the index; coming back returns to it.
        items[0].status = CalendarItemStatus::InProgress;
        items[3].status = CalendarItemStatus::Planned;
        write(store, |tx| {
            tx.put_calendar_item(&items[0])?;
            tx.put_calendar_item(&items[3])
        });
        assert_eq!(due(at(0), at(48), None, 10), [2, 3, 4, 5]);
        write(store, |tx| {
            tx.delete_calendar_item(CalendarItemId(2)).map(drop)
        });
        assert_eq!(due(at(0), at(48), None, 10), [3, 4, 5]);
        let _ = store
            .read(|tx| tx.planned_items_due(at(0), at(1), None, 5))
            .unwrap();
    });
}
