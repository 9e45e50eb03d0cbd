//! The fuzz targets' findings as regression tests: every input kept in
//! `fuzz/regressions/<target>/` (the crashes and the interesting inputs a fuzz run found,
//! plus a few seeds) is replayed through the same property the target checks
//! (`fuzz/props.rs`, included here as it is), on every `cargo test`.

#[path = "../../fuzz/props.rs"]
#[allow(dead_code)]
mod props;

use std::path::PathBuf;

/// The kept inputs of `target`, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no kept inputs in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

fn replay(target: &str, property: fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        let outcome = std::panic::catch_unwind(|| property(&bytes));
        assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
    }
}

#[test]
fn fuzz_check_content_inputs_stay_fixed() {
    replay("check_content", props::check_content);
}

#[test]
fn fuzz_decode_records_inputs_stay_fixed() {
    replay("decode_records", props::decode_records);
}

#[test]
fn fuzz_ics_export_inputs_stay_fixed() {
    replay("ics_export", props::ics_export);
}

#[test]
fn fuzz_server_fn_args_inputs_stay_fixed() {
    replay("server_fn_args", props::server_fn_args);
}
