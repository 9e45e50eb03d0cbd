//! The cache's middleware: a current entry answers; else the page renders, and is kept
//! when it may be (see [`super`]).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use campaign_ops_core::{Clock, Store};
use leptos::nonce::Nonce;

use super::spliced::{Form, Spliced};
use super::{CACHED_PATH, Entry, Key, PageCache, RenderNote};
use crate::server::auth::SignedIn;
use crate::server::compression::{Coding, Compression, PAGE_LIMIT};
use crate::server::context::Service;

/// The middleware's state: the cache, the service (its clock and store) and the
/// compression settings (to pick the encoding the compression layer would).
#[derive(Clone)]
pub struct CacheState {
    /// The cache.
    pub cache: PageCache,
    /// The service.
    pub ops: Service,
    /// The encodings offered.
    pub compression: Arc<Compression>,
}

/// The middleware (see the module docs): a current entry answers; else the page renders,
/// and is kept when it may be.
pub async fn serve(State(state): State<CacheState>, mut req: Request, next: Next) -> Response {
    let Some(inner) = state.cache.inner.clone() else {
        return next.run(req).await;
    };
    if req.method() != Method::GET || req.uri().path() != CACHED_PATH {
        return next.run(req).await;
    }
    let (Some(signed_in), Some(nonce), Some(changes)) = (
        req.extensions().get::<SignedIn>().cloned(),
        req.extensions().get::<Nonce>().cloned(),
        state.ops.store().change_count(),
    ) else {
        return next.run(req).await;
    };
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let form = match state.compression.choose(accept) {
        None => Form::Identity,
        Some(Coding::Gzip(level)) => Form::Gzip(level),
        Some(Coding::Zstd(level)) => Form::Zstd(level),
        Some(Coding::Br(_)) => return next.run(req).await,
    };
    if nonce.is_empty() {
        return next.run(req).await;
    }
    let key = Key {
        user: signed_in.caller.actor.as_str().to_owned(),
        role: signed_in.caller.role,
        time_zone: signed_in.caller.time_zone,
        display_name: signed_in.display_name,
        path_and_query: req
            .uri()
            .path_and_query()
            .map_or(CACHED_PATH, |pq| pq.as_str())
            .to_owned(),
        form,
    };
    let now = state.ops.clock().now();
    if let Some(entry) = inner.get(&key, changes, now) {
        inner.hits.fetch_add(1, Ordering::Relaxed);
        return entry.response(&nonce);
    }
    inner.misses.fetch_add(1, Ordering::Relaxed);
    let note = RenderNote::default();
    req.extensions_mut().insert(note.clone());
    let res = next.run(req).await;
    let valid_until = *note.0.lock().unwrap_or_else(|e| e.into_inner());
    let headers = res.headers();
    let keepable = res.status() == StatusCode::OK
        && headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"))
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && valid_until.is_some_and(|t| now < t);
    let Some(valid_until) = valid_until.filter(|_| keepable) else {
        return res;
    };
    let (parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, PAGE_LIMIT as usize).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a rendered page to cache it failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server failed; see its log",
            )
                .into_response();
        }
    };
    let Ok(page) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = form.encoding() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    let body = Spliced::new(form, page, &nonce);
    let size = body.size()
        + headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 32)
            .sum::<usize>();
    let entry = Entry {
        changes,
        valid_until,
        headers,
        body,
        size,
        seq: 0,
    };
    let res = entry.response(&nonce);
    inner.insert(key, entry, changes, now);
    res
}
