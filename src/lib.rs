//! campaign-ops: plan, schedule and run marketing campaigns.
//!
//! This facade is what a host application links. It re-exports the domain
//! ([`core`]), the embedded default store ([`store`]) and the action registry and daemon
//! ([`actions`]).
//!
//! The README follows; its Rust example is compiled as a doctest, so it stays true.
#![doc = include_str!("../README.md")]

pub use campaign_ops_actions as actions;
pub use campaign_ops_core as core;
pub use campaign_ops_store as store;

pub use campaign_ops_core::*;
pub use campaign_ops_store::RedbStore;
