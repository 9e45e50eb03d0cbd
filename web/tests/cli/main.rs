//! The `campaign-ops` binary as an operator runs it (real processes, a real redb file and a
//! throwaway PostgreSQL): the store chosen by `--db`, `dump` / `load` from redb to
//! PostgreSQL, `export`, two dashboards on one PostgreSQL, and a table of bad arguments.

mod bad_args;
mod common;
mod dashboards;
mod export;
mod moving;
mod ops;
