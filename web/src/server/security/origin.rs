//! Cross-site state-changing requests refused, on top of the session cookie's
//! `SameSite=Strict`.
//!
//! `SameSite=Strict` keeps the cookie off requests from other *sites*, but a site is the
//! registrable domain: a page on `evil.example.com` is same-site with
//! `ops.example.com` and its form posts carry the cookie. So every request that can change
//! something — any method but `GET`, `HEAD` and `OPTIONS`: every server function call,
//! sign-in, sign-out, the forms that post without JS — is checked here:
//!
//! 1. `Origin` present: it must be this site's origin, else `403`. `Origin: null` (a
//!    sandboxed frame, a cross-origin redirect, a `file:` page) is never this site.
//! 2. no `Origin`, `Referer` present: the referring page's origin must be this site's.
//! 3. neither: allowed. Every browser sends `Origin` on a `POST` (fetch and form posts
//!    alike, also same-origin ones), so a request without both comes from a program
//!    (curl, a script, the tests), which has no victim's cookie to abuse; refusing it would
//!    only break such programs. (Go's `net/http.CrossOriginProtection` draws the same line.)
//!
//! This site's origin is [`Security::public_origin`](super::Security) when set
//! (`campaign-ops serve --public-url`, for a proxy that rewrites `Host`); otherwise the
//! request's own `Host` (or HTTP/2 `:authority`, or, for a request with neither, the
//! address the server listens on): `Origin`'s host and port must equal it.
//! The refusal happens before sign-in's middleware and the handlers run: nothing is read
//! or written for it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::{PublicOrigin, Security};

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrossSite {
    /// `Origin` (or, without it, `Referer`'s origin) is another site's (or `null`).
    Foreign {
        /// The header that said so.
        header: &'static str,
        /// Its value (at most 100 characters).
        claimed: String,
        /// This site's origin as the check saw it.
        own: String,
    },
}

/// Whether `method` can change state (see the module docs).
pub fn changes_state(method: &Method) -> bool {
    !(method == Method::GET || method == Method::HEAD || method == Method::OPTIONS)
}

/// What the middleware checks with: the settings and the address the server listens on.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The settings.
    pub security: Security,
    /// `host:port` the server listens on: the site of a request without `Host`.
    pub listen: String,
}

/// The check of the module docs on a request's method and headers; `uri_authority` is the
/// request URI's authority (HTTP/2 `:authority`, absolute-form requests).
pub fn check(
    policy: &Policy,
    method: &Method,
    headers: &HeaderMap,
    uri_authority: Option<&str>,
) -> Result<(), CrossSite> {
    if !changes_state(method) {
        return Ok(());
    }
    let (name, claimed) = if let Some(origin) = headers.get(header::ORIGIN) {
        ("Origin", origin)
    } else if let Some(referer) = headers.get(header::REFERER) {
        ("Referer", referer)
    } else {
        return Ok(());
    };
    let claimed_text = String::from_utf8_lossy(claimed.as_bytes());
    let claimed_origin = PublicOrigin::of_url(claimed_text.trim());
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or(uri_authority)
        .unwrap_or(&policy.listen);
    let (same, own) = match &policy.security.public_origin {
        Some(public) => (claimed_origin.as_ref() == Some(public), public.to_string()),
        None => {
            // Compared as `Origin` writes it: no default port for its scheme.
            let own = claimed_origin
                .as_ref()
                .and_then(|c| PublicOrigin::new(c.scheme, host));
            let same = claimed_origin.is_some()
                && own.is_some()
                && claimed_origin.as_ref().map(PublicOrigin::authority)
                    == own.as_ref().map(PublicOrigin::authority);
            (same, format!("the host {host}"))
        }
    };
    if same {
        Ok(())
    } else {
        Err(CrossSite::Foreign {
            header: name,
            claimed: claimed_text.chars().take(100).collect(),
            own,
        })
    }
}

/// The middleware: [`check`], and `403 Forbidden` with the reason as text when it fails.
pub async fn refuse_cross_site(
    State(policy): State<Arc<Policy>>,
    req: Request,
    next: Next,
) -> Response {
    // Violation reports change nothing, and come from the browser, not from a page.
    if req.uri().path() == super::headers::CSP_REPORTS {
        return next.run(req).await;
    }
    let authority = req.uri().authority().map(|a| a.as_str().to_owned());
    match check(&policy, req.method(), req.headers(), authority.as_deref()) {
        Ok(()) => next.run(req).await,
        Err(CrossSite::Foreign {
            header: via,
            claimed,
            own,
        }) => {
            tracing::warn!(method = %req.method(), path = %req.uri().path(), via, %claimed, "cross-site request refused");
            let mut res = Response::new(Body::from(format!(
                "cross-site request refused: this {} to {} came with {via} {claimed:?}, \
                 which is not this site ({own}); nothing was changed. Behind a proxy, start \
                 the server with --public-url set to the address browsers use.\n",
                req.method(),
                req.uri().path(),
            )));
            *res.status_mut() = StatusCode::FORBIDDEN;
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn policy(security: Security) -> Policy {
        Policy {
            security,
            listen: "127.0.0.1:3000".into(),
        }
    }

    fn direct(pairs: &[(&'static str, &str)]) -> Result<(), CrossSite> {
        check(
            &policy(Security::default()),
            &Method::POST,
            &headers(pairs),
            None,
        )
    }

    #[test]
    fn a_post_from_this_host_passes_and_from_another_is_refused() {
        let host = ("host", "127.0.0.1:3000");
        assert_eq!(direct(&[host, ("origin", "http://127.0.0.1:3000")]), Ok(()));
        assert_eq!(
            direct(&[host, ("referer", "http://127.0.0.1:3000/campaigns/1")]),
            Ok(())
        );
        assert_eq!(direct(&[host]), Ok(()), "no browser: allowed");
        for (name, value) in [
            ("origin", "http://evil.example"),
            ("origin", "http://127.0.0.1:3001"),
            ("origin", "null"),
            ("origin", "http://127.0.0.1:3000.evil.example"),
            (
                "referer",
                "https://evil.example/page?x=http://127.0.0.1:3000",
            ),
        ] {
            assert!(direct(&[host, (name, value)]).is_err(), "{name}: {value}");
        }
        // Origin wins over a Referer that would pass.
        assert!(
            direct(&[
                host,
                ("origin", "https://evil.example"),
                ("referer", "http://127.0.0.1:3000/")
            ])
            .is_err()
        );
        // No Host at all: the address the server listens on.
        assert_eq!(direct(&[("origin", "http://127.0.0.1:3000")]), Ok(()));
        assert!(direct(&[("origin", "http://localhost:3000")]).is_err());
        // Default ports as browsers drop them.
        assert_eq!(
            direct(&[
                ("host", "ops.example.com:443"),
                ("origin", "https://ops.example.com")
            ]),
            Ok(())
        );
    }

    #[test]
    fn reads_pass_whatever_their_origin() {
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            let h = headers(&[("host", "a"), ("origin", "https://evil.example")]);
            assert_eq!(
                check(&policy(Security::default()), &method, &h, None),
                Ok(())
            );
        }
        let h = headers(&[("host", "a"), ("origin", "https://evil.example")]);
        for method in [Method::PUT, Method::DELETE, Method::PATCH] {
            assert!(check(&policy(Security::default()), &method, &h, None).is_err());
        }
    }

    #[test]
    fn behind_a_proxy_only_the_public_origin_passes() {
        let policy = policy(Security {
            public_origin: Some("https://ops.example.com".parse().unwrap()),
        });
        let post =
            |pairs: &[(&'static str, &str)]| check(&policy, &Method::POST, &headers(pairs), None);
        // The proxy talks to 127.0.0.1:3000 and rewrites Host to it.
        let host = ("host", "127.0.0.1:3000");
        assert_eq!(post(&[host, ("origin", "https://ops.example.com")]), Ok(()));
        assert_eq!(
            post(&[host, ("referer", "https://ops.example.com/today")]),
            Ok(())
        );
        assert!(post(&[host, ("origin", "http://127.0.0.1:3000")]).is_err());
        assert!(post(&[host, ("origin", "http://ops.example.com")]).is_err());
        assert!(post(&[host, ("origin", "https://app.example.com")]).is_err());
    }
}
