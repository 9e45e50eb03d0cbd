//! The audit log: the head, appends refused unless they follow it, and the pages.

use super::*;
use crate::model::*;

/// `audit_head` is the newest entry's seq and hash (`None` on an empty log), also inside
/// the appending transaction. `append_audit` refuses, with a retryable conflict and
/// changing nothing, an entry whose seq is not the head's plus one (a repeat, a gap) or
/// whose `prev_hash` is not the head's hash, also for a second append within one
/// transaction.
pub fn audit_head_and_append_refusals<S: Store>(store: &S) {
    assert_eq!(
        read(store, |tx| tx.audit_head()),
        None,
        "an empty log has no head"
    );
    write(store, |tx| {
        tx.append_audit(&audit(1, Some(1)))?;
        assert_eq!(
            tx.audit_head()?.map(|h| h.0),
            Some(AuditSeq(1)),
            "head inside the tx"
        );
        tx.append_audit(&audit(2, None))?;
        assert_eq!(tx.audit_head()?, Some((AuditSeq(2), audit(2, None).hash)));
        Ok(())
    });
    let head = || read(store, |tx| tx.audit_head());
    assert_eq!(
        head(),
        Some((AuditSeq(2), audit(2, None).hash)),
        "head after commit"
    );
    let dump = || logical_dump(store, 1..=2, &[]);
    let before = dump();

    let mut forged = audit(2, Some(1));
    forged.actor = "mallory".into();
    let mut unlinked = audit(3, Some(1));
    unlinked.prev_hash = audit(1, None).hash;
    let mut bad_link = audit(3, None);
    bad_link.prev_hash = "f".repeat(64);
    let refused = [
        (audit(1, Some(1)), "re-appending seq 1"),
        (forged, "re-appending seq 2"),
        (audit(4, Some(1)), "skipping seq 3"),
        (audit(7, None), "a gap"),
        (unlinked, "seq 3 linked to entry 1"),
        (bad_link, "seq 3 with a foreign prev_hash"),
    ];
    for (entry, what) in &refused {
        assert_conflict(store.write_once(&mut |tx| tx.append_audit(entry)), what);
        assert_eq!(dump(), before, "{what}: a refused append changes nothing");
    }
    let twice = store.write_once(&mut |tx| {
        tx.append_audit(&audit(3, None))?;
        tx.append_audit(&audit(3, None))
    });
    assert_conflict(twice, "the same seq twice in one transaction");
    assert_eq!(
        dump(),
        before,
        "the transaction with the refused append changed nothing"
    );
    write(store, |tx| tx.append_audit(&audit(3, Some(2))));
    assert_eq!(
        head(),
        Some((AuditSeq(3), audit(3, None).hash)),
        "the next append works"
    );
}

/// `audit_entries(after, limit)` pages through the log in ascending seq;
/// `audit_for_campaign` lists exactly a campaign's entries the same way.
pub fn audit_pages<S: Store>(store: &S) {
    let campaign_of =
        |seq: u64| [Some(1), Some(2), Some(1), None, Some(1), Some(2), None][seq as usize - 1];
    let chain = audit_chain(7, campaign_of);
    write(store, |tx| {
        chain.iter().try_for_each(|e| tx.append_audit(e))
    });
    let page = |after: Option<u64>, limit| {
        read(store, |tx| {
            tx.audit_entries(after.map(AuditSeq), limit)
                .map(|e| ids(&e))
        })
    };
    assert_eq!(
        pages(3, &page, |seq| *seq),
        [vec![1, 2, 3], vec![4, 5, 6], vec![7]]
    );
    assert_eq!(page(Some(7), 3), Vec::<u64>::new(), "after the head");
    assert_eq!(page(Some(100), 3), Vec::<u64>::new());
    assert_eq!(page(None, 0), Vec::<u64>::new(), "limit 0");
    assert_eq!(page(None, 100), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(page(Some(0), 2), [1, 2]);
    assert_eq!(
        read(store, |tx| tx.audit_entries(Some(AuditSeq(4)), 1)),
        [chain[4].clone()],
        "whole records"
    );

    let of = |c: u64, after: Option<u64>, limit| {
        read(store, |tx| {
            tx.audit_for_campaign(CampaignId(c), after.map(AuditSeq), limit)
                .map(|e| ids(&e))
        })
    };
    assert_eq!(of(1, None, 10), [1, 3, 5]);
    assert_eq!(
        pages(2, |after, limit| of(1, after, limit), |seq| *seq),
        [vec![1, 3], vec![5]]
    );
    assert_eq!(of(1, Some(1), 10), [3, 5], "cursor");
    assert_eq!(of(1, Some(2), 1), [3], "cursor of another campaign's entry");
    assert_eq!(of(2, None, 10), [2, 6]);
    assert_eq!(of(3, None, 10), Vec::<u64>::new());
    assert_eq!(of(1, None, 0), Vec::<u64>::new(), "limit 0");
    let whole = read(store, |tx| {
        tx.audit_for_campaign(CampaignId(2), Some(AuditSeq(2)), 10)
    });
    assert_eq!(whole, [chain[5].clone()], "whole records");
}

/// On an empty log `append_audit` refuses, with a retryable conflict and leaving the log
/// empty, anything but seq 1 linking to the genesis hash: a later seq, seq 0, or seq 1
/// linking elsewhere.
pub fn audit_appends_on_an_empty_log_only_from_genesis<S: Store>(store: &S) {
    let mut wrong_genesis = audit(1, Some(1));
    wrong_genesis.prev_hash = "f".repeat(64);
    let on_empty = [
        (audit(2, Some(1)), "seq 2 first"),
        (
            AuditEntry {
                seq: AuditSeq(0),
                ..audit(1, None)
            },
            "seq 0",
        ),
        (wrong_genesis, "seq 1 not linked to the genesis hash"),
    ];
    for (entry, what) in &on_empty {
        assert_conflict(store.write(|tx| tx.append_audit(entry)), what);
        assert_eq!(
            read(store, |tx| tx.audit_head()),
            None,
            "{what}: the log is still empty"
        );
    }
    write(store, |tx| tx.append_audit(&audit(1, Some(1))));
    assert_eq!(
        read(store, |tx| tx.audit_head()),
        Some((AuditSeq(1), audit(1, None).hash)),
        "seq 1 linking to the genesis hash is taken"
    );
}
