//! campaign-ops-core: the domain of campaign-ops.
//!
//! Pure by design: no I/O, no async, no global state. Storage is reached through the
//! [`Store`] trait and time through the [`Clock`] trait, so every rule here is testable with
//! an in-memory store and a fixed clock.

pub mod clock;
pub mod error;
pub mod export;
pub mod model;
pub mod planning;
pub mod platform;
pub mod report;
pub mod service;
pub mod store;
pub mod validate;

#[cfg(any(test, feature = "testing"))]
pub mod conformance;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, Result, StorageError, Transition};
pub use model::*;
pub use service::CampaignOps;
pub use store::{
    AnyStore, CampaignPage, CampaignQuery, MAX_WRITE_ATTEMPTS, ReadTx, Sequence, StatusCounts,
    Store, Walk, WriteTx,
};
