//! The cargo and rustup steps.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::{Paths, Result, units};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The client's cargo profile (in the workspace Cargo.toml): release, optimised for size.
pub const CLIENT_PROFILE: &str = "wasm-release";

/// The cargo that runs the xtask (`$CARGO`), so the same toolchain builds everything.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // Set while compiling, Leptos would ask for `<name>.wasm` instead of wasm-bindgen's
    // `<name>_bg.wasm` (cargo-leptos sets it; we do not).
    command.env_remove("LEPTOS_OUTPUT_NAME");
    command
}

fn run(step: &str, mut command: Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|e| format!("{step}: cannot run {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{step} failed ({status})"))
    }
}

/// Step 1: the WASM target, added with rustup when missing.
pub fn wasm_target() -> Result<()> {
    let started = Instant::now();
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir() {
        println!("[1/4] target {WASM_TARGET}: installed");
        return Ok(());
    }
    println!("[1/4] target {WASM_TARGET}: adding it with rustup");
    let mut rustup = Command::new("rustup");
    rustup.args(["target", "add", WASM_TARGET]);
    run("rustup target add", rustup)
        .map_err(|e| format!("{e}: install the target with `rustup target add {WASM_TARGET}`"))?;
    println!(
        "[1/4] target {WASM_TARGET} added in {}",
        units::duration(started.elapsed())
    );
    Ok(())
}

/// Step 2: the hydrate client, release; returns the `.wasm` cargo wrote.
pub fn client(paths: &Paths) -> Result<PathBuf> {
    let started = Instant::now();
    println!(
        "[2/4] client: cargo build --profile {CLIENT_PROFILE} --lib -p campaign-ops-web --target {WASM_TARGET} --no-default-features --features hydrate"
    );
    let mut command = cargo();
    command.current_dir(&paths.root).args([
        "build",
        "--profile",
        CLIENT_PROFILE,
        "--lib",
        "-p",
        "campaign-ops-web",
        "--target",
        WASM_TARGET,
        "--no-default-features",
        "--features",
        "hydrate",
    ]);
    run("the client build", command)?;
    let wasm = paths
        .target
        .join(WASM_TARGET)
        .join(CLIENT_PROFILE)
        .join("campaign_ops_web.wasm");
    if !wasm.is_file() {
        return Err(format!("the client build wrote no {}", wasm.display()));
    }
    println!(
        "[2/4] client built in {}",
        units::duration(started.elapsed())
    );
    Ok(wasm)
}

/// Step 4: the server, release, embedding `target/site`.
pub fn server(paths: &Paths) -> Result<()> {
    let started = Instant::now();
    println!(
        "[4/4] server: cargo build --release --bin campaign-ops -p campaign-ops-web --no-default-features --features ssr"
    );
    let mut command = cargo();
    command
        .current_dir(&paths.root)
        .env("CAMPAIGN_OPS_SITE_DIR", &paths.site)
        .args([
            "build",
            "--release",
            "--bin",
            "campaign-ops",
            "-p",
            "campaign-ops-web",
            "--no-default-features",
            "--features",
            "ssr",
        ]);
    run("the server build", command)?;
    println!(
        "[4/4] server built in {}",
        units::duration(started.elapsed())
    );
    Ok(())
}

/// `cargo test --workspace ARGS` (without `--workspace` when ARGS pick packages), with the
/// server's build reading the site just built.
pub fn test(paths: &Paths, args: Vec<String>) -> Result<()> {
    let picks_packages = args
        .iter()
        .any(|a| a == "-p" || a.starts_with("--package") || a.starts_with("-p"));
    let mut cargo_args = vec!["test".to_owned()];
    if !picks_packages {
        cargo_args.push("--workspace".to_owned());
    }
    cargo_args.extend(args);
    println!("cargo {}", cargo_args.join(" "));
    let mut command = cargo();
    command
        .current_dir(&paths.root)
        .env("CAMPAIGN_OPS_SITE_DIR", &paths.site)
        .args(&cargo_args);
    run("the tests", command)
}
