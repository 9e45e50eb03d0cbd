//! The process: dashboard and daemon on one service, stopped together.

use campaign_ops_actions::{Daemon, DaemonConfig, Registry};
use campaign_ops_web::server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use campaign_ops_core::Role;

use super::{ROUTER, seed, service, session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_socket_runs_the_daemon_and_stops_on_shutdown() {
    let ops = service();
    seed(&ops, "Winter launch");
    let cookie = session(&ops, "vera", Role::Viewer);
    // The server builds its router (and its route list) and renders: see ROUTER.
    let _turn = ROUTER.lock().await;
    let daemon = Daemon::new(
        ops.clone(),
        Registry::build().expect("registry"),
        DaemonConfig::default(),
    )
    .expect("daemon");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("bound");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let process = tokio::spawn(server::serve_until(listener, ops, daemon, async move {
        let _ = stopped.await;
    }));

    let mut stream = TcpStream::connect(addr).await.expect("connected");
    stream
        .write_all(
            format!(
                "GET /campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .expect("sent");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("Winter launch"));

    stop.send(()).expect("the process is running");
    let stats = tokio::time::timeout(std::time::Duration::from_secs(20), process)
        .await
        .expect("stopped in time")
        .expect("no panic")
        .expect("no error");
    assert!(stats.wakeups >= 1, "the daemon ran");
}
