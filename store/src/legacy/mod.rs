//! The layouts of schema versions 1 to 5: their tables, their record codec and the frozen
//! v5 record types. Only the migrations (and the test hooks that write old files) use them.

pub(crate) mod codec;
pub(crate) mod tables;
pub mod v5;
