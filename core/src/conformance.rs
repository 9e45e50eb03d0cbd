//! The Store conformance suite, filled by the store work.
