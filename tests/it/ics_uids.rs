//! Calendar UIDs are unique across workspaces and stable across exports and reopens.

use std::collections::BTreeSet;

use campaign_ops::{CampaignOps, FixedClock, RedbStore, Store};

use crate::support::*;

fn uids(ics: &str) -> BTreeSet<String> {
    ics.lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::to_owned)
        .collect()
}

/// One campaign planned the same way in the workspace of `store`, exported.
fn export(store: RedbStore) -> (String, String) {
    let ops = CampaignOps::new(store, FixedClock::new(t0()));
    let c = create(&ops, "Same everywhere");
    let plan = ops.generate_plan(&alice(), c.id, "Launch", 21).unwrap();
    ops.generate_calendar(&alice(), plan.id, None).unwrap();
    let workspace = ops.store().read(|tx| tx.workspace_id()).unwrap();
    (workspace, ops.export_ics(c.id).unwrap())
}

#[test]
fn two_workspaces_share_no_uid_and_reexports_keep_each_items_uid() {
    // Two installs with the same ids (campaign 1, items 1..): different workspace ids.
    let (ws_a, a) = export(RedbStore::in_memory().unwrap());
    let (ws_b, b) = export(RedbStore::in_memory().unwrap());
    assert_ne!(ws_a, ws_b);
    let (ua, ub) = (uids(&a), uids(&b));
    assert!(ua.len() > 5, "a calendar worth exporting");
    assert!(ua.is_disjoint(&ub), "no UID in both exports");
    assert!(
        ua.iter()
            .all(|u| u.contains(&ws_a) && u.ends_with("@campaign-ops"))
    );

    // Reopening the file and exporting again keeps every UID.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.redb");
    let (ws, first) = export(RedbStore::open(&path).unwrap());
    let reopened = RedbStore::open(&path).unwrap();
    assert_eq!(reopened.read(|tx| tx.workspace_id()).unwrap(), ws);
    let ops = CampaignOps::new(reopened, FixedClock::new(t0()));
    let again = ops.export_ics(campaign_ops::CampaignId(1)).unwrap();
    assert_eq!(uids(&again), uids(&first));
}
