//! What the `ops` and `tick` benches share: the target directory, scratch files and
//! directories removed on drop, the tmpfs scratch directory, telling `cargo bench` from
//! `cargo test --benches`, and building a data set in a child process (so that its memory
//! does not count against the bench process's peak RSS).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The benches' error type.
pub type BoxResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The target directory (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => manifest.join(dir),
        None => manifest.join("target"),
    }
}

/// Whether `cargo bench` started this process (it passes `--bench`; `cargo test --benches`
/// does not, and then a bench has nothing to do).
pub fn is_bench_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A scratch file, removed on drop.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A scratch directory, removed with what it holds on drop (also when the run fails).
pub struct ScratchDir(pub PathBuf);

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A tmpfs directory of this run (`/dev/shm/<prefix>-<pid>`), where a flush costs nothing;
/// `None` without `/dev/shm`.
pub fn shm_dir(prefix: &str) -> Option<PathBuf> {
    let dir = Path::new("/dev/shm").join(format!("{prefix}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok().map(|()| dir)
}

/// Runs this bench's own executable again with `envs` set (the child builds a data set and
/// exits); an error when it fails.
pub fn run_child(what: &str, envs: &[(&str, &std::ffi::OsStr)]) -> BoxResult<()> {
    let mut command = Command::new(std::env::current_exe()?);
    for (k, v) in envs {
        command.env(k, v);
    }
    let status = command.status()?;
    if !status.success() {
        return Err(format!("{what}: the child exited with {status}").into());
    }
    Ok(())
}
