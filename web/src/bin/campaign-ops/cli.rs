//! The command line (clap). Subcommands to come slot into [`Command`]: `user add|list|
//! disable|passwd`, `export ics|csv|json`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// campaign-ops: plan, schedule and run marketing campaigns. The operator dashboard, the
/// actions daemon and their administration.
#[derive(Debug, Parser)]
#[command(name = "campaign-ops", version)]
pub struct Cli {
    /// What to do; `serve` when none is given (cargo-leptos runs the binary without
    /// arguments).
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The subcommand, `serve` with its defaults (and environment) when none was given.
    pub fn command(self) -> Command {
        self.command.unwrap_or_else(|| {
            Cli::parse_from(["campaign-ops", "serve"])
                .command
                .expect("`serve` parses")
        })
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard and run the actions daemon in one process, until SIGTERM or Ctrl-C.
    Serve(ServeArgs),
    /// Run only the actions daemon, until SIGTERM or Ctrl-C.
    Daemon(DbArgs),
    /// Check the database: schema version, registered actions, each action's last run,
    /// index consistency, orphans, counts, the audit chain. Exit code 4 when anything is
    /// wrong.
    Doctor(DbArgs),
    /// Write a consistent copy of the database to a new file, also while `serve` or
    /// `daemon` runs (it makes the copy for you).
    Backup(BackupArgs),
}

/// `backup`'s arguments.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The copy to write (must not exist yet).
    #[arg(long)]
    pub to: PathBuf,
}

/// The database every subcommand opens.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The redb database file (created when missing).
    #[arg(long, env = "CAMPAIGN_OPS_DB", default_value = "campaign-ops.redb")]
    pub db: PathBuf,
}

/// `serve`'s arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The address to listen on (cargo-leptos sets `LEPTOS_SITE_ADDR`).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
}
