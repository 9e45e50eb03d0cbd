//! The one integration-test binary of campaign-ops-store: a module per risk.

mod conformance;
mod contract;
mod corrupt;
mod dump;
mod migration;
mod persistence;
mod process;
mod schema;
mod support;
