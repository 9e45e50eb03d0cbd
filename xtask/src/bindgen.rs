//! Step 3: wasm-bindgen, as a library, into `target/site/pkg`, with the CSS.
//!
//! The JS glue that wasm-bindgen writes and the `#[wasm_bindgen]` code compiled into the
//! WASM must come from the same wasm-bindgen version, so this checks Cargo.lock's
//! `wasm-bindgen` against the `wasm-bindgen-cli-support` pin this xtask was built with.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use crate::{Paths, Result, sync, units};

/// xtask/Cargo.toml as it was when this xtask was compiled: its pin is the version of
/// `wasm-bindgen-cli-support` inside this program.
const XTASK_MANIFEST: &str = include_str!("../Cargo.toml");

/// The output name: `campaign-ops.js`, `campaign-ops_bg.wasm`, `campaign-ops.css`.
const OUT_NAME: &str = "campaign-ops";

/// What the site holds, in bytes.
pub struct SiteSizes {
    /// `_bg.wasm`.
    pub wasm: u64,
    /// `_bg.wasm` gzipped (level 6, what a server sends).
    pub wasm_gzip: u64,
    /// The JS glue.
    pub js: u64,
    /// The stylesheet.
    pub css: u64,
}

/// The version of `name` in a Cargo.lock.
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut current = None;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            current = None;
        } else if let Some(n) = line.strip_prefix("name = ") {
            current = Some(n.trim_matches('"').to_owned());
        } else if let Some(v) = line.strip_prefix("version = ")
            && current.as_deref() == Some(name)
        {
            return Some(v.trim_matches('"').to_owned());
        }
    }
    None
}

/// The `=X.Y.Z` pin of `wasm-bindgen-cli-support` in the xtask's manifest.
pub fn pinned_bindgen(manifest: &str) -> Option<String> {
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("wasm-bindgen-cli-support"))?;
    let version = line.split('"').nth(1)?;
    version.strip_prefix('=').map(str::to_owned)
}

/// Fails unless Cargo.lock's wasm-bindgen is exactly this xtask's wasm-bindgen-cli-support.
pub fn check_versions(lock: &str) -> Result<String> {
    let locked = locked_version(lock, "wasm-bindgen")
        .ok_or("Cargo.lock has no wasm-bindgen: is web/ still in the workspace?")?;
    let pinned = pinned_bindgen(XTASK_MANIFEST)
        .ok_or("xtask/Cargo.toml must pin wasm-bindgen-cli-support exactly (`= \"=X.Y.Z\"`)")?;
    if locked != pinned {
        return Err(format!(
            "Cargo.lock has wasm-bindgen {locked}, but this xtask is built with \
             wasm-bindgen-cli-support {pinned}: the JS glue would not match the WASM. Pin both to one \
             version: `wasm-bindgen-cli-support = \"={locked}\"` in xtask/Cargo.toml (and \
             `wasm-bindgen = \"={locked}\"` in web/Cargo.toml)"
        ));
    }
    Ok(locked)
}

/// Runs wasm-bindgen on `wasm` into a fresh `site/pkg` and adds the stylesheet.
pub fn site(paths: &Paths, wasm: &Path) -> Result<SiteSizes> {
    let started = Instant::now();
    let lock = std::fs::read_to_string(paths.root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let version = check_versions(&lock)?;
    let pkg = paths.site.join("pkg");
    println!(
        "[3/4] wasm-bindgen {version} (library) -> {}",
        pkg.display()
    );
    // Written aside, then synced: files that did not change keep their mtime, so the
    // server (whose build script watches pkg/) is not rebuilt for nothing.
    let fresh = paths.site.join("pkg.new");
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)
            .map_err(|e| format!("cannot clear {}: {e}", fresh.display()))?;
    }
    std::fs::create_dir_all(&fresh)
        .map_err(|e| format!("cannot create {}: {e}", fresh.display()))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(OUT_NAME)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        // The function-name section is more than half the module (3.3 of 5.9 MB) and only
        // names frames in a browser's stack traces: the panic hook still prints the message.
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&fresh)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    std::fs::copy(
        paths.root.join("web/style.css"),
        fresh.join(format!("{OUT_NAME}.css")),
    )
    .map_err(|e| format!("cannot copy web/style.css: {e}"))?;
    crate::precompress::dir(&fresh, &pkg)?;
    sync::dir(&fresh, &pkg).map_err(|e| format!("cannot update {}: {e}", pkg.display()))?;
    std::fs::remove_dir_all(&fresh)
        .map_err(|e| format!("cannot remove {}: {e}", fresh.display()))?;
    let css = pkg.join(format!("{OUT_NAME}.css"));
    let wasm_out = pkg.join(format!("{OUT_NAME}_bg.wasm"));
    let wasm_bytes = std::fs::read(&wasm_out)
        .map_err(|e| format!("wasm-bindgen wrote no {}: {e}", wasm_out.display()))?;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let sizes = SiteSizes {
        wasm: wasm_bytes.len() as u64,
        wasm_gzip: gzip_len(&wasm_bytes),
        js: size(&pkg.join(format!("{OUT_NAME}.js"))),
        css: size(&css),
    };
    println!(
        "[3/4] site written in {}",
        units::duration(started.elapsed())
    );
    Ok(sizes)
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_the_lock_and_the_pin() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-cli-support\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "serde"), None);
        let manifest = "[dependencies]\nwasm-bindgen-cli-support = \"=0.2.130\"\n";
        assert_eq!(pinned_bindgen(manifest).as_deref(), Some("0.2.130"));
        assert_eq!(pinned_bindgen("wasm-bindgen-cli-support = \"0.2\""), None);
    }

    #[test]
    fn this_workspace_pins_one_wasm_bindgen() {
        let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"))
            .expect("the workspace lock");
        check_versions(&lock).expect("the pin matches Cargo.lock");
        let mismatched = lock.replace(
            "name = \"wasm-bindgen\"\nversion = \"",
            "name = \"wasm-bindgen\"\nversion = \"9",
        );
        assert!(
            check_versions(&mismatched)
                .unwrap_err()
                .contains("Pin both")
        );
    }
}
