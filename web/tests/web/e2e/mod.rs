//! End to end in real headless Chromium: the dashboard served on a socket (the same router
//! and daemon as `campaign-ops serve`), the WASM client hydrating each page, every step
//! screenshotted under `target/e2e/flow/`, axe-core run on each new page state. The flow
//! is one test ([`flow`]) whose steps live in [`create`], [`calendar`], [`work`] and
//! [`access`]; [`session`] is the expired session, [`csp`] the CSP as the browser sees it;
//! [`browser`] drives Chromium.

mod access;
mod browser;
mod calendar;
mod create;
mod csp;
mod flow;
mod session;
mod work;

use campaign_ops_actions::{Daemon, DaemonConfig, Registry};
use campaign_ops_web::server::{self, Service};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The dashboard and its daemon serving `ops` on a loopback port until dropped.
///
/// It holds [`ROUTER`](crate::ROUTER) from start to stop, as `process.rs` does: its server
/// builds a router (Leptos' route list sets a process-global flag that leaves a resource
/// first polled meanwhile pending for good, leptos-rs/leptos#4773) and renders pages the
/// whole time, so no other test builds or renders through a router meanwhile, and no
/// other browser test's server starts while this one renders.
pub struct Served {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
    process: Option<
        tokio::task::JoinHandle<Result<campaign_ops_actions::DaemonStats, server::RunError>>,
    >,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Served {
    /// Starts serving `ops`.
    pub async fn start(ops: Service) -> Served {
        let turn = crate::ROUTER.lock().await;
        let daemon = Daemon::new(
            ops.clone(),
            Registry::build().expect("registry"),
            DaemonConfig::default(),
        )
        .expect("daemon");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        let (stop, stopped) = oneshot::channel::<()>();
        let process = tokio::spawn(server::serve_until(listener, ops, daemon, async move {
            let _ = stopped.await;
        }));
        Served {
            base,
            stop: Some(stop),
            process: Some(process),
            _turn: turn,
        }
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server and its daemon, failing the test if either failed.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(process) = self.process.take() {
            process
                .await
                .expect("the server did not panic")
                .expect("the server stopped cleanly");
        }
    }
}
