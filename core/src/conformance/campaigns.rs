//! Campaigns: unique name keys, filtered and counted pages, id batches by status.

use super::*;
use crate::model::*;
use crate::store::{CampaignPage, CampaignQuery};

/// Names are unique under [`Campaign::name_key`] (trimmed, case-folded, Unicode too):
/// lookups find a campaign under any spelling of its key, `put_campaign` refuses a second
/// campaign under a taken key, re-putting a campaign under its own name (re-cased) is fine,
/// and a rename frees the old key.
pub fn campaign_names_are_unique<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Spring Launch", CampaignStatus::Draft))?;
        tx.put_campaign(&campaign(2, "Été", CampaignStatus::Draft))
    });
    read(store, |tx| {
        for name in [
            "Spring Launch",
            "spring launch",
            "  SPRING LAUNCH ",
            "sPrInG lAuNcH",
        ] {
            assert_eq!(
                tx.campaign_id_by_name(name)?,
                Some(CampaignId(1)),
                "{name:?}"
            );
        }
        assert_eq!(
            tx.campaign_id_by_name("ÉTÉ")?,
            Some(CampaignId(2)),
            "Unicode case"
        );
        assert_eq!(tx.campaign_id_by_name("Spring")?, None, "no prefix match");
        assert_eq!(
            tx.campaign_id_by_name("Spring Launch 2")?,
            None,
            "no extension"
        );
        Ok(())
    });
    for name in ["spring launch", " SPRING LAUNCH", "été"] {
        let result = store.write(|tx| tx.put_campaign(&campaign(3, name, CampaignStatus::Draft)));
        assert_name_taken(result, &format!("a second campaign named {name:?}"));
    }
    assert_eq!(read(store, |tx| tx.campaign(CampaignId(3))), None);
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Spring Launch", CampaignStatus::Active))?;
        tx.put_campaign(&campaign(1, "SPRING launch", CampaignStatus::Active))
    });
    assert_eq!(
        read(store, |tx| tx.campaign(CampaignId(1))).map(|c| c.name),
        Some("SPRING launch".to_owned()),
        "a campaign keeps its own name, re-cased"
    );
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Beta", CampaignStatus::Active))
    });
    read(store, |tx| {
        assert_eq!(
            tx.campaign_id_by_name("spring launch")?,
            None,
            "old name released"
        );
        assert_eq!(
            tx.campaign_id_by_name("beta")?,
            Some(CampaignId(1)),
            "new name"
        );
        Ok(())
    });
    write(store, |tx| {
        tx.put_campaign(&campaign(3, "SPRING LAUNCH", CampaignStatus::Draft))
    });
    assert_eq!(
        read(store, |tx| tx.campaign_id_by_name("spring launch")),
        Some(CampaignId(3))
    );
    let result = store.write(|tx| tx.put_campaign(&campaign(3, " beta", CampaignStatus::Draft)));
    assert_name_taken(result, "renaming onto a taken name");
}

/// A duplicate name refused by `put_campaign` changes nothing, whatever the transaction
/// wrote before it, also when the refused put renames an existing campaign.
pub fn refused_campaign_name_changes_nothing<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_campaign(&campaign(1, "Taken", CampaignStatus::Active))?;
        tx.put_campaign(&campaign(2, "Free", CampaignStatus::Draft))?;
        tx.put_task(&task(1, 1, Some("ana"), at(2), TaskStatus::Pending))?;
        tx.append_audit(&audit(1, Some(1)))
    });
    let dump = || logical_dump(store, 1..=3, &[]);
    let before = dump();
    let result = store.write(|tx| {
        tx.put_task(&task(2, 2, Some("ana"), at(3), TaskStatus::Pending))?;
        tx.append_audit(&audit(2, Some(2)))?;
        tx.put_campaign(&campaign(3, "  TAKEN ", CampaignStatus::Active))
    });
    assert_name_taken(result, "a new campaign under a taken name");
    assert_eq!(dump(), before, "the refused new campaign changed nothing");
    let result = store.write(|tx| {
        tx.put_campaign(&campaign(3, "Third", CampaignStatus::Active))?;
        tx.put_campaign(&campaign(2, "taken", CampaignStatus::Paused))
    });
    assert_name_taken(result, "renaming onto a taken name");
    assert_eq!(dump(), before, "the refused rename changed nothing");
}

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

/// `campaign_ids` walks the campaigns of one status in ascending id, after a cursor that
/// need not be of that status, at most `limit`, following status changes.
pub fn campaign_ids_walk_one_status<S: Store>(store: &S) {
    use CampaignStatus::*;
    let statuses = [
        Active, Draft, Active, Active, Paused, Active, Completed, Active,
    ];
    write(store, |tx| {
        statuses
            .iter()
            .zip(1..)
            .try_for_each(|(s, id)| tx.put_campaign(&campaign(id, &format!("C{id}"), *s)))
    });
    let batch = |status, after: Option<u64>, limit| {
        read(store, |tx| {
            tx.campaign_ids(status, after.map(CampaignId), limit)
        })
        .iter()
        .map(|c| c.0)
        .collect::<Vec<_>>()
    };
    let walked = pages(2, |after, limit| batch(Active, after, limit), |id| *id);
    assert_eq!(
        walked,
        [vec![1, 3], vec![4, 6], vec![8]],
        "active, two at a time"
    );
    assert_eq!(batch(Active, Some(2), 10), [3, 4, 6, 8], "after a draft id");
    assert_eq!(
        batch(Active, Some(8), 10),
        Vec::<u64>::new(),
        "after the last"
    );
    assert_eq!(batch(Active, None, 0), Vec::<u64>::new(), "limit 0");
    assert_eq!(batch(Draft, None, 10), [2]);
    assert_eq!(batch(Archived, None, 10), Vec::<u64>::new());
    write(store, |tx| {
        tx.put_campaign(&campaign(3, "C3", Paused))?;
        tx.put_campaign(&campaign(2, "C2", Active))
    });
    assert_eq!(
        batch(Active, None, 10),
        [1, 2, 4, 6, 8],
        "follows status changes"
    );
    assert_eq!(batch(Paused, None, 10), [3, 5]);
}
