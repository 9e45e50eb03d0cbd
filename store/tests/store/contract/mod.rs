//! The v2 Store contract, checked on RedbStore in memory and on a file: every trait method
//! with its ordering, cursors, limits, empty and reversed ranges, and the refusals that
//! must change nothing. (Core's conformance suite is being rewritten for v2; once it lands,
//! `conformance::run_all` runs here too.)

mod calendar;
mod campaigns;
mod log;
mod tasks;
mod writes;
