//! `cargo xtask`: builds and starts the dashboard with nothing installed by hand (the alias
//! is in `.cargo/config.toml`).
//!
//! - `cargo xtask build`: adds the `wasm32-unknown-unknown` target if missing, builds the
//!   hydrate client (profile `wasm-release`: release, optimised for size), runs wasm-bindgen through the `wasm-bindgen-cli-support`
//!   library (pinned to the `wasm-bindgen` of Cargo.lock, checked) into `target/site/pkg`
//!   with the CSS, then builds the `campaign-ops` server (release), which embeds that site.
//! - `cargo xtask serve [ARGS]`: builds, then runs `campaign-ops serve --db
//!   campaign-ops.redb --addr 127.0.0.1:3000` (`ARGS` replace those defaults).
//! - `cargo xtask test [ARGS]`: builds the client into `target/site` (steps 1 to 3), then
//!   runs `cargo test --workspace ARGS`, so that the test build of the server embeds the
//!   client and the browser tests exercise the hydrated pages.
//! - `cargo xtask load`: builds, then the load check of the signed-in Today page on a
//!   database of 1,000,000 tasks (`load`), written to `target/load-report.md`.

mod bindgen;
mod load;
mod precompress;
mod steps;
mod sync;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// An xtask failure: a message for the person at the terminal.
type Result<T, E = String> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let outcome = match args.next().as_deref() {
        Some("build") => build().map(|_| ()),
        Some("serve") => build().and_then(|paths| serve(&paths, args.collect())),
        Some("test") => client_site().and_then(|paths| steps::test(&paths, args.collect())),
        Some("load") => load::Options::parse(&args.collect::<Vec<_>>()).and_then(|options| {
            let paths = match options.prebuilt {
                Some(_) => Paths::new(),
                None => build()?,
            };
            load::run(&paths, &options)
        }),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  build           the WASM client, wasm-bindgen, the campaign-ops server (release)
  serve [ARGS]    build, then `campaign-ops serve --db campaign-ops.redb --addr 127.0.0.1:3000`
                  (ARGS, e.g. `--addr 127.0.0.1:8080`, replace those defaults)
  test [ARGS]     the WASM client and wasm-bindgen, then `cargo test --workspace ARGS` (the
                  server under test embeds the client: the browser tests need it)
  load [--tasks N] [--prebuilt DIR]
                  build, then the load check of the signed-in Today page on 1,000,000 tasks
                  (needs `wrk`: apt-get install wrk) -> target/load-report.md";

/// Where things are.
pub struct Paths {
    /// The workspace root.
    pub root: PathBuf,
    /// The cargo target directory.
    pub target: PathBuf,
    /// `target/site`: what the server embeds (`pkg/` inside).
    pub site: PathBuf,
    /// The server binary.
    pub server: PathBuf,
}

impl Paths {
    fn new() -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask/ is inside the workspace")
            .to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(|t| root.join(t))
            .unwrap_or_else(|| root.join("target"));
        Self {
            site: target.join("site"),
            server: target.join("release").join("campaign-ops"),
            root,
            target,
        }
    }
}

/// Steps 1 to 3: the WASM target, the client, wasm-bindgen into `target/site`.
fn client_site() -> Result<Paths> {
    let paths = Paths::new();
    steps::wasm_target()?;
    let wasm = steps::client(&paths)?;
    bindgen::site(&paths, &wasm)?;
    Ok(paths)
}

fn build() -> Result<Paths> {
    let paths = Paths::new();
    let started = Instant::now();
    steps::wasm_target()?;
    let wasm = steps::client(&paths)?;
    let site = bindgen::site(&paths, &wasm)?;
    steps::server(&paths)?;
    let server = std::fs::metadata(&paths.server)
        .map_err(|e| format!("no server binary at {}: {e}", paths.server.display()))?
        .len();
    println!(
        "built in {}: wasm {} ({} gzip), js {}, css {}, server {} -> {}",
        units::duration(started.elapsed()),
        units::bytes(site.wasm),
        units::bytes(site.wasm_gzip),
        units::bytes(site.js),
        units::bytes(site.css),
        units::bytes(server),
        paths.server.display()
    );
    Ok(paths)
}

fn serve(paths: &Paths, mut args: Vec<String>) -> Result<()> {
    let given = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    let mut defaults = Vec::new();
    if !given("--db") {
        defaults.extend(["--db".to_owned(), "campaign-ops.redb".to_owned()]);
    }
    if !given("--addr") {
        defaults.extend(["--addr".to_owned(), "127.0.0.1:3000".to_owned()]);
    }
    args.splice(0..0, std::iter::once("serve".to_owned()).chain(defaults));
    println!("running {} {}", paths.server.display(), args.join(" "));
    let mut command = std::process::Command::new(&paths.server);
    command.args(&args);
    #[cfg(unix)]
    {
        // Become the server, so Ctrl-C and SIGTERM reach it directly.
        use std::os::unix::process::CommandExt;
        let err = command.exec();
        Err(format!("cannot run {}: {err}", paths.server.display()))
    }
    #[cfg(not(unix))]
    {
        let status = command
            .status()
            .map_err(|e| format!("cannot run {}: {e}", paths.server.display()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the server exited with {status}"))
        }
    }
}
