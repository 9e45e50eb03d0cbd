//! Audit entries of every action (the calendar item edits and the `user.*` ones included)
//! and every entity kind (`user` included) are stored by their JSON keys, read back equal
//! and keep the chain verifying: PgStore keeps no code table of its own for them.

use campaign_ops_core::model::*;
use campaign_ops_core::service::{GENESIS_HASH, entry_hash};
use campaign_ops_core::{CampaignOps, FixedClock, Store};
use campaign_ops_pg::testing::TestServer;
use chrono::{Duration, TimeZone, Utc};

const KINDS: [EntityKind; 8] = [
    EntityKind::Campaign,
    EntityKind::Plan,
    EntityKind::CalendarItem,
    EntityKind::Task,
    EntityKind::Metric,
    EntityKind::ActionRun,
    EntityKind::AuditEntry,
    EntityKind::User,
];

#[test]
fn every_action_and_entity_kind_is_stored_by_its_key() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    let t0 = Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap();
    let mut prev = GENESIS_HASH.to_owned();
    let mut chain = vec![];
    for (i, action) in AuditAction::ALL.into_iter().enumerate() {
        let n = i as u64 + 1;
        let entity = KINDS[i % KINDS.len()];
        let mut e = AuditEntry {
            seq: AuditSeq(n),
            at: t0 + Duration::nanoseconds(n as i64),
            actor: "alice".to_owned(),
            action,
            entity,
            entity_id: n,
            campaign_id: (entity != EntityKind::User).then_some(CampaignId(1)),
            before: None,
            after: None,
            changes: vec![FieldChange {
                field: "name".to_owned(),
                before: None,
                after: Some(format!("\"{}\"", action.key())),
            }],
            details: None,
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        prev = e.hash.clone();
        chain.push(e);
    }
    let schema = pg.fresh_schema();
    let store = pg.store_in(&schema).unwrap();
    for e in &chain {
        store.write(|tx| tx.append_audit(e)).unwrap();
    }
    assert_eq!(store.read(|tx| tx.audit_entries(None, 100)).unwrap(), chain);
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0));
    let check = ops.verify_audit_chain().unwrap();
    assert!(check.is_intact(), "{check:?}");
    assert_eq!(check.entries, AuditAction::ALL.len() as u64);

    // What the rows hold: the dotted action key and the entity key, as JSON text.
    let mut client = postgres::Client::connect(pg.url(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("SET search_path TO \"{schema}\""))
        .unwrap();
    for e in &chain {
        let data: String = client
            .query_one(
                "SELECT data FROM audit WHERE seq = $1",
                &[&(e.seq.0 as i64)],
            )
            .unwrap()
            .get(0);
        let row: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(row["action"], e.action.key(), "{data}");
        assert_eq!(row["entity"], e.entity.key(), "{data}");
    }
}
