//! Campaign pages: filters, totals, limits and cursors against [`CampaignQuery::matches`],
//! and totals that follow status changes.

use super::*;
use crate::model::*;
use crate::store::{CampaignPage, CampaignQuery};

/// The campaigns [`campaign_page_filters_counts_and_pages`] searches: names, clients and
/// descriptions chosen so that each filter, and each way of getting folding wrong, selects
/// a different set.
fn searched() -> Vec<Campaign> {
    use CampaignStatus::*;
    let rows = [
        (1, "Spring Launch", "Acme Corp", "New plan", Active),
        (
            2,
            "Autumn sale",
            " acme CORP ",
            "Launch of the autumn range",
            Active,
        ),
        (3, "Winter", "Globex", "", Draft),
        (4, "Launchpad", "Initech", "x", Paused),
        (5, "Spring", "Acme Corporation", "Sale at spring", Active),
        (6, "Alpha spring", "Sale Co", "none", Active),
        (7, "ÉTÉ Campagne", "Öko", "Plein été", Draft),
        (8, "Summer", "Acme Corp", "LAUNCH week", Completed),
        (9, "Nine", "Initech", "spring\nsale", Active),
    ];
    rows.into_iter()
        .map(|(id, name, client, description, status)| Campaign {
            client_name: client.to_owned(),
            description: description.to_owned(),
            ..campaign(id, name, status)
        })
        .collect()
}

fn query(
    status: Option<CampaignStatus>,
    client: Option<&str>,
    text: Option<&str>,
) -> CampaignQuery {
    // Callers (the service) fold the filter text; the backend compares it as given.
    let mut q = CampaignQuery::first(0);
    q.status = status;
    q.client = client.map(CampaignQuery::fold);
    q.text = text.map(CampaignQuery::fold);
    q
}

/// `campaign_page` returns the matches of [`CampaignQuery::matches`] after the cursor,
/// ascending id, at most `limit`, with the number of all matches (whatever the cursor and
/// the limit) and `next` set exactly when more matches follow. Every combination of the
/// status, client (folded, whole) and text (folded, within one of name, client and
/// description) filters.
pub fn campaign_page_filters_counts_and_pages<S: Store>(store: &S) {
    let all = searched();
    write(store, |tx| all.iter().try_for_each(|c| tx.put_campaign(c)));
    let page = |q: &CampaignQuery| read(store, |tx| tx.campaign_page(q));

    // A few answers by hand, so the oracle below is known to discriminate.
    let by_hand: [(CampaignQuery, &[u64]); 9] = [
        (query(None, None, None), &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (query(None, None, Some("")), &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (query(None, None, Some("LAUNCH")), &[1, 2, 4, 8]),
        (query(None, None, Some("spring sale")), &[]),
        (query(None, Some("ACME corp"), None), &[1, 2, 8]),
        (query(None, Some("acme"), None), &[]),
        (query(None, None, Some("Été")), &[7]),
        (
            query(Some(CampaignStatus::Active), None, Some("spring")),
            &[1, 5, 6, 9],
        ),
        (
            query(
                Some(CampaignStatus::Active),
                Some("acme corp"),
                Some("launch"),
            ),
            &[1, 2],
        ),
    ];
    for (mut q, expected) in by_hand {
        q.limit = 100;
        assert_eq!(ids(&page(&q).items), expected, "{q:?}");
    }

    let statuses = [
        None,
        Some(CampaignStatus::Active),
        Some(CampaignStatus::Draft),
    ];
    let clients = [
        None,
        Some("acme corp"),
        Some(" ACME CORP"),
        Some("acme"),
        Some("öko"),
    ];
    let texts = [
        None,
        Some(""),
        Some("launch"),
        Some("SPRING"),
        Some("spring sale"),
        Some("été"),
    ];
    for status in statuses {
        for client in clients {
            for text in texts {
                let q = query(status, client, text);
                let expected: Vec<u64> = all
                    .iter()
                    .filter(|c| q.matches(c))
                    .map(|c| c.id.0)
                    .collect();
                check_paging(&page, q, &expected);
            }
        }
    }
}

/// Walks `q`'s pages at several limits and checks each against `expected`.
#[track_caller]
fn check_paging(
    page: &impl Fn(&CampaignQuery) -> CampaignPage,
    q: CampaignQuery,
    expected: &[u64],
) {
    let total = expected.len() as u64;
    for limit in [1, 2, 3, expected.len().max(1), 100] {
        let mut walked = vec![];
        let mut cursor = None;
        loop {
            let mut at_cursor = q.clone();
            (at_cursor.limit, at_cursor.after) = (limit, cursor);
            let p = page(&at_cursor);
            assert_eq!(p.total, total, "total of {at_cursor:?}");
            assert!(p.items.len() <= limit, "limit of {at_cursor:?}");
            walked.extend(ids(&p.items));
            let more = walked.len() < expected.len();
            let last = p.items.last().map(|c| c.id);
            assert_eq!(
                p.next,
                if more { last } else { None },
                "next of {at_cursor:?}"
            );
            match p.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(walked, expected, "pages of {q:?} at limit {limit}");
    }
    // Limit 0 returns nothing but still counts; a cursor past the end returns nothing.
    let mut empty = q.clone();
    empty.limit = 0;
    let p = page(&empty);
    assert!(
        p.items.is_empty() && p.total == total,
        "limit 0 of {q:?}: {p:?}"
    );
    let mut past_end = q.clone();
    (past_end.limit, past_end.after) = (10, Some(CampaignId(99)));
    let p = page(&past_end);
    assert!(
        p.items.is_empty() && p.next.is_none() && p.total == total,
        "past the end: {p:?}"
    );
    // A cursor need not be a match itself.
    let mut from_3 = q;
    (from_3.limit, from_3.after) = (100, Some(CampaignId(3)));
    let after_3: Vec<u64> = expected.iter().copied().filter(|&id| id > 3).collect();
    assert_eq!(ids(&page(&from_3).items), after_3, "after 3 of {from_3:?}");
}

/// Six campaigns over three clients (one with a differently cased, padded name).
fn six() -> Vec<Campaign> {
    let mk = |id, name: &str, client: &str, status, description: &str| Campaign {
        client_name: client.to_owned(),
        description: description.to_owned(),
        ..campaign(id, name, status)
    };
    vec![
        mk(1, "Alpha launch", "Acme", CampaignStatus::Active, "spring"),
        mk(2, "Beta", "Globex", CampaignStatus::Draft, ""),
        mk(
            3,
            "Gamma",
            " ACME ",
            CampaignStatus::Active,
            "Winter promo\nSecond line",
        ),
        mk(4, "Delta spring", "Initech", CampaignStatus::Paused, "b2b"),
        mk(
            5,
            "Epsilon",
            "Acme",
            CampaignStatus::Archived,
            "Spring again",
        ),
        mk(6, "Zeta", "Globex", CampaignStatus::Active, "gamma rays"),
    ]
}

/// What a page of `q` must be, computed with `CampaignQuery::matches`: the ids, the total
/// and `next`.
fn expected(all: &[Campaign], q: &CampaignQuery) -> (Vec<u64>, u64, Option<u64>) {
    let matching: Vec<&Campaign> = all.iter().filter(|c| q.matches(c)).collect();
    let after = q.after.map_or(0, |a| a.0);
    let rest: Vec<u64> = matching
        .iter()
        .map(|c| c.id.0)
        .filter(|&id| id > after)
        .collect();
    let page: Vec<u64> = rest.iter().copied().take(q.limit).collect();
    let next = (rest.len() > page.len())
        .then(|| page.last().copied())
        .flatten();
    (page, matching.len() as u64, next)
}

/// `campaign_page` is [`CampaignQuery::matches`] for more than a thousand combinations of
/// status, client and text filters (as given: folded, unfolded, empty, padded, multi-line),
/// limits (0 included: no items, still the total) and cursors, over campaigns written out
/// of id order: the matches after the cursor, at most `limit`, the total of all matches and
/// `next` set exactly when more follow. Totals by status follow status moves, and
/// re-putting a campaign unchanged counts it once.
pub fn campaign_page_agrees_with_matches_for_every_query<S: Store>(store: &S) {
    let mut all = six();
    // Out of id order: the store orders.
    write(store, |tx| {
        all.iter().rev().try_for_each(|c| tx.put_campaign(c))
    });
    let mut statuses: Vec<Option<CampaignStatus>> = vec![None];
    statuses.extend(CampaignStatus::ALL.map(Some));
    let clients = [
        None,
        Some("acme"),
        Some("globex"),
        Some("nobody"),
        Some("ACME"),
    ];
    let texts = [
        None,
        Some(""),
        Some("spring"),
        Some("a"),
        Some("gamma"),
        Some("zzz"),
        Some("acme"),
        Some("promo\nsecond"),
    ];
    let mut checked = 0;
    for status in &statuses {
        for client in clients {
            for text in texts {
                for limit in [0, 1, 2, 10] {
                    for after in [None, Some(1), Some(3), Some(6)] {
                        let mut q = CampaignQuery::first(limit);
                        q.status = *status;
                        q.client = client.map(str::to_owned);
                        q.text = text.map(str::to_owned);
                        q.after = after.map(CampaignId);
                        let page = read(store, |tx| tx.campaign_page(&q));
                        let (ids_want, total, next) = expected(&all, &q);
                        assert_eq!(ids(&page.items), ids_want, "{q:?}");
                        assert_eq!(page.total, total, "total of {q:?}");
                        assert_eq!(page.next.map(|c| c.0), next, "next of {q:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000);

    // Status moves keep the status index, counters and filtered totals in step.
    all[1].status = CampaignStatus::Active;
    all[0].status = CampaignStatus::Paused;
    write(store, |tx| {
        tx.put_campaign(&all[1])?;
        tx.put_campaign(&all[0])?;
        // Re-putting unchanged changes nothing.
        tx.put_campaign(&all[2])
    });
    read(store, |tx| {
        let active = tx.campaign_ids(CampaignStatus::Active, None, 10)?;
        assert_eq!(active, [CampaignId(2), CampaignId(3), CampaignId(6)]);
        for status in CampaignStatus::ALL {
            let mut q = CampaignQuery::first(10);
            q.status = Some(status);
            let want = all.iter().filter(|c| c.status == status).count() as u64;
            assert_eq!(tx.campaign_page(&q)?.total, want, "{status}");
            q.client = Some("acme".into());
            q.text = Some("a".into());
            assert_eq!(tx.campaign_page(&q)?.total, expected(&all, &q).1, "{q:?}");
        }
        Ok(())
    });
}
