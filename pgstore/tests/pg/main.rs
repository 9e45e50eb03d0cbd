//! PgStore against a real PostgreSQL (a throwaway server, see `campaign_ops_pg::testing`).

mod conformance;
mod daemons;
mod dashboards;
mod dump;
mod schema;
mod service;
