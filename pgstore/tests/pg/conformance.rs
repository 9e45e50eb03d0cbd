//! The core conformance suite, unchanged, on PgStore: every check on a fresh schema.

use campaign_ops_pg::testing::TestServer;

#[test]
fn conformance_suite_passes() {
    let Some(pg) = TestServer::shared() else {
        return;
    };
    campaign_ops_core::conformance::run_all(|| pg.store().expect("a fresh PgStore"));
}
