//! A redb file keeps everything across reopen.

use campaign_ops::{CampaignOps, FixedClock, RedbStore, service::CampaignFilter};

use crate::support::*;

#[test]
fn reopen_keeps_campaigns_audit_and_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ops.redb");
    let (first, head) = {
        let ops = CampaignOps::new(RedbStore::open(&path).unwrap(), FixedClock::new(t0()));
        let c = create(&ops, "Persisted");
        ops.activate_campaign(&alice(), c.id).unwrap();
        (ops.get_campaign(c.id).unwrap(), ops.audit_head().unwrap())
    };
    let ops = CampaignOps::new(RedbStore::open(&path).unwrap(), FixedClock::new(t0()));
    assert_eq!(ops.get_campaign(first.id).unwrap(), first);
    assert_eq!(ops.audit_head().unwrap(), head);
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // The name index survived: the name is still taken.
    assert_eq!(
        ops.create_campaign(&alice(), new_campaign("PERSISTED")),
        Err(campaign_ops::Error::AlreadyExists {
            entity: campaign_ops::EntityKind::Campaign,
            field: "name".into(),
            value: "PERSISTED".into(),
        })
    );
    // The sequence survived: the next id follows.
    let next = create(&ops, "Second");
    assert_eq!(next.id.0, first.id.0 + 1);
    let page = ops
        .list_campaigns(&CampaignFilter::default(), 10, None)
        .unwrap();
    assert_eq!(page.total, 2);
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}
