//! The site embedded in the binary: the WASM client, its JS glue and the CSS, as
//! `web/build.rs` found them under `target/site/pkg` when the server was compiled, served
//! under `/pkg/` with an ETag (so a browser revalidates instead of downloading again).

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Its path under `/pkg/`, e.g. `campaign-ops_bg.wasm`.
    pub path: &'static str,
    /// Its content.
    pub bytes: &'static [u8],
    /// Its ETag (a quoted content hash).
    pub etag: &'static str,
    /// Its content compressed with brotli at the best level, when the site had it.
    pub br: Option<Encoded>,
    /// Its content compressed with gzip at the best level, when the site had it.
    pub gzip: Option<Encoded>,
}

/// A file's content in one encoding, compressed at build time.
#[derive(Debug)]
pub struct Encoded {
    /// The compressed bytes.
    pub bytes: &'static [u8],
    /// Their ETag: the file's, with the encoding (an ETag names one representation).
    pub etag: &'static str,
}

impl Asset {
    /// The representation to send to a client whose `Accept-Encoding` is `accept`: brotli,
    /// else gzip, when accepted and embedded; else the file as it is. Returns its bytes,
    /// ETag and `Content-Encoding`.
    pub fn representation(
        &self,
        accept: &str,
    ) -> (&'static [u8], &'static str, Option<&'static str>) {
        let choices = [(&self.br, "br"), (&self.gzip, "gzip")];
        for (encoded, name) in choices {
            if let Some(e) = encoded
                && accepts(accept, name)
            {
                return (e.bytes, e.etag, Some(name));
            }
        }
        (self.bytes, self.etag, None)
    }
}

/// Whether `Accept-Encoding: accept` takes `coding`: named (or `*`) with a q-value above
/// zero (RFC 9110 §12.5.3).
pub fn accepts(accept: &str, coding: &str) -> bool {
    let mut star = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .next()
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = q > 0.0;
        }
    }
    star
}

include!(concat!(env!("OUT_DIR"), "/site.rs"));

/// Every embedded file.
pub fn assets() -> &'static [Asset] {
    ASSETS
}

/// The embedded file at `path` (under `/pkg/`).
pub fn get(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// Whether the WASM client was built into this binary.
pub fn client_embedded() -> bool {
    ASSETS.iter().any(|a| a.path.ends_with(".wasm"))
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// The directory to read `/pkg` files from instead of the embedded ones:
/// `$LEPTOS_SITE_ROOT/pkg` when cargo-leptos runs the server.
fn disk_pkg_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("LEPTOS_SITE_ROOT").map(|root| std::path::PathBuf::from(root).join("pkg"))
}

/// A file of `dir` by its `/pkg/` path, refusing paths that leave the directory.
async fn from_disk(dir: &std::path::Path, file: &str) -> Response {
    use std::path::Component;
    let relative = std::path::Path::new(file);
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(dir.join(relative)).await {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(content_type(file)),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, format!("no file /pkg/{file}\n")).into_response(),
    }
}

/// `GET /pkg/{*file}`: the embedded file in the best encoding the client accepts
/// ([`Asset::representation`]), with `Vary: Accept-Encoding`; `304` when the client's
/// `If-None-Match` names the representation's ETag.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    if let Some(dir) = disk_pkg_dir() {
        return from_disk(&dir, &file).await;
    }
    let Some(asset) = get(&file) else {
        let message = if client_embedded() {
            format!("no file /pkg/{file}\n")
        } else {
            "the dashboard's client (WASM) is not built into this binary: build it with \
             `cargo xtask build` (or run `cargo xtask serve`)\n"
                .to_owned()
        };
        return (StatusCode::NOT_FOUND, message).into_response();
    };
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (bytes, etag, encoding) = asset.representation(accept);
    let mut out = HeaderMap::new();
    out.insert(header::ETAG, HeaderValue::from_static(etag));
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // The answer depends on Accept-Encoding whichever encoding this one got.
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag
        });
    if matches {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(asset.path)),
    );
    if let Some(encoding) = encoding {
        // Set here, the compression layer leaves the body alone.
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    (out, bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_with_its_q_values() {
        assert!(accepts("br, gzip", "br"));
        assert!(accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(!accepts("gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("BR;Q=0.5", "br"));
        assert!(accepts("*", "gzip"));
        assert!(!accepts("*, gzip;q=0", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "br"));
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        static BR: &[u8] = b"b";
        static GZ: &[u8] = b"g";
        let asset = Asset {
            path: "x.js",
            bytes: b"plain",
            etag: "\"1\"",
            br: Some(Encoded {
                bytes: BR,
                etag: "\"1-br\"",
            }),
            gzip: Some(Encoded {
                bytes: GZ,
                etag: "\"1-gzip\"",
            }),
        };
        assert_eq!(
            asset.representation("gzip, br"),
            (BR, "\"1-br\"", Some("br"))
        );
        assert_eq!(
            asset.representation("gzip"),
            (GZ, "\"1-gzip\"", Some("gzip"))
        );
        assert_eq!(
            asset.representation("identity").1,
            "\"1\"",
            "nothing accepted: as it is"
        );
        let plain = Asset {
            br: None,
            gzip: None,
            ..asset
        };
        assert_eq!(plain.representation("br, gzip").2, None);
    }

    #[tokio::test]
    async fn embedded_files_are_sent_in_their_best_encoding_with_vary_and_etag() {
        let Some(asset) = ASSETS.iter().find(|a| a.br.is_some()) else {
            eprintln!(
                "no precompressed site embedded (build it with `cargo xtask build`): skipped"
            );
            return;
        };
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let res = serve(Path(asset.path.to_owned()), h.clone()).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(res.headers()[header::VARY], "accept-encoding");
        let etag = res.headers()[header::ETAG].clone();
        assert_ne!(etag, asset.etag);
        h.insert(header::IF_NONE_MATCH, etag);
        let res = serve(Path(asset.path.to_owned()), h).await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        let res = serve(Path(asset.path.to_owned()), HeaderMap::new()).await;
        assert!(res.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(res.headers()[header::ETAG], asset.etag);
    }

    #[tokio::test]
    async fn files_on_disk_are_served_and_paths_cannot_leave_the_directory() {
        let site = tempfile::tempdir().expect("a temp dir");
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).expect("pkg/");
        std::fs::write(pkg.join("app.js"), "export {}").expect("a file");
        std::fs::write(site.path().join("secret.txt"), "no").expect("a file");
        let res = from_disk(&pkg, "app.js").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            from_disk(&pkg, "../secret.txt").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            from_disk(&pkg, "/etc/passwd").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            from_disk(&pkg, "missing.js").await.status(),
            StatusCode::NOT_FOUND
        );
    }
}
