//! The schema-v5 fixture (`tests/fixtures/v5`, written by an older build) still reads back:
//! typing `AuditEntry.action` left its stored bytes and its hash input unchanged, so the old
//! chain verifies and every entry equals the logical dump written next to the file.

use std::path::Path;

use campaign_ops::{AuditAction, CampaignOps, FixedClock, RedbStore, Store};

use crate::support::*;

/// A service on a copy of the fixture in a fresh temp dir (the fixture itself is never
/// opened: opening a redb file may write to it).
fn fixture_copy(dir: &Path) -> CampaignOps<RedbStore, FixedClock> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5");
    let copy = dir.join("workspace.redb");
    std::fs::copy(fixture.join("workspace.redb"), &copy).unwrap();
    CampaignOps::new(RedbStore::open(&copy).unwrap(), FixedClock::new(t0()))
}

fn dump() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5/workspace.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_v5_audit_chain_still_verifies_and_every_action_parses() {
    let dir = tempfile::tempdir().unwrap();
    let ops = fixture_copy(dir.path());
    let verification = ops.verify_audit_chain().unwrap();
    assert!(verification.is_intact(), "{:?}", verification.first_break);
    assert_eq!(verification.entries, 28);

    let entries = ops.audit_log(None, 100).unwrap();
    assert_eq!(entries.len(), 28);
    let dump = dump();
    let dumped = dump["audit"].as_array().unwrap();
    for (entry, old) in entries.iter().zip(dumped) {
        // The stored string parsed into a known action, and it is the string that was stored.
        let stored = old["action"].as_str().unwrap();
        assert_eq!(stored.parse::<AuditAction>().unwrap(), entry.action);
        assert_eq!(entry.action.key(), stored);
        // The whole entry encodes to exactly the JSON the old build dumped.
        assert_eq!(
            &serde_json::to_value(entry).unwrap(),
            old,
            "entry {}",
            entry.seq
        );
    }
    // The head is the dump's last entry: nothing was lost or re-hashed.
    let last = dumped.last().unwrap();
    let (seq, hash) = ops.audit_head().unwrap().unwrap();
    assert_eq!(seq.0, last["seq"].as_u64().unwrap());
    assert_eq!(hash, last["hash"].as_str().unwrap());
    // And the file's own reader agrees with the service's.
    let via_store = ops
        .store()
        .read(|tx| tx.audit_entries(None, usize::MAX))
        .unwrap();
    assert_eq!(via_store, entries);
}
