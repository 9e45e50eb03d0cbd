//! Fuzz target `ics_export`: see `props::ics_export`.
#![no_main]

#[path = "../props.rs"]
#[allow(dead_code)]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::ics_export(data));
