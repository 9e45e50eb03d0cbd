//! What server functions get from the Leptos context: the service, as one concrete type
//! (server functions cannot be generic), and who is acting.

use campaign_ops_core::{Actor, Role, Store};
use leptos::prelude::*;

use axum::http::StatusCode;

use crate::api::AppError;
use crate::server::auth::SignedIn;

/// The service the dashboard and the daemon share: [`campaign_ops_core::CampaignOps`] over
/// any store ([`campaign_ops_core::AnyStore`]) and a shared clock, the same type the action
/// handlers run on ([`campaign_ops_actions::Ops`]).
pub type Service = campaign_ops_actions::Ops;

/// The service from the context (the router provides it to every page and server function).
pub fn service() -> Result<Service, AppError> {
    use_context::<Service>()
        .ok_or_else(|| AppError::Server("the service is missing from the context".to_owned()))
}

/// Who calls a server function: the signed-in user, as the audit log records them, with
/// their role and the time zone their "today" is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The user's name as audit entries record it.
    pub actor: Actor,
    /// What the user may do.
    pub role: Role,
    /// The user's own time zone (their "today" on the Today page).
    pub time_zone: chrono_tz::Tz,
}

/// The caller of the current server function, refused with [`AppError::Unauthorized`]
/// when nobody is signed in and [`AppError::Forbidden`] when their role is below `min`.
///
/// Who is signed in was decided once for the request by the sign-in middleware
/// ([`crate::server::auth`]: the session cookie, looked up in the store, so an expired
/// session, a disabled user or a changed role count at once). A refused server function
/// call answers HTTP 401 or 403 (a page render keeps its own status: pages redirect
/// anonymous users to the sign-in page before they render).
pub async fn caller(min: Role) -> Result<Caller, AppError> {
    let parts = use_context::<axum::http::request::Parts>();
    let signed_in = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<SignedIn>())
        .map(|s| s.caller.clone());
    let (status, refusal) = match signed_in {
        Some(caller) if caller.role.allows(min) => return Ok(caller),
        Some(caller) => (
            StatusCode::FORBIDDEN,
            AppError::Forbidden(format!(
                "this needs the {min} role, and {} is a {}",
                caller.actor, caller.role
            )),
        ),
        None => (
            StatusCode::UNAUTHORIZED,
            AppError::Unauthorized("sign in first: nobody is signed in".to_owned()),
        ),
    };
    let is_server_fn = parts.is_some_and(|p| p.uri.path().starts_with("/api/"));
    if is_server_fn && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    Err(refusal)
}

/// Who is signed in, if anyone (for the header: never a refusal).
pub fn signed_in() -> Option<SignedIn> {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<SignedIn>().cloned())
}

/// Runs `f` as the [`caller`] (at least `min`) on the service off the async threads.
pub async fn call_as<T, F>(min: Role, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(Service, Caller) -> campaign_ops_core::Result<T> + Send + 'static,
{
    let caller = caller(min).await?;
    call(move |ops| f(ops, caller)).await
}

/// Runs `f`, a bounded read, as the [`caller`] (at least `min`) on the service, inline on
/// the async thread when the store allows it ([`Store::reads_inline`]: redb): for reads of a
/// bounded size (a few range scans of a capped length, tens to hundreds of µs), where
/// handing the work to the blocking pool and back cost more than the read (~9 % of the
/// server's CPU on the Today page under load was those hand-offs). On a database server
/// (PostgreSQL) it goes to the blocking pool as [`call_as`] does. Writes and anything
/// unbounded go through [`call_as`].
pub async fn read_as<T, F>(min: Role, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(Service, Caller) -> campaign_ops_core::Result<T> + Send + 'static,
{
    let caller = caller(min).await?;
    let ops = service()?;
    if ops.store().reads_inline() {
        return f(ops, caller).map_err(AppError::from);
    }
    call(move |ops| f(ops, caller)).await
}

/// Runs `f` on the service off the async threads (the store is synchronous) and maps the
/// service's error for the page.
pub async fn call<T, F>(f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(Service) -> campaign_ops_core::Result<T> + Send + 'static,
{
    let ops = service()?;
    tokio::task::spawn_blocking(move || f(ops))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "service call panicked or was cancelled");
            AppError::Server("the server failed; see its log".to_owned())
        })?
        .map_err(AppError::from)
}
