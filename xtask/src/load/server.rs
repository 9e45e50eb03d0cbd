//! The release server under load: started on a copy of the cached database, answering on
//! [`ADDR`], signed in to as [`USER`] through the sign-in form; and the bytes it sends.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{ADDR, COOKIE, PASSWORD, USER, http};
use crate::{Paths, Result};

/// The server under load; stopped on drop.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the release server on a copy of `db` with the environment `env` added, waiting
/// until it answers.
pub fn start_server(
    paths: &Paths,
    binary: &Path,
    db: &Path,
    env: &[(&str, &str)],
) -> Result<Server> {
    let run = db.with_file_name("run.redb");
    std::fs::copy(db, &run).map_err(|e| format!("cannot copy {}: {e}", db.display()))?;
    // Appended to: the second configuration's server must not wipe the first one's log.
    let log = std::fs::File::options()
        .create(true)
        .append(true)
        .open(paths.target.join("load-data/server.log"))
        .map_err(|e| format!("cannot create the server log: {e}"))?;
    let child = Command::new(binary)
        .args(["serve", "--db"])
        .arg(&run)
        .args(["--addr", ADDR])
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let server = Server(child);
    let started = Instant::now();
    while http::request(ADDR, "GET", "/sign-in", &[], b"").is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "the server did not answer on {ADDR} in 2 minutes (see target/load-data/server.log)"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(server)
}

/// Signs [`USER`] in through the sign-in form; returns the session token.
pub fn sign_in() -> Result<String> {
    let body = format!("name={USER}&password={}", PASSWORD.replace(' ', "+"));
    let res = http::request(
        ADDR,
        "POST",
        "/sign-in",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &format!("http://{ADDR}")),
            ("Referer", &format!("http://{ADDR}/sign-in")),
        ],
        body.as_bytes(),
    )?;
    res.headers_named("set-cookie")
        .find_map(|c| c.strip_prefix(&format!("{COOKIE}=")))
        .and_then(|rest| rest.split(';').next())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "signing in as {USER} set no session cookie ({})",
                res.status
            )
        })
}

/// The bytes of `path` as sent with `headers` (an `Accept-Encoding` among them) and the
/// encoding the server chose.
pub fn served(path: &str, headers: &[(&str, &str)]) -> Result<(u64, String)> {
    let res = http::request(ADDR, "GET", path, headers, b"")?;
    if res.status != 200 {
        return Err(format!("GET {path}: {}", res.status));
    }
    let chosen = res
        .header("content-encoding")
        .unwrap_or("identity")
        .to_owned();
    Ok((res.body.len() as u64, chosen))
}
