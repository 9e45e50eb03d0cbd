//! The security headers on every response, and the CSP's nonce and violation reports.
//!
//! - `Content-Security-Policy` ([`csp`]): scripts only from this site and the one inline
//!   module script Leptos writes to load and hydrate the WASM client, which carries a fresh
//!   128-bit nonce per response (`'nonce-…'`, no `'unsafe-inline'` for scripts);
//!   `'wasm-unsafe-eval'` lets that script compile the WASM (and allows no JS `eval`);
//!   styles from this site's stylesheet, plus `style` attributes (`style-src-attr
//!   'unsafe-inline'`: the plan's timeline sets each phase bar's offset and width as
//!   numbers the server formats; an attribute can load nothing, `img-src` and the rest stay
//!   `'self'`); nothing else from anywhere else; no plugins (`object-src 'none'`), no
//!   `<base>`, forms only to this site, no framing (`frame-ancestors 'none'`). Violations
//!   are reported to [`CSP_REPORTS`] (`report-uri`), logged and kept ([`csp_reports`]).
//! - `X-Frame-Options: DENY`, for browsers without `frame-ancestors`.
//! - `X-Content-Type-Options: nosniff`: a file is only ever what its `Content-Type` says.
//! - `Referrer-Policy: same-origin`: other sites learn nothing of the dashboard's URLs
//!   (campaign ids, filters); same-origin requests keep their `Referer`, which the origin
//!   check ([`super::origin`]) falls back to.
//!
//! [`add_headers`] makes the nonce and puts it into the request's extensions; the Leptos
//! context ([`provide_request_nonce`]) hands it to the renderer, which writes it on its
//! inline scripts (`HydrationScripts`, the streamed resource chunks).

use std::sync::Mutex;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;

/// Where browsers post CSP violation reports.
pub const CSP_REPORTS: &str = "/csp-report";

/// The policy for a response whose inline scripts carry `nonce`.
pub fn csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'; report-uri {CSP_REPORTS}"
    )
}

/// The middleware: a nonce for the request, the headers of the module docs on its
/// response (a header the handler set itself is kept).
pub async fn add_headers(mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let policy = HeaderValue::from_str(&csp(&nonce)).expect("a nonce is URL-safe base64");
    let fixed: [(HeaderName, HeaderValue); 4] = [
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
    ];
    for (name, value) in fixed {
        headers.entry(name).or_insert(value);
    }
    res
}

/// Provides the request's nonce (from [`add_headers`]) to Leptos, in place of the one
/// `leptos_axum` makes up for each render, so the scripts carry the header's nonce. Call
/// it in the server functions' and pages' context.
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(nonce) = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned())
    {
        provide_context(nonce);
    }
}

/// The reports received, newest last (at most [`KEPT_REPORTS`], each cut to 2,000
/// characters), for whoever looks: the log, and the browser tests.
static REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// How many violation reports [`csp_reports`] keeps.
pub const KEPT_REPORTS: usize = 100;

/// The CSP violation reports this process received (the oldest dropped past
/// [`KEPT_REPORTS`]).
pub fn csp_reports() -> Vec<String> {
    REPORTS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// `POST /csp-report`: a browser's violation report (`application/csp-report` JSON),
/// logged as a warning and kept in memory ([`csp_reports`]). Nothing is stored.
pub async fn report(body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    let shown: String = text.chars().take(2000).collect();
    tracing::warn!(report = %shown, "content security policy violation");
    let mut reports = REPORTS.lock().unwrap_or_else(|e| e.into_inner());
    if reports.len() >= KEPT_REPORTS {
        reports.remove(0);
    }
    reports.push(shown);
    (StatusCode::NO_CONTENT, Body::empty()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_nonce_and_the_wasm_and_no_inline_script() {
        let p = csp("abc123");
        let script = p
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap();
        assert_eq!(
            script,
            "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"
        );
        assert!(!script.contains("unsafe-inline") && !script.contains("'unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
    }

    #[test]
    fn nonces_differ_and_fit_a_header() {
        let (a, b) = (Nonce::new(), Nonce::new());
        assert_ne!(a, b);
        assert!(a.len() >= 22, "128 bits");
        HeaderValue::from_str(&csp(&a)).unwrap();
    }
}
