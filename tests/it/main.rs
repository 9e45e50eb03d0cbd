//! The one integration-test binary of campaign-ops: a module per area, all on the real
//! RedbStore (in memory or in a temp file) and a FixedClock.

mod actions;
mod audit;
mod campaigns;
mod daemon;
mod fixture;
mod kill;
mod operator;
mod persistence;
mod planning;
mod reports;
mod support;
