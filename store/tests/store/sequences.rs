//! RedbStore's id sequences, beyond the contract's unique and increasing ids (which the
//! conformance suite checks): they live in the write transaction, so an aborted one hands
//! its ids out again, and each counts 1, 2, 3, ... through the store, a reference to it and
//! an `AnyStore` of a clone.

use campaign_ops_core::conformance::campaign;
use campaign_ops_core::model::*;
use campaign_ops_core::{Error, Sequence, Store};
use campaign_ops_store::RedbStore;

use crate::support::*;

#[test]
fn an_aborted_transaction_hands_its_ids_out_again() {
    on_both(|store| {
        let result: campaign_ops_core::Result<()> = store.write(|tx| {
            let id = tx.next_id(Sequence::Campaign)?;
            tx.put_campaign(&campaign(id, "Seen", CampaignStatus::Active))?;
            Err(Error::validation("test", "abort"))
        });
        assert!(matches!(result, Err(Error::Validation { .. })));
        let ids = write(store, |tx| {
            Ok((
                tx.next_id(Sequence::Campaign)?,
                tx.next_id(Sequence::Campaign)?,
                tx.next_id(Sequence::Task)?,
                tx.next_id(Sequence::Plan)?,
                tx.next_id(Sequence::CalendarItem)?,
                tx.next_id(Sequence::Metric)?,
            ))
        });
        assert_eq!(ids, (1, 2, 1, 1, 1, 1));
        assert_eq!(write(store, |tx| tx.next_id(Sequence::Campaign)), 3);
    });
}

#[test]
fn write_once_references_and_any_store_share_one_sequence() {
    let store = RedbStore::in_memory().unwrap();
    let value = store
        .write_once(&mut |tx| tx.next_id(Sequence::Task))
        .unwrap();
    assert_eq!(value, 1);
    // Clones and references are stores too.
    let by_ref: &RedbStore = &store;
    assert_eq!(by_ref.write(|tx| tx.next_id(Sequence::Task)).unwrap(), 2);
    let any = campaign_ops_core::AnyStore::new(store.clone());
    assert_eq!(any.write(|tx| tx.next_id(Sequence::Task)).unwrap(), 3);
    assert_eq!(any.read(|tx| tx.audit_head()).unwrap(), None);
}
