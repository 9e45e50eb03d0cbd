//! Fuzz target `decode_records`: see `props::decode_records`.
#![no_main]

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::decode_records(data));
