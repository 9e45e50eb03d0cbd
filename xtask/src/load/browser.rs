//! Time to interactive in headless Chromium (Debian's `chromium` and `chromium-driver`),
//! driven over WebDriver with [`http`]: from the navigation start of the
//! signed-in Today page to its hydration marker (`data-hydrated="true"`, which only the
//! WASM client sets), read as the page's own `performance.now()` by a script polling from
//! `DOMContentLoaded` on (page load strategy `eager`). The first load of a fresh profile is
//! cold (nothing cached), the next ones warm.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http;
use crate::Result;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// One measured load: milliseconds from navigation start.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// To the hydration marker.
    pub interactive: f64,
    /// To `DOMContentLoaded`'s end.
    pub dom_content_loaded: f64,
    /// To the end of the WASM download (0 when it came from the cache).
    pub wasm_loaded: f64,
}

/// Run in the page just navigated to (the session's page load strategy is `eager`: the
/// navigation returns at `DOMContentLoaded`, before the WASM client has hydrated): polls
/// every millisecond for the hydration marker and answers with the page's own
/// `performance.now()` (time since its navigation started). The dashboard refuses to be
/// framed (`frame-ancestors 'none'`), so the page is measured as a top-level navigation.
const MEASURE: &str = r#"
const done = arguments[arguments.length - 1];
const started = performance.now();
const poll = () => {
  if (document.querySelector('[data-hydrated="true"]')) {
    const interactive = performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
    done({ interactive, dcl: nav ? nav.domContentLoadedEventEnd : 0,
           wasm: wasm ? wasm.responseEnd : 0 });
  } else if (performance.now() - started > 60000) {
    done(null);
  } else {
    setTimeout(poll, 1);
  }
};
poll();"#;

/// A chromedriver process and its session.
struct Driver {
    process: Child,
    addr: String,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http::request(
            &self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            b"",
        );
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn call(addr: &str, method: &str, path: &str, body: Value) -> Result<Value> {
    let bytes = body.to_string();
    let res = http::request(
        addr,
        method,
        path,
        &[("Content-Type", "application/json")],
        bytes.as_bytes(),
    )?;
    let value: Value = serde_json::from_slice(&res.body).map_err(|e| {
        format!(
            "WebDriver {path}: {e}: {}",
            String::from_utf8_lossy(&res.body)
        )
    })?;
    if res.status != 200 {
        return Err(format!(
            "WebDriver {path}: {} {}",
            res.status, value["value"]
        ));
    }
    Ok(value["value"].clone())
}

impl Driver {
    fn start() -> Result<Driver> {
        if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(CHROMEDRIVER).exists()
        {
            return Err(format!(
                "{CHROMIUM} or {CHROMEDRIVER} is missing: `apt-get install chromium chromium-driver`"
            ));
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        let addr = format!("127.0.0.1:{port}");
        let profile =
            std::env::temp_dir().join(format!("campaign-ops-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let caps = json!({ "capabilities": { "alwaysMatch": { "pageLoadStrategy": "eager", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                     format!("--user-data-dir={}", profile.display())],
        }}}});
        let started = Instant::now();
        let session = loop {
            match call(&addr, "POST", "/session", caps.clone()) {
                Ok(v) => break v["sessionId"].as_str().unwrap_or_default().to_owned(),
                Err(e) if started.elapsed() > Duration::from_secs(30) => {
                    let _ = process.kill();
                    let _ = process.wait();
                    return Err(format!(
                        "no WebDriver session: {e} (is the machine very busy? run `cargo xtask load` again)"
                    ));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        let driver = Driver {
            process,
            addr,
            session,
        };
        driver.cmd(
            "POST",
            "timeouts",
            json!({ "script": 90_000, "pageLoad": 90_000 }),
        )?;
        Ok(driver)
    }

    fn cmd(&self, method: &str, what: &str, body: Value) -> Result<Value> {
        call(
            &self.addr,
            method,
            &format!("/session/{}/{what}", self.session),
            body,
        )
    }
}

/// Loads `base/today` signed in with the session `token` of `cookie_name`: the cold load,
/// then `warm` warm ones.
pub fn time_to_interactive(
    base: &str,
    cookie_name: &str,
    token: &str,
    warm: usize,
) -> Result<(Load, Vec<Load>)> {
    let driver = Driver::start()?;
    // The sign-in page loads no client: the cookie is set on the origin, nothing cached.
    driver.cmd("POST", "url", json!({ "url": format!("{base}/sign-in") }))?;
    driver.cmd(
        "POST",
        "cookie",
        json!({ "cookie": { "name": cookie_name, "value": token, "path": "/", "httpOnly": true } }),
    )?;
    let measure = || -> Result<Load> {
        driver.cmd("POST", "url", json!({ "url": format!("{base}/today") }))?;
        let v = driver.cmd(
            "POST",
            "execute/async",
            json!({ "script": MEASURE, "args": [] }),
        )?;
        if v.is_null() {
            return Err("the Today page did not hydrate within 60 s".to_owned());
        }
        Ok(Load {
            interactive: v["interactive"].as_f64().unwrap_or(f64::NAN),
            dom_content_loaded: v["dcl"].as_f64().unwrap_or(f64::NAN),
            wasm_loaded: v["wasm"].as_f64().unwrap_or(0.0),
        })
    };
    let cold = measure()?;
    let warm = (0..warm).map(|_| measure()).collect::<Result<Vec<_>>>()?;
    Ok((cold, warm))
}
