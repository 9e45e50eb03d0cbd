//! Fuzz target `check_content`: see `props::check_content`.
#![no_main]

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::check_content(data));
