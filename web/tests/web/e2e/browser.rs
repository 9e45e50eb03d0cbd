//! A real headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`): started per test, screenshots of each step under `target/e2e/`, the
//! hydration wait, and the axe-core accessibility check.
//!
//! Without Chromium (or without the WASM client embedded in the server), [`Browser::start`]
//! says SKIPPED loudly and returns `None`, unless the variable `CI` is set: then it fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long a page may take to load and hydrate before the step fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// One browser session, its driver process and its screenshot folder.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    shots: PathBuf,
    step: usize,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A fresh headless Chromium (its own profile) for the test `name`; screenshots go to
    /// `target/e2e/<name>/`. `None` (after a loud SKIPPED) when the browser test cannot run
    /// and CI is unset.
    pub async fn start(name: &str) -> Option<Browser> {
        let missing = |why: String| {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: the browser test {name} cannot run: {why}"
            );
            eprintln!(
                "\n**********\nSKIPPED browser test {name}: {why}.\nInstall Debian's chromium \
                 and chromium-driver, and build the client (`cargo xtask test` does), to run it.\n\
                 **********\n"
            );
            None
        };
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            return missing(format!("{CHROMIUM} or {CHROMEDRIVER} is not installed"));
        }
        if !campaign_ops_web::server::site::client_embedded() {
            return missing(
                "the server carries no WASM client (built without target/site/pkg)".into(),
            );
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a profile directory");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!("an object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await;
            match attempt {
                Ok(client) => break client,
                Err(e) if started.elapsed() > PATIENCE => {
                    panic!("no WebDriver session from {CHROMEDRIVER} in {PATIENCE:?}: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let shots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target/e2e")
            .join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).expect("the screenshot folder");
        Some(Browser {
            client: Some(client),
            driver,
            shots,
            step: 0,
            _profile: profile,
        })
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the session is open until drop")
    }

    /// Opens `url` and waits until the WASM client has hydrated the page (its `main` says
    /// `data-hydrated="true"`, which only the client sets), so that no step can pass on
    /// the server's HTML alone.
    pub async fn open(&mut self, url: &str) {
        self.client().goto(url).await.expect("the page loads");
        self.wait_hydrated().await;
    }

    /// Waits for the hydration marker of the current page.
    pub async fn wait_hydrated(&self) {
        let waited = self
            .client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css("[data-hydrated='true']"))
            .await;
        if let Err(e) = waited {
            // What the page shows, to tell a failed hydration from a slow one.
            if let Ok(png) = self.client().screenshot().await {
                let _ = std::fs::write(self.shots.join("hydration-timeout.png"), png);
            }
            let url = self.client().current_url().await.map(|u| u.to_string());
            let text = self
                .client()
                .execute(
                    "return document.body ? document.body.innerText.slice(0, 1500) : '';",
                    vec![],
                )
                .await;
            panic!("the page does not hydrate (data-hydrated=true): {e}; at {url:?}: {text:?}");
        }
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client()
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} in {PATIENCE:?}: {e}"))
    }

    /// Types `text` into the field matching `css` (cleared first).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field.clear().await.expect("cleared");
        field.send_keys(text).await.expect("typed");
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.expect("clicked");
    }

    /// Runs `script` in the page (its `arguments` are `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("the script fails: {e}\n{script}"))
    }

    /// Runs `script` in the page; it ends by calling its last argument with the value.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("the script fails: {e}\n{script}"))
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .map(|all| all.len())
            .unwrap_or_else(|e| panic!("cannot look for {css}: {e}"))
    }

    /// Waits until the JS expression `predicate` (with `args`) is true in the page: `what`
    /// names it in the failure.
    pub async fn wait_until(&self, what: &str, predicate: &str, args: Vec<Value>) {
        let script = format!("return Boolean({predicate});");
        let started = Instant::now();
        while self.js(&script, args.clone()).await != Value::Bool(true) {
            assert!(started.elapsed() < PATIENCE, "not in {PATIENCE:?}: {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the browser window to `width` × `height` CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client()
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
    }

    /// Saves a screenshot of the page as `target/e2e/<test>/<nn>-<label>.png`.
    pub async fn shot(&mut self, label: &str) {
        self.step += 1;
        let png = self.client().screenshot().await.expect("a screenshot");
        let path = self.shots.join(format!("{:02}-{label}.png", self.step));
        std::fs::write(&path, png).expect("the screenshot is saved");
    }

    /// Runs axe-core (npm, injected into the page) and returns its serious and critical
    /// violations as `rule: what (n nodes)` lines.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = axe_source();
        self.client()
            .execute(&axe, vec![])
            .await
            .expect("axe-core is injected");
        let result = self
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
                    .catch(e => done([{ id: 'axe-error', impact: 'critical',
                        help: String(e), nodes: 0, targets: [] }]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        result
            .as_array()
            .expect("a list of violations")
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| {
                format!(
                    "{} ({}): {} — {} node(s), e.g. {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or("?"),
                    v["nodes"],
                    v["targets"]
                )
            })
            .collect()
    }

    /// Asserts that the current page has no serious or critical accessibility violation.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.accessibility_violations().await;
        assert!(
            violations.is_empty(),
            "axe-core finds serious or critical violations on {page}:\n{}",
            violations.join("\n")
        );
    }

    /// Ends the WebDriver session (the driver is stopped on drop).
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// axe-core's browser build, from the npm package `.ci/run` installs in web/tests/e2e.
fn axe_source() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}); run `npm ci` in web/tests/e2e",
            path.display()
        )
    })
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
