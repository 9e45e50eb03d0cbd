//! The sign-in page (`GET /sign-in`), its form post (`POST /sign-in`) and sign-out
//! (`POST /sign-out`): plain HTML and form posts, so they work before (and without) the
//! WASM client.
//!
//! A good sign-in makes a new session (a fresh token, whatever cookie came along: no
//! session fixation), sets the cookie and answers `303 See Other` to the page asked for
//! (`next`, a path on this site only). A refused one shows the form again: 401 for a wrong
//! name or password (one message for both), 403 for a disabled user, 429 with
//! `Retry-After` once the name or the address had too many failures.

use axum::Form;
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use campaign_ops_core::{Clock, Error};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{Auth, cookie, html};

/// The sign-in page's path.
pub const SIGN_IN: &str = "/sign-in";
/// The sign-out form's path.
pub const SIGN_OUT: &str = "/sign-out";

/// `GET /sign-in`'s query.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    next: Option<String>,
    /// `ended` when the visitor was sent here because their session has ended.
    session: Option<String>,
}

/// `POST /sign-in`'s form.
#[derive(Debug, Deserialize)]
pub(super) struct SignInForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Why a sign-in was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    /// No such user, or the wrong password.
    BadCredentials,
    /// The user is disabled.
    Disabled,
    /// Too many failures: accepted again from `retry_at`.
    TooManyAttempts { retry_at: DateTime<Utc> },
}

/// `next` if it is a path on this site (`/...`, not `//host` or `/\host`), else `/`: a
/// sign-in link cannot send anyone elsewhere.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.chars().any(char::is_control)
                && n != SIGN_IN
                && !n.starts_with("/sign-in?") =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// `s` safe inside HTML text and attribute values.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// What the sign-in page says above its form to someone whose session has ended.
pub const SESSION_ENDED_MESSAGE: &str = "Your session has ended (it expired, or was signed out). Sign in again to go back to where you were.";

/// The sign-in page, with `error` above the form when there is one, else the session-ended
/// notice when `ended`.
fn render(next: &str, name: &str, error: Option<&str>, ended: bool) -> String {
    let error = match error {
        Some(e) => format!(
            r#"<p class="error" id="sign-in-error" role="alert">{}</p>"#,
            escape(e)
        ),
        None if ended => format!(
            r#"<p class="notice" id="session-ended" role="status">{SESSION_ENDED_MESSAGE}</p>"#
        ),
        None => String::new(),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>Sign in · campaign-ops</title>
<link rel="stylesheet" href="/pkg/{css}.css"/>
</head>
<body>
<header class="top"><span class="brand">campaign-ops</span></header>
<main class="page sign-in">
<h1>Sign in</h1>
{error}
<form method="post" action="{SIGN_IN}" id="sign-in">
<input type="hidden" name="next" value="{next}"/>
<label>Login name <input type="text" name="name" value="{name}" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus/></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required/></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
"#,
        css = crate::OUTPUT_NAME,
        next = escape(next),
        name = escape(name),
    )
}

/// `GET /sign-in`: the form (a signed-in user goes straight on).
pub(super) async fn page(Query(q): Query<PageQuery>, req: Request) -> Response {
    let next = safe_next(q.next.as_deref());
    if req.extensions().get::<super::SignedIn>().is_some() {
        return Redirect::to(&next).into_response();
    }
    let ended = q.session.as_deref() == Some("ended");
    html(StatusCode::OK, render(&next, "", None, ended))
}

/// `POST /sign-in` (see the module docs).
pub(super) async fn submit(State(auth): State<Auth>, req: Request) -> Response {
    let secure = cookie::is_https(req.headers(), req.uri().scheme_str());
    let addr = super::client_addr(&req);
    let Form(form) = match Form::<SignInForm>::from_request(req, &()).await {
        Ok(form) => form,
        Err(rejection) => return rejection.into_response(),
    };
    let next = safe_next(form.next.as_deref());
    let now = auth.ops.clock().now();
    let refused = |refusal: Refusal| {
        let (status, message) = match &refusal {
            Refusal::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                "The login name or the password is wrong.".to_owned(),
            ),
            Refusal::Disabled => (
                StatusCode::FORBIDDEN,
                "This account is disabled: ask an admin to enable it.".to_owned(),
            ),
            Refusal::TooManyAttempts { retry_at } => (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many failed sign-ins: try again after {} UTC.",
                    retry_at.format("%H:%M")
                ),
            ),
        };
        let mut res = html(status, render(&next, &form.name, Some(&message), false));
        if let Refusal::TooManyAttempts { retry_at } = refusal {
            let secs = (retry_at - now).num_seconds().max(1);
            res.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&secs.to_string()).expect("digits"),
            );
        }
        res
    };
    if let Err(retry_at) = auth.limiter.check(&form.name, addr, now) {
        return refused(Refusal::TooManyAttempts { retry_at });
    }
    let ops = auth.ops.clone();
    let (name, password) = (form.name.clone(), form.password.clone());
    // argon2 takes tens of milliseconds of CPU: off the async threads.
    let signed = tokio::task::spawn_blocking(move || ops.sign_in(&name, &password)).await;
    match signed {
        Ok(Ok(signed)) => {
            auth.limiter.succeeded(&form.name);
            tracing::info!(user = %signed.user.name, "signed in");
            let lifetime = signed.session.expires_at - now;
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                cookie::set(&signed.token, lifetime, secure),
            );
            res
        }
        Ok(Err(Error::BadCredentials)) => {
            auth.limiter.failed(&form.name, addr, now);
            tracing::info!(name = %form.name, "sign-in refused: bad credentials");
            refused(Refusal::BadCredentials)
        }
        Ok(Err(Error::UserDisabled { name })) => {
            auth.limiter.failed(&form.name, addr, now);
            tracing::info!(%name, "sign-in refused: user disabled");
            refused(Refusal::Disabled)
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "sign-in failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server failed; see its log",
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in panicked");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the server failed; see its log",
            )
                .into_response()
        }
    }
}

/// `POST /sign-out`: ends the session in the store, removes the cookie, back to sign-in.
pub(super) async fn sign_out(State(auth): State<Auth>, req: Request) -> Response {
    let secure = cookie::is_https(req.headers(), req.uri().scheme_str());
    if let Some(token) = cookie::token(req.headers()) {
        let ops = auth.ops.clone();
        match tokio::task::spawn_blocking(move || ops.sign_out(&token)).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::error!(error = %e, "ending a session failed");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server failed; see its log",
                )
                    .into_response();
            }
            Err(e) => {
                tracing::error!(error = %e, "sign-out panicked");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the server failed; see its log",
                )
                    .into_response();
            }
        }
    }
    let mut res = Redirect::to(SIGN_IN).into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, cookie::clear(secure));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/campaigns?after=3")), "/campaigns?after=3");
        for bad in [
            None,
            Some("https://evil.example/"),
            Some("//evil.example"),
            Some("/\\evil"),
            Some("/sign-in"),
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn the_page_escapes_what_it_echoes() {
        let page = render("/x\"><script>", "<b>", Some("a & b"), false);
        assert!(!page.contains("<script>"));
        assert!(!page.contains("<b>"));
        assert!(page.contains("a &amp; b"));
    }

    #[test]
    fn an_ended_session_is_told_unless_a_sign_in_failed() {
        let told = render("/today", "", None, true);
        assert!(told.contains(r#"id="session-ended""#), "{told}");
        assert!(told.contains(SESSION_ENDED_MESSAGE));
        assert!(!render("/today", "", None, false).contains("session-ended"));
        // A refused sign-in shows its own error, not the notice.
        let refused = render("/today", "ada", Some("wrong"), true);
        assert!(refused.contains(r#"id="sign-in-error""#));
        assert!(!refused.contains("session-ended"));
    }
}
