//! `campaign-ops`: the operator dashboard and the actions daemon in one process, and the
//! administration commands.
//!
//! ```text
//! campaign-ops serve  [--db campaign-ops.redb] [--addr 127.0.0.1:3000]   dashboard + daemon
//! campaign-ops daemon [--db campaign-ops.redb]                           the daemon alone
//! campaign-ops user add|list|disable|enable|passwd|role [--db ...]        the dashboard's users
//! ```
//!
//! `serve` on an empty database seeds a demo workspace and prints the demo users' random
//! passwords once (the store keeps only their hashes).
//!
//! Without a subcommand it serves (that is how cargo-leptos runs it); `--db` also reads
//! `CAMPAIGN_OPS_DB`, `--addr` `LEPTOS_SITE_ADDR`.
//!
//! Exit codes: 0 done; 1 failed while running (address taken, server or daemon error, a
//! refused `user` command);
//! 2 bad usage (from clap); 3 the database cannot be opened (another process holds it, a
//! newer campaign-ops wrote it, or it is unreadable). Logs go to stderr through `tracing`
//! (`RUST_LOG`, default `info`).

mod cli;
mod user;

use std::process::ExitCode;

use campaign_ops_actions::{Daemon, DaemonConfig, DaemonError, Registry};
use campaign_ops_core::{Error, StorageError, SystemClock};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::{self, RunError, Service};
use clap::Parser;

use cli::{Cli, Command, DbArgs};

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
                 the dashboard and the daemon together)",
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
            _ => None,
        }
    }

    fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Open { .. } => ExitCode::from(3),
            _ => ExitCode::FAILURE,
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let runtime = tokio::runtime::Runtime::new().map_err(Failure::Runtime)?;
    match cli.command() {
        Command::Serve(args) => {
            let ops = open(&args.db)?;
            seed_demo(&ops)?;
            let daemon = daemon(&ops)?;
            runtime.block_on(server::run(ops, daemon, args.addr))?;
        }
        Command::Daemon(args) => {
            let ops = open(&args)?;
            let daemon = daemon(&ops)?;
            runtime.block_on(server::run_daemon(daemon))?;
        }
        Command::User(args) => {
            let ops = open(&args.db)?;
            user::run(&ops, args.command)?;
        }
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

/// The service over the redb file (created when missing). redb lets one process at a time
/// open a file, which is why the dashboard and the daemon share this one service.
fn open(db: &DbArgs) -> Result<Service, Failure> {
    let store = RedbStore::open(&db.db).map_err(|source| Failure::Open {
        path: db.db.display().to_string(),
        source,
    })?;
    tracing::info!(db = %db.db.display(), "database open");
    Ok(campaign_ops_actions::ops(store, SystemClock))
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
