//! PgStore against a real PostgreSQL (a throwaway server, see `campaign_ops_pg::testing`).

mod accounts;
mod audit;
mod bulk;
mod conformance;
mod daemons;
mod dashboards;
mod dump;
mod migration;
mod schema;
mod service;
