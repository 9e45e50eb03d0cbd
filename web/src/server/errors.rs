//! HTTP statuses for server functions' errors.
//!
//! `server_fn` answers every error of a server function with `500`, whatever it is; the
//! body is the [`AppError`] (or [`ScopedError`]) as JSON. A bad input is not a server failure, so this
//! middleware gives each error its status from the error itself, before the answer
//! leaves: a refused argument or field `400` ([`AppError::Validation`], and
//! [`AppError::Transport`], which on the server means the request's arguments could not
//! be decoded: a malformed body, a missing field, a wrong type), `404` for an unknown id,
//! `409` for a taken name or a refused move, `401` / `403` as the role check says; only
//! [`AppError::Server`] stays `500`. The hydrated client decodes the error from any 4xx or
//! 5xx, so the body stays an `AppError`; a decoding error becomes the
//! [`AppError::Validation`] of its field when the decoder's message tells which
//! ([`name_the_field`]: serde's message names a missing field, not a mistyped one), so the
//! form shows it next to that field. A status a server function set itself (the role
//! check's) is kept. A path under `/api/` that names no server function gets a short 404.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::api::{AppError, ScopedError};

/// The header `server_fn` marks its error answers with.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// The most of an error body read back to find its status (errors are short).
const MAX_ERROR_BODY: usize = 64 << 10;

/// The status an error deserves (see the module docs).
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Validation { .. } | AppError::Transport(_) => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Taken { .. } | AppError::Refused(_) => StatusCode::CONFLICT,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Server(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The middleware (see the module docs).
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    // The arguments, to name the field of a decoding error (the body limit outside has
    // read the body whole already: this copies it).
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let args = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let res = next
        .run(Request::from_parts(parts, Body::from(args.clone())))
        .await;
    if res.status() == StatusCode::NOT_FOUND && !res.headers().contains_key(SERVER_FN_ERROR) {
        // No server function has this path: the site's 404 page would be 2 KB of HTML.
        let shown: String = path.chars().take(100).collect();
        let mut res = Response::new(Body::from(format!(
            "no server function at {shown}: the dashboard may have been upgraded; reload the page\n"
        )));
        *res.status_mut() = StatusCode::NOT_FOUND;
        return res;
    }
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(SERVER_FN_ERROR)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a server function's error answer failed");
            return Response::from_parts(parts, Body::from("the server failed; see its log"));
        }
    };
    // An `AppError`, or a `ScopedError` around one.
    let (error, scoped) = match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => (Some(error), None),
        Err(_) => match serde_json::from_slice::<ScopedError>(&bytes) {
            Ok(s) => (Some(s.error.clone()), Some(s)),
            Err(_) => (None, None),
        },
    };
    let Some(error) = error else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let named = match &error {
        AppError::Transport(message) => name_the_field(message, &args),
        _ => None,
    };
    let error = named.unwrap_or(error);
    parts.status = status_of(&error);
    let body = match scoped {
        Some(mut s) => {
            s.error = error;
            serde_json::to_vec(&s)
        }
        None => serde_json::to_vec(&error),
    };
    match body {
        Ok(body) => {
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(body))
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// What `server_fn` says before an argument decoding error.
const ARGS_ERROR: &str = "error deserializing server function arguments: ";

/// A decoding error of the arguments `args` (URL-encoded) as a [`AppError::Validation`] of
/// the field it is about, when the decoder's `message` lets us tell which: a missing field
/// (serde names it), a field given twice, or a number that is not one (the field whose
/// value does not read as a whole number among the numeric arguments, `limit`, `after`
/// and `*_id`). `None` when it cannot tell: the error stays as it is (still a 400).
pub fn name_the_field(message: &str, args: &[u8]) -> Option<AppError> {
    let detail = message.strip_prefix(ARGS_ERROR)?;
    let field = |name: &str, rule: String| {
        Some(AppError::Validation {
            field: name.to_owned(),
            rule,
        })
    };
    let quoted = |prefix: &str| {
        let rest = detail.split(prefix).nth(1)?;
        let rest = rest.strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_owned())
    };
    if let Some(name) = quoted("missing field ") {
        return field(&name, "is missing".to_owned());
    }
    if let Some(name) = quoted("duplicate field ") {
        return field(&name, "is given more than once".to_owned());
    }
    let pairs: Vec<(String, String)> = String::from_utf8_lossy(args)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let mut twice: Vec<&str> = pairs
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| pairs.iter().filter(|(o, _)| o == k).count() > 1)
        .collect();
    twice.sort_unstable();
    twice.dedup();
    if detail.contains("invalid type: sequence") && twice.len() == 1 {
        return field(twice[0], "is given more than once".to_owned());
    }
    let numeric = |k: &str| k == "limit" || k == "after" || k.ends_with("_id");
    let not_numbers: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, v)| numeric(k) && v.parse::<u64>().is_err())
        .collect();
    // serde_qs says where it stopped: the pair around that byte is the field.
    if let Some(at) = detail
        .rsplit_once("at position: ")
        .and_then(|(_, n)| n.trim().parse::<usize>().ok())
        && let Some(name) = field_at(args, at)
    {
        let rule = detail
            .split_once(" at position")
            .map_or(detail, |(rule, _)| rule)
            .trim_start_matches("parsing failed with error: ");
        return field(&name, format!("cannot be read: {rule}"));
    }
    if let [(name, value)] = not_numbers.as_slice() {
        let shown: String = value.chars().take(40).collect();
        return field(
            name,
            format!(
                "must be a whole number from 0 to {}, not {shown:?}",
                u64::MAX
            ),
        );
    }
    None
}

/// The name (up to its first `[`) of the URL-encoded pair of `args` that holds byte `at`
/// (or ends just before it).
fn field_at(args: &[u8], at: usize) -> Option<String> {
    let at = at.min(args.len());
    let start = args[..at]
        .iter()
        .rposition(|&b| b == b'&')
        .map_or(0, |i| i + 1);
    let pair = &args[start..];
    let end = pair.iter().position(|&b| b == b'&').unwrap_or(pair.len());
    let key = pair[..end].split(|&b| b == b'=').next()?;
    let name = decode(&String::from_utf8_lossy(key));
    let name = name.split('[').next().unwrap_or_default().to_owned();
    (!name.is_empty()).then_some(name)
}

/// `s` with `+` and `%XX` decoded (invalid escapes kept as they are).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| char::from(b).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(detail: &str, args: &str) -> Option<(String, String)> {
        match name_the_field(&format!("{ARGS_ERROR}{detail}"), args.as_bytes()) {
            Some(AppError::Validation { field, rule }) => Some((field, rule)),
            _ => None,
        }
    }

    #[test]
    fn decoding_errors_name_their_field_where_they_can() {
        assert_eq!(
            named("missing field `start_date`", "name=x").map(|f| f.0),
            Some("start_date".into())
        );
        let (field, rule) = named("invalid digit found in string", "limit=abc&text=x").unwrap();
        assert_eq!(field, "limit");
        assert!(rule.contains("\"abc\""), "{rule}");
        assert_eq!(
            named("invalid digit found in string", "campaign_id=1%2E5").map(|f| f.0),
            Some("campaign_id".into())
        );
        assert_eq!(
            named("invalid type: sequence, expected usize", "limit=1&limit=2").map(|f| f.0),
            Some("limit".into())
        );
        assert_eq!(
            named(
                "parsing failed with error: 'tried to insert a new key' at position: 21",
                "name=x&platforms%5Ba%5D%5Bb%5D=x&z=1"
            )
            .map(|f| f.0),
            Some("platforms".into())
        );
        // Two candidates, or not a decoding error: left as it is.
        assert_eq!(
            named("invalid digit found in string", "limit=a&after=b"),
            None
        );
        assert_eq!(name_the_field("missing field `x`", b""), None);
    }

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(decode("a+b%20c%zz%4"), "a b c%zz%4");
    }
}
