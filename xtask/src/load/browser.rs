//! Time to interactive in headless Chromium (Debian's `chromium` and `chromium-driver`),
//! driven over WebDriver with [`http`]: from the navigation start of the
//! signed-in Today page to its hydration marker (`data-hydrated="true"`, which only the
//! WASM client sets). The page is loaded in a same-origin iframe so that the script that
//! watches for the marker runs before the page starts; the iframe's own
//! `performance.now()` at that moment is the time since its navigation started. The first
//! load of a fresh profile is cold (nothing cached), the next ones warm.

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

/// Watches a same-origin iframe loading `arguments[0]` until its page has hydrated.
const MEASURE: &str = r#"
const done = arguments[arguments.length - 1];
const frame = document.createElement('iframe');
frame.style.width = '1280px';
frame.style.height = '900px';
const started = performance.now();
const poll = () => {
  const w = frame.contentWindow;
  const d = frame.contentDocument;
  if (d && d.location.href !== 'about:blank' && d.querySelector('[data-hydrated="true"]')) {
    const interactive = w.performance.now();
    const nav = w.performance.getEntriesByType('navigation')[0];
    const wasm = w.performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm'));
    done({ interactive, dcl: nav ? nav.domContentLoadedEventEnd : 0,
           wasm: wasm ? wasm.responseEnd : 0 });
    frame.remove();
  } else if (performance.now() - started > 60000) {
    done(null);
  } else {
    setTimeout(poll, 1);
  }
};
frame.src = arguments[0];
document.body.appendChild(frame);
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
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?;
        let addr = format!("127.0.0.1:{port}");
        let profile =
            std::env::temp_dir().join(format!("campaign-ops-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": {
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
                    return Err(format!("no WebDriver session: {e}"));
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
        let v = driver.cmd(
            "POST",
            "execute/async",
            json!({ "script": MEASURE, "args": [format!("{base}/today")] }),
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
