//! A throwaway PostgreSQL server for tests (feature `testing`): `initdb` and `pg_ctl` in a
//! temporary directory, listening on a free loopback port, run as an unprivileged user
//! (`postgres`, through `runuser`, when the tests run as root: `initdb` refuses root), and
//! stopped when the last handle is dropped. With `CAMPAIGN_OPS_PG_URL` set, tests use that
//! server instead and start none.
//!
//! When no PostgreSQL is installed, [`TestServer::shared`] returns `None` after printing a
//! loud notice, so the tests skip; under `CI` (the variable set) it panics instead: in CI a
//! missing PostgreSQL is a failure, never a silent skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use campaign_ops_core::Result;

use crate::{PgOptions, PgStore};

/// The variable naming an existing server for the tests (`postgres://user@host:port/db`).
pub const URL_VAR: &str = "CAMPAIGN_OPS_PG_URL";

/// A PostgreSQL server for tests: started here, or named by [`URL_VAR`].
#[derive(Debug)]
pub struct TestServer {
    url: String,
    /// The server this handle started (stopped on drop), `None` for [`URL_VAR`].
    owned: Option<Owned>,
}

#[derive(Debug)]
struct Owned {
    bin: PathBuf,
    data: PathBuf,
    as_user: Option<&'static str>,
    /// A data directory that outlives the server: stopped cleanly (`fast`), not `immediate`.
    kept: bool,
    _dir: tempfile::TempDir,
}

static SHARED: Mutex<Weak<TestServer>> = Mutex::new(Weak::new());
static SCHEMAS: AtomicU64 = AtomicU64::new(0);

impl TestServer {
    /// The server the tests of this process share: started on first use and stopped when
    /// the last test holding it drops it. `None` (after a loud notice) when PostgreSQL is
    /// not installed and `CI` is unset; panics when it is missing under `CI` or fails to
    /// start.
    pub fn shared() -> Option<Arc<TestServer>> {
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(server) = shared.upgrade() {
            return Some(server);
        }
        let server = Arc::new(Self::start(false)?);
        *shared = Arc::downgrade(&server);
        Some(server)
    }

    /// A server of its own: [`URL_VAR`]'s when set, else a new one in a temporary
    /// directory; `durable` keeps `fsync` on (benchmarks), off otherwise (tests: faster,
    /// and a test server's data never outlives it). `None` as for [`TestServer::shared`].
    pub fn start(durable: bool) -> Option<TestServer> {
        if let Ok(url) = std::env::var(URL_VAR) {
            return Some(TestServer { url, owned: None });
        }
        let Some(bin) = find_bin() else {
            let msg = "no PostgreSQL server binaries found (looked for \
                       /usr/lib/postgresql/*/bin/initdb and `pg_config --bindir`): \
                       install PostgreSQL 15+ (`apt-get install -y postgresql`) or set \
                       CAMPAIGN_OPS_PG_URL";
            if std::env::var_os("CI").is_some() {
                panic!("{msg}");
            }
            // Straight to the stderr handle: the test harness captures `eprintln!`, and a
            // skip must be seen.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPING PostgreSQL tests: {msg} ***\n"
            );
            return None;
        };
        match start_server(&bin, durable, None) {
            Ok(server) => Some(server),
            Err(e) => panic!(
                "starting a throwaway PostgreSQL from {}: {e}",
                bin.display()
            ),
        }
    }

    /// A durable server (`fsync` on) on the data directory `data`, which outlives it: created
    /// with `initdb` when it holds no cluster yet, reused as it is otherwise, and shut down
    /// cleanly (a checkpoint, so the next start needs no recovery) when the handle drops.
    /// For benchmarks that cache a loaded database between runs. `None` as for
    /// [`TestServer::shared`]; [`URL_VAR`] is not consulted (the data must be this one).
    pub fn start_on(data: &Path) -> Option<TestServer> {
        let bin = find_bin()?;
        match start_server(&bin, true, Some(data)) {
            Ok(server) => Some(server),
            Err(e) => panic!("starting PostgreSQL on {}: {e}", data.display()),
        }
    }

    /// The major version of the newest installed PostgreSQL server (`16`), `None` when
    /// there is none: a cached data directory is only good for the version that wrote it.
    pub fn installed_major() -> Option<u32> {
        let bin = find_bin()?;
        let out = Command::new(bin.join("postgres"))
            .arg("--version")
            .output()
            .ok()?;
        // "postgres (PostgreSQL) 16.4 (Debian 16.4-1)"
        let text = String::from_utf8_lossy(&out.stdout);
        let version = text.split_whitespace().nth(2)?;
        version.split('.').next()?.parse().ok()
    }

    /// The URL of database `db` on this server.
    pub fn url_of(&self, db: &str) -> String {
        match self.url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{db}"),
            None => self.url.clone(),
        }
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A schema name no other store of this run uses.
    pub fn fresh_schema(&self) -> String {
        let n = SCHEMAS.fetch_add(1, Ordering::Relaxed);
        format!("t{}_{n}", std::process::id())
    }

    /// A fresh, empty [`PgStore`] in a schema of its own.
    pub fn store(&self) -> Result<PgStore> {
        self.store_in(&self.fresh_schema())
    }

    /// A [`PgStore`] on schema `schema` (created when missing): another process opening the
    /// same schema shares its data.
    pub fn store_in(&self, schema: &str) -> Result<PgStore> {
        self.store_at_version(schema, crate::SCHEMA_VERSION)
    }

    /// A [`PgStore`] on schema `schema` migrated only up to schema `version` (by the
    /// migration steps of the versions up to it), as a build of that version left it:
    /// to test migrations. Only the records that version knows can be written through it.
    pub fn store_at_version(&self, schema: &str, version: u32) -> Result<PgStore> {
        PgStore::connect_at(
            &self.url,
            PgOptions::default()
                .with_schema(schema)
                .with_max_connections(8),
            version,
        )
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(o) = &self.owned {
            let _ = pg_cmd(&o.bin, "pg_ctl", o.as_user)
                .args(["-D"])
                .arg(&o.data)
                .args([
                    "-m",
                    if o.kept { "fast" } else { "immediate" },
                    "-w",
                    "stop",
                ])
                .output();
        }
    }
}

/// The newest `/usr/lib/postgresql/N/bin` with `initdb`, or `pg_config --bindir`'s.
fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    bin.join("initdb").exists().then_some(bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `bin/tool`, run as `user` through `runuser` when given.
fn pg_cmd(bin: &Path, tool: &str, user: Option<&str>) -> Command {
    match user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(bin.join(tool));
            c
        }
        None => Command::new(bin.join(tool)),
    }
}

fn run(mut cmd: Command, what: &str) -> std::result::Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Starts a server on a free loopback port: on `kept` (initialised there when it holds no
/// cluster yet), else on a new cluster in the temporary directory.
fn start_server(
    bin: &Path,
    durable: bool,
    kept: Option<&Path>,
) -> std::result::Result<TestServer, String> {
    let as_user = is_root().then_some("postgres");
    // Under /tmp when switching users: a TMPDIR inside root's home would be out of the
    // postgres user's reach.
    let parent = match as_user {
        Some(_) => PathBuf::from("/tmp"),
        None => std::env::temp_dir(),
    };
    let dir = tempfile::Builder::new()
        .prefix("campaign-ops-pg-")
        .tempdir_in(parent)
        .map_err(|e| format!("temp dir: {e}"))?;
    let data = match kept {
        Some(d) => d.to_owned(),
        None => dir.path().join("data"),
    };
    if let Some(d) = kept {
        std::fs::create_dir_all(d).map_err(|e| format!("creating {}: {e}", d.display()))?;
    }
    if let Some(user) = as_user {
        let mut chown = Command::new("chown");
        chown.arg(format!("{user}:")).arg(dir.path());
        run(chown, "giving the temp dir to the postgres user")?;
        if let Some(d) = kept {
            let mut chown = Command::new("chown");
            chown.arg(format!("{user}:")).arg(d);
            run(chown, "giving the data directory to the postgres user")?;
        }
    }
    if kept.is_some() && data.join("postmaster.pid").exists() {
        // A server an interrupted run left behind on this directory: stopped first (its
        // pid file would refuse the new one).
        let mut stop = pg_cmd(bin, "pg_ctl", as_user);
        stop.arg("-D").arg(&data).args(["-m", "fast", "-w", "stop"]);
        let _ = stop.output();
    }
    if !data.join("PG_VERSION").exists() {
        let mut initdb = pg_cmd(bin, "initdb", as_user);
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"])
            .arg("--no-sync");
        run(initdb, "initdb")?;
    }
    // A free loopback port: bound and released (a race with another process taking it in
    // between only fails the start, loudly).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("finding a free port: {e}"))?
        .port();
    let fsync = if durable { "on" } else { "off" };
    let opts = format!(
        "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} \
         -c max_connections=300 -c fsync={fsync} -c synchronous_commit={fsync} \
         -c full_page_writes={fsync}",
        dir.path().display()
    );
    let mut start = pg_cmd(bin, "pg_ctl", as_user);
    start
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(dir.path().join("server.log"))
        .args(["-o", &opts, "-w", "-t", "60", "start"]);
    if let Err(e) = run(start, "pg_ctl start") {
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
        return Err(format!("{e}\nserver log:\n{log}"));
    }
    Ok(TestServer {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        owned: Some(Owned {
            bin: bin.to_owned(),
            data,
            as_user,
            kept: kept.is_some(),
            _dir: dir,
        }),
    })
}

/// Statements (queries and changes, each one round trip; transaction control not included)
/// that PgStores of this process have run so far: benchmarks count round trips with it.
pub fn statements_run() -> u64 {
    crate::tx::STATEMENTS.load(Ordering::Relaxed)
}

impl PgStore {
    /// Test hook: stamps `version` as the schema version, as a newer build would have.
    pub fn tamper_schema_version(&self, version: u32) -> Result<()> {
        use crate::error::Context;
        let mut conn = self.conn()?;
        conn.client
            .execute(
                "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
                &[&version.to_string()],
            )
            .ctx("stamping a schema version")?;
        Ok(())
    }
}
