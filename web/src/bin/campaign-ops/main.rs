//! `campaign-ops`: the operator dashboard and the actions daemon in one process, and the
//! administration commands.
//!
//! ```text
//! campaign-ops serve  [--db campaign-ops.redb] [--addr 127.0.0.1:3000]   dashboard + daemon
//! campaign-ops daemon [--db campaign-ops.redb]                           the daemon alone
//! campaign-ops user add|list|disable|enable|passwd|role [--db ...]        the dashboard's users
//! campaign-ops doctor [--db campaign-ops.redb]                           health checks
//! campaign-ops backup [--db campaign-ops.redb] --to FILE                 a consistent copy
//! ```
//!
//! `serve` on an empty database seeds a demo workspace and prints the demo users' random
//! passwords once (the store keeps only their hashes).
//!
//! `serve` and `daemon` listen on `<db>.ctl` (a Unix socket, mode 0600) for `backup`: redb
//! lets one process hold the file, so the running process writes the copy from its own
//! open store.
//!
//! Without a subcommand it serves (that is how cargo-leptos runs it); `--db` also reads
//! `CAMPAIGN_OPS_DB`, `--addr` `LEPTOS_SITE_ADDR`.
//!
//! Exit codes: 0 done; 1 failed while running (address taken, server or daemon error, a
//! refused `user` command);
//! 2 bad usage (from clap); 3 the database cannot be opened (another process holds it, a
//! newer campaign-ops wrote it, or it is unreadable); 4 `doctor` found a problem. Logs go to stderr through `tracing`
//! (`RUST_LOG`, default `info`).

mod cli;
mod user;

use std::process::ExitCode;

use campaign_ops_actions::{Daemon, DaemonConfig, DaemonError, Registry};
use campaign_ops_core::{Error, StorageError, SystemClock};
use campaign_ops_store::{BackupServer, RedbStore, RegisteredActions};
use campaign_ops_web::server::{self, RunError, Service};
use clap::Parser;

use cli::{BackupArgs, Cli, Command, DbArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tracing::error!("{failure}");
            if let Some(hint) = failure.hint() {
                tracing::info!("hint: {hint}");
            }
            failure.exit_code()
        }
    }
}

/// What made the command fail.
#[derive(Debug, thiserror::Error)]
enum Failure {
    /// The database could not be opened.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The file.
        path: String,
        /// Why.
        source: Error,
    },
    /// The daemon could not be set up.
    #[error("cannot start the actions daemon: {0}")]
    Daemon(#[from] DaemonError),
    /// Serving or running failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// A `user` command was refused or failed.
    #[error(transparent)]
    User(#[from] user::UserFailure),
    /// Seeding the demo workspace failed.
    #[error("cannot seed the demo workspace: {0}")]
    Seed(Error),
    /// `doctor` found problems (its report is on stdout).
    #[error("doctor found {0} problem(s)")]
    Unhealthy(usize),
    /// Checking or copying the database failed.
    #[error("{what}: {source}")]
    Store {
        /// What was being done.
        what: &'static str,
        /// Why it failed.
        source: Error,
    },
}

impl Failure {
    /// What to do about it, when there is something to say.
    fn hint(&self) -> Option<&'static str> {
        match self {
            Failure::Open {
                source: Error::Storage(StorageError::InUse { .. }),
                ..
            } => Some(
                "another process has the database open: stop it (one `campaign-ops serve` runs \
                 the dashboard and the daemon together); to check it while it runs, \
                 `campaign-ops backup --to COPY` then `campaign-ops doctor --db COPY`",
            ),
            Failure::Run(RunError::Bind { .. }) => {
                Some("another program listens there: stop it or pick another `--addr`")
            }
            Failure::User(user::UserFailure::Service(Error::NotFound { .. })) => {
                Some("`campaign-ops user list` shows who there is")
            }
            Failure::User(user::UserFailure::Service(Error::Validation { .. })) => {
                Some("fix that value and run the command again: nothing was changed")
            }
            Failure::Unhealthy(_) => Some(
                "restore the latest backup that `campaign-ops doctor --db BACKUP` finds healthy, \
                 or report the problems above",
            ),
            Failure::Store {
                source: Error::Validation { .. },
                ..
            } => Some("pass `--to` a path that does not exist yet"),
            Failure::Store {
                source: Error::Storage(StorageError::Backend { .. }),
                what: "backup",
            } => Some(
                "the database is held by a process that does not serve backups: stop it, or \
                 upgrade it to one that runs `serve`/`daemon` with the `<db>.ctl` socket",
            ),
            _ => None,
        }
    }

    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Open { .. } => ExitCode::from(3),
            Failure::Unhealthy(_) => ExitCode::from(4),
            _ => ExitCode::FAILURE,
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let runtime = tokio::runtime::Runtime::new().map_err(Failure::Runtime)?;
    match cli.command() {
        Command::Serve(args) => {
            let (ops, _backups) = open(&args.db)?;
            seed_demo(&ops)?;
            let daemon = daemon(&ops)?;
            let security = server::Security {
                public_origin: args.public_url,
            };
            runtime.block_on(server::run_with(ops, daemon, args.addr, security))?;
        }
        Command::Daemon(args) => {
            let (ops, _backups) = open(&args)?;
            let daemon = daemon(&ops)?;
            runtime.block_on(server::run_daemon(daemon))?;
        }
        Command::User(args) => {
            let (ops, _backups) = open(&args.db)?;
            user::run(&ops, args.command)?;
        }
        Command::Doctor(args) => doctor(&args)?,
        Command::Backup(args) => backup(&args)?,
    }
    Ok(())
}

/// Seeds the demo workspace into an empty database and prints its sign-ins: the only time
/// the passwords are shown.
fn seed_demo(ops: &Service) -> Result<(), Failure> {
    let Some(demo) = server::demo::seed_if_empty(ops).map_err(Failure::Seed)? else {
        return Ok(());
    };
    tracing::info!(
        campaigns = demo.campaigns.len(),
        "empty database: seeded the demo workspace"
    );
    println!("Demo sign-ins (shown this once; change them with `campaign-ops user passwd`):");
    for s in &demo.sign_ins {
        println!("  {:<10} {:<9} {}", s.name, s.role.key(), s.password);
    }
    Ok(())
}

/// `doctor`: the report on stdout; `Unhealthy` when a check failed.
fn doctor(db: &DbArgs) -> Result<(), Failure> {
    let store = open_store(db)?;
    let registry = Registry::build().map_err(DaemonError::from)?;
    let registered = RegisteredActions {
        actions: registry
            .names()
            .map(|n| (n.to_owned(), registry.is_enabled(n)))
            .collect(),
        campaign_handlers: campaign_ops_actions::CAMPAIGN_ACTIONS
            .iter()
            .all(|a| registry.get(a).is_some()),
    };
    let report = store.doctor(&registered).map_err(|source| Failure::Store {
        what: "doctor",
        source,
    })?;
    println!("{report}");
    match report.problems().count() {
        0 => Ok(()),
        n => Err(Failure::Unhealthy(n)),
    }
}

/// `backup`: directly when no process holds the file, else through the running process's
/// control socket.
fn backup(args: &BackupArgs) -> Result<(), Failure> {
    let path = &args.db.db;
    let done = match RedbStore::open(path) {
        Ok(store) => store.backup_to(&args.to),
        Err(Error::Storage(StorageError::InUse { .. })) => {
            tracing::info!("the database is in use: asking the running process for the copy");
            campaign_ops_store::request_backup(
                &campaign_ops_store::control_socket_path(path),
                &args.to,
            )
        }
        Err(source) => {
            return Err(Failure::Open {
                path: path.display().to_string(),
                source,
            });
        }
    }
    .map_err(|source| Failure::Store {
        what: "backup",
        source,
    })?;
    println!(
        "backup written: {} ({} rows, {} bytes); check it with `campaign-ops doctor --db {}`",
        done.path.display(),
        done.rows,
        done.bytes,
        done.path.display()
    );
    Ok(())
}

/// The redb file (created when missing).
fn open_store(db: &DbArgs) -> Result<RedbStore, Failure> {
    RedbStore::open(&db.db).map_err(|source| Failure::Open {
        path: db.db.display().to_string(),
        source,
    })
}

/// The service over the redb file, and the control socket that serves `backup` while it
/// runs. redb lets one process at a time open a file, which is why the dashboard and the
/// daemon share this one service. A socket that cannot be set up costs only `backup`.
fn open(db: &DbArgs) -> Result<(Service, Option<BackupServer>), Failure> {
    let store = open_store(db)?;
    tracing::info!(db = %db.db.display(), "database open");
    let socket = campaign_ops_store::control_socket_path(&db.db);
    let backups = match BackupServer::start(store.clone(), &socket) {
        Ok(server) => Some(server),
        Err(e) => {
            tracing::warn!(socket = %socket.display(), "backups while running unavailable: {e}");
            None
        }
    };
    Ok((campaign_ops_actions::ops(store, SystemClock), backups))
}

/// The daemon over the same service, running every registered action (the campaign
/// handlers included).
fn daemon(ops: &Service) -> Result<Daemon, DaemonError> {
    Daemon::new(ops.clone(), Registry::build()?, DaemonConfig::default())
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
