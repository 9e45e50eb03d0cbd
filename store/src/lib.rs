//! campaign-ops-store: RedbStore, the embedded default [`campaign_ops_core::Store`].

/// Placeholder until the store lands.
pub struct RedbStore;
