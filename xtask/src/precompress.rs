//! The site compressed once, at build time, at the best levels: beside each file of
//! `pkg/` a `<file>.br` (brotli 11, window 24) and a `<file>.gz` (gzip 9), which the
//! server's build script embeds and the server sends as they are to a browser that
//! accepts them (`web/src/server/site.rs`). A file whose bytes did not change since the
//! last build keeps the encodings it had (compressing the WASM at brotli 11 takes seconds).

use std::io::Write as _;
use std::path::Path;

use crate::Result;

/// A compressor: the bytes of a file to their encoding.
type Compress = fn(&[u8]) -> Vec<u8>;

/// The encodings written: suffix and compressor.
const ENCODINGS: [(&str, Compress); 2] = [(".br", brotli_best), (".gz", gzip_best)];

/// Whether `name` is an encoding this module writes (not a site file of its own).
pub fn is_encoding(name: &str) -> bool {
    ENCODINGS.iter().any(|(ext, _)| name.ends_with(ext))
}

/// Writes the encodings of every file of `fresh` into `fresh`, reusing those in `previous`
/// (the site as the last build left it) for files whose bytes are the same there.
pub fn dir(fresh: &Path, previous: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(fresh).map_err(|e| format!("cannot read {}: {e}", fresh.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            dir(&path, &previous.join(&name))?;
            continue;
        }
        if is_encoding(&name) {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let unchanged = std::fs::read(previous.join(&name)).ok().as_deref() == Some(&bytes[..]);
        for (ext, compress) in ENCODINGS {
            let encoded = format!("{name}{ext}");
            let kept = previous.join(&encoded);
            let out = fresh.join(&encoded);
            let reused = unchanged && std::fs::copy(&kept, &out).is_ok();
            if !reused {
                std::fs::write(&out, compress(&bytes))
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            }
        }
    }
    Ok(())
}

/// Brotli at quality 11 with a 16 MiB window (the whole WASM file fits in it).
fn brotli_best(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

/// Gzip at level 9.
fn gzip_best(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    #[test]
    fn encodings_decode_to_the_file_and_unchanged_files_keep_theirs() {
        let base = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let (fresh, previous) = (base.join("fresh"), base.join("previous"));
        std::fs::create_dir_all(&fresh).unwrap();
        std::fs::create_dir_all(&previous).unwrap();
        let text = "body { margin: 0 } ".repeat(200);
        std::fs::write(fresh.join("a.css"), &text).unwrap();
        std::fs::write(fresh.join("b.js"), "export {}").unwrap();
        // The last build had a.css as it is, with (marked) encodings: they are kept.
        std::fs::write(previous.join("a.css"), &text).unwrap();
        std::fs::write(previous.join("a.css.br"), "kept").unwrap();
        std::fs::write(previous.join("a.css.gz"), "kept").unwrap();
        std::fs::write(previous.join("b.js"), "old").unwrap();
        std::fs::write(previous.join("b.js.br"), "stale").unwrap();
        dir(&fresh, &previous).unwrap();
        assert_eq!(std::fs::read(fresh.join("a.css.br")).unwrap(), b"kept");
        let br = std::fs::read(fresh.join("b.js.br")).unwrap();
        let mut decoded = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, "export {}");
        let gz = std::fs::read(fresh.join("b.js.gz")).unwrap();
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, "export {}");
        assert!(is_encoding("x.wasm.br") && !is_encoding("x.wasm"));
        let big = brotli_best(text.as_bytes());
        assert!(big.len() * 10 < text.len(), "{} bytes", big.len());
        std::fs::remove_dir_all(base).unwrap();
    }
}
