//! campaign-ops-web: the operator dashboard, a Leptos 0.8 application rendered on the
//! server (feature `ssr`, axum) and hydrated in the browser (feature `hydrate`, WASM), and
//! the `campaign-ops` binary that serves it next to the actions daemon.
//!
//! - [`app`]: the components, one module per page, compiled for both sides.
//! - [`api`]: the server functions (bodies run on the server only), the rows they return
//!   and [`api::AppError`], the error type both sides share.
//! - `server` (feature `ssr`): the axum router, the service in the Leptos context, the site
//!   (WASM, JS, CSS) embedded in the binary, compression, and the process that runs the
//!   dashboard and the daemon until SIGTERM / Ctrl-C.
//!
//! Never build `ssr` and `hydrate` in one cargo invocation: `cargo xtask build` builds the
//! client with `--no-default-features --features hydrate` and the server with
//! `--no-default-features --features ssr`.
// The hydrate build's release codegen lays out deeply nested view types (the Today and
// campaigns pages): rustc's default query depth of 128 is not enough for them.
#![recursion_limit = "512"]

pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod server;

/// The name of the client files: `/pkg/campaign-ops.js`, `/pkg/campaign-ops_bg.wasm` and
/// `/pkg/campaign-ops.css` (cargo-leptos sets `LEPTOS_OUTPUT_NAME` itself while it builds).
pub const OUTPUT_NAME: &str = match option_env!("LEPTOS_OUTPUT_NAME") {
    Some(name) => name,
    None => "campaign-ops",
};

/// The WASM entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
