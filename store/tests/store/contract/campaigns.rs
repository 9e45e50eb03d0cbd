//! Campaigns: round trips, the unique name key, the filtered page and its totals, ids by
//! status.

use campaign_ops_core::model::*;
use campaign_ops_core::{CampaignQuery, Error, Store};
use campaign_ops_store::RedbStore;

use crate::support::*;

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

fn filled() -> impl Fn(&RedbStore) -> Vec<Campaign> {
    |store| {
        let all = six();
        // Out of id order: the store orders.
        write(store, |tx| {
            all.iter().rev().try_for_each(|c| tx.put_campaign(c))
        });
        all
    }
}

#[test]
fn campaigns_round_trip_and_resolve_names() {
    on_both(|store| {
        let all = filled()(store);
        read(store, |tx| {
            for c in &all {
                assert_eq!(tx.campaign(c.id)?.as_ref(), Some(c));
            }
            assert_eq!(tx.campaign(CampaignId(99))?, None);
            assert_eq!(
                tx.campaign_id_by_name("  ALPHA Launch ")?,
                Some(CampaignId(1))
            );
            assert_eq!(tx.campaign_id_by_name("alpha")?, None);
            Ok(())
        });
    });
}

#[test]
fn a_duplicate_name_is_refused_and_changes_nothing() {
    on_both(|store| {
        let all = filled()(store);
        let before = read(store, |tx| tx.campaign_page(&CampaignQuery::first(100)));
        // A new campaign taking an existing name (differently cased), in a transaction that
        // also made another change: the whole transaction is refused.
        let dup = Campaign {
            name: " beta ".into(),
            ..campaign(7, "x", CampaignStatus::Draft)
        };
        let err = store
            .write(|tx| {
                tx.put_plan(&plan(1, 1, 1))?;
                // The refused put leaves the transaction as it was.
                let refused = tx.put_campaign(&dup);
                assert!(
                    matches!(&refused, Err(Error::AlreadyExists { entity: EntityKind::Campaign, field, .. }) if field == "name"),
                    "{refused:?}"
                );
                assert_eq!(tx.campaign(CampaignId(7))?, None);
                assert_eq!(tx.campaign_id_by_name("beta")?, Some(CampaignId(2)));
                refused
            })
            .unwrap_err();
        assert_eq!(
            err,
            Error::AlreadyExists {
                entity: EntityKind::Campaign,
                field: "name".into(),
                value: dup.name.trim().into(),
            }
        );
        read(store, |tx| {
            assert_eq!(tx.campaign_page(&CampaignQuery::first(100))?, before);
            assert_eq!(tx.plan(PlanId(1))?, None);
            Ok(())
        });
        // Renaming frees the old name; keeping one's own name is fine.
        let renamed = Campaign {
            name: "Beta two".into(),
            ..all[1].clone()
        };
        write(store, |tx| {
            tx.put_campaign(&all[0])?;
            tx.put_campaign(&renamed)
        });
        read(store, |tx| {
            assert_eq!(tx.campaign_id_by_name("beta")?, None);
            assert_eq!(tx.campaign_id_by_name("BETA TWO")?, Some(CampaignId(2)));
            Ok(())
        });
        write(store, |tx| {
            tx.put_campaign(&Campaign {
                name: "Beta".into(),
                ..campaign(7, "x", CampaignStatus::Draft)
            })
        });
    });
}

/// What a page of `q` must be, computed with `CampaignQuery::matches`.
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

#[test]
fn campaign_pages_match_every_filter_with_totals_and_cursors() {
    on_both(|store| {
        let all = filled()(store);
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
                            assert_eq!(ids(&page.items, |c| c.id.0), ids_want, "{q:?}");
                            assert_eq!(page.total, total, "total of {q:?}");
                            assert_eq!(page.next.map(|c| c.0), next, "next of {q:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
    });
}

#[test]
fn paging_through_every_campaign_and_counters_follow_status_changes() {
    on_both(|store| {
        let mut all = filled()(store);
        let mut q = CampaignQuery::first(4);
        let mut seen = vec![];
        loop {
            let page = read(store, |tx| tx.campaign_page(&q));
            assert_eq!(page.total, 6);
            seen.extend(ids(&page.items, |c| c.id.0));
            match page.next {
                Some(n) => q.after = Some(n),
                None => break,
            }
        }
        assert_eq!(seen, [1, 2, 3, 4, 5, 6]);
        // Status moves keep the status index, counters and filtered values in step.
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
            assert_eq!(
                tx.campaign_ids(CampaignStatus::Active, Some(CampaignId(2)), 1)?,
                [CampaignId(3)]
            );
            assert_eq!(tx.campaign_ids(CampaignStatus::Active, None, 0)?, []);
            assert_eq!(tx.campaign_ids(CampaignStatus::Completed, None, 10)?, []);
            for status in CampaignStatus::ALL {
                let mut q = CampaignQuery::first(10);
                q.status = Some(status);
                let want = all.iter().filter(|c| c.status == status).count() as u64;
                assert_eq!(tx.campaign_page(&q)?.total, want, "{status}");
                q.client = Some("acme".into());
                q.text = Some("a".into());
                assert_eq!(tx.campaign_page(&q)?.total, expected(&all, &q).1);
            }
            Ok(())
        });
    });
}
