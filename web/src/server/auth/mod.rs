//! Sign-in and sessions on the server: the session cookie ([`cookie`]), the failed sign-in
//! limiter ([`limiter`]), the sign-in page and its form posts (`sign_in.rs`), and the
//! middleware that finds the signed-in user of every request.
//!
//! The middleware looks the cookie's session up once per request, through the service
//! (so an expired session, a disabled user or a changed role count at once), and puts the
//! [`SignedIn`] caller into the request's extensions, where
//! [`caller`](crate::server::context::caller) finds it for every server function. A page
//! request without a session is redirected to `/sign-in?next=<page>` (with
//! [`SESSION_ENDED`](crate::app::SESSION_ENDED) when its cookie names a session that has
//! expired or was ended, so the page says why); server functions answer for themselves
//! (401 / 403).

pub mod cookie;
pub mod limiter;
mod sign_in;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use campaign_ops_core::service::accounts::SessionRead;
use campaign_ops_core::{Actor, Clock, Session, Store, User};

use super::context::{Caller, Service};

pub use limiter::Limiter;
pub use sign_in::{SIGN_IN, SIGN_OUT, safe_next};

/// What sign-in needs: the service and the failure counts.
#[derive(Clone)]
pub struct Auth {
    ops: Service,
    limiter: Arc<Limiter>,
}

impl Auth {
    /// Sign-in over `ops`, with a limiter of its own.
    pub fn new(ops: Service) -> Self {
        Self {
            ops,
            limiter: Arc::new(Limiter::default()),
        }
    }
}

/// The signed-in caller of a request, put into its extensions by the middleware.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who calls, with their role and zone.
    pub caller: Caller,
    /// Their display name (for the header).
    pub display_name: String,
}

impl SignedIn {
    /// The caller `user` is: named in the audit log by their login name.
    pub fn of(user: &User) -> Self {
        Self {
            caller: Caller {
                // Login names follow the actor rules (`User::login_key` checks them).
                actor: Actor::new(&user.name).unwrap_or_else(|_| Actor::system()),
                role: user.role,
                time_zone: user.time_zone,
            },
            display_name: user.display_name.clone(),
        }
    }
}

/// The routes of signing in and out (their pages are plain HTML: they work without the
/// WASM client, and there is nothing on them to hydrate).
pub fn routes<S: Clone + Send + Sync + 'static>(auth: Auth) -> Router<S> {
    Router::new()
        .route(SIGN_IN, get(sign_in::page).post(sign_in::submit))
        .route(SIGN_OUT, post(sign_in::sign_out))
        .with_state(auth)
}

/// The session of a request's cookie and its user: read inline where the store allows it
/// ([`Store::reads_inline`]: two point reads, a few µs, where the blocking pool's hand-off
/// cost more than the read), and only when the session is due to be extended, which
/// writes, looked up again off the async threads (always, on a database server).
async fn lookup(ops: &Service, token: String) -> Result<Option<(Session, User)>, ()> {
    if ops.store().reads_inline() {
        match ops.session_read(&token) {
            Ok(SessionRead::Invalid) => return Ok(None),
            Ok(SessionRead::Valid(session, user)) => return Ok(Some((session, user))),
            Ok(SessionRead::Stale(_)) => {}
            Err(e) => {
                tracing::error!(error = %e, "looking up a session failed");
                return Err(());
            }
        }
    }
    let ops = ops.clone();
    match tokio::task::spawn_blocking(move || ops.session_user(&token)).await {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "looking up a session failed");
            Err(())
        }
        Err(e) => {
            tracing::error!(error = %e, "a session lookup panicked");
            Err(())
        }
    }
}

/// The client's address, when the server was started with connect info.
pub(crate) fn client_addr(req: &Request) -> Option<std::net::IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// Whether a path answers without a session: the sign-in page and its posts, the client's
/// files, and the server functions (which refuse for themselves, with 401 / 403).
fn is_public(path: &str) -> bool {
    path == SIGN_IN || path == SIGN_OUT || path.starts_with("/pkg/") || path.starts_with("/api/")
}

/// The middleware (see the module docs). A session that was just extended gets its cookie
/// renewed, so the browser keeps it as long as the server does; a cookie naming no valid
/// session is removed.
pub async fn authenticate(State(auth): State<Auth>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/pkg/") {
        return next.run(req).await;
    }
    let secure = cookie::is_https(req.headers(), req.uri().scheme_str());
    let token = cookie::token(req.headers());
    // Read before the lookup: a session the lookup extended was last seen at or after it.
    let before = auth.ops.clock().now();
    let found = match &token {
        Some(token) => match lookup(&auth.ops, token.clone()).await {
            Ok(found) => found,
            Err(()) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server failed; see its log",
                )
                    .into_response();
            }
        },
        None => None,
    };
    let renew =
        match (&token, &found) {
            (Some(token), Some((session, _))) if session.last_seen_at >= before => Some(
                cookie::set(token, session.expires_at - session.last_seen_at, secure),
            ),
            (Some(_), None) => Some(cookie::clear(secure)),
            _ => None,
        };
    let signed_in = found.is_some();
    if let Some((_, user)) = &found {
        req.extensions_mut().insert(SignedIn::of(user));
    }
    let mut res = if !signed_in && !is_public(&path) && is_navigation(req.method()) {
        let next = req
            .uri()
            .path_and_query()
            .map_or("/", |pq| pq.as_str())
            .to_owned();
        // A cookie that names no session any more: the sign-in page says it has ended.
        let to = if token.is_some() {
            crate::app::session_ended_url(&next)
        } else {
            crate::app::sign_in_url(&next)
        };
        Redirect::to(&to).into_response()
    } else {
        next.run(req).await
    };
    if let Some(value) = renew {
        res.headers_mut().append(header::SET_COOKIE, value);
    }
    // Signed-in pages are per user: never stored by shared caches.
    if signed_in && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    res
}

fn is_navigation(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// A response with `body` as HTML.
fn html(status: StatusCode, body: String) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}
