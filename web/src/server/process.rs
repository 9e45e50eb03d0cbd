//! The process: the dashboard and the actions daemon on one service (one store, one redb
//! file), stopped together on SIGTERM / Ctrl-C, or when either of them fails.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use campaign_ops_actions::{Daemon, DaemonError, DaemonStats, shutdown_signal};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::{Security, Service, options, router_with};

/// Why the process stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The HTTP server failed.
    #[error("the dashboard server failed: {0}")]
    Serve(std::io::Error),
    /// SIGTERM / Ctrl-C handlers could not be installed.
    #[error("cannot listen for shutdown signals: {0}")]
    Signal(std::io::Error),
    /// The daemon failed.
    #[error("the actions daemon failed: {0}")]
    Daemon(#[from] DaemonError),
}

/// Serves the dashboard on `addr` and runs `daemon` (built on the same service as `ops`)
/// until SIGTERM or Ctrl-C.
pub async fn run(ops: Service, daemon: Daemon, addr: SocketAddr) -> Result<(), RunError> {
    run_with(ops, daemon, addr, Security::default()).await
}

/// [`run`] with `security`'s settings (`serve --public-url`).
pub async fn run_with(
    ops: Service,
    daemon: Daemon,
    addr: SocketAddr,
    security: Security,
) -> Result<(), RunError> {
    let signal = shutdown_signal().map_err(RunError::Signal)?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| RunError::Bind { addr, source })?;
    serve_with(listener, ops, daemon, security, signal)
        .await
        .map(|_| ())
}

/// Runs only the daemon until SIGTERM or Ctrl-C.
pub async fn run_daemon(daemon: Daemon) -> Result<DaemonStats, RunError> {
    tracing::info!(actions = ?daemon.registry().enabled().map(|s| s.name).collect::<Vec<_>>(), "daemon started");
    let stats = daemon.run().await?;
    tracing::info!(runs = stats.runs.len(), "daemon stopped");
    Ok(stats)
}

/// Serves the dashboard on `listener` and runs `daemon` until `shutdown` completes or
/// either of them stops; then stops the other (the server finishes the requests it has,
/// the daemon its current batch) and returns what the daemon did.
pub async fn serve_until(
    listener: TcpListener,
    ops: Service,
    daemon: Daemon,
    shutdown: impl Future<Output = ()>,
) -> Result<DaemonStats, RunError> {
    serve_with(listener, ops, daemon, Security::default(), shutdown).await
}

/// [`serve_until`] with `security`'s settings.
pub async fn serve_with(
    listener: TcpListener,
    ops: Service,
    daemon: Daemon,
    security: Security,
    shutdown: impl Future<Output = ()>,
) -> Result<DaemonStats, RunError> {
    let local = listener.local_addr().map_err(RunError::Serve)?;
    if let Some(public) = &security.public_origin {
        tracing::info!(%public, "state-changing requests accepted from this origin only");
    }
    let app = router_with(ops, options(local), security);
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let wait = |mut rx: watch::Receiver<bool>| async move {
        // An error means every sender is gone: stop too.
        let _ = rx.wait_for(|stop| *stop).await;
    };
    tracing::info!("dashboard on http://{local}");
    if !super::site::client_embedded() && std::env::var_os("LEPTOS_SITE_ROOT").is_none() {
        tracing::warn!(
            "this binary carries no WASM client: pages work, without hydration; `cargo xtask build` builds both"
        );
    }
    tracing::info!(actions = ?daemon.registry().enabled().map(|s| s.name).collect::<Vec<_>>(), "daemon started");

    let server = {
        let (stop, rx) = (Arc::clone(&stop), stopped.clone());
        async move {
            // Connect info: the sign-in limiter counts failures per client address too.
            let served = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(wait(rx))
            .await;
            stop.send_replace(true);
            served
        }
    };
    let daemon = {
        let (stop, rx) = (Arc::clone(&stop), stopped.clone());
        async move {
            let ran = daemon.run_until(wait(rx)).await;
            if let Err(e) = &ran {
                tracing::error!(error = %e, "the daemon failed: stopping the dashboard too");
            }
            stop.send_replace(true);
            ran
        }
    };
    let signal = async move {
        tokio::select! {
            () = shutdown => {}
            () = wait(stopped) => {}
        }
        stop.send_replace(true);
    };
    let (served, ran, ()) = tokio::join!(server, daemon, signal);
    served.map_err(RunError::Serve)?;
    let stats = ran?;
    tracing::info!(runs = stats.runs.len(), "dashboard and daemon stopped");
    Ok(stats)
}
