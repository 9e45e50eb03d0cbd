//! A limit on request bodies: [`MAX_BODY_BYTES`], answered with `413 Payload Too Large`
//! and a message saying so, before any handler reads a byte of it.
//!
//! The largest valid request is far below it (a post's copy is at most 20,000 characters,
//! a campaign's metadata 50 values of 1,000; URL-encoded, a few hundred KiB at worst). A
//! body that says its length (`Content-Length`) is refused before it is read; one sent in
//! chunks is read up to the limit and refused when it goes past, so handlers get a whole
//! body or none, and a too-large one never becomes a 400 or a 500 deeper in.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The most a request body may hold: 1 MiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The middleware (see the module docs).
pub async fn limit_body(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    if declared == Some(0) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) => {
            // Either past the limit, or the client's body broke off.
            let source = std::error::Error::source(&e).map(ToString::to_string);
            if source
                .as_deref()
                .is_some_and(|s| s.contains("length limit"))
            {
                too_large()
            } else {
                let mut res = Response::new(Body::from(format!(
                    "the request body could not be read: {e}\n"
                )));
                *res.status_mut() = StatusCode::BAD_REQUEST;
                res
            }
        }
    }
}

fn too_large() -> Response {
    let mut res = Response::new(Body::from(format!(
        "request body too large: at most {MAX_BODY_BYTES} bytes (1 MiB); nothing was changed\n"
    )));
    *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}
