//! What server functions get from the Leptos context: the service, as one concrete type
//! (server functions cannot be generic), and who is acting.

use campaign_ops_core::Actor;
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

/// Who dashboard changes are recorded as in the audit log. A fixed `dashboard` until
/// sign-in lands; then the signed-in user.
pub fn actor() -> Actor {
    Actor::new("dashboard").expect("a valid actor name")
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
