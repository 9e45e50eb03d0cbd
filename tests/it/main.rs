//! The one integration-test binary of campaign-ops: a module per area.
