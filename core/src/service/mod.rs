//! [`CampaignOps`]: the API host applications, the dashboard and the actions call.
//!
//! Every call takes the acting [`crate::Actor`]; every mutation runs in one write
//! transaction that also appends its audit entry, so a change and its record commit together
//! or not at all. The service is split by area, one module each.

mod audit;
mod campaigns;
mod queue;
mod reports;

pub use audit::{AuditVerification, ChainBreak, GENESIS_HASH, entry_hash};
pub use campaigns::{
    CampaignFilter, CampaignPage, CampaignUpdate, MAX_CADENCE, NewCampaign, default_cadence,
};
pub use queue::{OperatorQueue, local_day_bounds, start_of_local_day};


use crate::{Clock, Store};

/// The campaign operations service over a store `S` and a clock `C`.
#[derive(Clone)]
pub struct CampaignOps<S, C> {
    store: S,
    clock: C,
}

impl<S, C> std::fmt::Debug for CampaignOps<S, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CampaignOps")
            .finish_non_exhaustive()
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// A service on `store`, reading time from `clock`, planning with [`TemplatePlanner`].
    pub fn new(store: S, clock: C) -> Self {
        Self {
            store,
            clock,
        }
    }

    /// The underlying store (for read-only inspection and tools).
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }
}
