//! Compression of what the server renders per request (pages, server functions' JSON):
//! tower-http's layer at a fast level, as the client accepts (zstd, brotli, gzip). The
//! site's files are not compressed here: they were compressed once at build time
//! ([`super::site`]) and carry their `Content-Encoding`, which this layer leaves alone.
//!
//! Why a fast level: a page is compressed on every request, so the level is paid for in
//! CPU per request; at level 4 brotli took ~12 % of the server's CPU on the Today page.
//! The level and the encodings offered come from `CAMPAIGN_OPS_COMPRESSION` (e.g. `br:1`,
//! `gzip:1,br:2`, `zstd:1`, `off`), read once at start-up, so a load check can compare
//! them on one build; without it, [`DEFAULT`].

use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

/// The encodings and levels used when `CAMPAIGN_OPS_COMPRESSION` is not set.
pub const DEFAULT: &str = "br:1,gzip:1,zstd:1";

/// One encoding and its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Brotli, quality 0–11.
    Br(i32),
    /// Gzip, level 1–9.
    Gzip(i32),
    /// Zstandard, level 1–22.
    Zstd(i32),
}

impl Coding {
    fn level(self) -> i32 {
        match self {
            Coding::Br(l) | Coding::Gzip(l) | Coding::Zstd(l) => l,
        }
    }
}

/// Reads a setting like `br:1,gzip:1`: the encodings to offer, each with its level (one
/// level for all: tower-http's layer takes one); `off` (or nothing) for none.
pub fn parse(setting: &str) -> Result<Vec<Coding>, String> {
    let setting = setting.trim();
    if setting.is_empty() || setting == "off" {
        return Ok(Vec::new());
    }
    let codings = parse_list(setting)?;
    if codings.iter().any(|c| c.level() != codings[0].level()) {
        return Err(format!(
            "`{setting}`: give every encoding the same level (tower-http's layer takes one)"
        ));
    }
    Ok(codings)
}

fn parse_list(setting: &str) -> Result<Vec<Coding>, String> {
    setting
        .split(',')
        .map(|part| {
            let (name, level) = part.trim().split_once(':').ok_or_else(|| {
                format!("`{part}`: expected NAME:LEVEL, e.g. br:1 (names: br, gzip, zstd)")
            })?;
            let level: i32 = level
                .trim()
                .parse()
                .map_err(|_| format!("`{part}`: the level must be a number"))?;
            let (coding, range) = match name.trim() {
                "br" => (Coding::Br(level), 0..=11),
                "gzip" => (Coding::Gzip(level), 1..=9),
                "zstd" => (Coding::Zstd(level), 1..=22),
                other => return Err(format!("`{other}`: unknown encoding (br, gzip, zstd)")),
            };
            if range.contains(&level) {
                Ok(coding)
            } else {
                Err(format!("`{part}`: the level must be in {range:?}"))
            }
        })
        .collect()
}

/// The layer for `codings` (as [`parse`] returns them: one level).
pub fn layer_for(codings: &[Coding]) -> CompressionLayer {
    let has = |f: fn(&Coding) -> bool| codings.iter().any(f);
    let level = codings.first().map_or(1, |c| c.level());
    CompressionLayer::new()
        .br(has(|c| matches!(c, Coding::Br(_))))
        .gzip(has(|c| matches!(c, Coding::Gzip(_))))
        .zstd(has(|c| matches!(c, Coding::Zstd(_))))
        .quality(CompressionLevel::Precise(level))
}

/// The layer as `CAMPAIGN_OPS_COMPRESSION` (else [`DEFAULT`]) says; a setting that does not
/// parse is logged and the default used.
pub fn layer() -> CompressionLayer {
    let setting = std::env::var("CAMPAIGN_OPS_COMPRESSION").ok();
    let codings = match setting.as_deref().map(parse) {
        Some(Ok(codings)) => codings,
        Some(Err(e)) => {
            tracing::warn!("CAMPAIGN_OPS_COMPRESSION: {e}; using {DEFAULT}");
            parse(DEFAULT).expect("the default parses")
        }
        None => parse(DEFAULT).expect("the default parses"),
    };
    layer_for(&codings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_bad_ones_name_the_part() {
        assert_eq!(
            parse("br:1, gzip:1"),
            Ok(vec![Coding::Br(1), Coding::Gzip(1)])
        );
        assert_eq!(parse("off"), Ok(vec![]));
        assert!(parse(DEFAULT).is_ok());
        assert!(parse("br").unwrap_err().contains("NAME:LEVEL"));
        assert!(parse("lz4:1").unwrap_err().contains("lz4"));
        assert!(parse("gzip:0").unwrap_err().contains("1..=9"));
        assert!(parse("br:x").unwrap_err().contains("number"));
        assert!(parse("br:1,gzip:2").unwrap_err().contains("same level"));
    }
}
