//! [`CampaignOps`]: the API host applications, the dashboard and the actions call.
//!
//! Every call takes the acting [`Actor`]; every mutation runs in one write transaction that
//! also appends its audit entries, so a change and its record commit together or not at all.
//! The service is split by area, one module each.

mod audit;
mod campaigns;

pub use audit::{AuditVerification, ChainBreak};
pub use campaigns::{CampaignFilter, CampaignPage, CampaignUpdate, NewCampaign};

use crate::{Clock, Store};

/// The campaign operations service over a store `S` and a clock `C`.
#[derive(Debug, Clone)]
pub struct CampaignOps<S, C> {
    store: S,
    clock: C,
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// A service on `store`, reading time from `clock`.
    pub fn new(store: S, clock: C) -> Self {
        Self { store, clock }
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
