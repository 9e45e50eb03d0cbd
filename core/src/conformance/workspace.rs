//! The workspace id: made with the store, stable, different for every store.

use super::*;
use crate::model::*;
use crate::store::Sequence;

/// A fresh store has a non-empty id of at least 64 bits of lower-case hex; it stays the same
/// across reads and writes; another fresh store has another id (so exports of two
/// workspaces never clash).
pub fn workspace_id_is_made_with_the_store<S: Store>(make: impl Fn() -> S) {
    let store = make();
    let id = read(&store, |tx| tx.workspace_id());
    assert!(
        id.len() >= 16
            && id
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "workspace id {id:?}: at least 16 lower-case hex digits"
    );
    let in_write = write(&store, |tx| {
        let c = tx.next_id(Sequence::Campaign)?;
        tx.put_campaign(&campaign(c, "Workspace", CampaignStatus::Draft))?;
        tx.workspace_id()
    });
    assert_eq!(in_write, id, "the same inside a write");
    assert_eq!(read(&store, |tx| tx.workspace_id()), id, "and after it");
    let other = read(&make(), |tx| tx.workspace_id());
    assert_ne!(other, id, "two stores, two workspace ids");
}
