//! The load check's options and the cached data's name (the rest runs the real server,
//! wrk and Chromium: `cargo xtask load` itself).

use super::Options;
use super::data::data_name;

fn parse(args: &[&str]) -> Result<Options, String> {
    Options::parse(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
}

#[test]
fn options_default_to_a_million_tasks_and_a_fresh_build() {
    let o = parse(&[]).unwrap();
    assert_eq!(o.tasks, 1_000_000);
    assert!(o.prebuilt.is_none());
    let o = parse(&["--tasks", "100_000", "--prebuilt", "target/release"]).unwrap();
    assert_eq!(o.tasks, 100_000);
    assert_eq!(
        o.prebuilt.as_deref(),
        Some(std::path::Path::new("target/release"))
    );
    assert_eq!(parse(&["--tasks", "250,000"]).unwrap().tasks, 250_000);
}

#[test]
fn bad_options_say_what_is_expected() {
    let e = parse(&["--tasks", "9999"]).err().unwrap();
    assert!(e.contains("at least 10000") && e.contains("9999"), "{e}");
    let e = parse(&["--tasks"]).err().unwrap();
    assert!(e.contains("--tasks takes a value"), "{e}");
    let e = parse(&["--fast", "yes"]).err().unwrap();
    assert!(e.contains("unknown option `--fast`"), "{e}");
}

#[test]
fn the_cache_is_named_by_size_and_key() {
    assert_eq!(data_name(1_000_000, "d1-s7"), "load-1000000-d1-s7.redb");
    assert_ne!(data_name(1_000_000, "d1-s7"), data_name(1_000_000, "d1-s8"));
}
