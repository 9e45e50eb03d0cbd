//! The generated data set of campaign-ops: 10,000 active campaigns and 1,000,000 tasks at
//! full scale ([`FULL`]), written through the `Store` trait. One generator for two users:
//! the ops bench (`benches/ops/dataset_build.rs`, a dev-dependency, at its fixed "now",
//! which also inserts every [`Batch`] into SQLite) and the load check (`cargo xtask load`,
//! through the `campaign-ops-loadgen` binary, at the moment of writing, so that the
//! signed-in Today page has a realistic backlog).
//!
//! Shape (full scale): half the campaigns in Europe/Berlin, the rest in five other zones;
//! campaign 1 has 10,000 tasks, the others 99 or 100, spread over the 120 days before and
//! the 30 days after "now". Tasks come in groups of a POST (with its calendar item) and two
//! ENGAGE follow-ups due 2 h and 24 h after it; each campaign has two of the 500 operators,
//! so an operator holds about 2,000 tasks. Statuses follow the due time: long past ones are
//! mostly completed (some failed, skipped, a few still open), the last three days are about
//! half open, future ones pending. Every completed task has two metrics (impressions,
//! engagements). Every campaign has a plan and a `campaign.create` audit entry. Records are
//! written in creation order (POSTs a week before they are due, follow-ups when their POST
//! is done), so one campaign's tasks are spread over the whole id range, as they would be
//! in a real file. [`shape`] draws the data, [`records`] writes it.

pub mod records;
pub mod shape;

pub use records::{Batch, CHUNK, Written, write};
pub use shape::{FULL, MIN_TASKS, SMALL, Scale, post_url};

/// Bump when [`write()`] writes different data for the same scale and "now": the load
/// check's cached database is keyed by it (and by the store's schema version). The ops
/// bench keys its cache by its own version (`benches/ops/dataset.rs`).
pub const DATA_VERSION: u32 = 1;

/// The operator `cargo xtask load` signs in as: one of the 500, about 2,000 tasks.
pub const LOAD_USER: &str = "op-042";
/// Its password.
pub const LOAD_PASSWORD: &str = "load check passphrase";

#[cfg(test)]
mod tests;
