//! Field diffs and the hash over them.

use super::*;
use serde_json::json;

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

#[test]
fn an_update_records_only_the_fields_that_changed() {
    let before = json!({"id": 1, "status": "pending", "title": "Post", "outcome": null});
    let after = json!({"id": 1, "status": "completed", "title": "Post", "outcome": "done"});
    assert_eq!(
        field_changes(Some(&before), Some(&after)),
        [
            change("outcome", Some("null"), Some("\"done\"")),
            change("status", Some("\"pending\""), Some("\"completed\"")),
        ]
    );
    assert_eq!(field_changes(Some(&after), Some(&after)), []);
}

#[test]
fn a_create_records_every_field_and_a_delete_every_old_one() {
    let record = json!({"b": [1, 2], "a": "x"});
    assert_eq!(
        field_changes(None, Some(&record)),
        [
            change("a", None, Some("\"x\"")),
            change("b", None, Some("[1,2]"))
        ]
    );
    assert_eq!(
        field_changes(Some(&record), None),
        [
            change("a", Some("\"x\""), None),
            change("b", Some("[1,2]"), None)
        ]
    );
}

#[test]
fn a_value_that_is_not_an_object_is_one_unnamed_field() {
    let (a, b) = (json!([1]), json!([2]));
    assert_eq!(
        field_changes(Some(&a), Some(&b)),
        [change("", Some("[1]"), Some("[2]"))]
    );
    assert_eq!(field_changes(Some(&a), Some(&a)), []);
}

fn entry(changes: Vec<FieldChange>) -> AuditEntry {
    let mut e = AuditEntry {
        seq: AuditSeq(7),
        at: DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap(),
        actor: "alice".to_owned(),
        action: AuditAction::TaskComplete,
        entity: EntityKind::Task,
        entity_id: 3,
        campaign_id: Some(CampaignId(1)),
        before: None,
        after: None,
        changes,
        details: None,
        prev_hash: GENESIS_HASH.to_owned(),
        hash: String::new(),
    };
    e.hash = entry_hash(&e);
    e
}

#[test]
fn the_hash_covers_each_field_change() {
    let e = entry(vec![change("status", Some("\"a\""), Some("\"b\""))]);
    let mut edited = e.clone();
    edited.changes[0].after = Some("\"c\"".to_owned());
    assert_ne!(entry_hash(&edited), e.hash);
    let mut dropped = e.clone();
    dropped.changes.clear();
    assert_ne!(entry_hash(&dropped), e.hash);
}

#[test]
fn an_entry_without_changes_hashes_as_entries_always_did() {
    // The hash of a pre-v6 entry (whole records, no `changes`) is the SHA-256 of its
    // prev_hash and the JSON of its fields in this order, with no `changes` key.
    let mut e = entry(vec![]);
    e.before = Some("{\"status\":\"in_progress\"}".to_owned());
    e.after = Some("{\"status\":\"completed\"}".to_owned());
    let json = format!(
        "{{\"seq\":7,\"at\":\"2027-01-15T08:00:00Z\",\"actor\":\"alice\",\
         \"action\":\"task.complete\",\"entity\":\"task\",\"entity_id\":3,\"campaign_id\":1,\
         \"before\":{},\"after\":{},\"details\":null,\"prev_hash\":\"{GENESIS_HASH}\"}}",
        serde_json::to_string(&e.before).unwrap(),
        serde_json::to_string(&e.after).unwrap(),
    );
    let mut sha = Sha256::new();
    sha.update(GENESIS_HASH.as_bytes());
    sha.update(json.as_bytes());
    assert_eq!(entry_hash(&e), hex::encode(sha.finalize()));
}
