//! The request and response rules every route goes through, outside sign-in: cross-site
//! state-changing requests refused ([`origin`]), a size limit on request bodies ([`body`]),
//! and the security headers with a per-response CSP nonce ([`headers`]).
//!
//! [`Security`] is what `campaign-ops serve --public-url` configures: the origin browsers
//! see the dashboard at, when a reverse proxy puts it somewhere other than where it
//! listens.

pub mod body;
pub mod headers;
pub mod origin;

use std::fmt;
use std::str::FromStr;

/// The security settings of a [`router`](super::router_with).
#[derive(Debug, Clone, Default)]
pub struct Security {
    /// The dashboard's origin as browsers see it (`https://ops.example.com`), when set: only
    /// state-changing requests from this origin are accepted. When not set, a request's own
    /// `Host` is its site (right when browsers reach the server directly, or through a
    /// proxy that passes `Host` on).
    pub public_origin: Option<PublicOrigin>,
}

/// An origin: scheme, host and port, as in an `Origin` header (`https://ops.example.com`,
/// `http://127.0.0.1:3000`). Parsed from a URL with nothing after the authority but an
/// optional `/`; the host is lower-cased and a default port (80 for http, 443 for https)
/// dropped, as browsers write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin {
    scheme: &'static str,
    /// Host and port as browsers write them in `Origin` (no default port).
    authority: String,
}

/// Why a `--public-url` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("public URL {shown:?}: {rule}")]
pub struct PublicOriginError {
    shown: String,
    rule: &'static str,
}

impl PublicOrigin {
    /// The origin of a URL `scheme://authority...` (anything after the authority is
    /// ignored: a `Referer`), or `None` when it is not an http(s) URL with a host.
    pub fn of_url(url: &str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "http" => "http",
            "https" => "https",
            _ => return None,
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Self::new(scheme, &rest[..end])
    }

    /// The origin of `authority` (`host[:port]`, a `Host` header) reached over `scheme`.
    pub fn new(scheme: &'static str, authority: &str) -> Option<Self> {
        if authority.is_empty()
            || authority.contains('@')
            || !authority
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b))
        {
            return None;
        }
        let authority = authority.to_ascii_lowercase();
        let default = if scheme == "https" { ":443" } else { ":80" };
        let authority = authority
            .strip_suffix(default)
            .unwrap_or(&authority)
            .to_owned();
        if authority.is_empty() || authority.starts_with(':') {
            return None;
        }
        Some(Self { scheme, authority })
    }

    /// `host[:port]`, without a default port.
    pub fn authority(&self) -> &str {
        &self.authority
    }
}

impl fmt::Display for PublicOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.authority)
    }
}

impl FromStr for PublicOrigin {
    type Err = PublicOriginError;

    /// `https://host[:port]` (or `http://`), with at most a `/` after it: the dashboard is
    /// served at the root of its origin.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let refuse = |rule| PublicOriginError {
            shown: s.chars().take(80).collect(),
            rule,
        };
        let origin = Self::of_url(s.trim()).ok_or_else(|| {
            refuse("expected http:// or https:// and a host, e.g. https://ops.example.com")
        })?;
        let after = s.trim().split_once("://").map_or("", |(_, r)| r);
        let path = &after[after.find('/').unwrap_or(after.len())..];
        if !path.is_empty() && path != "/" {
            return Err(refuse(
                "the dashboard is served at the root of its origin: give no path, query or fragment",
            ));
        }
        if after.contains(['?', '#']) {
            return Err(refuse("give no query or fragment"));
        }
        Ok(origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_written_as_browsers_write_them() {
        let o: PublicOrigin = "https://Ops.Example.com:443/".parse().unwrap();
        assert_eq!(o.to_string(), "https://ops.example.com");
        let o: PublicOrigin = "http://127.0.0.1:3000".parse().unwrap();
        assert_eq!(o.to_string(), "http://127.0.0.1:3000");
        assert_eq!(
            PublicOrigin::of_url("http://127.0.0.1:3000/campaigns?x=1"),
            Some(o)
        );
        assert_eq!(
            PublicOrigin::of_url("https://[::1]:8443/x")
                .unwrap()
                .authority(),
            "[::1]:8443"
        );
    }

    #[test]
    fn a_bad_public_url_says_what_to_give() {
        for bad in [
            "ops.example.com",
            "ftp://ops.example.com",
            "https://",
            "https://user@ops.example.com",
            "https://ops.example.com/dashboard",
            "https://ops.example.com/?a=1",
            "https://:443",
            "null",
        ] {
            let e = bad.parse::<PublicOrigin>().unwrap_err();
            assert!(e.to_string().contains("public URL"), "{bad}: {e}");
        }
    }
}
