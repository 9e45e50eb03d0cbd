//! The one integration-test binary of campaign-ops-store: a module per risk.

mod conformance;
mod corrupt;
mod persistence;
mod process;
mod schema;
mod support;
