//! The audit log: one entry per change, hash-chained, and tampering detected.

use campaign_ops::{AuditAction, AuditSeq, CampaignStatus};

use crate::support::*;

fn busy_ops() -> Ops {
    let ops = ops();
    let a = alice();
    for name in ["A", "B", "C"] {
        let c = create(&ops, name);
        ops.activate_campaign(&a, c.id).unwrap();
        ops.pause_campaign(&a, c.id, Some("why not")).unwrap();
    }
    ops
}

#[test]
fn every_mutation_appends_one_linked_entry() {
    let ops = busy_ops();
    let log = ops.audit_log(None, 100).unwrap();
    assert_eq!(log.len(), 9);
    for (i, e) in log.iter().enumerate() {
        assert_eq!(e.seq, AuditSeq(i as u64 + 1));
        if i > 0 {
            assert_eq!(e.prev_hash, log[i - 1].hash);
        }
        assert_eq!(e.hash.len(), 64);
    }
    let v = ops.verify_audit_chain().unwrap();
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.entries, 9);
    assert_eq!(ops.audit_head().unwrap().unwrap().0, AuditSeq(9));
    // Paging.
    let tail = ops.audit_log(Some(AuditSeq(7)), 100).unwrap();
    assert_eq!(tail.iter().map(|e| e.seq.0).collect::<Vec<_>>(), [8, 9]);
}

#[test]
fn empty_log_verifies() {
    let v = ops().verify_audit_chain().unwrap();
    assert!(v.is_intact());
    assert_eq!(v.entries, 0);
}

#[test]
fn edited_entry_is_detected() {
    let ops = busy_ops();
    ops.store()
        .tamper_audit(AuditSeq(5), |e| e.actor = "mallory".into())
        .unwrap();
    let v = ops.verify_audit_chain().unwrap();
    let brk = v.first_break.expect("tampering detected");
    assert_eq!(brk.seq, AuditSeq(5));
    assert_eq!(v.entries, 4);
}

#[test]
fn edited_entry_with_recomputed_hash_is_detected_at_the_next() {
    let ops = busy_ops();
    ops.store()
        .tamper_audit(AuditSeq(3), |e| {
            assert_eq!(e.action, AuditAction::CampaignPause);
            let status = e.changes.iter_mut().find(|c| c.field == "status").unwrap();
            status.after = Some("\"active\"".into());
            e.hash = campaign_ops::service::entry_hash(e);
        })
        .unwrap();
    // Entry 3 is self-consistent now, but entry 4 still links to its original hash.
    let brk = ops.verify_audit_chain().unwrap().first_break.unwrap();
    assert_eq!(brk.seq, AuditSeq(4));
}

#[test]
fn deleted_entry_is_detected() {
    let ops = busy_ops();
    ops.store().tamper_delete_audit(AuditSeq(3)).unwrap();
    let brk = ops.verify_audit_chain().unwrap().first_break.unwrap();
    assert_eq!(brk.seq, AuditSeq(3));
    assert!(brk.reason.contains("missing"), "{}", brk.reason);
}

#[test]
fn failed_call_leaves_no_entry() {
    let ops = busy_ops();
    let head = ops.audit_head().unwrap();
    let id = ops
        .list_campaigns(&Default::default(), 1, None)
        .unwrap()
        .items[0]
        .id;
    assert_eq!(ops.get_campaign(id).unwrap().status, CampaignStatus::Paused);
    ops.pause_campaign(&alice(), id, None).unwrap_err();
    assert_eq!(ops.audit_head().unwrap(), head);
}
