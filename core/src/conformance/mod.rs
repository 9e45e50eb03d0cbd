//! The Store conformance suite (contract v2): the contract of [`Store`], [`ReadTx`] and
//! [`WriteTx`] in `crate::store` as executable checks on real records, plus the service's
//! promises that depend on it (no lost update under racing writers, reads bounded by the
//! page rather than by the data).
//!
//! Every backend calls [`run_all`] from its tests with a factory of fresh, empty stores:
//!
//! ```ignore
//! #[test]
//! fn conformance() {
//!     campaign_ops_core::conformance::run_all(|| MyStore::new_empty());
//! }
//! ```
//!
//! Each public check also runs alone (handy to narrow a failure down). Every check expects a
//! fresh, empty store and panics with a message naming the broken rule. Compiled under
//! `cfg(test)` and the `testing` feature only; core runs it on
//! [`MemoryStore`](crate::testing::MemoryStore).

mod accounts;
mod audit;
mod bounded;
mod calendar;
mod campaign_pages;
mod campaigns;
mod dump;
mod isolation;
mod ledger;
mod metrics;
mod records;
mod retries;
mod tasks;
mod transactions;
mod workspace;

pub use accounts::*;
pub use audit::*;
pub use bounded::*;
pub use calendar::*;
pub use campaign_pages::*;
pub use campaigns::*;
pub use dump::logical_dump;
pub use isolation::*;
pub use ledger::*;
pub use metrics::*;
pub use records::*;
pub use retries::*;
pub use tasks::*;
pub use transactions::*;
pub use workspace::*;

use crate::store::{ReadTx, Store, WriteTx};
use crate::{Error, Result};

/// Runs every check, each on a store fresh from `make`.
pub fn run_all<S: Store>(make: impl Fn() -> S) {
    // One transaction at a time.
    round_trip_every_model(&make());
    writes_see_their_own_changes(&make());
    ids_are_unique_and_increasing(&make());
    failed_write_changes_nothing(&make());
    write_retries_only_retryable_failures(&make());
    workspace_id_is_made_with_the_store(&make);
    // Campaigns.
    campaign_names_are_unique(&make());
    refused_campaign_name_changes_nothing(&make());
    campaign_page_filters_counts_and_pages(&make());
    campaign_page_agrees_with_matches_for_every_query(&make());
    campaign_ids_walk_one_status(&make());
    // Plans and the calendar.
    plans_per_campaign_by_version(&make());
    calendar_items_by_time_with_cursor(&make());
    calendar_bounds_and_cursors_to_the_nanosecond(&make());
    planned_items_due_across_campaigns(&make());
    // Tasks.
    tasks_page_and_item_tasks(&make());
    open_tasks_due_lists_only_open_tasks(&make());
    assignee_briefs_match_exactly(&make());
    task_counts_by_status_over_ranges(&make());
    sop_checklists_round_trip_exactly(&make());
    ticked_steps_round_trip(&make());
    // Metrics and summaries.
    metrics_by_id_and_by_recorded_time(&make());
    weekly_summaries_by_key_and_pages(&make());
    // The run ledger and the audit log.
    action_runs_by_key_in_both_orders(&make());
    open_action_runs_are_not_final(&make());
    action_settings_by_name(&make());
    audit_head_and_append_refusals(&make());
    audit_appends_on_an_empty_log_only_from_genesis(&make());
    audit_pages(&make());
    // Dashboard users and sessions.
    users_by_id_name_and_page(&make());
    sessions_by_hash_per_user_and_expiry(&make());
    // Concurrency.
    reads_see_only_committed_data(&make());
    a_read_is_one_snapshot(&make());
    racing_writers_lose_no_update(&make());
    racing_completions_complete_once(&make());
    // Bounded reads through the real service.
    service_reads_are_bounded_by_the_page(&make());
}

// ---------------------------------------------------------------------------------------
// Helpers the checks share.

/// Whether `e` is a backend's refusal of a clashing write (a lost race, an append that does
/// not link to the head): a retryable [`crate::StorageError::Conflict`].
pub fn is_conflict(e: &Error) -> bool {
    matches!(e, Error::Storage(crate::StorageError::Conflict { .. })) && e.is_retryable()
}

#[track_caller]
fn write<S: Store, R>(store: &S, f: impl FnMut(&mut dyn WriteTx) -> Result<R>) -> R {
    store.write(f).expect("write transaction failed")
}

#[track_caller]
fn read<S: Store, R>(store: &S, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> R {
    store.read(f).expect("read transaction failed")
}

/// Asserts a retryable conflict.
#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(result: Result<T>, what: &str) {
    match result {
        Err(e) if is_conflict(&e) => {}
        other => panic!("{what}: expected a retryable storage conflict, got {other:?}"),
    }
}

/// Asserts the refusal of a campaign name another campaign holds.
#[track_caller]
fn assert_name_taken<T: std::fmt::Debug>(result: Result<T>, what: &str) {
    match result {
        Err(Error::AlreadyExists {
            entity: crate::model::EntityKind::Campaign,
            field,
            ..
        }) if field == "name" => {}
        other => panic!("{what}: expected the name to be refused as taken, got {other:?}"),
    }
}

/// Deletes record `id` with `delete`, checking that it says whether the record existed:
/// yes the first time, no when deleted twice, no for id 99, which never existed.
#[track_caller]
fn assert_deletes_once<S: Store>(
    store: &S,
    id: u64,
    what: &str,
    delete: impl Fn(&mut dyn WriteTx, u64) -> Result<bool>,
) {
    assert!(write(store, |tx| delete(tx, id)), "existing {what}");
    assert!(!write(store, |tx| delete(tx, id)), "deleted twice");
    assert!(!write(store, |tx| delete(tx, 99)), "never existed");
}

/// Ids of records, for comparing orders.
trait Id {
    fn id(&self) -> u64;
}

macro_rules! id {
    ($($ty:ty => $field:ident),*) => {$(
        impl Id for $ty {
            fn id(&self) -> u64 {
                self.$field.0
            }
        }
    )*};
}

id!(crate::Campaign => id, crate::CampaignPlan => id, crate::CalendarItem => id,
    crate::OperatorTask => id, crate::TaskBrief => id, crate::MetricEntry => id,
    crate::AuditEntry => seq);

impl Id for crate::CampaignId {
    fn id(&self) -> u64 {
        self.0
    }
}

fn ids<T: Id>(records: &[T]) -> Vec<u64> {
    records.iter().map(Id::id).collect()
}

/// Walks a keyset-paged query to its end, `limit` at a time, checking that no page is
/// longer than `limit` and only the last is shorter; returns every page.
#[track_caller]
fn pages<T, K>(
    limit: usize,
    mut page: impl FnMut(Option<K>, usize) -> Vec<T>,
    key: impl Fn(&T) -> K,
) -> Vec<Vec<T>> {
    assert!(limit > 0, "walk with a positive limit");
    let mut all = vec![];
    let mut after = None;
    loop {
        let next = page(after, limit);
        assert!(next.len() <= limit, "a page holds at most `limit` records");
        let full = next.len() == limit;
        after = next.last().map(&key);
        let done = !full;
        if !next.is_empty() || all.is_empty() {
            all.push(next);
        }
        if done || after.is_none() {
            return all;
        }
    }
}

/// The ids of every page, in order.
fn page_ids<T: Id>(pages: &[Vec<T>]) -> Vec<Vec<u64>> {
    pages.iter().map(|p| ids(p)).collect()
}
