//! Campaigns: unique name keys and id batches by status (their pages: `campaign_pages`).

use super::*;
use crate::model::*;

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
/// wrote before it, also when the refused put renames an existing campaign. The refusal
/// names the name as given, trimmed, and leaves the transaction as it was.
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
        let refused = tx.put_campaign(&campaign(3, "  TAKEN ", CampaignStatus::Active));
        assert_eq!(
            tx.campaign(CampaignId(3))?,
            None,
            "inside the transaction, the refused campaign is not there"
        );
        assert_eq!(
            tx.campaign_id_by_name("taken")?,
            Some(CampaignId(1)),
            "inside the transaction, the name is still the first campaign's"
        );
        refused
    });
    assert_eq!(
        result,
        Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".into(),
            value: "TAKEN".into(),
        }),
        "a new campaign under a taken name: the name as given, trimmed"
    );
    assert_eq!(dump(), before, "the refused new campaign changed nothing");
    let result = store.write(|tx| {
        tx.put_campaign(&campaign(3, "Third", CampaignStatus::Active))?;
        tx.put_campaign(&campaign(2, "taken", CampaignStatus::Paused))
    });
    assert_name_taken(result, "renaming onto a taken name");
    assert_eq!(dump(), before, "the refused rename changed nothing");
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
