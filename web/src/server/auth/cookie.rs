//! The session cookie, `campaign_ops_session`: the session token, `HttpOnly` (scripts never
//! see it), `SameSite=Strict` (no other site's page sends it, so no cross-site request can
//! act as the user), `Path=/`, `Max-Age` the time the session has left, and `Secure` when
//! the request came over https.
//!
//! The binary serves plain http (127.0.0.1, where browsers refuse `Secure` cookies over
//! http); behind a TLS-terminating proxy that says `X-Forwarded-Proto: https` (or
//! `Forwarded: proto=https`) the cookie is `Secure`. A client spoofing that header only
//! makes its own cookie stricter.

use axum::http::{HeaderMap, HeaderValue, header};
use chrono::Duration;

/// The cookie's name.
pub const COOKIE: &str = "campaign_ops_session";

/// The session token the request carries, if any (the first `campaign_ops_session` of
/// every `Cookie` header).
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Whether the request came over https (directly, or as a proxy in front says).
pub fn is_https(headers: &HeaderMap, scheme: Option<&str>) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split([';', ','])
                .any(|p| p.trim().eq_ignore_ascii_case("proto=https"))
        });
    forwarded_proto || forwarded || scheme == Some("https")
}

/// The `Set-Cookie` value that stores `token` for `lifetime`.
pub fn set(token: &str, lifetime: Duration, secure: bool) -> HeaderValue {
    let secs = lifetime.num_seconds().max(0);
    let secure = if secure { "; Secure" } else { "" };
    // The token is hex: always a valid header value.
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={secs}{secure}"
    ))
    .expect("a hex token makes a valid header")
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; campaign_ops_session=abc ; b=2"),
        );
        assert_eq!(token(&h).as_deref(), Some("abc"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("campaign_ops_session_x=1; a=2"),
        );
        assert_eq!(token(&h), None);
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("campaign_ops_session="),
        );
        assert_eq!(token(&h), None);
    }

    #[test]
    fn https_is_what_the_request_or_its_proxy_says() {
        let mut h = HeaderMap::new();
        assert!(!is_https(&h, None));
        assert!(is_https(&h, Some("https")));
        h.insert("x-forwarded-proto", HeaderValue::from_static("HTTPS"));
        assert!(is_https(&h, None));
        let mut h = HeaderMap::new();
        h.insert(
            header::FORWARDED,
            HeaderValue::from_static("for=1.2.3.4;proto=https"),
        );
        assert!(is_https(&h, None));
    }
}
