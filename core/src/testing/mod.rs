//! Test backends and instruments for the storage seam: [`MemoryStore`], a second, in-memory
//! [`Store`](crate::Store) with optimistic concurrency, and [`CountingStore`], which counts
//! the records a call reads and writes through any store.
//!
//! Compiled under `cfg(test)` and the `testing` feature only; the conformance suite
//! (`crate::conformance`) runs on both through them.

mod counting;
mod memory;

pub use counting::{CountingStore, RecordKind, Tally};
pub use memory::MemoryStore;

#[cfg(test)]
mod tests;
