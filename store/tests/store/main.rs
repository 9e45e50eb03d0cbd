//! The one integration-test binary of campaign-ops-store: a module per risk. The Store
//! contract itself is core's conformance suite (`conformance`); the rest is what only
//! RedbStore has: its file, its sequences, damaged bytes, migrations, dumps, processes.

mod check;
mod conformance;
mod corrupt;
mod crash;
mod dump;
mod fixture_v7;
mod migration;
mod migration_v7;
mod operations;
mod persistence;
mod planned_runs;
mod process;
mod schema;
mod sequences;
mod support;
mod wal;
mod wal_fixture;
