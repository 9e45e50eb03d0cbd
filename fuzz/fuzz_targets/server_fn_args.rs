//! Fuzz target `server_fn_args`: see `props::server_fn_args`.
#![no_main]

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::server_fn_args(data));
