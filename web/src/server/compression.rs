//! Compression of what the server renders per request (pages, server functions' JSON,
//! downloads), as the client accepts: zstd, brotli or gzip at a fast level.
//!
//! A page is compressed on every request, so the level and the encoder's set-up are paid
//! in CPU per request: tower-http's streaming encoders allocate and zero their full-size
//! tables for every response (brotli's quality-1 buffers alone are 640 KB), whatever the
//! body's size, which with brotli at level 4 was ~12 % of the server's CPU on the Today
//! page, and much of the allocator's share besides. So bodies of a known type and a
//! bounded size are compressed here whole, in one call, by encoders sized to the body
//! (brotli's window) or reused per thread (zstd's and deflate's state, [`encoders`]); the rest (bodies of unknown
//! size or over [`WHOLE_LIMIT`]) go to tower-http's streaming layer at the same level. The
//! site's files are neither: they were compressed once at build time ([`super::site`]) and
//! carry their `Content-Encoding`, which both leave alone.
//!
//! `CAMPAIGN_OPS_COMPRESSION` (e.g. `br:1`, `gzip:1,br:1`, `zstd:1`, `off`), read once at
//! start-up, picks the encodings and the level, so a load check can compare them on one
//! build; without it, [`DEFAULT`].

pub mod encoders;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

/// The encodings and level used when `CAMPAIGN_OPS_COMPRESSION` is not set, in the order
/// preferred when a client accepts several: by CPU per page. Measured on the 35 KB Today
/// page of the load check (whole-body, one run on the shared machine, so as ratios): zstd 1
/// ~80 µs (5.5 KB), gzip 1 ~110 µs (6.7 KB), brotli 1 ~430 µs (9 KB: the Rust encoder's
/// fast qualities are neither fast nor small), brotli 2 ~400 µs (5.3 KB); so browsers get
/// zstd (Chromium, Firefox), else gzip, and brotli only a client that takes nothing else.
pub const DEFAULT: &str = "zstd:1,gzip:1,br:1";

/// Bodies up to this size, with their length known, are compressed whole here.
pub const WHOLE_LIMIT: u64 = 4 << 20;

/// Rendered pages (`text/html`, of unknown length) are compressed whole up to this size.
pub const PAGE_LIMIT: u64 = 64 << 20;

/// Bodies smaller than this are sent as they are (the encoding's framing would eat the
/// gain).
const MIN_SIZE: usize = 512;

/// One encoding and its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Zstandard, level 1–22.
    Zstd(i32),
    /// Brotli, quality 0–11.
    Br(i32),
    /// Gzip, level 1–9.
    Gzip(i32),
}

impl Coding {
    fn level(self) -> i32 {
        match self {
            Coding::Br(l) | Coding::Gzip(l) | Coding::Zstd(l) => l,
        }
    }

    /// Its `Content-Encoding` token.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Zstd(_) => "zstd",
            Coding::Br(_) => "br",
            Coding::Gzip(_) => "gzip",
        }
    }

    /// `body` compressed whole.
    pub fn compress(self, body: &[u8]) -> Vec<u8> {
        match self {
            Coding::Zstd(level) => encoders::zstd_whole(body, level),
            Coding::Br(quality) => encoders::brotli_whole(body, quality),
            Coding::Gzip(level) => encoders::gzip_whole(body, level),
        }
    }
}

/// Reads a setting like `br:1,gzip:1`: the encodings to offer, in the order preferred when
/// a client accepts several, with one level for all (tower-http's layer, which streams the
/// large bodies, takes one); `off` (or nothing) for none.
pub fn parse(setting: &str) -> Result<Vec<Coding>, String> {
    let setting = setting.trim();
    if setting.is_empty() || setting == "off" {
        return Ok(Vec::new());
    }
    let codings = setting
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
        .collect::<Result<Vec<_>, String>>()?;
    if codings.iter().any(|c| c.level() != codings[0].level()) {
        return Err(format!(
            "`{setting}`: give every encoding the same level (tower-http's layer takes one)"
        ));
    }
    Ok(codings)
}

/// The encodings offered, in order of preference.
#[derive(Debug, Clone)]
pub struct Compression {
    codings: Vec<Coding>,
}

impl Compression {
    /// As `CAMPAIGN_OPS_COMPRESSION` (else [`DEFAULT`]) says; a setting that does not
    /// parse is logged and the default used.
    pub fn from_env() -> Self {
        let setting = std::env::var("CAMPAIGN_OPS_COMPRESSION").ok();
        let codings = match setting.as_deref().map(parse) {
            Some(Ok(codings)) => codings,
            Some(Err(e)) => {
                tracing::warn!("CAMPAIGN_OPS_COMPRESSION: {e}; using {DEFAULT}");
                parse(DEFAULT).expect("the default parses")
            }
            None => parse(DEFAULT).expect("the default parses"),
        };
        Self { codings }
    }

    /// The first offered encoding that `accept` (an `Accept-Encoding`) takes.
    pub fn choose(&self, accept: &str) -> Option<Coding> {
        self.codings
            .iter()
            .copied()
            .find(|c| super::site::accepts(accept, c.name()))
    }

    /// tower-http's streaming layer with the same encodings and level, for the bodies
    /// [`compress`] leaves.
    pub fn streaming_layer(&self) -> CompressionLayer {
        let has = |f: fn(&Coding) -> bool| self.codings.iter().any(f);
        let level = self.codings.first().map_or(1, |c| c.level());
        CompressionLayer::new()
            .br(has(|c| matches!(c, Coding::Br(_))))
            .gzip(has(|c| matches!(c, Coding::Gzip(_))))
            .zstd(has(|c| matches!(c, Coding::Zstd(_))))
            .quality(CompressionLevel::Precise(level))
    }
}

/// Whether a response of this type is worth compressing (text and JSON; not images, the
/// WASM file or event streams).
fn compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    (essence.starts_with("text/") && essence != "text/event-stream")
        || essence == "application/json"
        || essence == "application/javascript"
        || essence == "image/svg+xml"
}

/// The middleware: compresses a whole response body of a compressible type (text, JSON)
/// — a page, or a body of a known length up to [`WHOLE_LIMIT`] — with the encoding
/// [`Compression::choose`] picks, setting `Content-Encoding` and `Vary`; anything else
/// passes on unchanged (to the streaming layer outside it).
pub async fn compress(
    State(compression): State<Arc<Compression>>,
    req: Request,
    next: Next,
) -> Response {
    let coding = (req.method() != Method::HEAD)
        .then(|| req.headers().get(header::ACCEPT_ENCODING))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| compression.choose(accept));
    let res = next.run(req).await;
    let Some(coding) = coding else {
        return res;
    };
    let headers = res.headers();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // A rendered page is a stream of unknown length, but whole in memory already (every
    // page renders asynchronously: sent once its data is loaded).
    let page = content_type.starts_with("text/html");
    let limit = if page { PAGE_LIMIT } else { WHOLE_LIMIT };
    let size = axum::body::HttpBody::size_hint(res.body()).exact();
    let whole = res.status() != StatusCode::NO_CONTENT
        && res.status() != StatusCode::NOT_MODIFIED
        && !headers.contains_key(header::CONTENT_ENCODING)
        && compressible(content_type)
        && (page || size.is_some_and(|n| n <= WHOLE_LIMIT));
    if !whole {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, limit as usize).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a response body to compress it failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server failed; see its log",
            )
                .into_response();
        }
    };
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    if bytes.len() < MIN_SIZE {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let compressed = coding.compress(&bytes);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(coding.name()),
    );
    Response::from_parts(parts, Body::from(compressed))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

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

    #[test]
    fn the_first_accepted_encoding_in_the_servers_order_is_chosen() {
        let c = Compression {
            codings: parse("zstd:1,br:1,gzip:1").unwrap(),
        };
        assert_eq!(c.choose("gzip, deflate, br, zstd"), Some(Coding::Zstd(1)));
        assert_eq!(c.choose("br, gzip"), Some(Coding::Br(1)));
        assert_eq!(c.choose("gzip"), Some(Coding::Gzip(1)));
        assert_eq!(c.choose("br;q=0, gzip"), Some(Coding::Gzip(1)));
        assert_eq!(c.choose("identity"), None);
    }

    #[test]
    fn every_encoding_decodes_to_the_body() {
        let body = "<li class=\"row\"><a href=\"/today?task=1\">Post</a></li>".repeat(300);
        for coding in parse("zstd:1,br:1,gzip:1").unwrap() {
            let packed = coding.compress(body.as_bytes());
            assert!(
                packed.len() * 10 < body.len(),
                "{coding:?}: {}",
                packed.len()
            );
            let mut out = String::new();
            match coding {
                Coding::Zstd(_) => {
                    out = String::from_utf8(zstd::bulk::decompress(&packed, 1 << 20).unwrap())
                        .unwrap();
                }
                Coding::Br(_) => {
                    brotli::Decompressor::new(&packed[..], 4096)
                        .read_to_string(&mut out)
                        .unwrap();
                }
                Coding::Gzip(_) => {
                    flate2::read::GzDecoder::new(&packed[..])
                        .read_to_string(&mut out)
                        .unwrap();
                }
            }
            assert_eq!(out, body, "{coding:?}");
        }
        // Twice on one thread: the reused zstd context starts afresh.
        assert_eq!(
            encoders::zstd_whole(b"abc", 1),
            zstd::bulk::compress(b"abc", 1).unwrap()
        );
        // And the reused deflate state: a second body decodes to itself alone.
        let again = Coding::Gzip(1).compress(b"second body");
        let mut out = String::new();
        flate2::read::GzDecoder::new(&again[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "second body");
    }
}
