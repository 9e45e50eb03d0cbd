//! 7 → 8: the planned-items index gets a recent run (index kind 20, `planned.rs`) and its
//! merge mark in `meta` (`planned.merged_through`). Every v7 entry is in `ITEM_PLANNED`,
//! which is what a mark at the last item id handed out says: the step writes that mark
//! and moves nothing. It also gives a new file its mark (0). Records unchanged.

use campaign_ops_core::{Result, Sequence};
use redb::WriteTransaction;

use crate::layout::{META, mk, sequence_key};
use crate::meta;
use crate::write::open;

/// Runs the step (a no-op on a file that has its mark).
pub(super) fn v7_to_v8(txn: &WriteTransaction) -> Result<()> {
    if crate::planned::merged(txn)?.is_some() {
        return Ok(());
    }
    let last = meta::get_u64(txn, sequence_key(Sequence::CalendarItem))?.unwrap_or(0);
    meta::put_u64(&mut open(txn, META)?, mk::PLANNED_MERGED, last)
}
