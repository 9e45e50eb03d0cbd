//! `campaign-ops`: the operator dashboard and the actions daemon in one process, and the
//! administration commands.
//!
//! ```text
//! campaign-ops serve  [--db DB] [--addr 127.0.0.1:3000]      dashboard + daemon
//! campaign-ops daemon [--db DB]                              the daemon alone
//! campaign-ops user add|list|disable|enable|passwd|role [--db DB]   the dashboard's users
//! campaign-ops doctor [--db DB]                              health checks
//! campaign-ops backup [--db FILE] --to FILE                  a consistent copy (redb)
//! campaign-ops dump   [--db DB] --to FILE.jsonl              every record, to move a workspace
//! campaign-ops load    --db postgres://… --from FILE.jsonl   into an empty PostgreSQL database
//! campaign-ops export ics|csv|json --campaign ID [--records tasks|metrics] [--to FILE]
//! ```
//!
//! `DB` is a redb file (default `campaign-ops.redb`) or a PostgreSQL URL
//! (`postgres://user:password@host:port/database`, also `postgresql://`). On PostgreSQL any
//! number of `serve` and `daemon` processes, on any number of hosts, share one database:
//! the daemons share the work through leases on the ledger (each period runs once).
//!
//! `serve` on an empty database seeds a demo workspace and prints the demo users' random
//! passwords once (the store keeps only their hashes).
//!
//! On redb, `serve` and `daemon` listen on `<db>.ctl` (a Unix socket, mode 0600) for
//! `backup`: redb lets one process hold the file, so the running process writes the copy
//! from its own open store. `backup` refuses a PostgreSQL URL (exit 2): copy a PostgreSQL
//! database with `pg_dump`, or move it with `dump`.
//!
//! Without a subcommand it serves (that is how cargo-leptos runs it); `--db` also reads
//! `CAMPAIGN_OPS_DB`, `--addr` `LEPTOS_SITE_ADDR`.
//!
//! Exit codes:
//! - 0 done;
//! - 1 failed while running (address taken, server or daemon error, a refused `user`
//!   command, a `--to` file that exists or cannot be written);
//! - 2 bad usage: from clap (unknown subcommand or flag, a missing or malformed value: a
//!   role, an address, a number), and values it cannot check (a `--db` URL that does not
//!   parse, `backup` or `load` given the wrong kind of database, `--records` with ics);
//! - 3 the database cannot be opened (another process holds the file, no file for a command
//!   that reads one, a newer campaign-ops wrote it, the PostgreSQL server is unreachable or
//!   refuses the sign-in);
//! - 4 `doctor` found a problem;
//! - 5 the input was refused and nothing changed: a `load` file that is missing, malformed,
//!   truncated or tampered with, a `load` target that is not empty, an `export` of a
//!   campaign that does not exist.
//!
//! Every failure prints the error, naming the argument, and a `hint:` line saying what to
//! do next. Logs go to stderr through `tracing` (`RUST_LOG`, default `info`).

mod cli;
mod doctor;
mod export;
mod failure;
mod moving;
mod open;
mod user;

use std::process::ExitCode;

use campaign_ops_core::{Error, StorageError};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::{self, Service};
use clap::Parser;

use cli::{BackupArgs, Cli, Command, Db};
use failure::Failure;
use open::Opened;

/// mimalloc, not glibc's malloc: rendering a page makes many small allocations that live
/// for one request, which glibc's arenas served at ~40 % of the server's CPU under load
/// (issue 9's load check); mimalloc's per-thread free lists serve them at a fraction.
/// The server binary only: the WASM client keeps the default allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command() {
        Command::Serve(args) => {
            let runtime = runtime()?;
            let opened = Opened::open(&args.db)?;
            seed_demo(&opened.ops)?;
            let daemon = opened.daemon()?;
            let security = server::Security {
                public_origin: args.public_url,
            };
            runtime.block_on(server::run_with(
                opened.ops.clone(),
                daemon,
                args.addr,
                security,
            ))?;
        }
        Command::Daemon(args) => {
            let runtime = runtime()?;
            let opened = Opened::open(&args)?;
            let daemon = opened.daemon()?;
            runtime.block_on(server::run_daemon(daemon))?;
        }
        Command::User(args) => {
            let opened = Opened::open(&args.db)?;
            user::run(&opened.ops, args.command)?;
        }
        Command::Doctor(args) => doctor::run(&args)?,
        Command::Backup(args) => backup(&args)?,
        Command::Dump(args) => moving::dump(&args)?,
        Command::Load(args) => moving::load(&args)?,
        Command::Export(args) => export::run(&args)?,
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Runtime::new().map_err(Failure::Runtime)
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

/// `backup`: directly when no process holds the file, else through the running process's
/// control socket. redb only: a PostgreSQL database is copied by PostgreSQL's own tools.
fn backup(args: &BackupArgs) -> Result<(), Failure> {
    let path = match &args.db.db {
        Db::Redb(path) => path,
        Db::Postgres(_) => {
            return Err(Failure::Usage {
                arg: "--db",
                message: "`backup` copies a redb file; this is a PostgreSQL database".to_owned(),
                hint: "copy a PostgreSQL database with `pg_dump` (or your provider's snapshots), \
                       or write every record to a file with `campaign-ops dump --db URL --to \
                       FILE.jsonl`"
                    .to_owned(),
            });
        }
    };
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
                db: path.display().to_string(),
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

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
