//! What server functions get from the Leptos context: the service, as one concrete type
//! (server functions cannot be generic), and who is acting.

use campaign_ops_core::{Actor, Role};
use leptos::prelude::*;

use crate::api::AppError;

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
/// Until sign-in lands, every caller is the built-in `dashboard` admin in UTC: the seam
/// every server function goes through, so that sign-in changes this function only.
pub async fn caller(min: Role) -> Result<Caller, AppError> {
    let caller = Caller {
        actor: Actor::new("dashboard").expect("a valid actor name"),
        role: Role::Admin,
        time_zone: chrono_tz::UTC,
    };
    if !caller.role.allows(min) {
        return Err(AppError::Forbidden(format!("this needs the {min} role")));
    }
    Ok(caller)
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
