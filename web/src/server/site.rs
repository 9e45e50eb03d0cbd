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

/// `GET /pkg/{*file}`.
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
    let etag = HeaderValue::from_static(asset.etag);
    let cache = HeaderValue::from_static("no-cache");
    if headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(asset.path)),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        asset.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

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
